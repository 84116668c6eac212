/**
 * Draws book pages into bitmaps: PDF pages with pdf.js (in its worker), images decoded by the
 * browser at the size they are shown. A page with a screen rendition made at import (viewSha256)
 * is drawn from it first, which needs neither pdf.js nor a full-size decode; the original follows
 * (`renderFull`) only when the page is shown larger than the rendition. A small LRU of finished bitmaps keeps the previous and
 * next pages ready, so turning a page is instant while memory stays bounded on a 500-page book.
 * The scan files' address is given by the app that uses it (the desktop's transport, the hub).
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { VIEW_MAX_SIDE, type PageInfo, type Rotation } from '../../shared/books/book';
import { displaySize } from '../../shared/viewer/geometry';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** Bitmaps wider than this are not worth their memory: beyond it, zoom enlarges the bitmap. */
const MAX_BITMAP_WIDTH = 3200;
/** Widths are rounded up to this step so that small layout changes reuse the same bitmap. */
const WIDTH_STEP = 64;

class Lru<V> {
  private readonly items = new Map<string, V>();
  constructor(
    private readonly capacity: number,
    private readonly evict: (value: V) => void,
  ) {}
  get(key: string): V | undefined {
    const value = this.items.get(key);
    if (value !== undefined) {
      this.items.delete(key);
      this.items.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.items.delete(key);
    this.items.set(key, value);
    while (this.items.size > this.capacity) {
      const [oldest, old] = this.items.entries().next().value as [string, V];
      this.items.delete(oldest);
      this.evict(old);
    }
  }
  delete(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    for (const value of this.items.values()) this.evict(value);
    this.items.clear();
  }
}

export interface RenderedPage {
  bitmap: ImageBitmap;
  /** Shown size at which the bitmap was made, for rectangles and pointer maths. */
  width: number;
  height: number;
  /** False when drawn from the screen rendition below the asked resolution: `renderFull` gives the original. */
  full: boolean;
}

/** The page's size as shown at rotation 0, before the clerk's turn. */
export function naturalSize(page: PageInfo): { width: number; height: number } | undefined {
  if (!page.width || !page.height) return undefined;
  // PDF sizes are in points: 100% shows them at 96 CSS pixels per inch, like pdf.js does.
  const unit = page.mediaType === 'application/pdf' ? 96 / 72 : 1;
  return { width: page.width * unit, height: page.height * unit };
}

export class PageRenderer {
  private readonly documents = new Map<string, pdfjs.PDFDocumentLoadingTask>();
  private readonly pages = new Lru<Promise<RenderedPage>>(
    7,
    (p) =>
      void p.then(
        (r) => r.bitmap.close(),
        () => {},
      ),
  );
  private readonly thumbs = new Lru<Promise<string>>(
    80,
    (p) =>
      void p.then(
        (url) => URL.revokeObjectURL(url),
        () => {},
      ),
  );
  private destroyed = false;

  /** `scanUrl`: where the scan file with this SHA-256 is read from. */
  constructor(private readonly scanUrl: (sha256: string) => string) {}

  private pdf(sha256: string): Promise<pdfjs.PDFDocumentProxy> {
    let task = this.documents.get(sha256);
    if (!task) {
      // Ranges only: a 300-page book is read page by page, never loaded whole into memory.
      task = pdfjs.getDocument({
        url: this.scanUrl(sha256),
        withCredentials: true,
        disableAutoFetch: true,
        disableStream: true,
      });
      task.promise.catch(() => this.documents.delete(sha256));
      this.documents.set(sha256, task);
    }
    return task.promise;
  }

  /**
   * The page drawn `cssWidth` CSS pixels wide (after rotation), at the screen's pixel density:
   * from its screen rendition when it has one (see `full`), else from the original.
   */
  render(page: PageInfo, rotation: Rotation, cssWidth: number): Promise<RenderedPage> {
    if (!page.viewSha256) return this.renderFull(page, rotation, cssWidth);
    const pixelWidth = this.pixelWidth(cssWidth);
    return this.cached(`${page.id}:${rotation}:${pixelWidth}:view`, () =>
      this.renderView(page, rotation, pixelWidth).catch(() => this.renderFull(page, rotation, cssWidth)),
    );
  }

  /** The page drawn from its original file (full quality, for zoom). */
  renderFull(page: PageInfo, rotation: Rotation, cssWidth: number): Promise<RenderedPage> {
    const pixelWidth = this.pixelWidth(cssWidth);
    return this.cached(`${page.id}:${rotation}:${pixelWidth}`, () =>
      page.mediaType === 'application/pdf'
        ? this.renderPdf(page, rotation, pixelWidth)
        : this.renderImage(page, rotation, pixelWidth, page.displaySha256 ?? page.sha256),
    );
  }

  /**
   * Called when the viewer has drawn its first page (or failed to): thumbnails wait for it, so
   * that the page the clerk came for is never queued behind them.
   */
  pageShown(): void {
    this.releaseThumbnails();
  }

  private releaseThumbnails: () => void = () => {};
  /** Settles when the viewer has drawn its first page (or failed to). */
  private readonly firstPageShown = new Promise<void>((resolve) => {
    this.releaseThumbnails = resolve;
  });

  private pixelWidth(cssWidth: number): number {
    const ratio = window.devicePixelRatio || 1;
    return Math.min(MAX_BITMAP_WIDTH, Math.ceil((cssWidth * ratio) / WIDTH_STEP) * WIDTH_STEP);
  }

  private cached(key: string, make: () => Promise<RenderedPage>): Promise<RenderedPage> {
    let rendered = this.pages.get(key);
    if (!rendered) {
      rendered = make();
      rendered.catch(() => this.pages.delete(key));
      this.pages.set(key, rendered);
    }
    return rendered;
  }

  /** From the screen rendition: the whole page, upright, its long side at most VIEW_MAX_SIDE. */
  private async renderView(page: PageInfo, rotation: Rotation, pixelWidth: number): Promise<RenderedPage> {
    const natural = naturalSize(page);
    const drawn = await this.renderImage(page, rotation, pixelWidth, page.viewSha256!, natural);
    // The rendition's pixels, as shown: scans in a PDF are taken to have at least as many.
    const long = natural ? Math.max(natural.width, natural.height) : VIEW_MAX_SIDE;
    const scale = page.mediaType === 'application/pdf' ? VIEW_MAX_SIDE / long : Math.min(1, VIEW_MAX_SIDE / long);
    const viewWidth = natural ? displaySize(natural.width, natural.height, rotation).width * scale : 0;
    return { ...drawn, full: pixelWidth <= Math.ceil(viewWidth) + 1 };
  }

  private async renderPdf(page: PageInfo, rotation: Rotation, pixelWidth: number): Promise<RenderedPage> {
    const doc = await this.pdf(page.sha256);
    const pdfPage = await doc.getPage(page.indexInFile + 1);
    const turn = (pdfPage.rotate + rotation) % 360;
    const base = pdfPage.getViewport({ scale: 1, rotation: turn });
    const viewport = pdfPage.getViewport({ scale: pixelWidth / base.width, rotation: turn });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    try {
      await pdfPage.render({ canvas, viewport }).promise;
      const bitmap = await createImageBitmap(canvas);
      return { bitmap, width: base.width * (96 / 72), height: base.height * (96 / 72), full: true };
    } finally {
      canvas.width = 0; // hand the canvas memory back at once
      pdfPage.cleanup();
    }
  }

  /**
   * An image file drawn upright at `pixelWidth`; `natural` is the page's size as shown at 100%
   * (the image's own, or the PDF page's for a rendition of one).
   */
  private async renderImage(
    page: PageInfo,
    rotation: Rotation,
    pixelWidth: number,
    sha256: string,
    known = naturalSize(page),
  ): Promise<RenderedPage> {
    const response = await fetch(this.scanUrl(sha256), { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`scan ${response.status}`);
    const blob = await response.blob();
    let natural = known;
    if (!natural) {
      const probe = await createImageBitmap(blob);
      natural = { width: probe.width, height: probe.height };
      probe.close();
    }
    const shown = displaySize(natural.width, natural.height, rotation);
    const scale = pixelWidth / shown.width;
    const upright = await createImageBitmap(blob, {
      resizeWidth: Math.max(1, Math.round(natural.width * scale)),
      resizeHeight: Math.max(1, Math.round(natural.height * scale)),
      resizeQuality: 'high',
      imageOrientation: 'from-image',
    });
    if (rotation === 0) return { bitmap: upright, ...natural, full: true };
    const canvas = document.createElement('canvas');
    const turned = displaySize(upright.width, upright.height, rotation);
    canvas.width = turned.width;
    canvas.height = turned.height;
    const ctx = canvas.getContext('2d')!;
    ctx.translate(canvas.width / 2, canvas.height / 2);
    ctx.rotate((rotation * Math.PI) / 180);
    ctx.drawImage(upright, -upright.width / 2, -upright.height / 2);
    upright.close();
    const bitmap = await createImageBitmap(canvas);
    canvas.width = 0;
    return { bitmap, ...shown, full: true };
  }

  /** A small picture of the page for the thumbnail strip (its URL), once the first page is shown. */
  async thumbnail(page: PageInfo): Promise<string> {
    await this.firstPageShown;
    if (page.thumbSha256) return this.scanUrl(page.thumbSha256);
    const key = `${page.id}:${page.rotation}`;
    let url = this.thumbs.get(key);
    if (!url) {
      url = this.renderThumb(page);
      url.catch(() => this.thumbs.delete(key));
      this.thumbs.set(key, url);
    }
    return url;
  }

  private async renderThumb(page: PageInfo): Promise<string> {
    const doc = await this.pdf(page.sha256);
    const pdfPage = await doc.getPage(page.indexInFile + 1);
    const turn = (pdfPage.rotate + page.rotation) % 360;
    const base = pdfPage.getViewport({ scale: 1, rotation: turn });
    const viewport = pdfPage.getViewport({ scale: 160 / base.width, rotation: turn });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    try {
      await pdfPage.render({ canvas, viewport }).promise;
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7));
      if (!blob) throw new Error('thumbnail');
      return URL.createObjectURL(blob);
    } finally {
      canvas.width = 0;
      pdfPage.cleanup();
    }
  }

  /** Closes the book's documents and frees every bitmap. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.pages.clear();
    this.thumbs.clear();
    for (const task of this.documents.values()) void task.destroy();
    this.documents.clear();
  }
}
