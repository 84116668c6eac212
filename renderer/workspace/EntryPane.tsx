/**
 * The right-hand pane of the workspace: the entry form (a new entry, or the selected one being
 * edited with its history), the entries of the page on screen, the book's entries, and the
 * book's checks (gaps in the numbering, pages without entries).
 */
import { useEffect, useRef, useState } from 'react';
import type { BookDetail, PageInfo } from '../../shared/books/book';
import { formatForDisplay } from '../../shared/dates/partial-date';
import { describePath } from '../../shared/records/labels';
import { numberingGaps } from '../../shared/records/numbering';
import {
  deleteRecordInput,
  type RecordDetail,
  type RecordHistoryItem,
  type RecordSummary,
} from '../../shared/records/record';
import type { TypedInBookType } from '../../shared/records/registry';
import type { NormRect } from '../../shared/viewer/geometry';
import { api, messageOf } from '../api/client';
import { EntryForm } from '../records/form/EntryForm';
import { LAYOUTS } from '../records/layouts';

interface Props {
  book: BookDetail;
  page?: PageInfo;
  records: RecordSummary[];
  recordsError?: string;
  selected?: string;
  draftRect?: NormRect;
  onClearRect: () => void;
  onSelect: (record: RecordSummary) => void;
  onChanged: (saved?: RecordDetail) => void;
  onTurnTo: (pageNo: number) => void;
}

const ACTIONS: Record<string, string> = {
  'entry.create': 'Tạo',
  'entry.update': 'Sửa',
  'entry.delete': 'Xóa',
  'entry.migrate': 'Đổi kiểu đánh dấu ô (cập nhật ứng dụng)',
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(trống)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function History({ items, bookType }: { items: RecordHistoryItem[]; bookType: string }) {
  return (
    <section aria-labelledby="history-heading" className="history">
      <h3 id="history-heading">Lịch sử thay đổi</h3>
      <ol>
        {items.map((item) => (
          <li key={item.seq}>
            <strong>
              {ACTIONS[item.action] ?? item.action} (phiên bản {item.version})
            </strong>{' '}
            — {item.actor}, {new Date(item.at).toLocaleString('vi-VN')}
            {item.action === 'entry.update' && item.after && (
              <ul>
                {Object.keys(item.after).map((path) => (
                  <li key={path}>
                    {describePath(path, bookType)}: {show(item.before?.[path])} → {show(item.after?.[path])}
                  </li>
                ))}
              </ul>
            )}
            {item.action === 'entry.delete' && <span> — lý do: {show(item.after?.lyDoXoa)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function EntryPane(props: Props) {
  const { book, page, records, recordsError, selected, draftRect, onClearRect, onSelect, onChanged, onTurnTo } = props;
  const layout = LAYOUTS[book.type as TypedInBookType] as (typeof LAYOUTS)[TypedInBookType] | undefined;
  const [latest, setLatest] = useState<RecordDetail>();
  const [editing, setEditing] = useState<RecordDetail>();
  const [history, setHistory] = useState<RecordHistoryItem[]>([]);
  const [saved, setSaved] = useState<RecordDetail>();
  const [error, setError] = useState<string>();

  // The most recently created entry (UUIDv7 ids sort by creation time) gives carry-over values.
  const latestId = records.reduce<string | undefined>((max, r) => (!max || r.id > max ? r.id : max), undefined);
  useEffect(() => {
    if (!latestId) return;
    let alive = true;
    api.call('records.get', { id: latestId }).then(
      (r) => alive && setLatest(r),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [latestId]);
  const previous = latest && latest.id === latestId ? latest : undefined;

  async function edit(id: string) {
    setError(undefined);
    try {
      const [record, items] = await Promise.all([api.call('records.get', { id }), api.call('records.history', { id })]);
      setEditing(record);
      setHistory(items);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  // Electron has no window.prompt: the reason is asked for in the page.
  const [deleting, setDeleting] = useState(false);
  const [reason, setReason] = useState('');

  const [reasonError, setReasonError] = useState<string>();
  const reasonInput = useRef<HTMLInputElement>(null);

  async function remove() {
    if (!editing) return;
    // The reason is asked for in plain words, next to its box (the same rule the backend applies).
    const checked = deleteRecordInput.shape.reason.safeParse(reason);
    if (!checked.success) {
      setReasonError(checked.error.issues[0]?.message);
      reasonInput.current?.focus();
      return;
    }
    setReasonError(undefined);
    try {
      await api.call('records.delete', { id: editing.id, expectedVersion: editing.version, reason });
      setEditing(undefined);
      setDeleting(false);
      setReason('');
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  const onPage = page ? records.filter((r) => r.pages.some((p) => p.pageId === page.id)) : [];
  const gaps = numberingGaps(records.map((r) => r.so));
  const usedPages = new Set(records.flatMap((r) => r.pages.map((p) => p.pageId)));
  const emptyPages = book.pages.filter((p) => !usedPages.has(p.id)).map((p) => p.pageNo);

  return (
    <section className="entry" aria-labelledby="entry-heading">
      <h2 id="entry-heading">{editing ? `Sửa trường hợp số ${editing.so}` : 'Nhập trường hợp'}</h2>
      {draftRect && !editing && (
        <p className="info-box">
          Đã khoanh vùng trường hợp trên trang {page?.pageNo}.{' '}
          <button type="button" onClick={onClearRect}>
            Bỏ vùng
          </button>
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {!layout && <p>Loại sổ này chưa có mẫu nhập trong phiên bản này.</p>}
      {layout && page && (
        <EntryForm
          key={editing ? `edit-${editing.id}-${editing.version}` : 'new'}
          book={book}
          layout={layout}
          page={page}
          rect={editing ? undefined : draftRect}
          previous={previous}
          editing={editing}
          onCancelEdit={() => setEditing(undefined)}
          footer={
            saved &&
            !editing && (
              <div className="saved" role="status">
                <p>Đã lưu trường hợp số {saved.so}.</p>
                {saved.warnings.length > 0 && (
                  <ul className="warnings">
                    {saved.warnings.map((w) => (
                      <li key={`${w.path}-${w.message}`}>Lưu ý: {w.message}</li>
                    ))}
                  </ul>
                )}
              </div>
            )
          }
          onSaved={(record, mode) => {
            setSaved(record);
            if (mode === 'update') setEditing(undefined);
            onChanged(record);
          }}
        />
      )}
      {editing && (
        <>
          {!deleting ? (
            <div className="actions">
              <button type="button" className="danger" onClick={() => setDeleting(true)}>
                Xóa trường hợp này…
              </button>
            </div>
          ) : (
            <form
              className="delete-form"
              onSubmit={(e) => {
                e.preventDefault();
                void remove();
              }}
            >
              <div className="field">
                <label htmlFor="delete-reason">Lý do xóa trường hợp số {editing.so} (bắt buộc)</label>
                <input
                  id="delete-reason"
                  ref={reasonInput}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? 'delete-reason-msg' : undefined}
                  autoFocus
                />
                {reasonError && (
                  <p id="delete-reason-msg" className="field-message error" role="alert">
                    {reasonError}
                  </p>
                )}
              </div>
              <div className="actions">
                <button type="submit" className="danger">
                  Xác nhận xóa
                </button>
                <button type="button" onClick={() => setDeleting(false)}>
                  Không xóa
                </button>
              </div>
            </form>
          )}
          <History items={history} bookType={book.type} />
        </>
      )}

      <h2 id="on-page-heading">Trường hợp trên trang {page?.pageNo ?? ''}</h2>
      {onPage.length === 0 ? (
        <p>Chưa có trường hợp nào trên trang này.</p>
      ) : (
        <ul aria-labelledby="on-page-heading" className="on-page">
          {onPage.map((r) => (
            <li key={r.id}>
              <button type="button" aria-pressed={r.id === selected} onClick={() => onSelect(r)}>
                Số {r.so} — {r.names[0]}
              </button>{' '}
              <button type="button" className="small" onClick={() => void edit(r.id)}>
                Sửa số {r.so}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h2 id="records-heading">Các trường hợp đã nhập ({records.length})</h2>
      {recordsError && <p role="alert">{recordsError}</p>}
      {records.length === 0 && <p>Chưa có trường hợp nào trong sổ này.</p>}
      {records.length > 0 && (
        <table className="data-table" aria-labelledby="records-heading">
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
            {records.map((r) => (
              <tr key={r.id} className={r.id === selected ? 'selected' : undefined}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => onSelect(r)}
                    aria-label={`Xem trường hợp số ${r.so}`}
                  >
                    {r.so}
                  </button>
                </td>
                <td>{r.ngayDangKy ? formatForDisplay(r.ngayDangKy) : 'Không rõ'}</td>
                <td>{r.names.filter(Boolean).join(' / ')}</td>
                <td>{r.pages.map((p) => p.pageNo).join(', ')}</td>
                <td>{r.warnings.length > 0 ? `${r.warnings.length} cảnh báo` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <section aria-labelledby="checks-heading" className="book-checks">
        <h2 id="checks-heading">Kiểm tra sổ</h2>
        {gaps.length === 0 ? (
          <p>Không có số bị bỏ sót.</p>
        ) : (
          <ul>
            {gaps.map((g) => (
              <li key={g.year ?? 'none'}>
                Năm {g.year ?? '(không ghi năm)'}: thiếu số {g.missing.join(', ')}
              </li>
            ))}
          </ul>
        )}
        {emptyPages.length === 0 ? (
          <p>Trang nào cũng đã có trường hợp.</p>
        ) : (
          <p>
            Trang chưa có trường hợp:{' '}
            {emptyPages.slice(0, 50).map((n, i) => (
              <span key={n}>
                {i > 0 && ', '}
                <button type="button" className="link" onClick={() => onTurnTo(n)}>
                  {n}
                </button>
              </span>
            ))}
            {emptyPages.length > 50 ? ` … (${emptyPages.length} trang)` : ''}
          </p>
        )}
      </section>
    </section>
  );
}
