/**
 * The book's entries as a list a clerk can work through on a book of thousands: one page of
 * rows at a time from the database, sorted by số, date, scan page or name, filtered by
 * warnings, marks, deleted entries or a scan page. A row opens its entry.
 */
import { useEffect, useId, useState } from 'react';
import { formatForDisplay } from '../../shared/dates/partial-date';
import type { RecordSearchResult, RecordSort, RecordStatus } from '../../shared/records/record';
import { api, messageOf } from '../api/client';

const PAGE_SIZE = 100;

const SORTS: { value: RecordSort; label: string }[] = [
  { value: 'so', label: 'Số' },
  { value: 'ngayDangKy', label: 'Ngày đăng ký' },
  { value: 'page', label: 'Trang' },
  { value: 'name', label: 'Họ tên' },
];

const FILTERS: { value: RecordStatus | ''; label: string }[] = [
  { value: '', label: 'Tất cả (trừ đã xóa)' },
  { value: 'warnings', label: 'Có cảnh báo' },
  { value: 'marked', label: 'Có ô đánh dấu' },
  { value: 'deleted', label: 'Đã xóa' },
];

interface Props {
  bookId: string;
  /** Changes whenever the book's entries change: the list is read again. */
  revision: unknown;
  selected?: string;
  onOpen: (id: string) => void;
}

export function BookEntryList({ bookId, revision, selected, onOpen }: Props) {
  const id = useId();
  const [sort, setSort] = useState<RecordSort>('so');
  const [descending, setDescending] = useState(false);
  const [status, setStatus] = useState<RecordStatus | ''>('');
  const [pageNo, setPageNo] = useState('');
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<RecordSearchResult>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let alive = true;
    const page = /^\d+$/.test(pageNo) && Number(pageNo) > 0 ? Number(pageNo) : undefined;
    api
      .call('records.search', {
        bookId,
        sort,
        descending,
        ...(status ? { status } : {}),
        ...(page ? { pageNo: page } : {}),
        limit: PAGE_SIZE,
        offset,
      })
      .then(
        (r) => {
          if (!alive) return;
          setResult(r);
          setError(undefined);
        },
        (e: unknown) => alive && setError(messageOf(e)),
      );
    return () => {
      alive = false;
    };
  }, [bookId, sort, descending, status, pageNo, offset, revision]);

  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setOffset(0);
    };

  return (
    <section aria-labelledby={`${id}-title`} className="book-entries">
      <h2 id={`${id}-title`}>Các trường hợp đã nhập{result ? ` (${result.total})` : ''}</h2>
      <div className="field-row list-controls">
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sắp xếp theo</label>
          <select id={`${id}-sort`} value={sort} onChange={(e) => reset(setSort)(e.target.value as RecordSort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field checkbox">
          <input
            id={`${id}-desc`}
            type="checkbox"
            checked={descending}
            onChange={(e) => reset(setDescending)(e.target.checked)}
          />
          <label htmlFor={`${id}-desc`}>Giảm dần</label>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Lọc</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(e) => reset(setStatus)(e.target.value as RecordStatus | '')}
          >
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-page`}>Trang scan</label>
          <input
            id={`${id}-page`}
            inputMode="numeric"
            size={4}
            value={pageNo}
            onChange={(e) => reset(setPageNo)(e.target.value.trim())}
          />
        </div>
      </div>
      {error && <p role="alert">{error}</p>}
      {result && result.total === 0 && <p>Không có trường hợp nào.</p>}
      {result && result.hits.length > 0 && (
        <table className="data-table" aria-labelledby={`${id}-title`}>
          <thead>
            <tr>
              <th scope="col">Số</th>
              <th scope="col">Ngày đăng ký</th>
              <th scope="col">Họ tên</th>
              <th scope="col">Trang</th>
              <th scope="col">Lưu ý</th>
            </tr>
          </thead>
          <tbody>
            {result.hits.map((r) => (
              <tr key={r.id} className={r.id === selected ? 'selected' : undefined}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => onOpen(r.id)}
                    aria-label={`Xem trường hợp số ${r.so}`}
                  >
                    {r.so}
                  </button>
                </td>
                <td>{r.ngayDangKy ? formatForDisplay(r.ngayDangKy) : 'Không rõ'}</td>
                <td>{r.names.filter(Boolean).join(' / ')}</td>
                <td>{r.pages.map((p) => p.pageNo).join(', ')}</td>
                <td>
                  {[
                    r.deleted ? `Đã xóa${r.deleteReason ? `: ${r.deleteReason}` : ''}` : '',
                    r.warnings.length ? `${r.warnings.length} cảnh báo` : '',
                    r.marked ? `${r.marked} ô đánh dấu` : '',
                  ]
                    .filter(Boolean)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && result.total > PAGE_SIZE && (
        <nav className="actions" aria-label="Trang danh sách trường hợp">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {PAGE_SIZE} trường hợp trước
          </button>
          <span>
            {offset + 1}–{Math.min(result.total, offset + PAGE_SIZE)} / {result.total}
          </span>
          <button
            type="button"
            disabled={offset + PAGE_SIZE >= result.total}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            {PAGE_SIZE} trường hợp sau
          </button>
        </nav>
      )}
    </section>
  );
}
