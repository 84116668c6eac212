/** The book workspace: the scanned page on the left, the entry form and the book's entries on the right. */
import { useState } from 'react';
import type { FieldIssue } from '../../shared/api/errors';
import { bookTypeName } from '../../shared/catalogs/book-types';
import { formatForDisplay } from '../../shared/dates/partial-date';
import { recordTypeFor } from '../../shared/records/registry';
import { useApi } from '../api/use-api';
import { takeNotice } from '../app/notice';
import { GhForm } from '../records/GhForm';
import { PageViewer } from './PageViewer';

export function BookWorkspace({ bookId }: { bookId: string }) {
  const book = useApi('books.get', { id: bookId }, bookId);
  const records = useApi('records.list', { bookId }, bookId);
  const [pageIndex, setPageIndex] = useState(0);
  const [notice, setNotice] = useState(takeNotice);
  const [lastSaved, setLastSaved] = useState<{ so: string; warnings: FieldIssue[] }>();

  if (book.error) {
    return (
      <main className="page">
        <p role="alert">{book.error}</p>
        <a href="#/">Về danh sách sổ</a>
      </main>
    );
  }
  if (!book.data) return <main className="page">Đang mở sổ…</main>;

  const data = book.data;
  const page = data.pages[pageIndex];
  const pageLabel = page ? `Trang ${page.pageNo} / ${data.pages.length}` : 'Sổ chưa có trang';

  return (
    <div className="workspace">
      <header className="app-header">
        <a href="#/" className="back">
          ← Danh sách sổ
        </a>
        <h1>
          {bookTypeName(data.type)} — quyển {data.volume}
        </h1>
        <p className="subtitle">{data.office}</p>
      </header>
      {notice && (
        <div className="notice" role="status">
          {notice}{' '}
          <button type="button" onClick={() => setNotice(undefined)}>
            Đóng
          </button>
        </div>
      )}
      <main className="split">
        <section className="viewer" aria-label="Trang scan">
          <nav className="pager" aria-label="Chuyển trang">
            <button type="button" onClick={() => setPageIndex((i) => Math.max(0, i - 1))} disabled={pageIndex === 0}>
              Trang trước
            </button>
            <span aria-live="polite">{pageLabel}</span>
            <button
              type="button"
              onClick={() => setPageIndex((i) => Math.min(data.pages.length - 1, i + 1))}
              disabled={pageIndex >= data.pages.length - 1}
            >
              Trang sau
            </button>
          </nav>
          <div className="page-frame" tabIndex={0} role="region" aria-label="Ảnh trang (cuộn bằng phím mũi tên)">
            {page && <PageViewer page={page} label={`Ảnh scan trang ${page.pageNo}`} />}
          </div>
        </section>
        <section className="entry" aria-labelledby="entry-heading">
          <h2 id="entry-heading">Nhập trường hợp</h2>
          {!recordTypeFor(data.type) && <p>Loại sổ này chưa có mẫu nhập trong phiên bản này.</p>}
          {recordTypeFor(data.type) && page && (
            <GhForm
              bookId={data.id}
              volume={data.volume}
              pageId={page.id}
              pageNo={page.pageNo}
              onSaved={(saved) => {
                setLastSaved(saved);
                records.reload();
                book.reload();
              }}
            />
          )}
          {lastSaved && (
            <div className="saved" role="status">
              <p>Đã lưu trường hợp số {lastSaved.so}.</p>
              {lastSaved.warnings.length > 0 && (
                <ul className="warnings">
                  {lastSaved.warnings.map((w) => (
                    <li key={`${w.path}-${w.message}`}>Lưu ý: {w.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <h2 id="records-heading">Các trường hợp đã nhập ({records.data?.length ?? 0})</h2>
          {records.error && <p role="alert">{records.error}</p>}
          {records.data && records.data.length === 0 && <p>Chưa có trường hợp nào trong sổ này.</p>}
          {records.data && records.data.length > 0 && (
            <table className="data-table" aria-labelledby="records-heading">
              <thead>
                <tr>
                  <th scope="col">Số</th>
                  <th scope="col">Ngày đăng ký</th>
                  <th scope="col">Người được giám hộ</th>
                  <th scope="col">Người giám hộ</th>
                  <th scope="col">Trang</th>
                </tr>
              </thead>
              <tbody>
                {records.data.map((r) => (
                  <tr key={r.id}>
                    <td>{r.so}</td>
                    <td>{r.ngayDangKy ? formatForDisplay(r.ngayDangKy) : 'Không rõ'}</td>
                    <td>{r.names[0]}</td>
                    <td>{r.names.slice(1).join(', ')}</td>
                    <td>{r.pages.map((p) => p.pageNo).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </main>
    </div>
  );
}
