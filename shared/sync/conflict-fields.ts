/**
 * Both values of a sync conflict, as a clerk reads them: every field that differs between the
 * hub's current version of an entry and this machine's, under the field's Vietnamese label
 * (the same labels and display of values as an entry's history), in this machine's order of fields.
 */
import { changedFields } from '../records/diff';
import { historyLines } from '../records/history';
import { upgradeRecordData } from '../records/upgrades';

/** One side of a conflict: the entry's data in its stored schema, its scan pages, whether deleted. */
export interface ConflictSide {
  schemaVersion: number;
  data: Record<string, unknown>;
  pageIds: string[];
  deleted: { reason: string | null } | null;
}

export interface ConflictField {
  label: string;
  hub: string;
  local: string;
}

export const CONFLICT_STATE_LABEL = 'Tình trạng';

function stateText(side: ConflictSide): string {
  if (!side.deleted) return 'Còn hiệu lực';
  return side.deleted.reason ? `Đã xóa (lý do: ${side.deleted.reason})` : 'Đã xóa';
}

/**
 * The differing fields of `hub` and `local` (both of book type `bookType`); `pageNoOf` gives a
 * scan page's number in the book (undefined when this machine does not know the page).
 */
export function conflictFields(
  bookType: string,
  hub: ConflictSide,
  local: ConflictSide,
  pageNoOf: (pageId: string) => number | undefined,
): ConflictField[] {
  const view = (side: ConflictSide) => ({
    ...upgradeRecordData(bookType, side.schemaVersion, side.data).data,
    pages: side.pageIds.map((pageId) => ({ pageId })),
  });
  // In this machine's order of fields (its data is stored in the form's order; the hub's may not be).
  const changes = changedFields(view(local), view(hub));
  const fields: ConflictField[] = historyLines(changes.after, changes.before, bookType, pageNoOf).map((line) => ({
    label: line.label,
    hub: line.before,
    local: line.after,
  }));
  const hubState = stateText(hub);
  const localState = stateText(local);
  if (hubState !== localState) fields.unshift({ label: CONFLICT_STATE_LABEL, hub: hubState, local: localState });
  return fields;
}
