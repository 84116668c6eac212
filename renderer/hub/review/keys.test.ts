import { describe, expect, it } from 'vitest';
import { nextUnchecked, reviewCommandFor, stepField, type KeyContext, type KeyPress } from './keys';

const plain = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...extra,
});
const onField: KeyContext = { dialogOpen: false, inTextField: false };
const typing: KeyContext = { dialogOpen: false, inTextField: true };
const dialog: KeyContext = { dialogOpen: true, inTextField: true };

describe('review keys', () => {
  it('gives verdicts with Đ/D/1 and S/2 on a focused field, whatever the layout', () => {
    for (const key of ['đ', 'Đ', 'd', 'D', '1']) expect(reviewCommandFor(plain(key), onField)).toBe('ok');
    for (const key of ['s', 'S', '2']) expect(reviewCommandFor(plain(key), onField)).toBe('wrong');
  });

  it('never judges while typing in a text box, nor with Ctrl/Meta, nor during an IME composition', () => {
    expect(reviewCommandFor(plain('d'), typing)).toBeUndefined();
    expect(reviewCommandFor(plain('1'), typing)).toBeUndefined();
    expect(reviewCommandFor(plain('s', { ctrlKey: true }), onField)).toBeUndefined();
    expect(reviewCommandFor(plain('1', { metaKey: true }), onField)).toBeUndefined();
    expect(reviewCommandFor(plain('d', { isComposing: true }), onField)).toBeUndefined();
    expect(reviewCommandFor(plain('Process'), onField)).toBeUndefined();
  });

  it('moves between fields: N/J to the next unchecked, arrows to neighbours', () => {
    expect(reviewCommandFor(plain('n'), onField)).toBe('next-unchecked');
    expect(reviewCommandFor(plain('J'), onField)).toBe('next-unchecked');
    expect(reviewCommandFor(plain('ArrowDown'), onField)).toBe('next-field');
    expect(reviewCommandFor(plain('ArrowUp'), onField)).toBe('previous-field');
    expect(reviewCommandFor(plain('ArrowDown'), typing)).toBeUndefined();
    // On the page image the arrows scroll the page; the verdict keys still judge the current field.
    const onPage: KeyContext = { dialogOpen: false, inTextField: false, onPage: true };
    expect(reviewCommandFor(plain('ArrowDown'), onPage)).toBeUndefined();
    expect(reviewCommandFor(plain('ArrowUp'), onPage)).toBeUndefined();
    expect(reviewCommandFor(plain('d'), onPage)).toBe('ok');
    expect(reviewCommandFor(plain('c'), onField)).toBe('rest-ok');
  });

  it('moves between sampled entries with Alt+arrows, also from a text box, never from a dialog', () => {
    expect(reviewCommandFor(plain('ArrowRight', { altKey: true }), onField)).toBe('next-entry');
    expect(reviewCommandFor(plain('ArrowLeft', { altKey: true }), typing)).toBe('previous-entry');
    expect(reviewCommandFor(plain('ArrowRight'), onField)).toBeUndefined();
    expect(reviewCommandFor(plain('ArrowRight', { altKey: true, shiftKey: true }), onField)).toBeUndefined();
    expect(reviewCommandFor(plain('ArrowRight', { altKey: true }), dialog)).toBeUndefined();
  });

  it('in a dialog: Enter confirms, Esc cancels, letters are typed', () => {
    expect(reviewCommandFor(plain('Enter'), dialog)).toBe('confirm');
    expect(reviewCommandFor(plain('Escape'), dialog)).toBe('cancel');
    expect(reviewCommandFor(plain('Enter', { shiftKey: true }), dialog)).toBeUndefined();
    // Enter on the dialog's "Hủy" button presses that button.
    expect(reviewCommandFor(plain('Enter'), { dialogOpen: true, inTextField: false, onButton: true })).toBeUndefined();
    expect(reviewCommandFor(plain('d'), dialog)).toBeUndefined();
    expect(reviewCommandFor(plain('s'), dialog)).toBeUndefined();
  });

  it('finds the next field without a verdict, wrapping around', () => {
    const fields = [{ verdict: 'ok' }, { verdict: null }, { verdict: 'wrong' }, { verdict: null }];
    expect(nextUnchecked(fields, -1)).toBe(1);
    expect(nextUnchecked(fields, 1)).toBe(3);
    expect(nextUnchecked(fields, 3)).toBe(1);
    expect(nextUnchecked([{ verdict: 'ok' }, { verdict: 'ok' }], 0)).toBeUndefined();
    expect(nextUnchecked([], -1)).toBeUndefined();
  });

  it('steps between fields and stops at both ends', () => {
    expect(stepField(3, 0, 1)).toBe(1);
    expect(stepField(3, 2, 1)).toBe(2);
    expect(stepField(3, 0, -1)).toBe(0);
    expect(stepField(0, 0, 1)).toBe(-1);
  });
});
