/** The form layout types live in shared/book-types (each book type's one description). */
export * from '../../../shared/book-types/layout';
