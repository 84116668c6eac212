/**
 * The one handler table behind both transports, and its dispatcher: unknown method → error,
 * the caller checked against the permission table (shared/accounts/permissions.ts), input
 * validated with the contract's zod schema, errors turned into {code, message, details}.
 */
import {
  apiContract,
  isApiMethod,
  type ApiMethod,
  type ApiParsedInput,
  type ApiResult,
} from '../../../shared/api/contract';
import { checkPermission, PERMISSION_MESSAGES } from '../../../shared/accounts/permissions';
import { AppError, issuesFromZod, type ApiResponse } from '../../../shared/api/errors';
import { runAsRequest, type RequestContext } from '../context';

export type Handler<M extends ApiMethod> = (
  input: ApiParsedInput<M>,
  request: RequestContext,
) => ApiResult<M> | Promise<ApiResult<M>>;
export type HandlerTable<M extends ApiMethod = ApiMethod> = { [K in M]: Handler<K> };

export type Dispatch = (name: string, input: unknown, request: RequestContext) => Promise<ApiResponse<unknown>>;

export function createDispatcher(handlers: HandlerTable, onInternalError: (error: unknown) => void): Dispatch {
  return async (name, input, request) => {
    if (!isApiMethod(name)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Ứng dụng không có chức năng "${name}"` } };
    }
    const verdict = checkPermission(name, request);
    if (verdict === 'unauthenticated') {
      return { ok: false, error: { code: 'UNAUTHENTICATED', message: PERMISSION_MESSAGES.unauthenticated } };
    }
    if (verdict === 'forbidden') {
      return { ok: false, error: { code: 'FORBIDDEN', message: PERMISSION_MESSAGES.forbidden } };
    }
    const parsed = apiContract[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'Dữ liệu gửi lên chưa hợp lệ',
          details: { issues: issuesFromZod(parsed.error.issues) },
        },
      };
    }
    try {
      const handler = handlers[name] as (input: unknown, request: RequestContext) => unknown;
      // Services called by the handler (and jobs it starts) act as this request.
      return { ok: true, result: await runAsRequest(request, () => handler(parsed.data, request)) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      // Stack traces stay in the backend's log; the clerk gets a plain message.
      onInternalError(error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng' },
      };
    }
  };
}
