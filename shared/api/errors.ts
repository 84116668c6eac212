/** How errors cross the boundary between backend and renderer: a code, a Vietnamese message, details. */

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  /** Another program (e.g. the command line) is writing the same data folder: try again shortly. */
  'BUSY',
  'BAD_FILE',
  'DB_TOO_NEW',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  /** The disk of the data folder is full (ENOSPC, SQLITE_FULL): nothing was written. */
  'STORAGE_FULL',
  /** The data folder cannot be written (read-only medium, no permission): nothing was written. */
  'STORAGE_READ_ONLY',
  /** The district hub did not answer (network down, hub stopped): nothing was changed here. */
  'HUB_UNREACHABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the field, e.g. "nguoiGiamHo.0.hoTen"; "" for the whole input. */
  path: string;
  message: string;
}

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  details?: { issues?: FieldIssue[] } & Record<string, unknown>;
}

export type ApiResponse<T> = { ok: true; result: T } | { ok: false; error: ApiErrorShape };

/** Thrown by services; the dispatcher turns it into an ApiErrorShape. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ApiErrorShape['details'];

  constructor(code: ErrorCode, message: string, details?: ApiErrorShape['details']) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toShape(): ApiErrorShape {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** Raised on the calling side so that callers can `catch` a typed error. */
export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly details?: ApiErrorShape['details'];

  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiCallError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

export function issuesFromZod(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
