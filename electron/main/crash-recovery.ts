/**
 * When the page dies (its renderer process crashed or was killed) or hangs, the window is loaded
 * again on the same route, so the clerk is back on the book they were working on; the entry being
 * typed comes back from its draft, which the form saves to the backend every half second.
 *
 * Pure: written against the few members of BrowserWindow/WebContents it uses, so that it runs
 * (and is tested) in plain Node with the fake Electron. A page that keeps dying is not reloaded
 * forever: after MAX_RELOADS within RELOAD_WINDOW_MS the clerk is told and the window stays.
 */
import { APP_ENTRY_URL, isAppUrl } from './navigation';

export const MAX_RELOADS = 3;
export const RELOAD_WINDOW_MS = 60_000;
/** A page that has not answered for this long after Electron said "unresponsive" is restarted. */
export const UNRESPONSIVE_GRACE_MS = 15_000;

export const CRASH_LOOP_TITLE = 'Cửa sổ làm việc gặp lỗi';
export const CRASH_LOOP_MESSAGE =
  'Trang làm việc bị dừng nhiều lần liên tiếp nên ứng dụng không tự mở lại nữa. Dữ liệu đã lưu và bản nháp không bị mất. Hãy đóng rồi mở lại ứng dụng; nếu lỗi vẫn lặp lại, hãy báo cho bộ phận kỹ thuật.';

export interface RecoverableContents {
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  on(event: 'did-navigate' | 'did-navigate-in-page', listener: (event: unknown, url: string) => void): unknown;
  getURL(): string;
  loadURL(url: string): Promise<void>;
  forcefullyCrashRenderer(): void;
  isDestroyed(): boolean;
}

export interface RecoverableWindow {
  readonly webContents: RecoverableContents;
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  isDestroyed(): boolean;
}

export interface RecoveryOptions {
  log(message: string, details?: unknown): void;
  /** Shown once when the page keeps dying. */
  tellClerk(title: string, message: string): void;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** Reloads the window on its last route whenever its page dies or stays hung. */
export function watchForCrashes(win: RecoverableWindow, options: RecoveryOptions): void {
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const contents = win.webContents;
  /** The last route of the app the page was on (hash routes change in-page). */
  let lastUrl = APP_ENTRY_URL;
  const remember = (_event: unknown, url: string) => {
    if (isAppUrl(url)) lastUrl = url;
  };
  contents.on('did-navigate', remember);
  contents.on('did-navigate-in-page', remember);

  let reloads: number[] = [];
  let gaveUp = false;
  let hangTimer: unknown;

  function reload(why: string): void {
    if (win.isDestroyed() || contents.isDestroyed() || gaveUp) return;
    const at = now();
    reloads = reloads.filter((t) => at - t < RELOAD_WINDOW_MS);
    if (reloads.length >= MAX_RELOADS) {
      gaveUp = true;
      options.log(`[main] page keeps failing (${why}); not reloading again`);
      options.tellClerk(CRASH_LOOP_TITLE, CRASH_LOOP_MESSAGE);
      return;
    }
    reloads.push(at);
    const current = contents.getURL();
    const target = isAppUrl(current) ? current : lastUrl;
    options.log(`[main] page ${why}; reloading ${target}`);
    contents.loadURL(target).catch((error: unknown) => options.log('[main] reload failed', error));
  }

  contents.on('render-process-gone', (_event, details) => {
    if (hangTimer !== undefined) clearTimer(hangTimer);
    hangTimer = undefined;
    // 'clean-exit' is the window closing, not a failure.
    if (details.reason === 'clean-exit') return;
    reload(`renderer gone (${details.reason})`);
  });

  win.on('unresponsive', () => {
    if (hangTimer !== undefined) return;
    hangTimer = setTimer(() => {
      hangTimer = undefined;
      if (win.isDestroyed() || contents.isDestroyed()) return;
      options.log('[main] page unresponsive; restarting its renderer');
      // Its 'render-process-gone' (reason 'killed') then reloads the page.
      contents.forcefullyCrashRenderer();
    }, UNRESPONSIVE_GRACE_MS);
  });
  win.on('responsive', () => {
    if (hangTimer !== undefined) clearTimer(hangTimer);
    hangTimer = undefined;
  });
}
