/**
 * The window's security settings and the policies main.ts installs on every WebContents and on
 * the session, plus the preload's exposed surface. Electron is replaced by a recording fake.
 */
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isAllowedNavigation } from '../../../electron/main/navigation';
import { createMainWindow, WINDOW_TITLE } from '../../../electron/main/window-options';
import { createFakeElectron, FakeWebContents, navigationEvent, type FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({
  electron: undefined as unknown as FakeElectron,
}));

vi.mock('electron', async () => {
  const { electronModule } = await import('./fake-electron');
  return electronModule(() => h.electron);
});

const REQUIRED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
};

/** Fails on anything that would weaken the renderer, whatever its spelling of the option. */
function expectSecureWebPreferences(prefs: Record<string, unknown>) {
  expect(prefs).toMatchObject(REQUIRED_WEB_PREFERENCES);
  expect(prefs.enableBlinkFeatures).toBeUndefined();
  expect(prefs.enableRemoteModule).not.toBe(true);
  expect(prefs.plugins).not.toBe(true);
  expect(prefs.partition).toBeUndefined();
  expect(prefs.session).toBeUndefined();
}

async function bootMain(): Promise<FakeElectron> {
  vi.resetModules();
  h.electron = createFakeElectron();
  const main = await import('../../../electron/main/main');
  await main.started;
  return h.electron;
}

describe('createMainWindow (pure)', () => {
  function capture(devTools: boolean) {
    const seen: BrowserWindowConstructorOptions[] = [];
    class Recorder {
      constructor(options: BrowserWindowConstructorOptions) {
        seen.push(options);
      }
    }
    const win = createMainWindow(Recorder, { preloadPath: '/app/dist-electron/preload.cjs', devTools });
    expect(win).toBeInstanceOf(Recorder);
    expect(seen).toHaveLength(1);
    return seen[0] as unknown as { title: string; webPreferences: Record<string, unknown> };
  }

  it('locks the renderer down: isolation, sandbox, no Node, web security on', () => {
    const options = capture(false);
    expectSecureWebPreferences(options.webPreferences);
    expect(options.webPreferences.preload).toBe('/app/dist-electron/preload.cjs');
    expect(options.webPreferences.devTools).toBe(false);
    expect(options.title).toBe('Số hóa Hộ tịch');
    expect(WINDOW_TITLE).toBe('Số hóa Hộ tịch');
  });

  it('only lets the devTools flag vary', () => {
    const production = capture(false);
    const development = capture(true);
    expect(development.webPreferences.devTools).toBe(true);
    expect({ ...development.webPreferences, devTools: false }).toEqual(production.webPreferences);
  });
});

describe('isAllowedNavigation', () => {
  it.each(['app://bundle/index.html', 'app://bundle/', 'app://bundle/index.html#/so/123', 'app://bundle/so/123?tab=1'])(
    'allows the app page %s',
    (url) => {
      expect(isAllowedNavigation(url)).toBe(true);
    },
  );

  it.each([
    'https://example.com/',
    'http://localhost:5173/',
    'http://127.0.0.1/',
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'app://evil/index.html',
    'app://bundle.evil.example/index.html',
    'app://bundle:8080/index.html',
    'app://user@bundle/index.html',
    'sohoa-scan://files/' + 'a'.repeat(64),
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('main.ts window and WebContents policies', () => {
  let fake: FakeElectron;
  beforeEach(async () => {
    fake = await bootMain();
  });

  it('creates one window with the secure options, its preload next to the main bundle', () => {
    expect(fake.windows).toHaveLength(1);
    const options = fake.windows[0]!.options as { title: string; webPreferences: Record<string, unknown> };
    expectSecureWebPreferences(options.webPreferences);
    expect(options.title).toBe('Số hóa Hộ tịch');
    const preload = String(options.webPreferences.preload);
    expect(path.isAbsolute(preload)).toBe(true);
    expect(path.basename(preload)).toBe('preload.cjs');
    // Unpackaged (tests, `npm start`): DevTools available; packaged builds get false.
    expect(options.webPreferences.devTools).toBe(true);
  });

  it('sandboxes every renderer app-wide', () => {
    expect(fake.app.enableSandbox).toHaveBeenCalledTimes(1);
  });

  it('loads the app from app://bundle, never from file://', () => {
    const win = fake.windows[0]!;
    expect(win.loadURL).toHaveBeenCalledTimes(1);
    expect(win.loadURL).toHaveBeenCalledWith('app://bundle/index.html');
    expect(win.loadFile).not.toHaveBeenCalled();
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    'prevents %s to anything but the app',
    (eventName) => {
      const contents = fake.windows[0]!.webContents;
      expect(contents.listenerCount(eventName)).toBeGreaterThan(0);
      for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://evil/']) {
        const event = navigationEvent(url);
        contents.emit(eventName, event, url);
        expect(event.defaultPrevented, url).toBe(true);
      }
      const own = navigationEvent('app://bundle/index.html#/so');
      contents.emit(eventName, own, own.url);
      expect(own.defaultPrevented).toBe(false);
    },
  );

  it('denies every window.open', () => {
    const handler = fake.windows[0]!.webContents.windowOpenHandler;
    expect(handler).toBeTypeOf('function');
    expect(handler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'app://bundle/index.html' })).toEqual({ action: 'deny' });
  });

  it('prevents <webview> from attaching', () => {
    const event = navigationEvent('');
    const contents = fake.windows[0]!.webContents;
    expect(contents.listenerCount('will-attach-webview')).toBeGreaterThan(0);
    contents.emit('will-attach-webview', event, { nodeIntegration: true }, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });

  it('hardens any other WebContents the app creates, too', () => {
    const other = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, other);
    const event = navigationEvent('https://evil.example/');
    other.emit('will-navigate', event, event.url);
    expect(event.defaultPrevented).toBe(true);
    expect(other.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const ses = fake.session.defaultSession;
    expect(ses.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    const request = ses.setPermissionRequestHandler.mock.calls[0]![0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'fullscreen',
    ]) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
    }
    const check = ses.setPermissionCheckHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(check({}, 'media', 'app://bundle', {})).toBe(false);
    const device = ses.setDevicePermissionHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(device({ deviceType: 'usb', origin: 'app://bundle' })).toBe(false);
  });

  it('cancels any remote or file: request at the session', () => {
    const onBeforeRequest = fake.session.defaultSession.webRequest.onBeforeRequest;
    expect(onBeforeRequest).toHaveBeenCalledTimes(1);
    const [filter, listener] = onBeforeRequest.mock.calls[0] as unknown as [
      { urls: string[] },
      (details: unknown, callback: (response: { cancel: boolean }) => void) => void,
    ];
    expect(filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'file:///*']));
    const callback = vi.fn();
    listener({ url: 'https://evil.example/' }, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith({ cancel: true });
  });

  it('registers no privileged scheme that bypasses the CSP or allows service workers', () => {
    const schemes = fake.protocol.registerSchemesAsPrivileged.mock.calls.flatMap(
      (call) => call[0] as { scheme: string; privileges: Record<string, boolean> }[],
    );
    expect(schemes.map((s) => s.scheme).sort()).toEqual(['app', 'sohoa-scan']);
    for (const { privileges } of schemes) {
      expect(privileges.bypassCSP).not.toBe(true);
      expect(privileges.allowServiceWorkers).not.toBe(true);
    }
  });
});

describe('preload', () => {
  let fake: FakeElectron;
  let bridge: Record<string, (...args: unknown[]) => unknown>;

  beforeEach(async () => {
    vi.resetModules();
    fake = createFakeElectron();
    h.electron = fake;
    await import('../../../electron/preload/preload');
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, typeof bridge];
    expect(key).toBe('sohoa');
    bridge = api;
  });

  it('exposes exactly invoke, stageFile, scanUrl and pickExportFolder, all plain functions', () => {
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'pickExportFolder', 'scanUrl', 'stageFile']);
    for (const value of Object.values(bridge)) expect(value).toBeTypeOf('function');
    expect(Object.values(bridge)).not.toContain(fake.ipcRenderer);
    expect(Object.values(bridge)).not.toContain(fake.ipcRenderer.invoke);
  });

  it('invoke forwards to sohoa:invoke and returns the envelope as it is, errors included', async () => {
    const failure = { ok: false, error: { code: 'VALIDATION', message: 'Dữ liệu gửi lên chưa hợp lệ' } };
    fake.ipcRenderer.invoke.mockResolvedValueOnce(failure);
    await expect(bridge.invoke!('books.create', { ten: 'Sổ khai sinh' })).resolves.toBe(failure);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('sohoa:invoke', 'books.create', {
      ten: 'Sổ khai sinh',
    });
  });

  it('stageFile sends the picked file path to sohoa:stage-path and unwraps the staged id', async () => {
    const file = { name: 'so.pdf' };
    fake.webUtils.getPathForFile.mockReturnValueOnce('/home/canbo/so.pdf');
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { stagedId: 'st-1' } });
    await expect(bridge.stageFile!(file)).resolves.toEqual({ stagedId: 'st-1' });
    expect(fake.webUtils.getPathForFile).toHaveBeenCalledWith(file);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('sohoa:stage-path', '/home/canbo/so.pdf');
  });

  it('stageFile throws the backend message on failure, and refuses files without a path', async () => {
    fake.webUtils.getPathForFile.mockReturnValueOnce('/home/canbo/hong.pdf');
    fake.ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'BAD_FILE', message: 'Không đọc được tệp đã chọn' },
    });
    await expect(bridge.stageFile!({})).rejects.toThrow('Không đọc được tệp đã chọn');

    fake.ipcRenderer.invoke.mockClear();
    fake.webUtils.getPathForFile.mockReturnValueOnce('');
    await expect(bridge.stageFile!({})).rejects.toThrow(/đường dẫn/);
    expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('pickExportFolder sends no path to main, and gives the folder main kept, or null when cancelled', async () => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { dir: '/home/canbo/Xuất' } });
    // Whatever the page passes stays in the page.
    await expect(bridge.pickExportFolder!('/etc')).resolves.toBe('/home/canbo/Xuất');
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('sohoa:pick-export-folder');
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { dir: null } });
    await expect(bridge.pickExportFolder!()).resolves.toBeNull();
    fake.ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Không ghi được vào thư mục /x (không có quyền ghi?); hãy chọn thư mục khác',
      },
    });
    await expect(bridge.pickExportFolder!()).rejects.toThrow('Không ghi được vào thư mục /x');
  });

  it('scanUrl points at the scan scheme', () => {
    const sha = 'ab'.repeat(32);
    expect(bridge.scanUrl!(sha)).toBe(`sohoa-scan://files/${sha}`);
    expect(bridge.scanUrl!('../secret')).toBe('sohoa-scan://files/..%2Fsecret');
  });
});
