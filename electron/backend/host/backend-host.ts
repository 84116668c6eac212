/**
 * The backend process's side of the channel: opens the account gate, answers main's calls for the
 * one window session it keeps, and asks main to open folders with the shell. Pure Node (no
 * electron import): `entry.ts` hands it Electron's parentPort or Node's fork IPC.
 */
import { AppError } from '../../../shared/api/errors';
import { openGate, type Session } from '../accounts/gate';
import { syncIntervalFromEnv } from '../sync/sync-service';
import {
  errorDetails,
  toBackend,
  type CallOp,
  type MessageEnd,
  type BackendProcessArgs,
  type ToMain,
} from './protocol';

type Gate = Awaited<ReturnType<typeof openGate>>;

const INTERNAL = {
  code: 'INTERNAL' as const,
  message: 'Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng',
};

export interface BackendHost {
  /** Resolves when the channel is told to close (main quits) and the backend has closed. */
  closed: Promise<void>;
}

export async function runBackendHost(
  end: MessageEnd,
  args: BackendProcessArgs,
  options: { open?: typeof openGate; log?: (message: string, error: unknown) => void } = {},
): Promise<BackendHost> {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const post = (message: ToMain) => end.post(message);
  const session: Session = { user: null };
  let nextRequest = 1;
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let gate: Gate | undefined;
  let close!: () => void;
  const closed = new Promise<void>((resolve) => (close = resolve));
  // Calls that arrive while the gate opens wait for it (main sends nothing before 'ready', but a
  // message can still cross the open).
  let opened!: (gate: Gate | undefined) => void;
  const gateReady = new Promise<Gate | undefined>((resolve) => (opened = resolve));

  /** main's shell opens the folder; the backend waits for its answer. */
  const openFolder = (dir: string) =>
    new Promise<void>((resolve, reject) => {
      const id = nextRequest++;
      waiting.set(id, { resolve, reject });
      post({ type: 'request', id, request: { op: 'openFolder', dir } });
    });

  async function answer(call: CallOp): Promise<unknown> {
    const g = await gateReady;
    if (!g) throw new AppError('INTERNAL', 'Chưa mở được dữ liệu');
    switch (call.op) {
      case 'dispatch':
        return g.dispatch(call.name, call.input, session);
      case 'stagePath':
        return g.staging(session).stagePath(call.filePath);
      case 'exportDir':
        return g.exportDir(session);
      case 'chooseExportDir':
        return g.chooseExportDir(session, call.dir);
    }
  }

  end.onMessage((raw) => {
    const parsed = toBackend.safeParse(raw);
    if (!parsed.success) {
      log('[backend] unreadable message from main', parsed.error);
      return;
    }
    const message = parsed.data;
    if (message.type === 'close') {
      void gateReady.then((g) => {
        g?.close();
        close();
      });
      return;
    }
    if (message.type === 'reply') {
      const entry = waiting.get(message.id);
      waiting.delete(message.id);
      if (!entry) return;
      if (message.ok) entry.resolve();
      else entry.reject(new AppError(message.error.code, message.error.message, errorDetails(message.error)));
      return;
    }
    const { id, call } = message;
    answer(call).then(
      (result) => post({ type: 'reply', id, ok: true, result }),
      (error: unknown) => {
        if (error instanceof AppError) post({ type: 'reply', id, ok: false, error: error.toShape() });
        else {
          log('[backend] unexpected error', error);
          post({ type: 'reply', id, ok: false, error: INTERNAL });
        }
      },
    );
  });

  try {
    gate = await (options.open ?? openGate)({
      dataDir: args.dataDir,
      migrationsDir: args.migrationsDir,
      // The sync job starts with the backend (at the first login) and stops when it closes.
      backend: { openFolder, syncIntervalMs: syncIntervalFromEnv() },
    });
    opened(gate);
    post({ type: 'ready' });
  } catch (error) {
    opened(undefined);
    const shape =
      error instanceof AppError
        ? error.toShape()
        : { code: 'INTERNAL' as const, message: error instanceof Error ? error.message : String(error) };
    post({ type: 'failed', error: shape });
  }
  return { closed };
}
