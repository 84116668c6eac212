/**
 * The review screen's state rules, as pure functions: optimistic verdicts laid over what the hub
 * last said, the blind-read form's fields, each field's status, and the place in the sample.
 */
import type { PageInfo, Rotation, ScanMediaType } from '../../../shared/books/book';
import type { LotDetail, ReviewEntry, ReviewField, ReviewPage } from '../../../shared/review/hub-api';
import type { Verdict } from '../../../shared/review/review';

/** A verdict shown before the hub confirmed it (removed again if the hub refuses it). */
export interface PendingVerdict {
  verdict: Verdict;
  readValue: string | null;
  note: string | null;
}

/** The entry as the hub sent it, with the verdicts still on their way laid over it. */
export function withPending(entry: ReviewEntry, pending: ReadonlyMap<string, PendingVerdict>): ReviewEntry {
  if (pending.size === 0) return entry;
  return {
    ...entry,
    fields: entry.fields.map((field) => {
      const verdict = pending.get(field.path);
      return verdict ? { ...field, ...verdict } : field;
    }),
  };
}

/** "Các ô còn lại đúng": an ok verdict for every field that has none yet. */
export function restOk(entry: ReviewEntry): Map<string, PendingVerdict> {
  const pending = new Map<string, PendingVerdict>();
  for (const field of entry.fields) {
    if (field.verdict === null) pending.set(field.path, { verdict: 'ok', readValue: null, note: null });
  }
  return pending;
}

/** The critical fields still to be read blind (the hub sends no value for them). */
export function blindFields(entry: ReviewEntry): ReviewField[] {
  return entry.fields.filter((field) => field.critical && field.blindValue === null);
}

export type FieldStatus = 'unchecked' | 'disagrees' | 'blind-match' | 'ok' | 'wrong';

export function fieldStatus(field: ReviewField): FieldStatus {
  if (field.verdict === 'wrong') return 'wrong';
  if (field.verdict === 'ok') return field.blindValue !== null && !field.blindDisagrees ? 'blind-match' : 'ok';
  return field.blindDisagrees ? 'disagrees' : 'unchecked';
}

export interface SamplePlace {
  /** 1-based position of the entry in the reviewer's order (0 when not in the sample). */
  position: number;
  total: number;
  judged: number;
  /** Every sampled entry is judged: the lot page can take the decision. */
  complete: boolean;
  previousEntryId: string | null;
  nextEntryId: string | null;
}

export function samplePlace(lot: LotDetail, entryId: string): SamplePlace {
  const sample = [...lot.sample].sort((a, b) => a.order - b.order);
  const index = sample.findIndex((item) => item.entryId === entryId);
  const judged = sample.filter((item) => item.judged).length;
  return {
    position: index + 1,
    total: sample.length,
    judged,
    complete: sample.length > 0 && judged === sample.length,
    previousEntryId: index > 0 ? (sample[index - 1]?.entryId ?? null) : null,
    nextEntryId: index >= 0 ? (sample[index + 1]?.entryId ?? null) : null,
  };
}

/** A value as shown: the hub's display text, or a word for an empty field. */
export function shownValue(value: string | null): string {
  return value === null || value.trim() === '' ? '(để trống)' : value;
}

/** The hub's page as the desktop viewer draws it (rotation in quarter turns, unknown sizes left out). */
export function viewerPage(page: ReviewPage): PageInfo {
  const turn = ((((Math.round(page.rotation / 90) * 90) % 360) + 360) % 360) as Rotation;
  return {
    id: page.pageId,
    pageNo: page.pageNo,
    scanFileId: page.scanSha256,
    sha256: page.scanSha256,
    mediaType: page.mediaType as ScanMediaType,
    indexInFile: page.indexInFile,
    rotation: turn,
    width: page.width ?? undefined,
    height: page.height ?? undefined,
  };
}
