import { describe, expect, it } from 'vitest';
import { commandFor } from './shortcuts';

const key = (code: string, extra: Partial<KeyboardEvent> = {}) => ({
  altKey: true,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  isComposing: false,
  key: '',
  code,
  ...extra,
});

describe('viewer shortcuts', () => {
  it('maps Alt combinations to viewer commands', () => {
    expect(commandFor(key('PageDown'))).toBe('next-page');
    expect(commandFor(key('PageUp'))).toBe('previous-page');
    expect(commandFor(key('Equal'))).toBe('zoom-in');
    expect(commandFor(key('NumpadSubtract'))).toBe('zoom-out');
    expect(commandFor(key('KeyR', { shiftKey: true }))).toBe('rotate-left');
  });

  it('leaves typing alone: no Alt, Ctrl/AltGr combinations, or an IME composition', () => {
    expect(commandFor(key('PageDown', { altKey: false }))).toBeUndefined();
    expect(commandFor(key('KeyR', { ctrlKey: true }))).toBeUndefined(); // AltGr = Ctrl+Alt on Windows
    expect(commandFor(key('PageDown', { isComposing: true }))).toBeUndefined();
    expect(commandFor(key('KeyR', { key: 'Process' }))).toBeUndefined();
    expect(commandFor(key('KeyA'))).toBeUndefined();
  });
});
