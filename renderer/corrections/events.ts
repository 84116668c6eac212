/**
 * "Cần sửa" changed here (an answer given, an entry corrected, a receipt applied): every view of
 * the requests (the nav link's count, the list, the workspace panel) reads them again.
 */
export const CORRECTIONS_CHANGED_EVENT = 'sohoa:corrections-changed';

export function notifyCorrectionsChanged(): void {
  window.dispatchEvent(new Event(CORRECTIONS_CHANGED_EVENT));
}
