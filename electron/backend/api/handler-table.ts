/**
 * The one handler table behind both transports, and its dispatcher: unknown method → error,
 * input validated with the contract's zod schema, errors turned into {code, message, details}.
 */
import {
  apiContract,
  isApiMethod,
  type ApiMethod,
  type ApiParsedInput,
  type ApiResult,
} from '../../../shared/api/contract';
import { issuesFromZod, type ApiResponse } from '../../../shared/api/errors';
import { appErrorFrom } from './system-errors';

export type Handler<M extends ApiMethod> = (input: ApiParsedInput<M>) => ApiResult<M> | Promise<ApiResult<M>>;
export type HandlerTable<M extends ApiMethod = ApiMethod> = { [K in M]: Handler<K> };

export type Dispatch = (name: string, input: unknown) => Promise<ApiResponse<unknown>>;

export function createDispatcher(
  handlers: HandlerTable,
  onInternalError: (error: unknown) => void,
  /** The data folder: storage failures elsewhere name their file (see appErrorFrom). */
  dataRoot?: string,
): Dispatch {
  return async (name, input) => {
    if (!isApiMethod(name)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Ứng dụng không có chức năng "${name}"` } };
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
      const handler = handlers[name] as (input: unknown) => unknown;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      // Known failures (AppError, disk full, read-only folder, a reference to nothing) reach the
      // clerk as such; only real bugs are INTERNAL.
      const known = appErrorFrom(error, dataRoot);
      if (known) return { ok: false, error: known.toShape() };
      // Stack traces stay in the backend's log; the clerk gets a plain message.
      onInternalError(error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng' },
      };
    }
  };
}
