/** CDGH is described in shared/book-types/cdgh.ts (schema, rules, layout, columns). */
export * from '../book-types/cdgh';
