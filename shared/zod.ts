/**
 * The one zod import of the project: configured with zod's Vietnamese locale so that even the
 * built-in messages (wrong type, too short, …) reach the clerk in Vietnamese. Also the text and
 * size bounds every schema of the contract uses (one place, used by form, backend, CLI, precheck).
 */
import { z } from 'zod';

z.config(z.locales.vi());

export { z };

/** C0 controls, DEL and C1 controls: never in a single-line text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, but tab, line feed and carriage return are allowed (multi-line fields). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Half of a UTF-16 surrogate pair with no other half: not text (the `u` flag pairs whole ones). */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export const CONTROL_MESSAGE = 'Có ký tự điều khiển không được phép (ví dụ NUL, tab, xuống dòng); hãy gõ lại ô này';
export const CONTROL_MULTILINE_MESSAGE = 'Có ký tự điều khiển không được phép (ví dụ NUL); hãy gõ lại ô này';
export const SURROGATE_MESSAGE = 'Có ký tự hỏng (mã hóa không hợp lệ); hãy gõ lại ô này';

/** Why a text cannot be stored, or undefined when it can. */
export function textProblem(value: string, multiline = false): string | undefined {
  if ((multiline ? CONTROL_EXCEPT_NEWLINES : CONTROL).test(value)) {
    return multiline ? CONTROL_MULTILINE_MESSAGE : CONTROL_MESSAGE;
  }
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return undefined;
}

export interface SafeTextOptions {
  /** Tab and newlines allowed (the multi-line fields: notes, ghi chú, nội dung). */
  multiline?: boolean;
  /** Leading and trailing white space removed first (the default). */
  trim?: boolean;
  /** The message when too long; "Tối đa N ký tự" otherwise. */
  tooLong?: string;
}

/**
 * Text of at most `max` characters with no control character (tab and newlines only when
 * multi-line) and no lone surrogate. Every text of the contract goes through this.
 */
export function safeText(max: number, options: SafeTextOptions = {}) {
  const base = options.trim === false ? z.string() : z.string().trim();
  return base.max(max, options.tooLong ?? `Tối đa ${max} ký tự`).check((ctx) => {
    const problem = textProblem(ctx.value, options.multiline);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
}

/** Bounds of a free JSON value (an entry's data, a draft) checked before any deeper parsing. */
export interface JsonBounds {
  maxDepth: number;
  /** Objects, arrays and scalars together. */
  maxNodes: number;
  maxKeyLength: number;
  maxStringLength: number;
}

export const JSON_SIZE_MESSAGE = 'Dữ liệu quá lớn hoặc lồng nhau quá sâu';

/**
 * Walks a JSON value once, without recursion on the call stack, and reports the first problem:
 * too deep, too many nodes, too long a key or string, or a string with a control character (tab
 * and newlines allowed: which field is multi-line is the type schema's business) or a lone surrogate.
 */
export function jsonProblem(value: unknown, bounds: JsonBounds): { path: PropertyKey[]; message: string } | undefined {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (++nodes > bounds.maxNodes || path.length > bounds.maxDepth) return { path: [], message: JSON_SIZE_MESSAGE };
    if (typeof current === 'string') {
      if (current.length > bounds.maxStringLength) return { path, message: `Tối đa ${bounds.maxStringLength} ký tự` };
      const problem = textProblem(current, true);
      if (problem) return { path, message: problem };
    } else if (Array.isArray(current)) {
      if (nodes + current.length > bounds.maxNodes) return { path: [], message: JSON_SIZE_MESSAGE };
      current.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (typeof current === 'object' && current !== null) {
      const keys = Object.keys(current);
      if (nodes + keys.length > bounds.maxNodes) return { path: [], message: JSON_SIZE_MESSAGE };
      for (const key of keys) {
        if (key.length > bounds.maxKeyLength || textProblem(key)) {
          return { path, message: 'Tên trường không hợp lệ' };
        }
        stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
  return undefined;
}
