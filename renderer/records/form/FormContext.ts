/** What every field of an entry form needs besides react-hook-form: marks, carried values, warnings. */
import { createContext, useContext } from 'react';
import type { FieldMark } from '../../../shared/records/marks';

export interface EntryFormContext {
  idPrefix: string;
  marks: Record<string, FieldMark>;
  setMark: (path: string, mark: FieldMark | undefined) => void;
  /** Paths whose value was carried over from the previous entry and not yet touched. */
  carried: ReadonlySet<string>;
  clearCarried: (path: string) => void;
  warnings: ReadonlyMap<string, string[]>;
  /** Fields the district asked to correct (issue 11): path → what to show beside the field. */
  requested?: ReadonlyMap<string, string[]>;
  /** Copies into a copyable field the same field of the nearest block above that has a value. */
  copyFromAbove: (path: string) => void;
}

export const FormContext = createContext<EntryFormContext | null>(null);

export function useEntryForm(): EntryFormContext {
  const context = useContext(FormContext);
  if (!context) throw new Error('field outside an entry form');
  return context;
}

export const fieldId = (prefix: string, path: string) => `${prefix}-${path.replace(/\./g, '-')}`;
