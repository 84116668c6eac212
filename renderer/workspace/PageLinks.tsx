/**
 * The scan pages of a saved entry, changeable at any time: add the page on screen (an entry
 * across facing pages), move the entry to it, redraw its box (drawn with "Khoanh vùng") or
 * clear it, remove a page. The export cuts the entry's PDF from these links.
 */
import { useState } from 'react';
import type { PageInfo } from '../../shared/books/book';
import type { PageRef, RecordDetail } from '../../shared/records/record';
import type { NormRect } from '../../shared/viewer/geometry';
import { api, messageOf } from '../api/client';

interface Props {
  record: RecordDetail;
  /** The page on screen. */
  page?: PageInfo;
  /** A box the clerk has just drawn on the page on screen. */
  drawn?: NormRect;
  onSaved: (record: RecordDetail) => void;
}

export function PageLinks({ record, page, drawn, onSaved }: Props) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const refs: PageRef[] = record.pages.map((p) => ({ pageId: p.pageId, ...(p.rect ? { rect: p.rect } : {}) }));
  const linked = page ? record.pages.find((p) => p.pageId === page.id) : undefined;

  async function save(pages: PageRef[]) {
    setError(undefined);
    setBusy(true);
    try {
      onSaved(
        await api.call('records.update', { id: record.id, expectedVersion: record.version, data: record.data, pages }),
      );
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const pageNoOf = (id: string) =>
    id === page?.id ? page.pageNo : (record.pages.find((p) => p.pageId === id)?.pageNo ?? 0);
  // Facing pages in book order: the page an entry starts on first.
  const sortByPage = (list: PageRef[]) => [...list].sort((a, b) => pageNoOf(a.pageId) - pageNoOf(b.pageId));
  const here = page ? { pageId: page.id, ...(drawn ? { rect: drawn } : {}) } : undefined;
  return (
    <section className="page-links" aria-labelledby="page-links-heading">
      <h3 id="page-links-heading">Trang scan của trường hợp</h3>
      <ul>
        {record.pages.map((p) => (
          <li key={p.pageId}>
            Trang {p.pageNo}
            {p.rect ? ' (có vùng khoanh)' : ''}{' '}
            {p.rect && (
              <button
                type="button"
                className="small"
                disabled={busy}
                onClick={() => void save(refs.map((r) => (r.pageId === p.pageId ? { pageId: r.pageId } : r)))}
              >
                Bỏ vùng khoanh trang {p.pageNo}
              </button>
            )}{' '}
            {record.pages.length > 1 && (
              <button
                type="button"
                className="small"
                disabled={busy}
                onClick={() => void save(refs.filter((r) => r.pageId !== p.pageId))}
              >
                Gỡ trang {p.pageNo}
              </button>
            )}
          </li>
        ))}
      </ul>
      {page && here && (
        <div className="actions">
          {!linked && (
            <>
              <button type="button" disabled={busy} onClick={() => void save(sortByPage([...refs, here]))}>
                Thêm trang {page.pageNo} (trang đang xem)
              </button>
              <button type="button" disabled={busy} onClick={() => void save([here])}>
                Chuyển sang trang {page.pageNo}
              </button>
            </>
          )}
          {linked && drawn && (
            <button
              type="button"
              disabled={busy}
              onClick={() => void save(refs.map((r) => (r.pageId === page.id ? here : r)))}
            >
              Lưu vùng khoanh mới trên trang {page.pageNo}
            </button>
          )}
        </div>
      )}
      <p className="hint">
        Khoanh lại: bấm “Khoanh vùng” trên thanh công cụ trang, vẽ vùng của trường hợp, rồi lưu vùng mới ở đây.
      </p>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
