/**
 * The typed-in books' form layouts. Each is part of its type's one description in
 * shared/book-types (pure data: the book's blocks in the book's order); the renderer keeps only
 * the drawing (EntryForm).
 */
import type { TypedInBookType } from '../../shared/records/registry';
import { BOOK_TYPE_DEFINITIONS } from '../../shared/book-types/registry';
import type { FormLayout } from './form/spec';

export const LAYOUTS = Object.fromEntries(
  Object.entries(BOOK_TYPE_DEFINITIONS).map(([code, type]) => [code, type.layout]),
) as Record<TypedInBookType, FormLayout>;
