/**
 * The review screen's keyboard, as pure functions: which command a key press means where the focus
 * is, and where "next unchecked field" lands. The screen (ReviewScreen.tsx) only dispatches.
 *
 * Verdict keys act on the field that has the focus and only outside text boxes, so typing a value
 * never judges a field. Vietnamese keyboards: "Đ" comes as "đ" (a Vietnamese layout) or "d" (a
 * Latin layout, an IME switched off); keys are ignored while an IME composes.
 */

export type ReviewCommand =
  | 'ok'
  | 'wrong'
  | 'next-unchecked'
  | 'next-field'
  | 'previous-field'
  | 'next-entry'
  | 'previous-entry'
  | 'rest-ok'
  | 'confirm'
  | 'cancel';

/** The shortcuts as shown on the screen (key, what it does). */
export const REVIEW_SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Đ / 1', 'ô đang chọn: đúng'],
  ['S / 2', 'ô đang chọn: sai (ghi giá trị đọc được)'],
  ['N / J', 'đến ô chưa kiểm tiếp theo'],
  ['↓ / ↑', 'ô sau / ô trước'],
  ['C', 'các ô còn lại đúng'],
  ['Alt + → / Alt + ←', 'trường hợp sau / trước trong mẫu'],
  ['Enter / Esc', 'xác nhận / hủy hộp thoại'],
  ['Alt + PageDown / PageUp', 'trang sau / trước của trường hợp'],
  ['Alt + = / Alt + -', 'phóng to / thu nhỏ ảnh'],
];

export interface KeyPress {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

export interface KeyContext {
  /** A dialog (the "Sai" form) is open. */
  dialogOpen: boolean;
  /** The focus is in a text box (the blind read form, a note). */
  inTextField: boolean;
  /** The focus is on a button: Enter presses it (a dialog's "Hủy" cancels, it does not confirm). */
  onButton?: boolean;
  /** The focus is on the page image: the arrows scroll it, they do not move between fields. */
  onPage?: boolean;
}

export function reviewCommandFor(event: KeyPress, context: KeyContext): ReviewCommand | undefined {
  if (event.isComposing || event.key === 'Process' || event.key === 'Dead') return undefined;
  if (context.dialogOpen) {
    if (event.key === 'Escape') return 'cancel';
    if (
      event.key === 'Enter' &&
      !context.onButton &&
      !event.shiftKey &&
      !event.altKey &&
      !event.ctrlKey &&
      !event.metaKey
    )
      return 'confirm';
    return undefined;
  }
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    if (event.key === 'ArrowRight') return 'next-entry';
    if (event.key === 'ArrowLeft') return 'previous-entry';
    return undefined;
  }
  if (context.inTextField || event.altKey || event.ctrlKey || event.metaKey) return undefined;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (context.onPage) return undefined;
    return event.key === 'ArrowDown' ? 'next-field' : 'previous-field';
  }
  if (event.shiftKey && event.key.length !== 1) return undefined;
  switch (event.key.toLowerCase()) {
    case 'đ':
    case 'd':
    case '1':
      return 'ok';
    case 's':
    case '2':
      return 'wrong';
    case 'n':
    case 'j':
      return 'next-unchecked';
    case 'c':
      return 'rest-ok';
    default:
      return undefined;
  }
}

/**
 * The index of the first field after `from` (wrapping around) that still needs a verdict, or
 * undefined when every field has one. `from` = -1 starts at the top.
 */
export function nextUnchecked(fields: readonly { verdict: string | null }[], from: number): number | undefined {
  const n = fields.length;
  for (let step = 1; step <= n; step++) {
    const i = (((from + step) % n) + n) % n;
    if (fields[i]?.verdict === null) return i;
  }
  return undefined;
}

/** The neighbour of `from` in a list of `count`, stopping at both ends. */
export function stepField(count: number, from: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  return Math.min(count - 1, Math.max(0, from + direction));
}
