/**
 * SQL the books capability lends to others where a service call per row would cost one query per
 * entry (sorting 100 000 entries by their scan page): the text that names its tables stays here.
 */

/** The scan page number (`page_no`) of the page whose id is the SQL expression `pageIdExpr`. */
export function pageNoSql(pageIdExpr: string): string {
  return `(SELECT pg.page_no FROM pages pg WHERE pg.id = ${pageIdExpr})`;
}
