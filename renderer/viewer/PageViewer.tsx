/**
 * The scanned page, as a clerk reads it all day: zoom (buttons, Ctrl+wheel, keys), pan by
 * dragging, turn sideways photos, brightness/contrast/invert for faded ink, and the boxes of
 * the entries on the page (drawn by dragging in "khoanh vùng" mode).
 */
import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { PageInfo } from '../../shared/books/book';
import {
  displayRectToPage,
  displaySize,
  pageRectToDisplay,
  rectFromDrag,
  type NormRect,
} from '../../shared/viewer/geometry';
import type { Zoom } from '../../shared/viewer/viewer';
import { naturalSize, type PageRenderer } from './page-renderer';

const PADDING = 12;
/** A4 portrait at 100%, for pages whose size is not known yet. */
const DEFAULT_SIZE = { width: 794, height: 1123 };

export interface PageBox {
  id: string;
  rect: NormRect;
  label: string;
  selected: boolean;
}

export interface ImageAdjustments {
  brightness: number;
  contrast: number;
  invert: boolean;
}

/** The width in CSS pixels at which a page is shown for a zoom setting and a viewport. */
export function shownWidth(page: PageInfo, zoom: Zoom, viewport: { width: number; height: number }): number {
  const natural = naturalSize(page) ?? DEFAULT_SIZE;
  const shown = displaySize(natural.width, natural.height, page.rotation);
  const room = {
    width: Math.max(100, viewport.width - 2 * PADDING),
    height: Math.max(100, viewport.height - 2 * PADDING),
  };
  if (zoom === 'fit-width') return room.width;
  if (zoom === 'fit-page') return Math.min(room.width, (room.height * shown.width) / shown.height);
  return shown.width * zoom;
}

/** The scale (1 = 100%) at which a page is shown. */
export function shownScale(page: PageInfo, width: number): number {
  const natural = naturalSize(page) ?? DEFAULT_SIZE;
  return width / displaySize(natural.width, natural.height, page.rotation).width;
}

interface Props {
  renderer: PageRenderer;
  pages: PageInfo[];
  pageIndex: number;
  zoom: Zoom;
  adjustments: ImageAdjustments;
  boxes: PageBox[];
  drawing: boolean;
  draft?: NormRect;
  onDrawn: (rect: NormRect) => void;
  onZoomStep: (direction: 1 | -1) => void;
  /** Reports the scale actually shown, so that +/- can start from "fit width". */
  onScale: (scale: number) => void;
}

export function PageViewer(props: Props) {
  const { renderer, pages, pageIndex, zoom, adjustments, boxes, drawing, draft, onDrawn, onZoomStep, onScale } = props;
  const page = pages[pageIndex];
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [viewport, setViewport] = useState({ width: 800, height: 600 });
  const [failedKey, setFailedKey] = useState<string>();
  const [dragRect, setDragRect] = useState<NormRect>();
  const drag = useRef<
    { kind: 'pan'; x: number; y: number; left: number; top: number } | { kind: 'draw'; start: [number, number] }
  >(undefined);

  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setViewport({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const width = page ? shownWidth(page, zoom, viewport) : 0;
  const natural = page ? (naturalSize(page) ?? DEFAULT_SIZE) : DEFAULT_SIZE;
  const shown = page ? displaySize(natural.width, natural.height, page.rotation) : DEFAULT_SIZE;
  const height = (width * shown.height) / shown.width;
  const renderKey = page ? `${page.id}:${page.rotation}:${Math.round(width)}` : '';

  useEffect(() => {
    if (page) onScale(shownScale(page, width));
  }, [page, width, onScale]);

  useEffect(() => {
    const target = canvas.current;
    if (!page || !target) return;
    let current = true;
    target.removeAttribute('data-rendered-page');
    target.removeAttribute('data-full-page');
    const draw = (bitmap: ImageBitmap) => {
      target.width = bitmap.width;
      target.height = bitmap.height;
      target.getContext('2d')!.drawImage(bitmap, 0, 0);
    };
    renderer.render(page, page.rotation, width).then(
      ({ bitmap, full }) => {
        renderer.pageShown();
        if (!current) return;
        draw(bitmap);
        target.setAttribute('data-rendered-page', String(page.pageNo));
        if (full) target.setAttribute('data-full-page', String(page.pageNo));
        // Shown larger than its screen rendition: the original follows, in full quality.
        else
          renderer.renderFull(page, page.rotation, width).then(
            (original) => {
              if (!current) return;
              draw(original.bitmap);
              target.setAttribute('data-full-page', String(page.pageNo));
            },
            () => {}, // the rendition stays on screen
          );
        // Turning the page should feel instant: draw the neighbours while the clerk types.
        for (const neighbour of [pages[pageIndex + 1], pages[pageIndex - 1]]) {
          if (neighbour)
            void renderer.render(neighbour, neighbour.rotation, shownWidth(neighbour, zoom, viewport)).catch(() => {});
        }
      },
      () => {
        renderer.pageShown();
        if (current) setFailedKey(renderKey);
      },
    );
    return () => {
      current = false;
    };
    // renderKey stands for page id, rotation and width.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [renderKey, renderer]);

  // Ctrl+wheel zooms (a plain wheel scrolls the page, as everywhere else).
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      onZoomStep(event.deltaY < 0 ? 1 : -1);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [onZoomStep]);

  function pointOnPage(event: ReactPointerEvent): [number, number] {
    const box = canvas.current!.getBoundingClientRect();
    return [(event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height];
  }

  function onPointerDown(event: ReactPointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || !frame.current) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    if (drawing) {
      drag.current = { kind: 'draw', start: pointOnPage(event) };
    } else {
      drag.current = {
        kind: 'pan',
        x: event.clientX,
        y: event.clientY,
        left: frame.current.scrollLeft,
        top: frame.current.scrollTop,
      };
    }
  }

  function onPointerMove(event: ReactPointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d || !frame.current) return;
    if (d.kind === 'pan') {
      frame.current.scrollLeft = d.left - (event.clientX - d.x);
      frame.current.scrollTop = d.top - (event.clientY - d.y);
    } else {
      setDragRect(rectFromDrag(d.start, pointOnPage(event)));
    }
  }

  function onPointerUp(event: ReactPointerEvent<HTMLDivElement>) {
    const d = drag.current;
    drag.current = undefined;
    if (d?.kind === 'draw' && page) {
      const rect = rectFromDrag(d.start, pointOnPage(event));
      setDragRect(undefined);
      // A click is not a box: ignore rectangles smaller than 1% of the page.
      if (rect.w > 0.01 && rect.h > 0.01) onDrawn(displayRectToPage(rect, page.rotation));
    }
  }

  if (!page) return <p className="viewer-empty">Sổ chưa có trang nào.</p>;

  const filter = `brightness(${adjustments.brightness}%) contrast(${adjustments.contrast}%)${adjustments.invert ? ' invert(1)' : ''}`;
  const place = (rect: NormRect) => {
    const r = pageRectToDisplay(rect, page.rotation);
    return { left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.w * 100}%`, height: `${r.h * 100}%` };
  };

  return (
    <div
      ref={frame}
      className={`page-frame${drawing ? ' drawing' : ''}`}
      tabIndex={0}
      role="region"
      aria-label={`Ảnh trang ${page.pageNo} (kéo để di chuyển, Ctrl + lăn chuột để phóng to)`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
    >
      {failedKey === renderKey ? (
        <p role="alert" className="error-box">
          Không hiển thị được trang {page.pageNo}: tệp scan không đọc được.
        </p>
      ) : (
        <div className="page-sheet" style={{ width: `${width}px`, height: `${height}px` }}>
          <canvas
            ref={canvas}
            className="page-canvas"
            role="img"
            aria-label={`Ảnh scan trang ${page.pageNo}`}
            style={{ width: `${width}px`, height: `${height}px`, filter }}
          />
          {boxes.map((box) => (
            <div
              key={box.id}
              className={`entry-box${box.selected ? ' selected' : ''}`}
              style={place(box.rect)}
              title={box.label}
              data-entry-box={box.id}
            />
          ))}
          {draft && (
            <div
              className="entry-box draft"
              style={place(draft)}
              data-entry-box="draft"
              title="Vùng của trường hợp đang nhập"
            />
          )}
          {dragRect && (
            <div
              className="entry-box drawing"
              style={{
                left: `${dragRect.x * 100}%`,
                top: `${dragRect.y * 100}%`,
                width: `${dragRect.w * 100}%`,
                height: `${dragRect.h * 100}%`,
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}
