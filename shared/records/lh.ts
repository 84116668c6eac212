/** LH is described in shared/book-types/lh.ts (schema, rules, layout, columns). */
export * from '../book-types/lh';
