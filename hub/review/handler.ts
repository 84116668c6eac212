/**
 * The shape every review API handler has (shared/review/hub-api.ts): the dispatcher
 * (hub/review/api.ts) validates the input with the contract's schema, checks the session, the
 * CSRF token and the method's roles, then calls the handler with the parsed input and who asks.
 */
import type {
  HubApiErrorCode,
  HubApiMethod,
  HubApiParsedInput,
  HubApiResult,
  HubUserInfo,
} from '../../shared/review/hub-api';
import type { HubContext } from '../ingest';

export interface ReviewRequest {
  ctx: HubContext;
  /** The logged-in user; null only for methods open to anybody (auth.login). */
  user: HubUserInfo | null;
  /** SHA-256 of the session cookie's token (null when not logged in). */
  sessionTokenHash: string | null;
  remoteAddress: string | undefined;
}

/** A request whose method requires a role: the dispatcher guarantees a user. */
export interface StaffRequest extends ReviewRequest {
  user: HubUserInfo;
}

export type HubHandler<M extends HubApiMethod> = (
  input: HubApiParsedInput<M>,
  request: StaffRequest,
) => Promise<HubApiResult<M>>;

export type HubHandlers = { [M in HubApiMethod]: HubHandler<M> };

/** A refusal shown to the reviewer as is: HTTP status, code, Vietnamese message. */
export class ReviewError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 500,
    readonly code: HubApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  toBody(): { error: { code: HubApiErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The actor written into hub_audit for a logged-in user. */
export function staffActor(user: HubUserInfo): string {
  return `user:${user.username}`;
}
