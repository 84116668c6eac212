/**
 * The main window and its security settings. The `BrowserWindow` constructor is passed in, so
 * that this module does not load electron at run time (it is unit-tested in plain Node with a
 * recording fake) while the options still sit, as a literal, inside a `new BrowserWindow({...})`
 * expression, which is what Electronegativity inspects.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export const WINDOW_TITLE = 'Số hóa Hộ tịch';

export interface MainWindowSettings {
  /** Absolute path of the bundled preload (`dist-electron/preload.cjs`). */
  preloadPath: string;
  /** DevTools only in development builds. */
  devTools: boolean;
}

export type BrowserWindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

export function createMainWindow<W>(BrowserWindow: BrowserWindowConstructor<W>, settings: MainWindowSettings): W {
  return new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: settings.preloadPath,
      // The page gets only what the preload exposes through contextBridge; no Node, ever.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      plugins: false,
      enableWebSQL: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click must not open links in new windows (they are denied anyway).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: settings.devTools,
    },
  });
}
