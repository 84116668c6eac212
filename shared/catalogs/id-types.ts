/**
 * Kinds of identity document (loại giấy tờ tùy thân, ho-tich.md §5). Shipped as data: the list has
 * grown (code 10 "Thẻ căn cước", 2024) and will again. "0" (or blank) means no document.
 */
import data from './data/id-types.json';

/** How the number of a kind of document is checked (see records/rules.ts). */
export type IdNumberCheck = 'twelve-digits' | 'cmnd' | 'passport';

export interface IdType {
  code: string;
  name: string;
  check: IdNumberCheck | null;
}

export const ID_TYPES: readonly IdType[] = data as IdType[];
export const NO_ID_TYPE_CODE = '0';
export const ID_TYPE_CODES = ID_TYPES.map((t) => t.code) as [string, ...string[]];

export function findIdType(code: string | undefined): IdType | undefined {
  return ID_TYPES.find((t) => t.code === code);
}

export function idTypeName(code: string): string {
  return findIdType(code)?.name ?? code;
}
