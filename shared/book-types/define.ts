/**
 * What one book type's module describes: its zod schema and rules (the record type), the form
 * layout, the Excel column sets and the labels particular to the book. Everything else (the
 * record registry, the form, the export) reads these definitions through ./registry.ts.
 */
import type { z } from '../zod';
import type { BookTypeCode } from '../catalogs/book-types';
import type { RuleIssue, WarningContext } from '../records/rules';
import type { ColumnSet } from './columns';
import type { FormLayout } from './layout';

export interface IndexedFields {
  so: string;
  quyenSo?: string;
  trangSo: number;
  ngayDangKy?: string;
  /**
   * Names of the people on the entry, the first being the one the entry is about ('' when that
   * name is marked unknown or illegible); the others only when written.
   */
  names: string[];
}

export interface RecordType<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Warnings to show and save with a valid entry. */
  warnings: (record: z.output<S>, context?: WarningContext) => RuleIssue[];
  indexed: (record: z.output<S>) => IndexedFields;
  /** The label of ngayDangKy in this book ("Ngày đăng ký", or "Ngày ghi chú" in LH). */
  registrationDateLabel: string;
}

export function defineRecordType<S extends z.ZodType>(type: RecordType<S>): RecordType<S> {
  return type;
}

export interface BookTypeDefinition<S extends z.ZodType = z.ZodType> {
  code: BookTypeCode;
  record: RecordType<S>;
  layout: FormLayout;
  /** Every version of the Excel column set, oldest first (the last one is used for new exports). */
  columnSets: readonly ColumnSet[];
  /** Where the type keeps its people (a person or a list of them), in the order they are shown. */
  people: readonly string[];
  /** Labels of top-level fields that differ in this book from the shared ones (LH: "Ngày ghi chú"). */
  labels?: Readonly<Record<string, string>>;
  /**
   * Labels of field names this type adds to the shared table (shared/records/labels.ts), e.g.
   * KT `ngayChet: 'Ngày chết'`. A name already in the table must not be given another label.
   */
  fieldLabels?: Readonly<Record<string, string>>;
  /**
   * The people's critical fields, read blind first by the district reviewer (besides số and the
   * registration date, which every book has): the name and birth date of the person the entry is
   * about (both spouses in LH).
   */
  critical: readonly string[];
}

export function defineBookType<S extends z.ZodType>(type: BookTypeDefinition<S>): BookTypeDefinition<S> {
  return type;
}

interface Registration {
  so?: string;
  quyenSo?: string;
  trangSo: number;
  ngayDangKy?: string;
}

/** Column values of the registration fields, read defensively (stored data may be older). */
export function indexedRegistration(r: Registration, names: (string | undefined)[]): IndexedFields {
  const [first, ...others] = names;
  return {
    so: r.so ?? '',
    quyenSo: r.quyenSo || undefined,
    trangSo: r.trangSo,
    ngayDangKy: r.ngayDangKy || undefined,
    names: [first ?? '', ...others.filter((n): n is string => Boolean(n))],
  };
}
