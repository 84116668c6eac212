/** What every backend service is given: the database, the file store, who acts, and the clock. */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../../shared/accounts/permissions';
import type { Database } from './db/database';
import type { FileStore } from './files/file-store';

/**
 * Who is asking: built by each transport (Electron IPC, the web host, the CLI) from its session
 * and handed to the dispatcher, which gives it to the handler and keeps it in scope for the
 * services the handler calls (and the jobs it starts).
 */
export interface RequestContext {
  /** null before login: only the methods marked 'public' are allowed. */
  userId: string | null;
  /** Login name; 'system' for internal work. */
  userName: string;
  /** quản trị | cán bộ nhập | the app itself. */
  role: Role;
  /** This installation's stable id (UUIDv7), created once and stored in the database. */
  deviceId: string;
}

export interface BackendContext {
  db: Database;
  files: FileStore;
  /** The acting user's login name (the current request's `userName`). */
  readonly actor: string;
  /** The request being served (the backend's default one outside any request, e.g. in the CLI). */
  request(): RequestContext;
  /** ISO 8601 UTC; injectable so that tests can pin time. */
  now(): string;
}

/** The app's own work (migrations, start-up clean-up): named 'system' in the audit log. */
export function systemRequest(deviceId: string): RequestContext {
  return { userId: null, userName: 'system', role: 'system', deviceId };
}

const scope = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it starts, awaited or not) as `request`. */
export function runAsRequest<T>(request: RequestContext, fn: () => T): T {
  return scope.run(request, fn);
}

/** The request in scope, if any. */
export function activeRequest(): RequestContext | undefined {
  return scope.getStore();
}

/** A BackendContext whose actor and request follow the request in scope, else `fallback`. */
export function backendContext(options: {
  db: Database;
  files: FileStore;
  fallback: () => RequestContext;
  now?: () => string;
}): BackendContext {
  const request = () => activeRequest() ?? options.fallback();
  return {
    db: options.db,
    files: options.files,
    get actor() {
      return request().userName;
    },
    request,
    now: options.now ?? (() => new Date().toISOString()),
  };
}
