/**
 * "Tìm trường hợp": entries across all books, by name or number without diacritics ("nguyen thi
 * phuong" finds "NGUYỄN THỊ PHƯỢNG"), filtered by book type, year and status, sorted, paged.
 */
import { useEffect, useId, useState } from 'react';
import { BOOK_TYPES, bookTypeName } from '../../shared/catalogs/book-types';
import { formatForDisplay } from '../../shared/dates/partial-date';
import type { RecordSearchResult, RecordStatus } from '../../shared/records/record';
import { api, messageOf } from '../api/client';

const PAGE_SIZE = 50;

const STATUS_LABELS: Record<RecordStatus, string> = {
  ok: 'Không có cảnh báo',
  warnings: 'Có cảnh báo',
  marked: 'Có ô đánh dấu đọc chưa chắc / không đọc được',
  deleted: 'Đã xóa',
};

const SORT_LABELS = { so: 'Số', ngayDangKy: 'Ngày đăng ký', name: 'Họ tên', updatedAt: 'Sửa gần nhất' } as const;

export function SearchPage() {
  const id = useId();
  const [query, setQuery] = useState('');
  const [bookType, setBookType] = useState('');
  const [year, setYear] = useState('');
  const [status, setStatus] = useState<RecordStatus | ''>('');
  const [sort, setSort] = useState<keyof typeof SORT_LABELS>('so');
  const [descending, setDescending] = useState(false);
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<RecordSearchResult>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    // Search as the clerk types, a moment after the last key.
    const timer = setTimeout(() => {
      api
        .call('records.search', {
          query: query || undefined,
          bookType: bookType || undefined,
          year: /^\d{4}$/.test(year) ? Number(year) : undefined,
          status: status || undefined,
          sort,
          descending,
          limit: PAGE_SIZE,
          offset,
        })
        .then(
          (r) => {
            if (!current) return;
            setResult(r);
            setError(undefined);
          },
          (e: unknown) => current && setError(messageOf(e)),
        );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, bookType, year, status, sort, descending, offset]);

  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setOffset(0);
    };

  return (
    <div className="page">
      <header className="app-header">
        <a href="#/" className="back">
          ← Danh sách sổ
        </a>
        <h1>Tìm trường hợp</h1>
      </header>
      <main>
        <form className="card search-form" role="search" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={`${id}-q`}>Họ tên hoặc số (gõ không dấu cũng được)</label>
            <input
              id={`${id}-q`}
              type="search"
              autoFocus
              value={query}
              onChange={(e) => filter(setQuery)(e.target.value)}
              placeholder="nguyen thi phuong, 12/2018…"
            />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-type`}>Loại sổ</label>
              <select id={`${id}-type`} value={bookType} onChange={(e) => filter(setBookType)(e.target.value)}>
                <option value="">Tất cả</option>
                {BOOK_TYPES.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field narrow">
              <label htmlFor={`${id}-year`}>Năm</label>
              <input
                id={`${id}-year`}
                inputMode="numeric"
                value={year}
                onChange={(e) => filter(setYear)(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-status`}>Tình trạng</label>
              <select
                id={`${id}-status`}
                value={status}
                onChange={(e) => filter(setStatus)(e.target.value as RecordStatus | '')}
              >
                <option value="">Tất cả (trừ đã xóa)</option>
                {(Object.keys(STATUS_LABELS) as RecordStatus[]).map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-sort`}>Sắp xếp theo</label>
              <select id={`${id}-sort`} value={sort} onChange={(e) => filter(setSort)(e.target.value as typeof sort)}>
                {(Object.keys(SORT_LABELS) as (keyof typeof SORT_LABELS)[]).map((s) => (
                  <option key={s} value={s}>
                    {SORT_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field checkbox">
              <input
                id={`${id}-desc`}
                type="checkbox"
                checked={descending}
                onChange={(e) => filter(setDescending)(e.target.checked)}
              />
              <label htmlFor={`${id}-desc`}>Giảm dần</label>
            </div>
          </div>
        </form>
        {error && <p role="alert">{error}</p>}
        {result && (
          <section aria-labelledby={`${id}-results`}>
            <h2 id={`${id}-results`} aria-live="polite">
              {result.total === 0 ? 'Không tìm thấy trường hợp nào' : `Tìm thấy ${result.total} trường hợp`}
            </h2>
            {result.hits.length > 0 && (
              <table className="data-table" aria-labelledby={`${id}-results`}>
                <thead>
                  <tr>
                    <th scope="col">Số</th>
                    <th scope="col">Họ tên</th>
                    <th scope="col">Ngày đăng ký</th>
                    <th scope="col">Sổ</th>
                    <th scope="col">Trang</th>
                    <th scope="col">Tình trạng</th>
                  </tr>
                </thead>
                <tbody>
                  {result.hits.map((hit) => (
                    <tr key={hit.id}>
                      <td>
                        <a href={`#/so/${hit.bookId}/tc/${hit.id}`}>{hit.so}</a>
                      </td>
                      <td>
                        {hit.people.length === 0
                          ? hit.names.join(' / ')
                          : hit.people.map((p, i) => (
                              <div key={i} className="hit-person">
                                <span className="role">{p.role}:</span> {p.name}
                                {p.birthDate ? `, sinh ${formatForDisplay(p.birthDate)}` : ''}
                              </div>
                            ))}
                      </td>
                      <td>{hit.ngayDangKy ? formatForDisplay(hit.ngayDangKy) : 'Không rõ'}</td>
                      <td>
                        {bookTypeName(hit.bookType)}, quyển {hit.bookVolume}
                      </td>
                      <td>{hit.pages.map((p) => p.pageNo).join(', ')}</td>
                      <td>
                        {hit.deleted
                          ? `Đã xóa${hit.deleteReason ? ` — lý do: ${hit.deleteReason}` : ''}`
                          : [
                              hit.warnings.length ? `${hit.warnings.length} cảnh báo` : '',
                              hit.marked ? `${hit.marked} ô đánh dấu` : '',
                            ]
                              .filter(Boolean)
                              .join(', ') || 'Tốt'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {result.total > PAGE_SIZE && (
              <nav className="actions" aria-label="Trang kết quả">
                <button
                  type="button"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
                >
                  Trước
                </button>
                <span>
                  {offset + 1}–{Math.min(result.total, offset + PAGE_SIZE)} / {result.total}
                </span>
                <button
                  type="button"
                  disabled={offset + PAGE_SIZE >= result.total}
                  onClick={() => setOffset(offset + PAGE_SIZE)}
                >
                  Sau
                </button>
              </nav>
            )}
          </section>
        )}
      </main>
    </div>
  );
}
