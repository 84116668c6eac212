/**
 * How an entry form is laid out: the printed book's blocks, in the book's order, as data. One
 * generic renderer (EntryForm) draws every book type from its layout.
 */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'date'
  | 'int'
  | 'select'
  | 'ethnicity'
  | 'nationality'
  | 'sex'
  | 'idType'
  | 'checkboxes'
  /** Free text with suggestions from the app's list of fields (TD's "nội dung thay đổi"). */
  | 'changedField';

export interface Option {
  code: string;
  name: string;
}

export interface FieldSpec {
  kind: FieldKind;
  /** Dotted path in the entry's data; `$` stands for the current item inside a list. */
  path: string;
  label: string;
  options?: readonly Option[];
  /** Required by the book (an empty value then needs a "Không đọc được" mark). */
  required?: boolean;
  /**
   * A required field is not required while another field holds this value (LH: the country of a
   * Vietnamese court's judgment), or, with `filled`, while that field is filled in (CDGH: the
   * guardianship's number and date, not asked when the GH entry is linked).
   */
  requiredUnless?: { path: string; equals: string } | { path: string; filled: true };
  /** Required only while another field holds this value (CDGH: "lý do khác" when the reason is "khac"). */
  requiredWhen?: { path: string; equals: string };
  /** Repeats from entry to entry: carried over from the book's previous entry. */
  carry?: boolean;
  size?: 'narrow' | 'wide';
  placeholder?: string;
  /**
   * An address that often repeats inside one entry (residence, issuing office): Alt+C copies the
   * nearest such field above with the same name (the ward's residence from the guardian's).
   */
  copyable?: boolean;
}

export interface RowSpec {
  kind: 'row';
  fields: FieldSpec[];
}

export interface GroupSpec {
  kind: 'group';
  legend: string;
  /** Optional blocks start folded to keep Tab order short; Enter on the legend opens them. */
  optional?: boolean;
  /** Shown only while another field holds this value (e.g. "giám hộ cử" for its document). */
  when?: { path: string; equals: string };
  items: LayoutItem[];
}

/** A list of blocks (two guardians, several changes): `path` is the array in the data. */
export interface ListSpec {
  kind: 'list';
  path: string;
  legend: (index: number) => string;
  min: number;
  max: number;
  addLabel: string;
  blank: () => Record<string, unknown>;
  items: LayoutItem[];
}

/** A block only the code knows how to draw (e.g. the link to a GH entry in the database). */
export interface CustomSpec {
  kind: 'custom';
  render: 'gh-link';
}

export type LayoutItem = FieldSpec | RowSpec | GroupSpec | ListSpec | CustomSpec;

export interface FormLayout {
  /** The accessible name of the form. */
  title: string;
  /** The label of the registration date ("Ngày ghi chú" in the divorce-notes book). */
  items: LayoutItem[];
  /** Values of a blank entry (before carry-over). */
  blank: () => Record<string, unknown>;
}

/** The fields of a layout, with list items expanded for the given data. */
export function fieldsOf(items: LayoutItem[], data: Record<string, unknown>, prefix = ''): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const item of items) {
    if (item.kind === 'row') out.push(...fieldsOf(item.fields, data, prefix));
    else if (item.kind === 'group') out.push(...fieldsOf(item.items, data, prefix));
    else if (item.kind === 'list') {
      const list = valueAtPath(data, item.path);
      const count = Array.isArray(list) ? list.length : 0;
      for (let i = 0; i < count; i++) out.push(...fieldsOf(item.items, data, `${item.path}.${i}`));
    } else if (item.kind !== 'custom') out.push({ ...item, path: resolvePath(item.path, prefix) });
  }
  return out;
}

/** Whether a (resolved) field is required for these data. */
export function isRequiredFor(spec: FieldSpec, data: unknown): boolean {
  const condition = conditionPath(spec);
  return requiredGiven(spec, condition === undefined ? undefined : valueAtPath(data, condition));
}

/** The field a conditional requirement depends on (the form watches it). */
export function conditionPath(spec: FieldSpec): string | undefined {
  return (spec.requiredWhen ?? spec.requiredUnless)?.path;
}

/** Whether a field is required, given the value of the field its condition depends on. */
export function requiredGiven(spec: FieldSpec, conditionValue: unknown): boolean {
  if (spec.requiredWhen) return conditionValue === spec.requiredWhen.equals;
  if (!spec.required) return false;
  return !spec.requiredUnless || !waives(spec.requiredUnless, conditionValue);
}

/** Whether the value of a `requiredUnless` field lifts the requirement. */
function waives(unless: NonNullable<FieldSpec['requiredUnless']>, value: unknown): boolean {
  if ('filled' in unless)
    return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
  return value === unless.equals;
}

export function resolvePath(path: string, prefix: string): string {
  return path.startsWith('$.') ? `${prefix}.${path.slice(2)}` : path;
}

export function valueAtPath(data: unknown, path: string): unknown {
  let current = data;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
