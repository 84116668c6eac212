/**
 * The messages between the Electron main process and the backend process (a utilityProcess in
 * Electron; a forked Node process in tests). Main keeps only the window, the two schemes and the
 * IPC wiring; every call of the renderer goes to the backend process as a `call` and comes back as
 * a `reply`. The backend asks main for what only main can do (the shell's folder opener) the same
 * way, in the other direction. Both sides parse what they receive: a message is data from another
 * process, never trusted as typed.
 */
import { ERROR_CODES, type ApiErrorShape } from '../../../shared/api/errors';
import { z } from '../../../shared/zod';

const id = z.number().int().min(1);

/** Errors cross as the API's error shape; nothing else (no stack) leaves a process. */
export const errorShape = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** The AppError a shape that crossed the channel stands for. */
export function errorDetails(shape: z.infer<typeof errorShape>): ApiErrorShape['details'] {
  return shape.details as ApiErrorShape['details'];
}

export const callOp = z.discriminatedUnion('op', [
  /** A contract method, for the window's session (the backend process keeps the session). */
  z.object({ op: z.literal('dispatch'), name: z.string(), input: z.unknown() }),
  /** A file the clerk picked in main's dialog or dropped on the window, staged for a later call. */
  z.object({ op: z.literal('stagePath'), filePath: z.string() }),
  /** The logged-in user's export folder (where main's folder dialog opens). */
  z.object({ op: z.literal('exportDir') }),
  /** Stores a folder main's dialog returned as the user's export folder. */
  z.object({ op: z.literal('chooseExportDir'), dir: z.string() }),
]);
export type CallOp = z.infer<typeof callOp>;

export const replyMessage = z.union([
  z.object({ type: z.literal('reply'), id, ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id, ok: z.literal(false), error: errorShape }),
]);
export type ReplyMessage = z.infer<typeof replyMessage>;

/** Main → backend. */
export const toBackend = z.union([
  z.object({ type: z.literal('call'), id, call: callOp }),
  replyMessage,
  z.object({ type: z.literal('close') }),
]);
export type ToBackend = z.infer<typeof toBackend>;

/** Backend → main. */
export const toMain = z.union([
  z.object({ type: z.literal('ready') }),
  /** The data could not be opened (e.g. DB_TOO_NEW): main shows the message and quits. */
  z.object({ type: z.literal('failed'), error: errorShape }),
  replyMessage,
  z.object({ type: z.literal('request'), id, request: z.object({ op: z.literal('openFolder'), dir: z.string() }) }),
]);
export type ToMain = z.infer<typeof toMain>;

/** One end of the message channel: Electron's parentPort / UtilityProcess, or Node's fork IPC. */
export interface MessageEnd {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Where the backend process finds its data, passed on its command line by main. */
export interface BackendProcessArgs {
  dataDir: string;
  migrationsDir: string;
}

export function backendProcessArgv(args: BackendProcessArgs): string[] {
  return [`--data-dir=${args.dataDir}`, `--migrations-dir=${args.migrationsDir}`];
}

export function parseBackendProcessArgv(argv: readonly string[]): BackendProcessArgs {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const dataDir = value('data-dir');
  const migrationsDir = value('migrations-dir');
  if (!dataDir || !migrationsDir) throw new Error('backend process: --data-dir and --migrations-dir are required');
  return { dataDir, migrationsDir };
}
