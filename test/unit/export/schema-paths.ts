/** Moved to shared/book-types/schema-paths.ts (the book types' agreement test uses it too). */
export * from '../../../shared/book-types/schema-paths';
