/**
 * Scan viewer bench: imports two fixture books through the real backend (a 300-page PDF of
 * 300-dpi page images, a folder of 200 phone photos), fills each with 10 000 entries (a full
 * book: the first page must not wait for its entry list), then opens each in Chromium through
 * the real web host and measures the first page and page turns, beside floors measured in the
 * same page: a bare pdf.js render of the PDF's first page, a decode of the first photo (original
 * and screen rendition), and pdftoppm when the machine has it.
 *
 * A page counts as drawn when the viewer's <canvas>/<img> carries data-rendered-page="<pageNo>"
 * and is visible. Times are taken inside the page: from navigation start (first page) or from the
 * click event on "Trang sau" (next page) to the moment that attribute appears.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { openGate } from '../../electron/backend/accounts/gate';
import type { Backend } from '../../electron/backend/app';
import { standaloneControl } from '../../electron/backend/jobs/jobs';
import { MIGRATIONS_DIR, RENDERER_DIST_DIR } from '../../electron/backend/source-paths';
import { startWebHost } from '../../electron/web-host/server';
import type { BookDetail, BookMetadata } from '../../shared/books/book';
import { sortByName } from '../../shared/text/natural-sort';
import { ensureFixtures, ROOT } from './fixtures';
import { barePdfJsFirstPage } from './pdf-floor';
import { chromiumProcesses } from './process-memory';
import {
  MB,
  median,
  percentile,
  progress,
  withPeakRss,
  type BenchResult,
  type Figure,
  type FigureGroup,
} from './report';

/** One volume per book: the entries of one must not count as duplicates of the other's. */
const METADATA = (key: 'pdf' | 'photos'): BookMetadata => ({
  type: 'GH',
  office: 'UBND xã Bench',
  volume: VOLUMES[key],
  yearOpened: 2018,
});
const VOLUMES = { pdf: '01/2018', photos: '02/2018' } as const;

/** Page turns per variant and book. */
const TURNS = 60;
/** Pause after a page is drawn before the next turn: time for the viewer to pre-render. */
const READING_PAUSE_MS = 300;
const FIRST_PAGE_TIMEOUT_MS = 60_000;
const PAGE_TIMEOUT_MS = 30_000;
const MEMORY_SAMPLE_MS = 250;
const VIEWPORT = { width: 1920, height: 1080 };
const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Entries put into each book before it is opened. */
const ENTRIES_PER_BOOK = 10_000;

const AIM_FIRST_PAGE = {
  pdf: { max: 500, text: '≤ 500 ms' },
  photos: { max: 300, text: '≤ 300 ms' },
} as const;
const AIM_NEXT_PAGE = { max: 100, text: 'p95 < 100 ms' };
const AIM_RAPID_PAGE = { max: 150, text: 'p95 ≤ 150 ms' };
const AIM_RENDERER_RSS = { max: 600, text: '< 600 MB' };

interface ProbeApi {
  firstPage(timeoutMs: number): Promise<{ page: number; at: number }>;
  waitForPage(pageNo: number, timeoutMs: number): Promise<{ at: number; inputAt: number }>;
}

declare global {
  interface Window {
    __sohoaBench?: ProbeApi;
  }
}

/**
 * Runs in the page before the app (an init script). Records, per page number, when an element
 * with data-rendered-page is first seen visible after the last click or key press, checking on
 * every DOM change (MutationObserver) and every frame (for elements that become visible later).
 */
function installProbe(): void {
  const ATTRIBUTE = 'data-rendered-page';
  let inputAt = -1;
  let seen = new Map<number, number>();
  let first: { page: number; at: number } | undefined;
  const listeners = new Set<() => void>();
  const visible = (el: Element) => typeof el.checkVisibility !== 'function' || el.checkVisibility();
  const scan = () => {
    const now = performance.now();
    for (const el of document.querySelectorAll(`[${ATTRIBUTE}]`)) {
      const pageNo = Number(el.getAttribute(ATTRIBUTE));
      if (!Number.isInteger(pageNo) || seen.has(pageNo) || !visible(el)) continue;
      seen.set(pageNo, now);
      first ??= { page: pageNo, at: now };
    }
    for (const listener of [...listeners]) listener();
  };
  new MutationObserver(scan).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: [ATTRIBUTE],
  });
  const everyFrame = () => {
    scan();
    requestAnimationFrame(everyFrame);
  };
  requestAnimationFrame(everyFrame);
  const onInput = (event: Event) => {
    // The event's own time stamp includes any wait for a busy main thread, as the clerk feels it.
    const now = performance.now();
    inputAt = event.timeStamp > 0 && event.timeStamp <= now ? event.timeStamp : now;
    seen = new Map();
  };
  window.addEventListener('click', onInput, true);
  window.addEventListener('keydown', onInput, true);
  const until = <T>(get: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      const check = () => {
        const value = get();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no element with [${ATTRIBUTE}] for ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  window.__sohoaBench = {
    firstPage: (timeoutMs) => until(() => first, timeoutMs, 'any page'),
    waitForPage: (pageNo, timeoutMs) =>
      until(
        () => {
          const at = seen.get(pageNo);
          return at === undefined ? undefined : { at, inputAt };
        },
        timeoutMs,
        `page ${pageNo}`,
      ),
  };
}

async function buildRenderer(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD === '1') {
    await fs.access(path.join(RENDERER_DIST_DIR, 'index.html'));
    progress('BENCH_SKIP_BUILD=1: using the existing dist-renderer/');
    return;
  }
  progress('building the renderer (vite build)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
      cwd: ROOT,
      // Keep stdout for the results: the build's output goes to stderr.
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code})`))));
  });
}

interface BookUnderTest {
  key: 'pdf' | 'photos';
  /** The floor of its first page, measured in this run (the PDF book only: bare pdf.js). */
  firstPageFloor?: Figure['floor'];
  title: string;
  bookId: string;
  pageCount: number;
  pages: BookDetail['pages'];
  /** The scan file behind the first page, for the floors. */
  firstFile: string;
  figures: Figure[];
}

async function importBook(
  backend: Backend,
  key: BookUnderTest['key'],
  title: string,
  sources: { path: string; name: string }[],
  expectedPages: number,
  errors: string[],
): Promise<BookUnderTest | undefined> {
  progress(`importing ${title}…`);
  let lastPrint = 0;
  const control = standaloneControl((p) => {
    if (performance.now() - lastPrint < 2000) return;
    lastPrint = performance.now();
    progress(`  ${p.done}/${p.total} ${p.message}`);
  });
  try {
    const { result, ms, rssBefore, peakRss } = await withPeakRss(() =>
      backend.services.books.importBook(METADATA(key), sources, control),
    );
    const pageCount = result.book.pages.length;
    progress(`  imported in ${(ms / 1000).toFixed(1)} s, ${pageCount} pages, ${result.skipped.length} skipped`);
    if (result.skipped.length > 0) {
      errors.push(`${title}: ${result.skipped.length} files skipped, e.g. ${JSON.stringify(result.skipped[0])}`);
    }
    if (pageCount !== expectedPages) errors.push(`${title}: ${pageCount} pages imported, ${expectedPages} expected`);
    return {
      key,
      title,
      bookId: result.book.id,
      pageCount,
      pages: result.book.pages,
      firstFile: sources[0]!.path,
      figures: [
        { key: `${key}.import_ms`, label: 'Import (backend importBook)', value: ms, unit: 'ms' },
        {
          key: `${key}.import_peak_rss_mb`,
          label: 'Import: peak RSS of the Node process',
          value: peakRss / MB,
          unit: 'MB',
          note: `${(rssBefore / MB).toFixed(0)} MB before the import`,
        },
      ],
    };
  } catch (error) {
    errors.push(`${title}: import failed: ${(error as Error).stack ?? String(error)}`);
    return undefined;
  }
}

/** A guardianship entry (GH) on page `pageNo`, as a clerk would have typed it. */
function benchEntry(key: BookUnderTest['key'], n: number, pageNo: number) {
  return {
    so: `${String(n).padStart(5, '0')}/2018`,
    quyenSo: VOLUMES[key],
    trangSo: pageNo,
    ngayDangKy: '2018-03-05',
    loaiGiamHo: 'cu',
    nguoiGiamHo: [{ hoTen: `Nguyễn Văn Giám ${n}`, ngaySinh: '1960' }],
    nguoiDuocGiamHo: { hoTen: `Lê Thị Được ${n}`, ngaySinh: '2010-07-12', danToc: 'Kinh' },
    nguoiKy: 'Nguyễn Văn Tư',
    chucVuNguoiKy: 'Chủ tịch UBND xã',
  };
}

/** Fills the book with ENTRIES_PER_BOOK entries spread over its pages (page 1 among them). */
async function fillBook(backend: Backend, book: BookUnderTest, errors: string[]): Promise<void> {
  progress(`${book.title}: adding ${ENTRIES_PER_BOOK} entries…`);
  const started = performance.now();
  const items = Array.from({ length: ENTRIES_PER_BOOK }, (_, i) => {
    const page = book.pages[i % book.pages.length]!;
    return { data: benchEntry(book.key, i + 1, page.pageNo), pages: [{ pageId: page.id }] };
  });
  try {
    const result = await backend.services.records.importMany(book.bookId, items, { skipInvalid: false, pauseMs: 0 });
    if (result.rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(result.rejected[0])}`);
    progress(`  ${ENTRIES_PER_BOOK} entries in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    errors.push(`${book.title}: filling with entries failed: ${(error as Error).message}`);
  }
}

/** Served to the page under the host's origin, for the bare pdf.js floor. */
const FLOOR_PREFIX = '/__bench-floor/';
const PDFJS_FILES: Record<string, string> = {
  'pdf.mjs': path.join(ROOT, 'node_modules/pdfjs-dist/build/pdf.min.mjs'),
  'pdf.worker.mjs': path.join(ROOT, 'node_modules/pdfjs-dist/build/pdf.worker.min.mjs'),
};

/**
 * Floors of the first page, measured in the app's own page (same origin, same cookies) once the
 * app's figures are taken: the least work that shows the same page at the same canvas width.
 */
async function firstPageFloors(page: Page, book: BookUnderTest): Promise<Figure[]> {
  const first = book.pages[0]!;
  const canvasWidth = await page
    .locator('canvas.page-canvas')
    .evaluate((c: HTMLCanvasElement) => c.width)
    .catch(() => 1000);
  const figures: Figure[] = [];
  if (first.mediaType === 'application/pdf') {
    const ms = await page.evaluate(
      async ({ prefix, url, pixelWidth }) => {
        const started = performance.now();
        const pdfjs = (await import(/* @vite-ignore */ `${prefix}pdf.mjs`)) as typeof import('pdfjs-dist');
        pdfjs.GlobalWorkerOptions.workerSrc = `${prefix}pdf.worker.mjs`;
        const task = pdfjs.getDocument({ url, withCredentials: true, disableAutoFetch: true, disableStream: true });
        const doc = await task.promise;
        const pdfPage = await doc.getPage(1);
        const base = pdfPage.getViewport({ scale: 1 });
        const viewport = pdfPage.getViewport({ scale: pixelWidth / base.width });
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(viewport.width);
        canvas.height = Math.round(viewport.height);
        await pdfPage.render({ canvas, viewport }).promise;
        const bitmap = await createImageBitmap(canvas);
        const took = performance.now() - started;
        bitmap.close();
        await task.destroy();
        return took;
      },
      { prefix: FLOOR_PREFIX, url: `/scan/${first.sha256}`, pixelWidth: canvasWidth },
    );
    figures.push({
      key: `${book.key}.first_page_floor_pdfjs_ms`,
      label: 'Floor: bare pdf.js, first page at the same width (fresh worker)',
      value: ms,
      unit: 'ms',
    });
    figures.push(await pdftoppmFloor(book));
  }
  const decode = (sha256: string) =>
    page.evaluate(
      async ({ url, pixelWidth }) => {
        const started = performance.now();
        const blob = await (await fetch(url, { cache: 'no-store', credentials: 'same-origin' })).blob();
        const probe = await createImageBitmap(blob);
        const scale = pixelWidth / probe.width;
        const height = Math.round(probe.height * scale);
        probe.close();
        const bitmap = await createImageBitmap(blob, {
          resizeWidth: pixelWidth,
          resizeHeight: height,
          resizeQuality: 'high',
        });
        const took = performance.now() - started;
        bitmap.close();
        return took;
      },
      { url: `/scan/${sha256}`, pixelWidth: canvasWidth },
    );
  if (first.mediaType !== 'application/pdf') {
    figures.push({
      key: `${book.key}.first_page_floor_decode_original_ms`,
      label: 'Floor: fetch and decode the original photo at the same width',
      value: await decode(first.sha256),
      unit: 'ms',
    });
  }
  if (first.viewSha256) {
    figures.push({
      key: `${book.key}.first_page_floor_decode_rendition_ms`,
      label: 'Floor: fetch and decode its screen rendition at the same width',
      value: await decode(first.viewSha256),
      unit: 'ms',
    });
  }
  return figures;
}

/** pdftoppm (poppler) drawing the first page at 96 dpi, when installed (never on clerks' Windows). */
async function pdftoppmFloor(book: BookUnderTest): Promise<Figure> {
  const figure: Figure = {
    key: `${book.key}.first_page_floor_pdftoppm_ms`,
    label: 'Floor: pdftoppm, first page at 96 dpi to PNG',
    value: undefined,
    unit: 'ms',
  };
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-pdftoppm-'));
  try {
    const started = performance.now();
    await new Promise<void>((resolve, reject) =>
      execFile('pdftoppm', ['-f', '1', '-l', '1', '-r', '96', '-png', book.firstFile, path.join(out, 'p')], (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    figure.value = performance.now() - started;
  } catch (error) {
    figure.note =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'pdftoppm not installed' : (error as Error).message;
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
  return figure;
}

/** Samples Chromium's memory until stopped; peaks only. */
function sampleChromiumMemory(page: Page, context: BrowserContext) {
  const peaks = { jsHeapUsed: 0, rendererRss: 0, gpuRss: 0, totalPss: 0, processes: 0 };
  let stopped = false;
  let procAvailable = false;
  const loop = (async () => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    while (!stopped) {
      try {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
        peaks.jsHeapUsed = Math.max(peaks.jsHeapUsed, heap);
      } catch {
        // navigating or closing: the next sample will do
      }
      const processes = await chromiumProcesses(process.pid);
      if (processes.length > 0) {
        procAvailable = true;
        const of = (type: string) => processes.filter((p) => p.type === type);
        peaks.rendererRss = Math.max(peaks.rendererRss, ...of('renderer').map((p) => p.rssBytes));
        peaks.gpuRss = Math.max(peaks.gpuRss, ...of('gpu-process').map((p) => p.rssBytes));
        peaks.totalPss = Math.max(
          peaks.totalPss,
          processes.reduce((sum, p) => sum + (p.pssBytes ?? p.rssBytes), 0),
        );
        peaks.processes = Math.max(peaks.processes, processes.length);
      }
      await new Promise((resolve) => setTimeout(resolve, MEMORY_SAMPLE_MS));
    }
    await cdp.detach().catch(() => undefined);
  })();
  return {
    async stop(key: string): Promise<Figure[]> {
      stopped = true;
      await loop.catch((error: unknown) => progress(`memory sampling failed: ${String(error)}`));
      const proc = (value: number) => (procAvailable ? value / MB : undefined);
      const note = procAvailable ? undefined : 'no /proc: not Linux';
      return [
        {
          key: `${key}.js_heap_peak_mb`,
          label: 'Chromium: peak JS heap used (page main thread)',
          value: peaks.jsHeapUsed > 0 ? peaks.jsHeapUsed / MB : undefined,
          unit: 'MB',
        },
        {
          key: `${key}.renderer_rss_peak_mb`,
          label: 'Chromium: peak RSS of the largest renderer process',
          value: proc(peaks.rendererRss),
          unit: 'MB',
          aim: AIM_RENDERER_RSS,
          ...(note ? { note } : {}),
        },
        {
          key: `${key}.gpu_rss_peak_mb`,
          label: 'Chromium: peak RSS of the GPU process',
          value: proc(peaks.gpuRss),
          unit: 'MB',
          ...(note ? { note } : {}),
        },
        {
          key: `${key}.chromium_pss_peak_mb`,
          label: 'Chromium: peak total PSS, all processes',
          value: proc(peaks.totalPss),
          unit: 'MB',
          note: note ?? `up to ${peaks.processes} processes`,
        },
      ];
    },
  };
}

/** Presses "Trang sau" `turns` times from `fromPage`; the time of each turn, click to drawn. */
async function turnPages(
  page: Page,
  fromPage: number,
  turns: number,
  pauseMs: number,
): Promise<{ latencies: number[]; gaps: number[]; lastPage: number }> {
  const next = page.getByRole('button', { name: 'Trang sau' });
  // Clicked by coordinates: locator.click() spends ~100 ms on its checks before each click,
  // which would give the viewer a pause in the "rapid" run. So check once that the button's
  // centre really hits the button, then press the mouse there.
  await next.waitFor({ state: 'visible' });
  const box = await next.boundingBox();
  if (!box) throw new Error('the "Trang sau" button has no box');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const hits = await next.evaluate((button, [px, py]) => button.contains(document.elementFromPoint(px, py)), [
    x,
    y,
  ] as const);
  if (!hits) throw new Error('something covers the centre of the "Trang sau" button');
  const latencies: number[] = [];
  const gaps: number[] = [];
  let current = fromPage;
  let drawnAt: number | undefined;
  for (let i = 0; i < turns; i++) {
    if (pauseMs > 0) await page.waitForTimeout(pauseMs);
    const target = current + 1;
    await page.mouse.click(x, y);
    const { at, inputAt } = await page.evaluate(
      ([pageNo, timeoutMs]) => window.__sohoaBench!.waitForPage(pageNo, timeoutMs),
      [target, PAGE_TIMEOUT_MS] as const,
    );
    latencies.push(at - inputAt);
    if (drawnAt !== undefined) gaps.push(inputAt - drawnAt);
    drawnAt = at;
    current = target;
  }
  return { latencies, gaps, lastPage: current };
}

function turnFigures(key: string, variant: string, label: string, latencies: number[], aim?: Figure['aim']): Figure[] {
  return [
    {
      key: `${key}.${variant}_median_ms`,
      label: `${label}: median`,
      value: median(latencies),
      unit: 'ms',
    },
    {
      key: `${key}.${variant}_p95_ms`,
      label: `${label}: p95`,
      value: percentile(latencies, 95),
      unit: 'ms',
      ...(aim ? { aim } : {}),
    },
    {
      key: `${key}.${variant}_max_ms`,
      label: `${label}: max`,
      value: latencies.length > 0 ? Math.max(...latencies) : undefined,
      unit: 'ms',
      note: `${latencies.length} turns`,
    },
  ];
}

const BENCH_ADMIN = { fullName: 'Bench', userName: 'bench', password: 'bench-password' };

async function viewBook(browser: Browser, hostUrl: string, openUrl: string, book: BookUnderTest, errors: string[]) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN' });
  const pageErrors: string[] = [];
  try {
    // As source text: tsx's compiled functions call its __name helper, which the page lacks.
    await context.addInitScript({
      content: `(() => { const __name = (fn) => fn; (${installProbe.toString()})(); })();`,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // The browser's own /favicon.ico request is no concern of the bench.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
        pageErrors.push(message.text());
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) pageErrors.push(`HTTP ${response.status()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => {
      // Aborted: the bench navigated away from the book list while it was loading.
      const reason = request.failure()?.errorText ?? '';
      if (reason !== 'net::ERR_ABORTED') pageErrors.push(`failed ${request.url()}: ${reason}`);
    });
    await page.route(`**${FLOOR_PREFIX}*`, async (route) => {
      const file = PDFJS_FILES[new URL(route.request().url()).pathname.slice(FLOOR_PREFIX.length)];
      if (!file) return route.fulfill({ status: 404 });
      return route.fulfill({ body: await fs.readFile(file), contentType: 'text/javascript' });
    });
    await page.goto(openUrl); // sets the token cookie
    // The browser session logs in (its cookie is the context's), then lands on the book list.
    // Every call carries our Origin and the session's CSRF token, which the page carries.
    const csrf = /<meta name="sohoa-csrf" content="([^"]+)">/.exec(await page.content())?.[1];
    if (!csrf) throw new Error('the web host sent no CSRF token');
    const login = await page.request.post(`${hostUrl}/api/call/auth.login`, {
      data: { userName: BENCH_ADMIN.userName, password: BENCH_ADMIN.password },
      headers: { origin: new URL(hostUrl).origin, 'content-type': 'application/json', 'x-sohoa-csrf': csrf },
    });
    if (!((await login.json()) as { ok: boolean }).ok) throw new Error('bench login failed');
    await page.reload();
    const memory = sampleChromiumMemory(page, context);
    try {
      progress(`${book.title}: opening in Chromium…`);
      // A query makes this a new document (not a hash change), so navigation start is now.
      await page.goto(`${hostUrl}/?bench#/so/${book.bookId}`, { waitUntil: 'commit' });
      const first = await page.evaluate(
        (timeoutMs) => window.__sohoaBench!.firstPage(timeoutMs),
        FIRST_PAGE_TIMEOUT_MS,
      );
      progress(`  page ${first.page} drawn ${first.at.toFixed(0)} ms after navigation start`);
      book.figures.push({
        key: `${book.key}.first_page_ms`,
        label: 'First page: navigation start to drawn',
        value: first.at,
        unit: 'ms',
        aim: AIM_FIRST_PAGE[book.key],
        note: `${ENTRIES_PER_BOOK} entries in the book${first.page !== 1 ? `; opened at page ${first.page}` : ''}`,
        ...(book.firstPageFloor ? { floor: book.firstPageFloor } : {}),
      });
      const firstFigure = book.figures[book.figures.length - 1]!;

      const available = book.pageCount - first.page;
      const spacedTurns = Math.min(TURNS, Math.floor(available / 2));
      const rapidTurns = Math.min(TURNS, available - spacedTurns);
      progress(`  ${spacedTurns} turns with ${READING_PAUSE_MS} ms pauses…`);
      const spaced = await turnPages(page, first.page, spacedTurns, READING_PAUSE_MS);
      progress(
        `  median ${median(spaced.latencies)?.toFixed(0)} ms, p95 ${percentile(spaced.latencies, 95)?.toFixed(0)} ms`,
      );
      book.figures.push(
        ...turnFigures(
          book.key,
          'next_page',
          `Next page after a ${READING_PAUSE_MS} ms pause`,
          spaced.latencies,
          AIM_NEXT_PAGE,
        ),
      );
      progress(`  ${rapidTurns} rapid turns…`);
      const rapid = await turnPages(page, spaced.lastPage, rapidTurns, 0);
      progress(
        `  median ${median(rapid.latencies)?.toFixed(0)} ms, p95 ${percentile(rapid.latencies, 95)?.toFixed(0)} ms`,
      );
      const rapidFigures = turnFigures(
        book.key,
        'rapid_next_page',
        'Next page, rapid (no pause)',
        rapid.latencies,
        AIM_RAPID_PAGE,
      );
      const gap = median(rapid.gaps);
      if (gap !== undefined) rapidFigures[0]!.note = `next click ~${gap.toFixed(0)} ms after the draw`;
      book.figures.push(...rapidFigures);

      progress('  floors…');
      const floors = await firstPageFloors(page, book);
      book.figures.push(...floors);
      const ratios = floors
        .filter((f) => f.value !== undefined && f.value > 0)
        .map((f) => `${f.key.split('floor_')[1]!.replace(/_ms$/, '')} ${(first.at / f.value!).toFixed(1)}×`);
      if (ratios.length > 0) firstFigure.note = `${firstFigure.note}; app / floor: ${ratios.join(', ')}`;
    } catch (error) {
      errors.push(`${book.title}: viewer: ${(error as Error).message}`);
      await page
        .screenshot({ path: path.join(ROOT, '.bench', `failure-${book.key}.png`) })
        .then(() => progress(`  screenshot: .bench/failure-${book.key}.png`))
        .catch(() => undefined);
    } finally {
      book.figures.push(...(await memory.stop(book.key)));
    }
  } finally {
    await context.close();
    if (pageErrors.length > 0) {
      progress(`${book.title}: ${pageErrors.length} errors in the page, first: ${pageErrors.slice(0, 3).join(' | ')}`);
    }
  }
}

export async function runScanViewerBench(): Promise<BenchResult> {
  const errors: string[] = [];
  const fixtures = await ensureFixtures();
  await buildRenderer();

  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-'));
  progress(`data dir ${dataDir}`);
  const gate = await openGate({ dataDir, migrationsDir: MIGRATIONS_DIR });
  await gate.setup(BENCH_ADMIN, { user: null });
  const backend = gate.backend()!;
  let browser: Browser | undefined;
  let host: Awaited<ReturnType<typeof startWebHost>> | undefined;
  const info: Record<string, unknown> = {
    pdf: { pages: fixtures.pdf.pageCount, bytes: fixtures.pdf.byteSize },
    photos: { files: fixtures.photos.files.length, bytes: fixtures.photos.byteSize },
    turns: TURNS,
    entriesPerBook: ENTRIES_PER_BOOK,
    readingPauseMs: READING_PAUSE_MS,
    viewport: VIEWPORT,
  };
  try {
    const books: BookUnderTest[] = [];
    const pdfTitle = `PDF, ${fixtures.pdf.pageCount} pages of 300-dpi A4 JPEG (${(fixtures.pdf.byteSize / MB).toFixed(0)} MB)`;
    const pdfBook = await importBook(
      backend,
      'pdf',
      pdfTitle,
      [{ path: fixtures.pdf.path, name: fixtures.pdf.name }],
      fixtures.pdf.pageCount,
      errors,
    );
    if (pdfBook) {
      // Cold, as the viewer's first page is: pdf.js loaded, the file read, page 1 drawn.
      const width = 1000;
      pdfBook.firstPageFloor = {
        value: await barePdfJsFirstPage(fixtures.pdf.path, width),
        what: `bare pdf.js in Node, file to page 1 drawn ${width} px wide, cold`,
      };
      books.push(pdfBook);
    }
    const photos = sortByName(fixtures.photos.files, (f) => f.name);
    const photoTitle = `Photos, ${photos.length} phone JPGs 4000×3000 (${(fixtures.photos.byteSize / MB).toFixed(0)} MB)`;
    const photoBook = await importBook(backend, 'photos', photoTitle, photos, photos.length, errors);
    if (photoBook) books.push(photoBook);
    for (const book of books) await fillBook(backend, book, errors);

    host = await startWebHost({ gate, rendererDir: RENDERER_DIST_DIR, port: 0 });
    const executablePath = (await fs.stat(SYSTEM_CHROMIUM).catch(() => undefined)) ? SYSTEM_CHROMIUM : undefined;
    browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
    info.chromium = browser.version();
    progress(`Chromium ${browser.version()} (${executablePath ?? "Playwright's own"})`);
    for (const book of books) await viewBook(browser, host.url, host.openUrl, book, errors);

    const groups: FigureGroup[] = books.map((book) => ({ title: book.title, figures: book.figures }));
    return { name: 'scan-viewer', groups, errors, info };
  } finally {
    await browser?.close().catch(() => undefined);
    await host?.close();
    gate.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
