/**
 * For every book type, its one description agrees with itself: the form layout, the zod schema,
 * the rules, the Excel columns and the labels.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_LABELS } from '../records/labels';
import { UNLESS_MARKED_HINT } from '../records/rules';
import type { BookTypeDefinition } from './define';
import { fieldsOf, isRequiredFor, valueAtPath, type FieldSpec, type LayoutItem } from './layout';
import { BOOK_TYPE_DEFINITIONS } from './registry';
import { pattern, schemaPaths } from './schema-paths';

const TYPES = Object.values(BOOK_TYPE_DEFINITIONS) as BookTypeDefinition[];

/** A valid GH id, to fill a link field. */
const SOME_UUID = '3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b';

function inSchema(leaves: Set<string>, path: string): boolean {
  const p = pattern(path);
  // A list of codes (TD loaiThayDoi) is one field of the form: its leaf is "loaiThayDoi.#".
  return leaves.has(p) || leaves.has(`${p}.#`);
}

/** Every field the layout can show, list items at position 0 (fieldsOf expands the lists present). */
function layoutFields(type: BookTypeDefinition): FieldSpec[] {
  return fieldsOf(type.layout.items, type.layout.blank());
}

/** Fields carrying a `requiredUnless`, wherever they are in the layout (list items unresolved). */
function conditionalFields(items: LayoutItem[]): FieldSpec[] {
  return items.flatMap((item): FieldSpec[] => {
    if (item.kind === 'row') return conditionalFields(item.fields);
    if (item.kind === 'group' || item.kind === 'list') return conditionalFields(item.items);
    if (item.kind === 'custom') return [];
    return item.requiredUnless || item.requiredWhen ? [item] : [];
  });
}

function setAt(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(data);
  const steps = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const step of steps.slice(0, -1)) node = node[step] as Record<string, unknown>;
  node[steps[steps.length - 1]!] = value;
  return copy;
}

function issuePaths(type: BookTypeDefinition, data: Record<string, unknown>, missingOnly: boolean): string[] {
  const result = type.record.schema.safeParse(data);
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !missingOnly || issue.message.endsWith(UNLESS_MARKED_HINT))
    .map((issue) => issue.path.map(String).join('.'));
}

/**
 * Paths the rules require for these data: those reported missing ("Bắt buộc nhập …, hoặc đánh
 * dấu …"), and those the blank form fills in that the schema cannot do without (trangSo).
 */
function missingByRules(type: BookTypeDefinition, data: Record<string, unknown>): string[] {
  const missing = new Set(issuePaths(type, data, true));
  for (const field of fieldsOf(type.layout.items, data)) {
    const value = valueAtPath(data, field.path);
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (issuePaths(type, setAt(data, field.path, undefined), false).includes(field.path)) missing.add(field.path);
  }
  return [...missing].sort();
}

/** Paths the layout marks required (*) for these data. */
function markedRequired(type: BookTypeDefinition, data: Record<string, unknown>): string[] {
  return fieldsOf(type.layout.items, data)
    .filter((field) => isRequiredFor(field, data))
    .map((field) => field.path)
    .sort();
}

describe.each(TYPES.map((type) => [type.code, type] as const))('%s: one description', (_code, type) => {
  const { leaves } = schemaPaths(type.record.schema);

  it('lays out only fields of the schema, each labelled', () => {
    const fields = layoutFields(type);
    expect(fields.length).toBeGreaterThan(5);
    expect(fields.filter((f) => !inSchema(leaves, f.path)).map((f) => f.path)).toEqual([]);
    expect(fields.filter((f) => !f.label.trim()).map((f) => f.path)).toEqual([]);
  });

  it('marks required exactly the fields a blank entry is missing by the rules', () => {
    const blank = type.layout.blank();
    expect(markedRequired(type, blank)).toEqual(missingByRules(type, blank));
  });

  it('keeps marks and rules together when a condition lifts or sets a requirement', () => {
    for (const field of conditionalFields(type.layout.items)) {
      const unless = field.requiredUnless;
      const when = field.requiredWhen;
      if (unless) {
        const data = setAt(type.layout.blank(), unless.path, 'filled' in unless ? SOME_UUID : unless.equals);
        expect(markedRequired(type, data), field.path).toEqual(missingByRules(type, data));
        expect(markedRequired(type, data), field.path).not.toContain(field.path);
      }
      if (when) {
        const data = setAt(type.layout.blank(), when.path, when.equals);
        expect(markedRequired(type, data), field.path).toEqual(missingByRules(type, data));
        expect(markedRequired(type, data), field.path).toContain(field.path);
      }
    }
  });

  it('maps every Excel column to a field of the schema or a declared derived value', () => {
    expect(type.columnSets.length).toBeGreaterThan(0);
    for (const set of type.columnSets) {
      expect(set.bookType).toBe(type.code);
      for (const column of set.columns) {
        if (column.source === 'entry') expect(inSchema(leaves, column.path), column.column).toBe(true);
        else expect(['book', 'rowNumber'], column.column).toContain(column.source);
        expect(column.label.trim(), column.column).not.toBe('');
      }
      const names = set.columns.map((c) => c.column);
      expect(new Set(names).size).toBe(names.length);
      for (const { path } of set.notExported) {
        const p = pattern(path);
        expect(
          [...leaves].some((leaf) => leaf === p || leaf.startsWith(`${p}.`)) || path === 'ngayDangKyKhongRo',
          path,
        ).toBe(true);
      }
    }
  });

  it("keeps its people's blocks in the schema", () => {
    expect(type.people.length).toBeGreaterThan(0);
    for (const path of type.people) {
      expect(inSchema(leaves, `${path}.hoTen`) || inSchema(leaves, `${path}.0.hoTen`), path).toBe(true);
    }
  });

  it('reads blind only fields of its schema', () => {
    expect(type.critical.length).toBeGreaterThan(0);
    for (const path of type.critical) expect(inSchema(leaves, path), path).toBe(true);
  });

  it('adds labels only for names the shared table does not already label otherwise', () => {
    for (const other of TYPES) {
      for (const [name, label] of Object.entries(other.fieldLabels ?? {})) {
        expect(FIELD_LABELS[name], `${other.code}: ${name}`).toBe(label);
      }
    }
  });

  it('has a label for every field of the schema', () => {
    const own = type.labels ?? {};
    const unlabelled = [...leaves]
      .flatMap((leaf) => leaf.split('.'))
      // danhDau holds the annotations of the other fields (keyed by their paths), not a field of the book.
      .filter((step) => step !== '#' && step !== 'danhDau' && !FIELD_LABELS[step] && !own[step]);
    expect([...new Set(unlabelled)]).toEqual([]);
  });
});

describe('the known disagreements stay fixed', () => {
  it('CDGH: "lý do khác" is marked required exactly when the reason is "khác", as the rules require it', () => {
    const cdgh = BOOK_TYPE_DEFINITIONS.CDGH;
    const other = setAt(cdgh.layout.blank(), 'lyDoChamDut', 'khac');
    expect(missingByRules(cdgh, other)).toContain('lyDoKhac');
    expect(markedRequired(cdgh, other)).toContain('lyDoKhac');
    expect(markedRequired(cdgh, cdgh.layout.blank())).not.toContain('lyDoKhac');
  });

  it('TD: the birth date of the person changed is marked required, as the rules require it', () => {
    const td = BOOK_TYPE_DEFINITIONS.TD;
    const blank = td.layout.blank();
    expect(missingByRules(td, blank)).toContain('nguoi.ngaySinh');
    expect(markedRequired(td, blank)).toContain('nguoi.ngaySinh');
  });

  it("LH: the judgment's country is required only for a foreign judgment, in the rules and on the form", () => {
    const lh = BOOK_TYPE_DEFINITIONS.LH;
    const foreign = lh.layout.blank();
    const domestic = setAt(foreign, 'nguon', 'trong-nuoc');
    expect(markedRequired(lh, foreign)).toContain('banAn.quocGia');
    expect(missingByRules(lh, foreign)).toContain('banAn.quocGia');
    expect(markedRequired(lh, domestic)).not.toContain('banAn.quocGia');
    expect(missingByRules(lh, domestic)).not.toContain('banAn.quocGia');
  });
});
