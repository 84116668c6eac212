/**
 * A crashed or hung page is loaded again on the route it was on (the book being worked on), a
 * page that keeps dying is not reloaded forever, and main.ts wires this to its window.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CRASH_LOOP_MESSAGE,
  CRASH_LOOP_TITLE,
  MAX_RELOADS,
  RELOAD_WINDOW_MS,
  UNRESPONSIVE_GRACE_MS,
  watchForCrashes,
} from '../../../electron/main/crash-recovery';
import { APP_ENTRY_URL } from '../../../electron/main/navigation';
import { createFakeElectron, type FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({ electron: undefined as unknown as FakeElectron }));

vi.mock('electron', async () => {
  const { electronModule } = await import('./fake-electron');
  return electronModule(() => h.electron);
});

const BOOK_ROUTE = `${APP_ENTRY_URL}#/so/0190a0a0-0000-7000-8000-000000000000`;

/** A window of the fake Electron, watched, with a manual clock and manual timers. */
function watched() {
  const fake = createFakeElectron();
  const win = new fake.BrowserWindow({});
  let clock = 1_000_000;
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const log = vi.fn();
  const tellClerk = vi.fn();
  watchForCrashes(win, {
    log,
    tellClerk,
    now: () => clock,
    setTimer: (run, ms) => {
      expect(ms).toBe(UNRESPONSIVE_GRACE_MS);
      timers.set(nextTimer, run);
      return nextTimer++;
    },
    clearTimer: (timer) => timers.delete(timer as number),
  });
  const contents = win.webContents;
  const fireTimers = () => {
    const due = [...timers.values()];
    timers.clear();
    for (const run of due) run();
  };
  return {
    win,
    contents,
    tellClerk,
    timers,
    fireTimers,
    advance: (ms: number) => (clock += ms),
    crash: (reason = 'crashed') => contents.emit('render-process-gone', {}, { reason, exitCode: 1 }),
  };
}

describe('a page that dies', () => {
  it('is loaded again on the route it was on', async () => {
    const { contents, crash } = watched();
    await contents.loadURL(APP_ENTRY_URL);
    contents.navigateInPage(BOOK_ROUTE);
    contents.loadURL.mockClear();
    crash('crashed');
    expect(contents.loadURL).toHaveBeenCalledExactlyOnceWith(BOOK_ROUTE);
    crash('oom');
    expect(contents.loadURL).toHaveBeenCalledTimes(2);
    expect(contents.loadURL).toHaveBeenLastCalledWith(BOOK_ROUTE);
  });

  it('falls back to the last route of the app when the page was elsewhere, and to the entry page', async () => {
    const first = watched();
    first.crash();
    expect(first.contents.loadURL).toHaveBeenLastCalledWith(APP_ENTRY_URL);
    const second = watched();
    second.contents.navigateInPage(BOOK_ROUTE);
    second.contents.url = 'chrome-error://chromewebdata/';
    second.crash();
    expect(second.contents.loadURL).toHaveBeenLastCalledWith(BOOK_ROUTE);
  });

  it('is left alone when it exited cleanly (the window closing) or the window is gone', () => {
    const { contents, crash, win } = watched();
    crash('clean-exit');
    expect(contents.loadURL).not.toHaveBeenCalled();
    win.destroyed = true;
    crash('crashed');
    expect(contents.loadURL).not.toHaveBeenCalled();
  });

  it(`is reloaded at most ${MAX_RELOADS} times a minute, then the clerk is told once`, () => {
    const { contents, crash, tellClerk } = watched();
    contents.navigateInPage(BOOK_ROUTE);
    for (let i = 0; i < MAX_RELOADS; i++) crash();
    expect(contents.loadURL).toHaveBeenCalledTimes(MAX_RELOADS);
    expect(tellClerk).not.toHaveBeenCalled();
    crash();
    crash();
    expect(contents.loadURL).toHaveBeenCalledTimes(MAX_RELOADS);
    expect(tellClerk).toHaveBeenCalledExactlyOnceWith(CRASH_LOOP_TITLE, CRASH_LOOP_MESSAGE);
    // Crashes far apart are each reloaded (a fresh watcher: the one above gave up for good).
    const calm = watched();
    for (let i = 0; i < MAX_RELOADS + 2; i++) {
      calm.crash();
      calm.advance(RELOAD_WINDOW_MS);
    }
    expect(calm.contents.loadURL).toHaveBeenCalledTimes(MAX_RELOADS + 2);
    expect(calm.tellClerk).not.toHaveBeenCalled();
  });
});

describe('a page that hangs', () => {
  it('is restarted after the grace period and comes back on its route', () => {
    const { win, contents, fireTimers, timers } = watched();
    contents.navigateInPage(BOOK_ROUTE);
    win.emit('unresponsive');
    win.emit('unresponsive'); // Electron repeats it: one timer only
    expect(timers.size).toBe(1);
    expect(contents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    fireTimers();
    expect(contents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(contents.loadURL).toHaveBeenCalledExactlyOnceWith(BOOK_ROUTE);
  });

  it('is left alone when it answers again within the grace period', () => {
    const { win, contents, fireTimers, timers } = watched();
    win.emit('unresponsive');
    win.emit('responsive');
    expect(timers.size).toBe(0);
    fireTimers();
    expect(contents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    expect(contents.loadURL).not.toHaveBeenCalled();
  });
});

describe('main.ts', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('watches its window: a crash reloads the book route, a hang restarts the page', async () => {
    vi.resetModules();
    h.electron = createFakeElectron();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const main = await import('../../../electron/main/main');
    await main.started;
    const win = h.electron.windows[0]!;
    win.webContents.navigateInPage(BOOK_ROUTE);
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(win.webContents.loadURL).toHaveBeenLastCalledWith(BOOK_ROUTE);
    win.emit('unresponsive');
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS);
    expect(win.webContents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(win.webContents.loadURL).toHaveBeenCalledTimes(2);
  });
});
