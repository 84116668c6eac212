/**
 * One sampled entry under review: the scanned page with the entry's box beside the entry as the
 * clerk typed it (read-only), field by field. The critical fields are read blind first (the hub
 * sends no clerk value for them before); then the agreements show as đúng and only the
 * disagreements are to be settled against the image. Every verdict is saved as it is given
 * (shown at once, taken back with a message if the hub refuses it). Keyboard-first: keys.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { LotDetail, ReviewEntry, ReviewField } from '../../../shared/review/hub-api';
import { SAMPLE_REASON_LABELS, type Verdict } from '../../../shared/review/review';
import type { Zoom } from '../../../shared/viewer/viewer';
import { PageViewer, type ImageAdjustments, type PageBox } from '../../viewer/PageViewer';
import { PageRenderer } from '../../viewer/page-renderer';
import { useViewerShortcuts } from '../../viewer/shortcuts';
import { call, messageOf } from '../api';
import { href } from '../routes';
import { nextUnchecked, REVIEW_SHORTCUTS, reviewCommandFor, stepField, type ReviewCommand } from './keys';
import {
  blindFields,
  fieldStatus,
  restOk,
  samplePlace,
  shownValue,
  viewerPage,
  withPending,
  type PendingVerdict,
} from './review-state';
import '../../styles.css';
import './review.css';

export interface ReviewScreenProps {
  lotId: string;
  entryId: string;
  /** Another sampled entry, or null for the lot's page. */
  onNavigate(entryId: string | null): void;
}

const NO_ADJUSTMENTS: ImageAdjustments = { brightness: 100, contrast: 100, invert: false };
const ZOOM_STEP = 1.2;
const clampZoom = (z: number) => Math.min(8, Math.max(0.1, Math.round(z * 100) / 100));

/** A scan file of the lot's book, as the hub serves it to a logged-in reviewer. */
export function scanFileUrl(sha256: string): string {
  return `/api/review/files/${encodeURIComponent(sha256)}`;
}

function isTextField(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement)
    return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(element.type);
  return element instanceof HTMLElement && element.isContentEditable;
}

interface WrongDialog {
  path: string;
  label: string;
  readValue: string;
  note: string;
}

export function ReviewScreen(props: ReviewScreenProps) {
  // One renderer for the whole review: the book's scan files stay open from entry to entry.
  const renderer = useMemo(() => new PageRenderer(scanFileUrl), []);
  useEffect(() => () => renderer.destroy(), [renderer]);
  // A fresh screen state per entry (nothing of the previous entry's verdicts or reads lingers).
  return <EntryReview key={`${props.lotId}/${props.entryId}`} {...props} renderer={renderer} />;
}

function EntryReview({ lotId, entryId, onNavigate, renderer }: ReviewScreenProps & { renderer: PageRenderer }) {
  const [served, setServed] = useState<ReviewEntry | null>(null);
  const [pending, setPending] = useState<ReadonlyMap<string, PendingVerdict>>(new Map());
  const [lot, setLot] = useState<LotDetail | null>(null);
  const [loadError, setLoadError] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [focusIndex, setFocusIndex] = useState(0);
  const [dialog, setDialog] = useState<WrongDialog | null>(null);
  const [blindValues, setBlindValues] = useState<Record<string, string>>({});
  const [blindBusy, setBlindBusy] = useState(false);
  const [pageIndex, setPageIndex] = useState(0);
  const [zoom, setZoom] = useState<Zoom>('fit-width');
  const scale = useRef(1);
  /** Verdicts go to the hub one after the other, in the order they were given. */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const shownEntryId = useRef(entryId);
  const fieldList = useRef<HTMLOListElement>(null);
  const pageSide = useRef<HTMLDivElement>(null);
  const dialogInput = useRef<HTMLInputElement>(null);
  const firstBlindInput = useRef<HTMLInputElement>(null);

  const entry = useMemo(() => (served ? withPending(served, pending) : null), [served, pending]);
  const place = lot ? samplePlace(lot, entryId) : null;

  const refreshLot = useCallback(() => {
    call('lots.get', { lotId }).then(setLot, (error: unknown) => setActionError(messageOf(error)));
  }, [lotId]);

  useEffect(() => {
    let current = true;
    shownEntryId.current = entryId;
    Promise.all([call('review.entry', { lotId, entryId }), call('lots.get', { lotId })]).then(
      ([reviewEntry, lotDetail]) => {
        if (!current) return;
        setServed(reviewEntry);
        setLot(lotDetail);
        const withBox = reviewEntry.pages.findIndex((page) => page.rect !== null);
        setPageIndex(Math.max(0, withBox));
        setFocusIndex(nextUnchecked(reviewEntry.fields, -1) ?? 0);
      },
      (error: unknown) => current && setLoadError(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [lotId, entryId]);

  const blindPending = entry?.blindPending ?? false;
  const entryReady = entry !== null;

  // Where the reviewer starts: the first blind box, or the first field still to judge.
  useEffect(() => {
    if (!entryReady) return;
    if (blindPending) firstBlindInput.current?.focus();
    else fieldList.current?.querySelector<HTMLElement>(`[data-field-index="${focusIndex}"]`)?.focus();
    // Only when the entry arrives or the blind read is done; moving the focus is done by the keys.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entryReady, blindPending, entryId]);

  const page = entry?.pages[pageIndex];
  const pages = useMemo(() => (entry ? entry.pages.map(viewerPage) : []), [entry]);
  const boxes: PageBox[] = page?.rect
    ? [{ id: entryId, rect: page.rect, label: 'Vùng của trường hợp trên trang', selected: true }]
    : [];

  // The entry's box in view whenever the page or the zoom changes.
  useEffect(() => {
    const box = pageSide.current?.querySelector<HTMLElement>('[data-entry-box]');
    box?.scrollIntoView({ block: 'center', inline: 'center' });
  }, [page?.pageId, zoom, entryReady]);

  const zoomStep = useCallback((direction: 1 | -1) => {
    setZoom(clampZoom(direction > 0 ? scale.current * ZOOM_STEP : scale.current / ZOOM_STEP));
  }, []);
  const onScale = useCallback((value: number) => {
    scale.current = value;
  }, []);
  useViewerShortcuts((command) => {
    if (command === 'zoom-in') zoomStep(1);
    else if (command === 'zoom-out') zoomStep(-1);
    else if (command === 'fit-width') setZoom('fit-width');
    else if (command === 'fit-page') setZoom('fit-page');
    else if (command === 'next-page') setPageIndex((i) => Math.min(pages.length - 1, i + 1));
    else if (command === 'previous-page') setPageIndex((i) => Math.max(0, i - 1));
  });

  function focusField(index: number) {
    setFocusIndex(index);
    fieldList.current?.querySelector<HTMLElement>(`[data-field-index="${index}"]`)?.focus();
  }

  /** Sends one change to the hub after the earlier ones; shows it at once, takes it back if refused. */
  function save(paths: Map<string, PendingVerdict>, send: () => Promise<ReviewEntry>) {
    const forEntry = entryId;
    setActionError(undefined);
    setPending((before) => new Map([...before, ...paths]));
    const done = (result: ReviewEntry | null, error?: unknown) => {
      if (shownEntryId.current !== forEntry) return;
      setPending((before) => {
        const after = new Map(before);
        for (const [path, verdict] of paths) if (after.get(path) === verdict) after.delete(path);
        return after;
      });
      if (result) {
        setServed(result);
        refreshLot();
      } else {
        setActionError(`Chưa lưu được: ${messageOf(error)}`);
      }
    };
    queue.current = queue.current.then(() => send().then(done, (error: unknown) => done(null, error)));
  }

  function judge(field: ReviewField, verdict: Verdict, readValue?: string, note?: string) {
    const shown: PendingVerdict = {
      verdict,
      readValue: verdict === 'wrong' ? (readValue ?? '') : null,
      note: note ? note : null,
    };
    save(new Map([[field.path, shown]]), () =>
      call('review.verdict', {
        lotId,
        entryId,
        path: field.path,
        verdict,
        ...(verdict === 'wrong' ? { readValue: readValue ?? '' } : {}),
        ...(note ? { note } : {}),
      }),
    );
  }

  function afterVerdict(index: number) {
    if (!entry) return;
    // The field just judged counts as judged when looking for the next one.
    const fields = entry.fields.map((field, i) => (i === index ? { verdict: 'ok' } : field));
    const next = nextUnchecked(fields, index);
    if (next !== undefined) focusField(next);
    else focusField(index);
  }

  function judgeOk(index: number) {
    const field = entry?.fields[index];
    if (!field || (field.critical && field.blindValue === null)) return;
    judge(field, 'ok');
    afterVerdict(index);
  }

  function openWrong(index: number) {
    const field = entry?.fields[index];
    if (!field || (field.critical && field.blindValue === null)) return;
    setFocusIndex(index);
    setDialog({
      path: field.path,
      label: field.label,
      readValue: field.readValue ?? field.blindValue ?? '',
      note: field.note ?? '',
    });
  }

  useEffect(() => {
    if (dialog) dialogInput.current?.focus();
    // Focus the dialog's first box when it opens, not on every keystroke in it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dialog?.path]);

  function closeDialog() {
    setDialog(null);
    focusField(focusIndex);
  }

  function confirmWrong(event?: FormEvent) {
    event?.preventDefault();
    if (!dialog || !entry) return;
    const index = entry.fields.findIndex((field) => field.path === dialog.path);
    const field = entry.fields[index];
    setDialog(null);
    if (!field) return;
    judge(field, 'wrong', dialog.readValue, dialog.note.trim());
    afterVerdict(index);
  }

  function markRestOk() {
    if (!entry || entry.blindPending) return;
    if (entry.fields.some((field) => field.verdict === null && field.blindDisagrees)) {
      setActionError('Còn ô đọc độc lập khác với người nhập: hãy đối chiếu với ảnh và chọn Đúng hoặc Sai trước.');
      return;
    }
    const rest = restOk(entry);
    if (rest.size === 0) return;
    save(rest, () => call('review.markRestOk', { lotId, entryId }));
  }

  async function submitBlind(event: FormEvent) {
    event.preventDefault();
    if (!entry || blindBusy) return;
    const reads = blindFields(entry).map((field) => ({
      path: field.path,
      value: (blindValues[field.path] ?? '').trim(),
    }));
    if (reads.length === 0) return;
    setBlindBusy(true);
    setActionError(undefined);
    try {
      const result = await call('review.blindRead', { lotId, entryId, reads });
      if (shownEntryId.current !== entryId) return;
      setServed(result);
      setFocusIndex(nextUnchecked(result.fields, -1) ?? 0);
      refreshLot();
    } catch (error) {
      setActionError(`Chưa lưu được kết quả đọc: ${messageOf(error)}`);
    } finally {
      setBlindBusy(false);
    }
  }

  const previousEntryId = entry?.previousEntryId ?? place?.previousEntryId ?? null;
  const nextEntryId = entry?.nextEntryId ?? place?.nextEntryId ?? null;

  function run(command: ReviewCommand) {
    switch (command) {
      case 'next-entry':
        if (nextEntryId) onNavigate(nextEntryId);
        return;
      case 'previous-entry':
        if (previousEntryId) onNavigate(previousEntryId);
        return;
      case 'confirm':
        confirmWrong();
        return;
      case 'cancel':
        closeDialog();
        return;
    }
    if (!entry || entry.blindPending) return;
    switch (command) {
      case 'ok':
        judgeOk(focusIndex);
        return;
      case 'wrong':
        openWrong(focusIndex);
        return;
      case 'next-unchecked': {
        const next = nextUnchecked(entry.fields, focusIndex);
        if (next !== undefined) focusField(next);
        return;
      }
      case 'next-field':
        focusField(stepField(entry.fields.length, focusIndex, 1));
        return;
      case 'previous-field':
        focusField(stepField(entry.fields.length, focusIndex, -1));
        return;
      case 'rest-ok':
        markRestOk();
        return;
    }
  }
  const latestRun = useRef(run);
  useEffect(() => {
    latestRun.current = run;
  });
  const dialogOpen = dialog !== null;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const active = document.activeElement;
      const command = reviewCommandFor(event, {
        dialogOpen,
        inTextField: isTextField(active),
        onButton: active instanceof HTMLButtonElement || active instanceof HTMLAnchorElement,
        onPage: active instanceof HTMLElement && active.closest('.page-frame') !== null,
      });
      if (!command) return;
      event.preventDefault();
      event.stopPropagation();
      latestRun.current(command);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [dialogOpen]);

  const lotHref = href({ name: 'lot', lotId });
  const backToLot = (
    <a
      href={lotHref}
      onClick={(event) => {
        event.preventDefault();
        onNavigate(null);
      }}
    >
      Về trang lô
    </a>
  );

  if (loadError) {
    return (
      <div className="review-screen-message">
        <p role="alert" className="error-box">
          Không mở được trường hợp: {loadError}
        </p>
        {backToLot}
      </div>
    );
  }
  if (!entry) {
    return (
      <p className="review-screen-message" role="status">
        Đang tải trường hợp…
      </p>
    );
  }

  const blind = blindFields(entry);
  const judgedHere = entry.fields.filter((field) => field.verdict !== null).length;

  return (
    <div className="review-screen" data-entry-id={entry.entryId}>
      <div className="review-bar">
        {backToLot}
        <p className="review-progress" aria-live="polite" data-testid="review-progress">
          {place && place.position > 0
            ? `Mục ${place.position}/${place.total}, đã kiểm ${place.judged}`
            : 'Trường hợp không thuộc mẫu'}
        </p>
        <button
          type="button"
          onClick={() => previousEntryId && onNavigate(previousEntryId)}
          disabled={!previousEntryId}
        >
          ← Mục trước (Alt + ←)
        </button>
        <button type="button" onClick={() => nextEntryId && onNavigate(nextEntryId)} disabled={!nextEntryId}>
          Mục sau (Alt + →) →
        </button>
        <p className="review-reasons">
          Lý do chọn: {entry.reasons.map((reason) => SAMPLE_REASON_LABELS[reason]).join('; ')}
        </p>
      </div>
      <p className="review-shortcuts">
        <strong>Phím tắt:</strong>
        {REVIEW_SHORTCUTS.map(([keys, what]) => (
          <span key={keys}>
            <kbd>{keys}</kbd> {what}
          </span>
        ))}
      </p>
      {place?.complete && (
        <p className="review-complete" role="status">
          Đã kiểm xong cả mẫu ({place.judged}/{place.total}).{' '}
          <a
            href={lotHref}
            onClick={(event) => {
              event.preventDefault();
              onNavigate(null);
            }}
          >
            Về trang lô để quyết định nghiệm thu
          </a>
        </p>
      )}
      <div className="review-columns">
        <section className="review-page-side" ref={pageSide} aria-label="Ảnh trang sổ">
          <div className="review-page-tools">
            {entry.pages.length > 1 && (
              <div role="group" aria-label="Trang của trường hợp">
                {entry.pages.map((p, index) => (
                  <button
                    key={p.pageId}
                    type="button"
                    aria-pressed={index === pageIndex}
                    onClick={() => setPageIndex(index)}
                  >
                    Trang {p.pageNo}
                  </button>
                ))}
              </div>
            )}
            {entry.pages.length === 1 && page && <span>Trang {page.pageNo}</span>}
            <button type="button" onClick={() => zoomStep(-1)} aria-label="Thu nhỏ (Alt + -)">
              −
            </button>
            <button type="button" onClick={() => zoomStep(1)} aria-label="Phóng to (Alt + =)">
              +
            </button>
            <button type="button" onClick={() => setZoom('fit-width')} aria-pressed={zoom === 'fit-width'}>
              Vừa chiều rộng
            </button>
            <button type="button" onClick={() => setZoom('fit-page')} aria-pressed={zoom === 'fit-page'}>
              Vừa trang
            </button>
          </div>
          {entry.pages.length === 0 ? (
            <p className="viewer-empty">Trường hợp này chưa gắn với trang nào của sổ.</p>
          ) : (
            <PageViewer
              renderer={renderer}
              pages={pages}
              pageIndex={pageIndex}
              zoom={zoom}
              adjustments={NO_ADJUSTMENTS}
              boxes={boxes}
              drawing={false}
              onDrawn={() => undefined}
              onZoomStep={zoomStep}
              onScale={onScale}
            />
          )}
          {page && !page.rect && <p className="review-note">Người nhập chưa khoanh vùng trường hợp trên trang này.</p>}
        </section>

        <section className="review-entry-side" aria-label="Trường hợp như người nhập đã ghi">
          {actionError && (
            <p role="alert" className="error-box">
              {actionError}
            </p>
          )}
          {entry.warnings.length > 0 && (
            <ul className="review-warnings" aria-label="Cảnh báo của quy tắc">
              {entry.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
          {entry.blindPending ? (
            <form className="review-blind" onSubmit={(event) => void submitBlind(event)}>
              <h2>Bạn đọc được gì trên trang?</h2>
              <p className="review-note">
                Đọc các ô quan trọng trên ảnh và gõ lại, trước khi xem giá trị người nhập đã ghi. Ô trang không ghi thì
                để trống.
              </p>
              {blind.map((field, index) => (
                <label key={field.path} className="review-blind-field">
                  <span>{field.label}</span>
                  <input
                    ref={index === 0 ? firstBlindInput : undefined}
                    name={field.path}
                    autoComplete="off"
                    value={blindValues[field.path] ?? ''}
                    onChange={(event) => setBlindValues((values) => ({ ...values, [field.path]: event.target.value }))}
                  />
                </label>
              ))}
              <button type="submit" disabled={blindBusy}>
                {blindBusy ? 'Đang ghi…' : 'Ghi kết quả đọc (Enter)'}
              </button>
            </form>
          ) : (
            <>
              <h2 className="review-fields-title">
                Các ô ({judgedHere}/{entry.fields.length} đã kiểm)
              </h2>
              <ol className="review-fields" ref={fieldList} aria-label="Các ô của trường hợp">
                {entry.fields.map((field, index) => (
                  <FieldRow
                    key={field.path}
                    field={field}
                    index={index}
                    current={index === focusIndex}
                    onFocus={() => setFocusIndex(index)}
                    onOk={() => judgeOk(index)}
                    onWrong={() => openWrong(index)}
                  />
                ))}
              </ol>
              <button type="button" className="review-rest-ok" onClick={markRestOk}>
                Các ô còn lại đúng (C)
              </button>
            </>
          )}
          <p className="review-meta">
            Người nhập: {entry.createdBy}
            {entry.updatedBy !== entry.createdBy ? `; sửa lần cuối: ${entry.updatedBy}` : ''} — phiên bản{' '}
            {entry.entryVersion}
          </p>
        </section>
      </div>

      {dialog && (
        <div className="review-dialog-place">
          {/* Beside the page, not over it: the reviewer reads the image while typing the value. */}
          <form className="review-dialog" role="dialog" aria-labelledby="review-dialog-title" onSubmit={confirmWrong}>
            <h2 id="review-dialog-title">Sai: {dialog.label}</h2>
            <label>
              <span>Giá trị đọc được trên trang</span>
              <input
                ref={dialogInput}
                autoComplete="off"
                value={dialog.readValue}
                onChange={(event) => setDialog({ ...dialog, readValue: event.target.value })}
              />
            </label>
            <label>
              <span>Ghi chú</span>
              <input
                autoComplete="off"
                value={dialog.note}
                onChange={(event) => setDialog({ ...dialog, note: event.target.value })}
              />
            </label>
            <p className="review-note">Để trống giá trị nếu trang không ghi gì ở ô này.</p>
            <div className="review-dialog-actions">
              <button type="submit">Ghi: Sai (Enter)</button>
              <button type="button" onClick={closeDialog}>
                Hủy (Esc)
              </button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}

const STATUS_TEXT: Record<ReturnType<typeof fieldStatus>, string> = {
  unchecked: 'Chưa kiểm',
  disagrees: 'Đọc độc lập khác người nhập',
  'blind-match': 'Đúng (khớp khi đọc độc lập)',
  ok: 'Đúng',
  wrong: 'Sai',
};

function FieldRow(props: {
  field: ReviewField;
  index: number;
  current: boolean;
  onFocus(): void;
  onOk(): void;
  onWrong(): void;
}) {
  const { field, index, current, onFocus, onOk, onWrong } = props;
  const status = fieldStatus(field);
  const labelId = `review-field-${index}`;
  return (
    <li
      className={`review-field status-${status}${current ? ' current' : ''}`}
      tabIndex={current ? 0 : -1}
      data-field-index={index}
      data-path={field.path}
      data-status={status}
      aria-labelledby={labelId}
      aria-describedby={`${labelId}-status`}
      onFocus={onFocus}
    >
      <div className="review-field-head">
        <span id={labelId} className="review-field-label">
          {field.label}
          {field.critical && <span className="review-critical"> (quan trọng)</span>}
        </span>
        <span id={`${labelId}-status`} className="review-field-status">
          {STATUS_TEXT[status]}
        </span>
      </div>
      {status === 'disagrees' ? (
        <div className="review-disagreement">
          <p>
            Người nhập: <strong>{shownValue(field.value)}</strong>
          </p>
          <p>
            Bạn đọc: <strong>{shownValue(field.blindValue)}</strong>
          </p>
          <p className="review-note">Đối chiếu với ảnh trang rồi chọn:</p>
        </div>
      ) : (
        <p className="review-field-value">{shownValue(field.value)}</p>
      )}
      {field.mark && <p className="review-field-mark">Đánh dấu của người nhập: {field.mark}</p>}
      {field.verdict === 'wrong' && (
        <p className="review-field-read">
          Đọc được trên trang: <strong>{shownValue(field.readValue)}</strong>
          {field.note ? ` — ${field.note}` : ''}
        </p>
      )}
      <div className="review-field-actions">
        <button type="button" tabIndex={-1} onClick={onOk} aria-pressed={field.verdict === 'ok'}>
          {status === 'disagrees' ? 'Đúng (người nhập đúng)' : 'Đúng (Đ)'}
        </button>
        <button type="button" tabIndex={-1} onClick={onWrong} aria-pressed={field.verdict === 'wrong'}>
          Sai (S)
        </button>
      </div>
    </li>
  );
}
