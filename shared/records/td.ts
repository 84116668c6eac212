/** TD is described in shared/book-types/td.ts (schema, rules, layout, columns). */
export * from '../book-types/td';
