/**
 * The Electron main process, kept thin: it starts the backend in its own process (a
 * utilityProcess: database, export, import and sync never block the window), serves the built
 * renderer and the stored scans through two privileged schemes, forwards the renderer's calls over
 * one IPC channel to the backend process, and locks the window down. The logic lives in the pure
 * modules next to this file.
 *
 * Bundled to `dist-electron/main.cjs` by `electron/tools/build-electron.mjs`; `__dirname` is
 * therefore `dist-electron/`, where the preload bundle sits too.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import type { OpenDialogOptions, Session, WebContents } from 'electron';
import { FileStore } from '../backend/files/file-store';
import { dataLayout, defaultDataDir } from '../backend/paths';
import { SCAN_SCHEME } from '../backend/security-policy';
import { watchForCrashes } from './crash-recovery';
import { resolveDataDir } from './data-dir';
import { AppError } from '../../shared/api/errors';
import type { BackendClient } from './backend-client';
import { startBackendProcess } from './backend-process';
import { handleInvoke, handlePickExportFolder, handleStagePath } from './ipc';
import { IPC_INVOKE, IPC_PICK_EXPORT_FOLDER, IPC_STAGE_PATH } from './ipc-channels';
import { menuTemplate } from './menu-template';
import { APP_ENTRY_URL, APP_SCHEME, isAllowedNavigation } from './navigation';
import { serveBundle, serveScan } from './protocol-responses';
import { createMainWindow } from './window-options';

export const OPEN_ERROR_TITLE = 'Không mở được dữ liệu';

/** Remote and local-file URLs the app never loads; CSP blocks them too, this is the second wall. */
export const BLOCKED_REQUEST_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file:///*'];

// Must run before `ready`. Both schemes are standard (real origins, relative URLs) and secure
// contexts; fetch() works on them (pdf.js loads scans with fetch, from app://bundle, hence CORS
// on the scan scheme). Neither bypasses CSP.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: {
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
      stream: true,
      codeCache: true,
    },
  },
  {
    scheme: SCAN_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
  },
]);

// Every renderer is sandboxed, whatever a window's options say.
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
/** The backend process; the window's login lives there, the renderer only sees the answers. */
let backend: BackendClient | null = null;
let quitting = false;

function logInternal(error: unknown): void {
  console.error('[main] unexpected error', error);
}

function denyNavigation(event: { url: string; preventDefault(): void }): void {
  if (!isAllowedNavigation(event.url)) event.preventDefault();
}

/** Applied to every WebContents the app creates (windows, and anything they might spawn). */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => denyNavigation(event));
  contents.on('will-frame-navigate', (event) => denyNavigation(event));
  contents.on('will-redirect', (event) => denyNavigation(event));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest({ urls: BLOCKED_REQUEST_URLS }, (_details, callback) => callback({ cancel: true }));
}

function openError(error: unknown, dataDir: string): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `${reason}\n\nThư mục dữ liệu: ${dataDir}`;
}

/** The export folder dialog: folders only, new ones allowed; undefined when cancelled. */
async function pickFolder(defaultPath: string | undefined): Promise<string | undefined> {
  const options: OpenDialogOptions = {
    title: 'Chọn thư mục xuất',
    buttonLabel: 'Chọn thư mục này',
    properties: ['openDirectory', 'createDirectory'],
    ...(defaultPath ? { defaultPath } : {}),
  };
  const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? undefined : picked.filePaths[0];
}

/** The backend's folder opener in Electron: the shell, in this (main) process. */
async function openFolderWithShell(dir: string): Promise<void> {
  const failure = await shell.openPath(dir);
  if (failure) throw new AppError('INTERNAL', `Không mở được thư mục ${dir}: ${failure}`);
}

function openWindow(): void {
  const win = createMainWindow(BrowserWindow, {
    preloadPath: path.join(__dirname, 'preload.cjs'),
    devTools: !app.isPackaged,
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // A crashed or hung page comes back on its route; the entry being typed comes back from its draft.
  watchForCrashes(win, {
    log: (message, details) => console.error(message, details ?? ''),
    tellClerk: (title, message) => dialog.showErrorBox(title, message),
  });
  mainWindow = win;
  win.loadURL(APP_ENTRY_URL).catch(logInternal);
}

/**
 * Starts the backend process and waits until it has opened the data. If it dies later (a crash,
 * the OS killing it), a new one is started: calls waiting for the old one are answered with a
 * Vietnamese error, saved data is safe (a write is acknowledged only once committed), and the
 * clerk logs in again.
 */
async function startBackend(dataDir: string): Promise<BackendClient> {
  const client = startBackendProcess(
    {
      dataDir,
      migrationsDir: path.join(app.getAppPath(), 'migrations'),
    },
    { openFolder: openFolderWithShell, log: (message, error) => console.error(message, error ?? '') },
  );
  await client.ready;
  void client.exited.then((code) => {
    if (quitting || backend !== client) return;
    console.error(`[main] the backend process ended (code ${code}); starting it again`);
    backend = null;
    startBackend(dataDir).then(
      (next) => {
        backend = next;
      },
      (error: unknown) => {
        dialog.showErrorBox(OPEN_ERROR_TITLE, openError(error, dataDir));
        app.quit();
      },
    );
  });
  return client;
}

/** The current backend process, or an error the renderer shows while a new one starts. */
function currentBackend(): BackendClient {
  if (!backend) throw new AppError('INTERNAL', 'Bộ phận xử lý dữ liệu đang mở lại; hãy thử lại sau giây lát');
  return backend;
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(process.argv, process.env, () => defaultDataDir());
  try {
    // The database itself opens at the first login (its key is unwrapped with the password).
    backend = await startBackend(dataDir);
  } catch (error) {
    // e.g. DB_TOO_NEW: the data folder was written by a newer version of the app.
    dialog.showErrorBox(OPEN_ERROR_TITLE, openError(error, dataDir));
    app.quit();
    return;
  }

  hardenSession(session.defaultSession);
  const bundleRoot = path.join(app.getAppPath(), 'dist-renderer');
  // Scans are content-addressed files, readable without the database: main serves them itself.
  const files = new FileStore(dataLayout(dataDir).files);
  protocol.handle(APP_SCHEME, (request) => serveBundle(request, bundleRoot));
  protocol.handle(SCAN_SCHEME, (request) => serveScan(request, files));
  const ipcBackend = {
    dispatch: (name: string, input: unknown) => currentBackend().dispatch(name, input),
    staging: { stagePath: (filePath: string) => currentBackend().stagePath(filePath) },
  };
  ipcMain.handle(IPC_INVOKE, (event, name: unknown, input: unknown) =>
    handleInvoke(ipcBackend, event, name, input, logInternal),
  );
  ipcMain.handle(IPC_STAGE_PATH, (event, filePath: unknown) =>
    handleStagePath(ipcBackend, event, filePath, logInternal),
  );
  // Whatever the page passes is ignored: the folder comes from main's own dialog only.
  ipcMain.handle(IPC_PICK_EXPORT_FOLDER, (event) =>
    handlePickExportFolder(
      event,
      {
        current: () => currentBackend().exportDir(),
        pick: pickFolder,
        store: (dir) => currentBackend().chooseExportDir(dir),
      },
      logInternal,
    ),
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ developer: !app.isPackaged })));
  openWindow();
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    // Another window already has the data folder open: it is focused instead (second-instance).
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    quitting = true;
    backend?.close();
    backend = null;
  });
  await app.whenReady();
  try {
    await start();
  } catch (error) {
    logInternal(error);
    dialog.showErrorBox(OPEN_ERROR_TITLE, error instanceof Error ? error.message : String(error));
    app.quit();
  }
}

/** Settles once the window is open or the app is quitting (awaited by the wiring tests). */
export const started: Promise<void> = main();
