/** The pick lists of the four typed-in books (ho-tich.md §4), shipped as data. */
import changeKinds from './data/change-kinds.json';
import changedFields from './data/changed-fields.json';
import { buildCatalogIndex } from './lookup';
import documents from './data/civil-status-documents.json';
import divorceKinds from './data/divorce-kinds.json';
import divorceSources from './data/divorce-sources.json';
import guardianshipKinds from './data/guardianship-kinds.json';
import terminationKinds from './data/guardianship-termination-kinds.json';
import terminationReasons from './data/guardianship-termination-reasons.json';

export interface CodeName {
  code: string;
  name: string;
}

export type CodeList = readonly CodeName[];

/** The codes of a list, as the tuple z.enum wants. */
export function codesOf(list: CodeList): [string, ...string[]] {
  return list.map((item) => item.code) as [string, ...string[]];
}

/** Name of a code in a list; the code itself when unknown (data saved under an older list). */
export function nameOf(list: CodeList, code: string | undefined): string {
  return list.find((item) => item.code === code)?.name ?? code ?? '';
}

/** GH: Giám hộ cử · Giám hộ đương nhiên · Ghi vào sổ hộ tịch việc giám hộ. */
export const GUARDIANSHIP_KINDS: CodeList = guardianshipKinds;
export const GUARDIANSHIP_KIND_CODES = codesOf(GUARDIANSHIP_KINDS);
export type GuardianshipKindCode = string;

/** CDGH: kind of guardianship that ends. */
export const TERMINATION_KINDS: CodeList = terminationKinds;
export const TERMINATION_KIND_CODES = codesOf(TERMINATION_KINDS);

/** CDGH: reasons (Bộ luật Dân sự 2015, Điều 62); "khac" asks for the text. */
export const TERMINATION_REASONS: CodeList = terminationReasons;
export const TERMINATION_REASON_CODES = codesOf(TERMINATION_REASONS);
export const TERMINATION_REASON_OTHER = 'khac';
/** The reason under which the ward must have come of age. */
export const TERMINATION_REASON_OF_AGE = 'du-nang-luc';

/** LH: Ly hôn · Hủy việc kết hôn. */
export const DIVORCE_KINDS: CodeList = divorceKinds;
export const DIVORCE_KIND_CODES = codesOf(DIVORCE_KINDS);

/** LH: where the judgment comes from; the book is for foreign ones, hence the default. */
export const DIVORCE_SOURCES: CodeList = divorceSources;
export const DIVORCE_SOURCE_CODES = codesOf(DIVORCE_SOURCES);
export const DIVORCE_SOURCE_DEFAULT = 'nuoc-ngoai';
export const DIVORCE_SOURCE_DOMESTIC = 'trong-nuoc';

/** TD: kinds of change; an entry has one or more. The last two appear in pre-2016 books. */
export const CHANGE_KINDS: CodeList = changeKinds;
export const CHANGE_KIND_CODES = codesOf(CHANGE_KINDS);
export const CHANGE_KIND_ETHNICITY = 'xac-dinh-lai-dan-toc';
export const CHANGE_KIND_SUPPLEMENT = 'bo-sung';

/** TD: the civil-status record being changed (Tên giấy tờ hộ tịch); codes follow the book types. */
export const CIVIL_STATUS_DOCUMENTS: CodeList = documents;
export const CIVIL_STATUS_DOCUMENT_CODES = codesOf(CIVIL_STATUS_DOCUMENTS);

/** TD: suggestions for "the field changed" (free text; the book's wording wins). */
export const CHANGED_FIELD_SUGGESTIONS: readonly string[] = changedFields;

const changedFieldIndex = buildCatalogIndex(
  changedFields.map((name, i) => ({ code: String(i + 1), name, aliases: [] })),
  { codeKey: () => undefined },
);
/** The field of the list a typed text names exactly (ignoring case and diacritics). */
export const findChangedField = (input: string) => changedFieldIndex.find(input);
/** Fields of the list for what is being typed ("dan toc" → "Dân tộc", "Dân tộc của cha"…). */
export const suggestChangedFields = (input: string, limit?: number) => changedFieldIndex.suggest(input, limit);
