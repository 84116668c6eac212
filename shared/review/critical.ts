/**
 * The critical fields of an entry (issue 11: name, birth date, registration number, registration
 * date), as dotted field paths: these are read blind first. The registration fields are the same
 * in every book; the people's fields come from each type's one description (`critical`).
 */
import { BOOK_TYPE_DEFINITIONS } from '../book-types/registry';

const REGISTRATION = ['so', 'ngayDangKy'];

export function criticalFieldPaths(bookType: string): string[] {
  const type = (BOOK_TYPE_DEFINITIONS as Partial<Record<string, { critical: readonly string[] }>>)[bookType];
  return [...REGISTRATION, ...(type?.critical ?? [])];
}
