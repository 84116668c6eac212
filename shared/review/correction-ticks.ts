/**
 * Which of an entry's open correction requests an edit answers (issue 11, "Cần sửa"): by default
 * every request whose field the edit changed (its value, or its mark: "không đọc được" is an
 * answer too). The clerk may untick one (a change for another reason) or tick one whose value
 * stays (then "Giữ nguyên" with a reason is the better answer, but the choice is the clerk's).
 */

type Data = Record<string, unknown>;

/** The value at a dotted path of an entry's data ("nguoiGiamHo.1.hoTen"); undefined when absent. */
export function valueAtField(data: Data, path: string): unknown {
  let current: unknown = data;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Empty in any of its spellings (a cleared input, an empty number box) compares as one value. */
function comparable(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'number' && Number.isNaN(value)) return '';
  if (Array.isArray(value) && value.length === 0) return '';
  return typeof value === 'string' ? value.trim() : JSON.stringify(value);
}

function markAt(data: Data, path: string): unknown {
  const marks = data.danhDau;
  if (!marks || typeof marks !== 'object') return undefined;
  return (marks as Record<string, unknown>)[path];
}

/** Whether an edit changed one field: its value or its mark. */
export function fieldChanged(before: Data, after: Data, path: string): boolean {
  return (
    comparable(valueAtField(before, path)) !== comparable(valueAtField(after, path)) ||
    comparable(markAt(before, path)) !== comparable(markAt(after, path))
  );
}

/** The requests an edit answers unless the clerk says otherwise: those whose field changed. */
export function changedRequestIds(
  requests: readonly { id: string; field: string }[],
  before: Data,
  after: Data,
): string[] {
  return requests.filter((r) => fieldChanged(before, after, r.field)).map((r) => r.id);
}
