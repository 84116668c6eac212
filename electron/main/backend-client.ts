/**
 * Main's side of the channel to the backend process (electron/backend/host): calls with ids,
 * answers matched back, the backend's requests (open a folder with the shell) served. Pure (no
 * electron import): main.ts gives it a UtilityProcess; tests give it a forked Node process.
 *
 * If the backend process dies, every call waiting for it is answered with a Vietnamese error
 * (nothing acknowledged is lost: the backend acknowledges a write only after its transaction
 * commits), and `exited` settles so that main can start a new one.
 */
import { AppError, type ApiResponse } from '../../shared/api/errors';
import { errorDetails, toMain, type CallOp, type ToBackend } from '../backend/host/protocol';

/** A started backend process, as main sees it. */
export interface BackendChild {
  post(message: ToBackend): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export const BACKEND_GONE =
  'Bộ phận xử lý dữ liệu vừa dừng đột ngột; ứng dụng đang mở lại. Dữ liệu đã lưu không bị ảnh hưởng, hãy thử lại.';

export interface BackendClient {
  /** Resolves when the backend has opened the data; rejects with its message when it could not. */
  ready: Promise<void>;
  dispatch(name: string, input: unknown): Promise<ApiResponse<unknown>>;
  stagePath(filePath: string): Promise<{ stagedId: string }>;
  exportDir(): Promise<string>;
  chooseExportDir(dir: string): Promise<string>;
  /** Asks the backend to close its database, then ends the process. */
  close(): void;
  /** Settles when the process has ended (code null when it was killed). */
  exited: Promise<number | null>;
}

export interface ClientHooks {
  openFolder(dir: string): Promise<void>;
  log?(message: string, error?: unknown): void;
}

export function connectBackend(child: BackendChild, hooks: ClientHooks): BackendClient {
  const log = hooks.log ?? ((message, error) => console.error(message, error ?? ''));
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let gone = false;
  let settleReady!: { resolve: () => void; reject: (error: Error) => void };
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  ready.catch(() => {}); // observed by main
  let exit!: (code: number | null) => void;
  const exited = new Promise<number | null>((resolve) => (exit = resolve));

  child.onMessage((raw) => {
    const parsed = toMain.safeParse(raw);
    if (!parsed.success) {
      log('[main] unreadable message from the backend', parsed.error);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        settleReady.resolve();
        return;
      case 'failed':
        settleReady.reject(new AppError(message.error.code, message.error.message, errorDetails(message.error)));
        return;
      case 'reply': {
        const entry = pending.get(message.id);
        pending.delete(message.id);
        if (!entry) return;
        if (message.ok) entry.resolve(message.result);
        else entry.reject(new AppError(message.error.code, message.error.message, errorDetails(message.error)));
        return;
      }
      case 'request':
        hooks.openFolder(message.request.dir).then(
          () => child.post({ type: 'reply', id: message.id, ok: true, result: null }),
          (error: unknown) =>
            child.post({
              type: 'reply',
              id: message.id,
              ok: false,
              error:
                error instanceof AppError
                  ? error.toShape()
                  : { code: 'INTERNAL' as const, message: error instanceof Error ? error.message : String(error) },
            }),
        );
        return;
    }
  });
  child.onExit((code) => {
    gone = true;
    settleReady.reject(new AppError('INTERNAL', BACKEND_GONE));
    for (const entry of pending.values()) entry.reject(new AppError('INTERNAL', BACKEND_GONE));
    pending.clear();
    exit(code);
  });

  function call(op: CallOp): Promise<unknown> {
    if (gone) return Promise.reject(new AppError('INTERNAL', BACKEND_GONE));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.post({ type: 'call', id, call: op });
    });
  }

  return {
    ready,
    exited,
    async dispatch(name, input) {
      try {
        return (await call({ op: 'dispatch', name, input })) as ApiResponse<unknown>;
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error: error.toShape() };
        throw error;
      }
    },
    stagePath: async (filePath) => (await call({ op: 'stagePath', filePath })) as { stagedId: string },
    exportDir: async () => (await call({ op: 'exportDir' })) as string,
    chooseExportDir: async (dir) => (await call({ op: 'chooseExportDir', dir })) as string,
    close() {
      if (gone) return;
      child.post({ type: 'close' });
    },
  };
}
