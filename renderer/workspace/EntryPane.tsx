/**
 * The right-hand pane of the workspace: the entry form (a new entry, or the selected one being
 * edited with its history), the entries of the page on screen, the book's entries, and the
 * book's checks (gaps in the numbering, pages without entries).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BookDetail, PageInfo } from '../../shared/books/book';
import { historyLines } from '../../shared/records/history';
import { numberingGaps, yearsWithGaps } from '../../shared/records/numbering';
import {
  deleteRecordInput,
  type RecordDetail,
  type RecordHistoryItem,
  type RecordSummary,
} from '../../shared/records/record';
import type { TypedInBookType } from '../../shared/records/registry';
import type { DesktopCorrection } from '../../shared/review/corrections';
import type { NormRect } from '../../shared/viewer/geometry';
import { api, messageOf } from '../api/client';
import { CorrectionPanel } from '../corrections/CorrectionPanel';
import { correctionHistory } from '../corrections/history';
import { notifyCorrectionsChanged } from '../corrections/events';
import { useCorrections } from '../corrections/use-corrections';
import { EntryForm } from '../records/form/EntryForm';
import { LAYOUTS } from '../records/layouts';
import { BookEntryList } from './BookEntryList';
import { EntryView } from './EntryView';
import { PageLinks } from './PageLinks';

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
  /** The entry opened for reading (from search, the list or the checks); deleted ones too. */
  viewing?: RecordDetail;
  /** Opens an entry read-only (by its address). */
  onOpen: (id: string) => void;
  /** Back to typing new entries. */
  onCloseView: () => void;
}

const ACTIONS: Record<string, string> = {
  'entry.create': 'Tạo',
  'entry.update': 'Sửa',
  'entry.delete': 'Xóa',
  'entry.restore': 'Khôi phục',
  'entry.migrate': 'Đổi kiểu đánh dấu ô (cập nhật ứng dụng)',
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(trống)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function History({
  items,
  book,
  corrections = [],
}: {
  items: RecordHistoryItem[];
  book: BookDetail;
  corrections?: DesktopCorrection[];
}) {
  const pageNos = new Map(book.pages.map((p) => [p.id, p.pageNo]));
  const entryRows = items.map((item) => ({
    at: item.at,
    node: (
      <li key={item.seq}>
        <strong>
          {ACTIONS[item.action] ?? item.action} (phiên bản {item.version})
        </strong>{' '}
        — {item.actor}, {new Date(item.at).toLocaleString('vi-VN')}
        {item.action === 'entry.update' && item.after && (
          <ul>
            {historyLines(item.before, item.after, book.type, (id) => pageNos.get(id)).map((line) => (
              <li key={line.label}>
                {line.label}: {line.before} → {line.after}
              </li>
            ))}
          </ul>
        )}
        {item.action === 'entry.delete' && <span> — lý do: {show(item.after?.lyDoXoa)}</span>}
        {item.action === 'entry.restore' && <span> — trước đó đã xóa vì: {show(item.before?.lyDoXoa)}</span>}
      </li>
    ),
  }));
  // The district's requests and their answers, among the entry's versions in time order.
  const exchangeRows = correctionHistory(corrections).map((line) => ({
    at: line.at,
    node: (
      <li key={line.key} className="history-correction">
        <strong>{line.title}</strong> — {line.actor}, {new Date(line.at).toLocaleString('vi-VN')}
        <ul>
          <li>{line.detail}</li>
        </ul>
      </li>
    ),
  }));
  const rows = [...entryRows, ...exchangeRows].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return (
    <section aria-labelledby="history-heading" className="history">
      <h3 id="history-heading">Lịch sử thay đổi</h3>
      <ol>{rows.map((row) => row.node)}</ol>
    </section>
  );
}

export function EntryPane(props: Props) {
  const { book, page, records, recordsError, selected, draftRect, onClearRect, onSelect, onChanged, onTurnTo } = props;
  const { viewing, onOpen, onCloseView } = props;
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

  // Another entry opened: leave any edit, and show that entry's history.
  const viewingId = viewing?.id;
  const viewingVersion = viewing?.version;
  const [shownId, setShownId] = useState(viewingId);
  if (shownId !== viewingId) {
    setShownId(viewingId);
    setEditing(undefined);
    setDeleting(false);
    setReason('');
  }
  useEffect(() => {
    if (!viewingId) return;
    let alive = true;
    api.call('records.history', { id: viewingId }).then(
      (items) => alive && setHistory(items),
      (e: unknown) => alive && setError(messageOf(e)),
    );
    return () => {
      alive = false;
    };
  }, [viewingId, viewingVersion]);

  async function restore() {
    if (!viewing) return;
    setError(undefined);
    try {
      await api.call('records.restore', { id: viewing.id, expectedVersion: viewing.version });
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  }

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
  // Over every entry of the book (10 000 in a full one): worked out when the list changes, not on each page turn.
  const gaps = useMemo(() => yearsWithGaps(numberingGaps(records.map((r) => r.so))), [records]);
  const usedPages = useMemo(() => new Set(records.flatMap((r) => r.pages.map((p) => p.pageId))), [records]);
  const emptyPages = book.pages.filter((p) => !usedPages.has(p.id)).map((p) => p.pageNo);

  const reading = viewing && !editing;
  // The district's correction requests of the entry on screen (read or being edited).
  const shownEntryId = editing?.id ?? viewing?.id;
  const entryCorrections = useCorrections(shownEntryId ? { entryId: shownEntryId } : null);
  const corrections = useMemo(() => entryCorrections.data ?? [], [entryCorrections.data]);
  // One array per answer from the backend: the form's flags and ticks follow it, not every render.
  const openCorrections = useMemo(() => corrections.filter((c) => c.state === 'open'), [corrections]);
  return (
    <section className="entry" aria-labelledby="entry-heading">
      <h2 id="entry-heading">
        {editing
          ? `Sửa trường hợp số ${editing.so}`
          : viewing
            ? `Trường hợp số ${viewing.so}${viewing.deleted ? ' (đã xóa)' : ''}`
            : 'Nhập trường hợp'}
      </h2>
      {shownEntryId && <CorrectionPanel corrections={corrections} editing={!!editing} />}
      {reading && (
        <>
          {viewing.deleted && (
            <div className="error-box deleted-info" role="status">
              <p>
                Đã xóa bởi {viewing.deleted.by} lúc {new Date(viewing.deleted.at).toLocaleString('vi-VN')}. Lý do:{' '}
                {viewing.deleted.reason}
              </p>
            </div>
          )}
          <div className="actions">
            {viewing.deleted ? (
              <button type="button" className="primary" onClick={() => void restore()}>
                Khôi phục
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => void edit(viewing.id)}>
                Sửa
              </button>
            )}
            <button type="button" onClick={onCloseView}>
              Đóng, nhập trường hợp mới
            </button>
          </div>
          {viewing.warnings.length > 0 && (
            <ul className="warnings">
              {viewing.warnings.map((w) => (
                <li key={`${w.path}-${w.message}`}>Lưu ý: {w.message}</li>
              ))}
            </ul>
          )}
          <p>
            Phiên bản {viewing.version} · sửa lần cuối bởi {viewing.updatedBy},{' '}
            {new Date(viewing.updatedAt).toLocaleString('vi-VN')}
          </p>
          {!viewing.deleted && (
            <PageLinks
              record={viewing}
              page={page}
              drawn={draftRect}
              onSaved={(record) => {
                setSaved(record);
                onChanged(record);
              }}
            />
          )}
          {layout && (
            <EntryView layout={layout} data={viewing.data} requested={new Set(openCorrections.map((c) => c.field))} />
          )}
        </>
      )}
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
      {layout && page && !reading && (
        <EntryForm
          key={editing ? `edit-${editing.id}-${editing.version}` : 'new'}
          book={book}
          layout={layout}
          page={page}
          rect={editing ? undefined : draftRect}
          previous={previous}
          editing={editing}
          corrections={editing ? openCorrections : undefined}
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
            if (mode === 'update') {
              setEditing(undefined);
              notifyCorrectionsChanged();
            }
            onChanged(record);
          }}
        />
      )}
      {reading && <History items={history} book={book} corrections={corrections} />}
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
          <History items={history} book={book} corrections={corrections} />
        </>
      )}
      {saved && reading && saved.id === viewing.id && (
        <div className="saved" role="status">
          <p>Đã lưu trường hợp số {saved.so}.</p>
        </div>
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

      {recordsError && <p role="alert">{recordsError}</p>}
      {records.length === 0 && <p>Chưa có trường hợp nào trong sổ này.</p>}
      <BookEntryList bookId={book.id} revision={records} selected={selected} onOpen={onOpen} />

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
