/**
 * The typed-in book types, one line each: adding a type is its module (schema, rules, layout,
 * columns, labels), its tests, and a line here. The record registry, the form layouts, the Excel
 * column sets and the book-specific labels are read from these definitions.
 */
import { CDGH_BOOK_TYPE } from './cdgh';
import { GH_BOOK_TYPE } from './gh';
import { KS_BOOK_TYPE } from './ks';
import { LH_BOOK_TYPE } from './lh';
import { TD_BOOK_TYPE } from './td';

export const BOOK_TYPE_DEFINITIONS = {
  GH: GH_BOOK_TYPE,
  CDGH: CDGH_BOOK_TYPE,
  LH: LH_BOOK_TYPE,
  TD: TD_BOOK_TYPE,
  KS: KS_BOOK_TYPE,
};
