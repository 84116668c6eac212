/**
 * A recording stand-in for the `electron` module, enough to import main.ts and preload.ts in
 * plain Node. It behaves like Electron where the shell depends on it: BrowserWindow emits the
 * app's 'web-contents-created', ipcMain.handle refuses a second handler for a channel, and
 * protocol.handle keeps the handler so that tests can send it real `Request`s.
 *
 * Tests install it through a getter facade (`electronModule`), so that `vi.resetModules()` plus
 * a fresh `createFakeElectron()` gives each test a clean Electron.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface NavigationEvent {
  url: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function navigationEvent(url: string): NavigationEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  /** The committed URL, as Electron keeps it after the renderer is gone. */
  url = '';
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  readonly loadURL = vi.fn(async (url: string) => {
    this.url = url;
    this.emit('did-navigate', {}, url);
  });
  /** As in Electron: the renderer is killed and 'render-process-gone' follows. */
  readonly forcefullyCrashRenderer = vi.fn(() => {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  });
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Test side: the page moved to another route of the app (a hash change). */
  navigateInPage(url: string): void {
    this.url = url;
    this.emit('did-navigate-in-page', {}, url, true);
  }
}

/** What the fake backend process does with main's calls (a test gives its own vi.fn()s). */
export interface FakeBackendBehaviour {
  /** Opening the data: throw (an AppError) to make the process report 'failed'. */
  open(): Promise<void>;
  dispatch(name: string, input: unknown): Promise<unknown>;
  stagePath(filePath: string): Promise<{ stagedId: string }>;
  exportDir(): Promise<string> | string;
  chooseExportDir(dir: string): Promise<string>;
  close(): void;
}

interface CallMessage {
  type: 'call';
  id: number;
  call: { op: string; name?: string; input?: unknown; filePath?: string; dir?: string };
}

/**
 * Electron's UtilityProcess running the backend host, played by the test: it answers main's
 * calls with `behaviour` the way electron/backend/host/backend-host.ts does (AppErrors as their
 * shape, anything else as INTERNAL), and can ask main to open a folder.
 */
export class FakeUtilityProcess extends EventEmitter {
  readonly sent: unknown[] = [];
  private nextRequest = 1;
  private readonly replies = new Map<number, (message: unknown) => void>();
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
    private readonly behaviour: FakeBackendBehaviour,
  ) {
    super();
    behaviour.open().then(
      () => this.emit('message', { type: 'ready' }),
      (error: unknown) => this.emit('message', { type: 'failed', error: shapeOf(error) }),
    );
  }
  readonly postMessage = vi.fn((message: unknown) => {
    this.sent.push(message);
    const m = message as { type: string; id?: number };
    if (m.type === 'close') {
      this.behaviour.close();
      return;
    }
    if (m.type === 'reply') {
      this.replies.get(m.id!)?.(message);
      return;
    }
    const { id, call } = message as CallMessage;
    this.answer(call).then(
      (result) => this.emit('message', { type: 'reply', id, ok: true, result }),
      (error: unknown) => this.emit('message', { type: 'reply', id, ok: false, error: shapeOf(error) }),
    );
  });
  readonly kill = vi.fn(() => {
    this.emit('exit', null);
    return true;
  });
  private async answer(call: CallMessage['call']): Promise<unknown> {
    switch (call.op) {
      case 'dispatch':
        return this.behaviour.dispatch(call.name!, call.input);
      case 'stagePath':
        return this.behaviour.stagePath(call.filePath!);
      case 'exportDir':
        return this.behaviour.exportDir();
      case 'chooseExportDir':
        return this.behaviour.chooseExportDir(call.dir!);
    }
    throw new Error(`unknown op ${call.op}`);
  }
  /** The backend asks main to open a folder with the shell; resolves with main's reply. */
  requestOpenFolder(dir: string): Promise<unknown> {
    const id = this.nextRequest++;
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      this.emit('message', { type: 'request', id, request: { op: 'openFolder', dir } });
    });
  }
}

function shapeOf(error: unknown): { code: string; message: string } {
  const e = error as { name?: string; code?: string; message?: string };
  return e?.name === 'AppError' && e.code
    ? { code: e.code, message: e.message ?? '' }
    : { code: 'INTERNAL', message: 'Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng' };
}

/** A backend that opens and answers every call with something plausible. */
export function quietBackend(): FakeBackendBehaviour {
  return {
    open: async () => {},
    dispatch: async () => ({ ok: true, result: null }),
    stagePath: async () => ({ stagedId: 'staged-1' }),
    exportDir: () => '/nonexistent-export',
    chooseExportDir: async (dir) => dir,
    close: () => {},
  };
}

export function createFakeElectron(
  options: { appPath?: string; singleInstance?: boolean; backend?: FakeBackendBehaviour } = {},
) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => options.singleInstance ?? true),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    getAppPath: vi.fn(() => options.appPath ?? '/nonexistent-app-path'),
  });

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly options: Record<string, unknown>;
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(async (_url: string) => {});
    readonly loadFile = vi.fn(async (_file: string) => {});
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly isMinimized = vi.fn(() => false);
    destroyed = false;
    isDestroyed(): boolean {
      return this.destroyed;
    }
    constructor(windowOptions: Record<string, unknown>) {
      super();
      this.options = windowOptions;
      // As in Electron: the window's WebContents is announced while the window is constructed.
      app.emit('web-contents-created', {}, this.webContents);
      windows.push(this);
    }
  }

  const ipcHandlers = new Map<string, (...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: (...args: unknown[]) => unknown) => {
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, handler);
    }),
    on: vi.fn(),
  };

  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
      protocolHandlers.set(scheme, handler);
    }),
    registerFileProtocol: vi.fn(),
    registerBufferProtocol: vi.fn(),
    interceptFileProtocol: vi.fn(),
  };

  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn(), onHeadersReceived: vi.fn() },
  };

  const backendProcesses: FakeUtilityProcess[] = [];
  const utilityProcess = {
    fork: vi.fn((modulePath: string, args: string[] = [], forkOptions: Record<string, unknown> = {}) => {
      const child = new FakeUtilityProcess(modulePath, args, forkOptions, options.backend ?? quietBackend());
      backendProcesses.push(child);
      return child;
    }),
  };

  const fake = {
    app,
    utilityProcess,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    protocol,
    session: { defaultSession },
    dialog: {
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(),
      showOpenDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => ({
        canceled: true,
        filePaths: [],
      })),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    shell: { openExternal: vi.fn(), openPath: vi.fn(async (_path: string) => '') },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(), send: vi.fn(), on: vi.fn() },
    webUtils: { getPathForFile: vi.fn((_file: unknown) => '') },
    // Test-side views of what was registered.
    windows,
    ipcHandlers,
    protocolHandlers,
    backendProcesses,
  };
  return fake;
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** The module object handed to `vi.mock('electron', ...)`: reads the current fake lazily. */
export function electronModule(current: () => FakeElectron) {
  const names = [
    'app',
    'BrowserWindow',
    'ipcMain',
    'protocol',
    'session',
    'dialog',
    'Menu',
    'shell',
    'contextBridge',
    'ipcRenderer',
    'webUtils',
    'utilityProcess',
  ] as const;
  const facade: Record<string, unknown> = {};
  for (const name of names) {
    Object.defineProperty(facade, name, { enumerable: true, get: () => current()[name] });
  }
  // Named imports and the default import both resolve through the getters at access time.
  Object.defineProperty(facade, 'default', { enumerable: false, get: () => facade });
  return facade;
}
