/**
 * Viewer shortcuts that work while the clerk types in the form: Alt with keys that neither text
 * fields nor the Vietnamese IMEs (Telex, VNI) use, and never during an IME composition.
 */
import { useEffect, useRef } from 'react';

export type ViewerCommand =
  'next-page' | 'previous-page' | 'zoom-in' | 'zoom-out' | 'fit-width' | 'fit-page' | 'rotate-right' | 'rotate-left';

export const SHORTCUT_HELP: [string, string][] = [
  ['Alt + PageDown', 'trang sau'],
  ['Alt + PageUp', 'trang trước'],
  ['Alt + =  /  Alt + -', 'phóng to / thu nhỏ'],
  ['Alt + 0', 'vừa chiều rộng'],
  ['Alt + 9', 'vừa trang'],
  ['Alt + R  /  Alt + Shift + R', 'xoay phải / xoay trái'],
];

export function commandFor(
  event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'key' | 'isComposing'>,
): ViewerCommand | undefined {
  if (event.isComposing || event.key === 'Process' || !event.altKey || event.ctrlKey || event.metaKey) return undefined;
  switch (event.code) {
    case 'PageDown':
      return 'next-page';
    case 'PageUp':
      return 'previous-page';
    case 'Equal':
    case 'NumpadAdd':
      return 'zoom-in';
    case 'Minus':
    case 'NumpadSubtract':
      return 'zoom-out';
    case 'Digit0':
    case 'Numpad0':
      return 'fit-width';
    case 'Digit9':
    case 'Numpad9':
      return 'fit-page';
    case 'KeyR':
      return event.shiftKey ? 'rotate-left' : 'rotate-right';
    default:
      return undefined;
  }
}

/** Listens on the whole window, so the shortcuts work wherever the focus is. */
export function useViewerShortcuts(run: (command: ViewerCommand) => void): void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandFor(event);
      if (!command) return;
      event.preventDefault();
      latest.current(command);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
