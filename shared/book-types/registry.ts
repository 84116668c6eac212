/**
 * The typed-in book types, one line each: adding a type is its module (schema, rules, layout,
 * columns, labels), its tests, and a line here. The record registry, the form layouts and the
 * Excel column sets are read from these definitions.
 */
import { GH_BOOK_TYPE } from './gh';

export const BOOK_TYPE_DEFINITIONS = {
  GH: GH_BOOK_TYPE,
};
