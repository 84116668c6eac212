/**
 * The ten book types, one line each: adding a type is its module (schema, rules, layout,
 * columns, labels), its tests, and a line here. The record registry, the form layouts, the Excel
 * column sets and the book-specific labels are read from these definitions.
 */
import { CDGH_BOOK_TYPE } from './cdgh';
import { CMC_BOOK_TYPE } from './cmc';
import { GH_BOOK_TYPE } from './gh';
import { HN_BOOK_TYPE } from './hn';
import { KH_BOOK_TYPE } from './kh';
import { KS_BOOK_TYPE } from './ks';
import { KT_BOOK_TYPE } from './kt';
import { LH_BOOK_TYPE } from './lh';
import { NCN_BOOK_TYPE } from './ncn';
import { TD_BOOK_TYPE } from './td';

export const BOOK_TYPE_DEFINITIONS = {
  GH: GH_BOOK_TYPE,
  CDGH: CDGH_BOOK_TYPE,
  LH: LH_BOOK_TYPE,
  TD: TD_BOOK_TYPE,
  KS: KS_BOOK_TYPE,
  KT: KT_BOOK_TYPE,
  KH: KH_BOOK_TYPE,
  NCN: NCN_BOOK_TYPE,
  CMC: CMC_BOOK_TYPE,
  HN: HN_BOOK_TYPE,
};
