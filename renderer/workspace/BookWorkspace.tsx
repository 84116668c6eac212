/**
 * The book workspace: the scanned page and the entry form side by side (or the page above the
 * form for wide ledgers), the split remembered; the book's entries tied to their pages.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { BookDetail, PageInfo, Rotation } from '../../shared/books/book';
import { bookTypeName } from '../../shared/catalogs/book-types';
import type { RecordDetail, RecordSummary } from '../../shared/records/record';
import { nextRotation, type NormRect } from '../../shared/viewer/geometry';
import type { Preferences, ViewState, Zoom } from '../../shared/viewer/viewer';
import { api, messageOf } from '../api/client';
import { useApi } from '../api/use-api';
import { takeNotice } from '../app/notice';
import { BookDetailsForm } from '../books/BookDetailsForm';
import { ExportPanel } from '../export/ExportPanel';
import { EntryPane } from './EntryPane';
import { PageRenderer } from '../viewer/page-renderer';
import { PageViewer, type ImageAdjustments, type PageBox } from '../viewer/PageViewer';
import { SHORTCUT_HELP, useViewerShortcuts, type ViewerCommand } from '../viewer/shortcuts';
import { ThumbnailStrip } from '../viewer/ThumbnailStrip';
import { ExcelImport } from './ExcelImport';
import { FilesPanel } from './FilesPanel';

const ZOOM_STEP = 1.25;
const clampZoom = (z: number) => Math.min(8, Math.max(0.1, Math.round(z * 100) / 100));

interface Props {
  bookId: string;
  /** An entry to open (from search): its page is shown and its box highlighted. */
  entryId?: string;
}

/**
 * Loads what the workspace needs before showing it, so the clerk lands on the page they left. The
 * entry list (thousands of entries in a full book) is not waited for: the page is shown at once and
 * the entry pane follows when the list arrives.
 */
export function BookWorkspace({ bookId, entryId }: Props) {
  const book = useApi('books.get', { id: bookId }, bookId);
  const records = useApi('records.list', { bookId }, bookId);
  const view = useApi('viewer.getState', { bookId }, bookId);
  const prefs = useApi('prefs.get', {}, 'prefs');

  if (book.error) {
    return (
      <main className="page">
        <p role="alert">{book.error}</p>
        <a href="#/">Về danh sách sổ</a>
      </main>
    );
  }
  if (!book.data || view.loading || !prefs.data) return <main className="page">Đang mở sổ…</main>;
  return (
    <Workspace
      book={book.data}
      reloadBook={book.reload}
      records={records.data}
      recordsError={records.error}
      reloadRecords={records.reload}
      initialView={view.data ?? null}
      initialPrefs={prefs.data}
      entryId={entryId}
    />
  );
}

interface WorkspaceProps {
  book: BookDetail;
  reloadBook: () => void;
  /** Undefined until the entry list has come (the page is shown meanwhile). */
  records: RecordSummary[] | undefined;
  recordsError?: string;
  reloadRecords: () => void;
  initialView: ViewState | null;
  initialPrefs: Preferences;
  /** The entry the address names (#/so/<book>/tc/<entry>): shown read-only on its page. */
  entryId?: string;
}

function Workspace({
  book,
  reloadBook,
  records: loadedRecords,
  recordsError,
  reloadRecords,
  initialView,
  initialPrefs,
  entryId,
}: WorkspaceProps) {
  const records = useMemo(() => loadedRecords ?? [], [loadedRecords]);
  const renderer = useMemo(() => new PageRenderer(api.scanUrl), []);
  useEffect(() => () => renderer.destroy(), [renderer]);

  // Rotations the clerk just made, shown at once while the backend saves them.
  const [turned, setTurned] = useState<Record<string, Rotation>>({});
  const pages = useMemo<PageInfo[]>(
    () => book.pages.map((p) => (turned[p.id] === undefined ? p : { ...p, rotation: turned[p.id]! })),
    [book.pages, turned],
  );
  const [pageIndex, setPageIndex] = useState(() =>
    Math.max(
      0,
      book.pages.findIndex((p) => p.id === initialView?.pageId),
    ),
  );
  const [zoom, setZoom] = useState<Zoom>(initialView?.zoom ?? 'fit-width');
  const [adjust, setAdjust] = useState<ImageAdjustments>({ brightness: 100, contrast: 100, invert: false });
  const [prefs, setPrefs] = useState(initialPrefs);
  const [showThumbs, setShowThumbs] = useState(true);
  const [showFiles, setShowFiles] = useState(false);
  const [showExport, setShowExport] = useState(false);
  const [showDetails, setShowDetails] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [draft, setDraft] = useState<NormRect>();
  const [selected, setSelected] = useState<string | undefined>(entryId);
  // The entry opened from search, the list or the checks (deleted ones too, to be restored).
  const [viewing, setViewing] = useState<RecordDetail>();
  // Only the entry the address names (closing it goes back to typing new entries).
  const viewed = viewing && viewing.id === entryId ? viewing : undefined;
  const [notice, setNotice] = useState(takeNotice);
  const [error, setError] = useState<string>();
  const [goTo, setGoTo] = useState('');
  const [goToMessage, setGoToMessage] = useState<string>();
  const scale = useRef(1);
  const split = useRef<HTMLDivElement>(null);

  const index = Math.min(pageIndex, Math.max(0, pages.length - 1));
  const page = pages[index];

  // Remember where the clerk is, a moment after they stop moving.
  useEffect(() => {
    const timer = setTimeout(() => {
      void api.call('viewer.saveState', { bookId: book.id, pageId: page?.id ?? null, zoom }).catch(() => {});
    }, 400);
    return () => clearTimeout(timer);
  }, [book.id, page?.id, zoom]);

  const turnTo = useCallback(
    (i: number) => {
      setPageIndex(Math.min(pages.length - 1, Math.max(0, i)));
      setDraft(undefined);
    },
    [pages.length],
  );
  const zoomStep = useCallback((direction: 1 | -1) => {
    setZoom(clampZoom(direction > 0 ? scale.current * ZOOM_STEP : scale.current / ZOOM_STEP));
  }, []);
  const onScale = useCallback((s: number) => {
    scale.current = s;
  }, []);

  async function rotate(clockwise: boolean) {
    if (!page) return;
    const rotation = nextRotation(page.rotation, clockwise);
    setTurned((t) => ({ ...t, [page.id]: rotation }));
    try {
      await api.call('pages.setRotation', { pageId: page.id, rotation });
    } catch (e) {
      setError(messageOf(e));
      setTurned((t) => ({ ...t, [page.id]: page.rotation }));
    }
  }

  const run = (command: ViewerCommand) => {
    switch (command) {
      case 'next-page':
        return turnTo(index + 1);
      case 'previous-page':
        return turnTo(index - 1);
      case 'zoom-in':
        return zoomStep(1);
      case 'zoom-out':
        return zoomStep(-1);
      case 'fit-width':
        return setZoom('fit-width');
      case 'fit-page':
        return setZoom('fit-page');
      case 'rotate-right':
        return void rotate(true);
      case 'rotate-left':
        return void rotate(false);
    }
  };
  useViewerShortcuts(run);

  function savePrefs(update: Partial<Preferences>) {
    setPrefs((p) => ({ ...p, ...update }));
    void api.call('prefs.set', update).catch(() => {});
  }

  function ratioFromPointer(event: PointerEvent): number | undefined {
    const box = split.current?.getBoundingClientRect();
    if (!box) return undefined;
    const ratio =
      prefs.layout === 'side' ? (event.clientX - box.left) / box.width : (event.clientY - box.top) / box.height;
    return Math.min(0.85, Math.max(0.15, ratio));
  }

  function onResizerKey(event: KeyboardEvent) {
    const grow = prefs.layout === 'side' ? ['ArrowRight'] : ['ArrowDown'];
    const shrink = prefs.layout === 'side' ? ['ArrowLeft'] : ['ArrowUp'];
    if (![...grow, ...shrink].includes(event.key)) return;
    event.preventDefault();
    const delta = grow.includes(event.key) ? 0.05 : -0.05;
    savePrefs({ splitRatio: Math.min(0.85, Math.max(0.15, Math.round((prefs.splitRatio + delta) * 100) / 100)) });
  }

  const onPage = page ? records.filter((r) => r.pages.some((p) => p.pageId === page.id)) : [];
  const boxes: PageBox[] = onPage.flatMap((r) => {
    const ref = r.pages.find((p) => p.pageId === page?.id);
    return ref?.rect
      ? [{ id: r.id, rect: ref.rect, label: `Số ${r.so}: ${r.names[0] ?? ''}`, selected: r.id === selected }]
      : [];
  });
  // A deleted entry opened for review is not in the book's list: its box is shown all the same.
  const viewedRef =
    viewed && !onPage.some((r) => r.id === viewed.id) && viewed.pages.find((p) => p.pageId === page?.id);
  if (viewed && viewedRef && viewedRef.rect) {
    boxes.push({
      id: viewed.id,
      rect: viewedRef.rect,
      label: `Số ${viewed.so}: ${viewed.names[0] ?? ''}`,
      selected: true,
    });
  }
  const pagesWithEntries = useMemo(() => new Set(records.flatMap((r) => r.pages.map((p) => p.pageId))), [records]);

  function select(record: Pick<RecordSummary, 'id' | 'pages'>) {
    setSelected(record.id);
    const target = pages.findIndex((p) => p.id === record.pages[0]?.pageId);
    if (target >= 0) turnTo(target);
  }

  /** Opens an entry by its address, so that a reload (or the back button) keeps it. */
  const openEntry = (id: string) => {
    window.location.hash = `#/so/${book.id}/tc/${id}`;
  };
  const closeEntry = () => {
    window.location.hash = `#/so/${book.id}`;
  };

  // Whenever the address names an entry: load it, turn to its page and highlight its box.
  const [turnTarget, setTurnTarget] = useState<string>();
  if (turnTarget !== undefined) {
    setTurnTarget(undefined);
    const target = pages.findIndex((p) => p.id === turnTarget);
    if (target >= 0) {
      setPageIndex(target);
      setDraft(undefined);
    }
  }
  const showViewing = useCallback((record: RecordDetail, turn: boolean) => {
    setViewing(record);
    setSelected(record.id);
    if (turn && record.pages[0]) setTurnTarget(record.pages[0].pageId);
  }, []);
  const loadViewing = (id: string) =>
    api.call('records.get', { id, includeDeleted: true }).then(
      (record) => showViewing(record, false),
      (e: unknown) => setError(messageOf(e)),
    );
  useEffect(() => {
    if (!entryId) return;
    let alive = true;
    api.call('records.get', { id: entryId, includeDeleted: true }).then(
      (record) => alive && showViewing(record, true),
      (e: unknown) => alive && setError(messageOf(e)),
    );
    return () => {
      alive = false;
    };
  }, [entryId, showViewing]);

  const gridTemplate =
    prefs.layout === 'side'
      ? { gridTemplateColumns: `minmax(0, ${prefs.splitRatio}fr) 8px minmax(0, ${1 - prefs.splitRatio}fr)` }
      : { gridTemplateRows: `minmax(0, ${prefs.splitRatio}fr) 8px minmax(0, ${1 - prefs.splitRatio}fr)` };
  const zoomLabel =
    typeof zoom === 'number' ? `${Math.round(zoom * 100)}%` : zoom === 'fit-width' ? 'Vừa chiều rộng' : 'Vừa trang';

  return (
    <div className="workspace">
      <header className="app-header">
        <a href="#/" className="back">
          ← Danh sách sổ
        </a>
        <h1>
          {bookTypeName(book.type)} — quyển {book.volume}
        </h1>
        <p
          className="subtitle"
          title={`${book.office} · ${book.pageCount} trang · ${book.entryCount} trường hợp · ${book.pagesWithoutEntries} trang chưa nhập`}
        >
          {book.office} · {book.pageCount} trang · {book.entryCount} trường hợp · {book.pagesWithoutEntries} trang chưa
          nhập
        </p>
        <button type="button" aria-expanded={showDetails} onClick={() => setShowDetails((v) => !v)}>
          Thông tin sổ
        </button>
        <button type="button" aria-expanded={showFiles} onClick={() => setShowFiles((v) => !v)}>
          Tệp scan
        </button>
        <button type="button" aria-expanded={showExport} onClick={() => setShowExport((v) => !v)}>
          Nhập, xuất & nghiệm thu
        </button>
        <button
          type="button"
          onClick={() => savePrefs({ layout: prefs.layout === 'side' ? 'stacked' : 'side' })}
          aria-pressed={prefs.layout === 'stacked'}
        >
          Trang ở trên
        </button>
      </header>
      {notice && (
        <div className="notice" role="status">
          {notice}{' '}
          <button type="button" onClick={() => setNotice(undefined)}>
            Đóng
          </button>
        </div>
      )}
      {error && (
        <div className="notice error-box" role="alert">
          {error}{' '}
          <button type="button" onClick={() => setError(undefined)}>
            Đóng
          </button>
        </div>
      )}
      {showDetails && (
        <BookDetailsForm book={book} onSaved={() => reloadBook()} onClose={() => setShowDetails(false)} />
      )}
      {showFiles && (
        <FilesPanel
          book={book}
          onChanged={() => {
            reloadBook();
            reloadRecords();
          }}
        />
      )}
      {showExport && (
        <div className="io-panel">
          <ExcelImport
            bookId={book.id}
            onImported={() => {
              reloadBook();
              reloadRecords();
            }}
          />
          <ExportPanel
            bookId={book.id}
            onOpenEntry={openEntry}
            onOpenPage={(pageId) => turnTo(pages.findIndex((p) => p.id === pageId))}
          />
        </div>
      )}
      <main ref={split} className={`split ${prefs.layout}`} style={gridTemplate}>
        <section className="viewer" aria-label="Trang scan">
          <div className="viewer-toolbar" role="toolbar" aria-label="Điều khiển trang">
            <button type="button" onClick={() => turnTo(index - 1)} disabled={index === 0}>
              Trang trước
            </button>
            <span aria-live="polite" className="page-label">
              {page ? `Trang ${page.pageNo} / ${pages.length}` : 'Sổ chưa có trang'}
            </span>
            <button type="button" onClick={() => turnTo(index + 1)} disabled={index >= pages.length - 1}>
              Trang sau
            </button>
            <form
              className="goto"
              onSubmit={(e) => {
                e.preventDefault();
                const wanted = goTo.trim();
                const target = /^\d+$/.test(wanted) ? pages.findIndex((p) => p.pageNo === Number(wanted)) : -1;
                if (target >= 0) {
                  turnTo(target);
                  setGoTo('');
                  setGoToMessage(undefined);
                } else {
                  setGoToMessage(
                    /^\d+$/.test(wanted)
                      ? `Không có trang ${wanted}: sổ này chỉ có ${pages.length} trang`
                      : 'Gõ số trang rồi bấm Enter',
                  );
                }
              }}
            >
              <label>
                Đến trang
                <input
                  inputMode="numeric"
                  size={4}
                  value={goTo}
                  aria-describedby="goto-message"
                  onChange={(e) => {
                    setGoTo(e.target.value);
                    setGoToMessage(undefined);
                  }}
                />
              </label>
              <span id="goto-message" className="goto-message" role={goToMessage ? 'alert' : undefined}>
                {goToMessage ?? ''}
              </span>
            </form>
            <span className="toolbar-group" role="group" aria-label="Thu phóng">
              <button type="button" onClick={() => zoomStep(-1)} aria-label="Thu nhỏ">
                −
              </button>
              <span className="zoom-label" aria-live="polite">
                {zoomLabel}
              </span>
              <button type="button" onClick={() => zoomStep(1)} aria-label="Phóng to">
                +
              </button>
              <button type="button" onClick={() => setZoom('fit-width')} aria-pressed={zoom === 'fit-width'}>
                Vừa rộng
              </button>
              <button type="button" onClick={() => setZoom('fit-page')} aria-pressed={zoom === 'fit-page'}>
                Vừa trang
              </button>
            </span>
            <span className="toolbar-group" role="group" aria-label="Xoay trang">
              <button type="button" onClick={() => void rotate(false)} aria-label="Xoay trái">
                ⟲
              </button>
              <button type="button" onClick={() => void rotate(true)} aria-label="Xoay phải">
                ⟳
              </button>
            </span>
            <span className="toolbar-group" role="group" aria-label="Chỉnh ảnh">
              <label>
                Độ sáng
                <input
                  type="range"
                  min={50}
                  max={200}
                  step={10}
                  value={adjust.brightness}
                  onChange={(e) => setAdjust((a) => ({ ...a, brightness: Number(e.target.value) }))}
                />
              </label>
              <label>
                Tương phản
                <input
                  type="range"
                  min={50}
                  max={300}
                  step={10}
                  value={adjust.contrast}
                  onChange={(e) => setAdjust((a) => ({ ...a, contrast: Number(e.target.value) }))}
                />
              </label>
              <label>
                <input
                  type="checkbox"
                  checked={adjust.invert}
                  onChange={(e) => setAdjust((a) => ({ ...a, invert: e.target.checked }))}
                />
                Đảo màu
              </label>
              <button
                type="button"
                disabled={adjust.brightness === 100 && adjust.contrast === 100 && !adjust.invert}
                onClick={() => setAdjust({ brightness: 100, contrast: 100, invert: false })}
              >
                Đặt lại ảnh
              </button>
            </span>
            <button type="button" aria-pressed={showThumbs} onClick={() => setShowThumbs((v) => !v)}>
              Hình thu nhỏ
            </button>
            <button type="button" aria-pressed={drawing} onClick={() => setDrawing((v) => !v)}>
              Khoanh vùng
            </button>
          </div>
          <div className="viewer-body">
            {showThumbs && (
              <ThumbnailStrip
                pages={pages}
                renderer={renderer}
                pageIndex={index}
                pagesWithEntries={pagesWithEntries}
                onSelect={turnTo}
              />
            )}
            <PageViewer
              renderer={renderer}
              pages={pages}
              pageIndex={index}
              zoom={zoom}
              adjustments={adjust}
              boxes={boxes}
              drawing={drawing}
              draft={draft}
              onDrawn={(rect) => {
                setDraft(rect);
                setDrawing(false);
              }}
              onZoomStep={zoomStep}
              onScale={onScale}
            />
          </div>
          <p className="shortcut-help">
            Phím tắt: {SHORTCUT_HELP.map(([keys, what]) => `${keys} ${what}`).join(' · ')} · Ctrl + lăn chuột: phóng to
          </p>
        </section>
        <div
          className="resizer"
          role="separator"
          tabIndex={0}
          aria-orientation={prefs.layout === 'side' ? 'vertical' : 'horizontal'}
          aria-label="Kéo để chia lại khung trang và khung nhập"
          aria-valuemin={15}
          aria-valuemax={85}
          aria-valuenow={Math.round(prefs.splitRatio * 100)}
          onKeyDown={onResizerKey}
          onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
          onPointerMove={(e) => {
            if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
            const ratio = ratioFromPointer(e);
            if (ratio) setPrefs((p) => ({ ...p, splitRatio: ratio }));
          }}
          onPointerUp={(e) => {
            const ratio = ratioFromPointer(e);
            if (ratio) savePrefs({ splitRatio: Math.round(ratio * 100) / 100 });
          }}
        />
        {loadedRecords === undefined && !recordsError ? (
          <section className="entry" aria-busy="true">
            <p role="status">Đang tải các trường hợp của sổ…</p>
          </section>
        ) : (
          <EntryPane
            book={book}
            page={page}
            records={records}
            recordsError={recordsError}
            selected={selected}
            draftRect={draft}
            onClearRect={() => setDraft(undefined)}
            onSelect={select}
            viewing={viewed}
            onOpen={openEntry}
            onCloseView={closeEntry}
            onTurnTo={(pageNo) => turnTo(pages.findIndex((p) => p.pageNo === pageNo))}
            onChanged={(saved) => {
              if (saved) setSelected(saved.id);
              if (viewed) void loadViewing(viewed.id);
              setDraft(undefined);
              reloadRecords();
              reloadBook();
            }}
          />
        )}
      </main>
    </div>
  );
}
