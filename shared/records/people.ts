/**
 * The people of an entry with their role in it, for search hits and lists: who the entry is
 * about first, then the others, each with their birth date when written. Read defensively:
 * stored data may come from an older schema.
 */
import { BOOK_TYPE_DEFINITIONS } from '../book-types/registry';
import { FIELD_LABELS } from './labels';
import type { RecordPerson } from './record';

/** Where each book type keeps its people, in the order they are shown (from its description). */
const PEOPLE_PATHS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(BOOK_TYPE_DEFINITIONS).map(([code, type]) => [code, type.people]),
);

/** Roles as a clerk reads them in a list of hits ("Bên chồng" in a form reads "Chồng" here). */
const ROLE_LABELS: Readonly<Record<string, string>> = { chong: 'Chồng', vo: 'Vợ' };

function asPerson(role: string, value: unknown): RecordPerson | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { hoTen, ngaySinh } = value as Record<string, unknown>;
  if (typeof hoTen !== 'string' || !hoTen.trim()) return undefined;
  return { role, name: hoTen, ...(typeof ngaySinh === 'string' && ngaySinh ? { birthDate: ngaySinh } : {}) };
}

export function peopleOf(bookType: string, data: Record<string, unknown>): RecordPerson[] {
  const people: RecordPerson[] = [];
  for (const key of PEOPLE_PATHS[bookType] ?? []) {
    const role = ROLE_LABELS[key] ?? FIELD_LABELS[key] ?? key;
    const value = data[key];
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) {
      const person = asPerson(role, item);
      if (person) people.push(person);
    }
  }
  return people;
}
