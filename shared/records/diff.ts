/** Field-level differences between two versions of an entry, for the audit log and history view. */

/** Flattens nested data to dotted paths: {a: {b: 1}, c: [x]} → {"a.b": 1, "c.0": x}. */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

export interface FieldChanges {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Only the fields that changed; a field absent on one side is recorded as null there. */
export function changedFields(before: unknown, after: unknown): FieldChanges {
  const a = flatten(before);
  const b = flatten(after);
  const changes: FieldChanges = { before: {}, after: {} };
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (a[key] === b[key]) continue;
    changes.before[key] = a[key] ?? null;
    changes.after[key] = b[key] ?? null;
  }
  return changes;
}
