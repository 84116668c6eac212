/** GH is described in shared/book-types/gh.ts (schema, rules, layout, columns). */
export * from '../book-types/gh';
