/**
 * Each capability owns its tables (electron/backend/db/table-owners.ts): no folder of
 * electron/backend imports another capability's drizzle table or names it in SQL. A new query that
 * joins another capability's table fails here; read it through the owner's service instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getTableName, is, Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '../../../electron/backend/db/schema';
import {
  FOLDER_CAPABILITY,
  INFRASTRUCTURE_FOLDERS,
  TABLE_OWNERS,
  type OwnedTable,
} from '../../../electron/backend/db/table-owners';

const BACKEND = path.resolve(import.meta.dirname, '../../../electron/backend');

/** drizzle export name → SQL table name (books, scanFiles → scan_files, …). */
const TABLE_OF_EXPORT = new Map(
  Object.entries(schema)
    .filter(([, value]) => is(value, Table))
    .map(([name, value]) => [name, getTableName(value as Table)]),
);

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The other capabilities' tables a source file touches, with how. */
export function foreignTables(source: string, capability: string): string[] {
  const found: string[] = [];
  const foreign = (table: string) =>
    table in TABLE_OWNERS && TABLE_OWNERS[table as OwnedTable] !== capability ? table : undefined;
  for (const m of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"][./]*db\/schema['"]/g)) {
    for (const name of m[1]!.split(',').map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!,
    )) {
      const table = TABLE_OF_EXPORT.get(name);
      if (table && foreign(table)) found.push(`import ${name} (${table})`);
    }
  }
  const code = withoutComments(source);
  for (const m of code.matchAll(/\b(?:from|join|into|update|exists)\s+[`"]?([a-z_]+)\b/gi)) {
    const table = m[1]!.toLowerCase();
    if (foreign(table)) found.push(`SQL ${m[0]!.replace(/\s+/g, ' ')}`);
  }
  return [...new Set(found)];
}

function capabilityFolders(): { folder: string; capability: string; files: string[] }[] {
  return fs
    .readdirSync(BACKEND, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !(INFRASTRUCTURE_FOLDERS as readonly string[]).includes(d.name))
    .map((d) => ({
      folder: d.name,
      capability: FOLDER_CAPABILITY[d.name] ?? d.name,
      files: fs
        .readdirSync(path.join(BACKEND, d.name), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
        .map((f) => path.join(BACKEND, d.name, f)),
    }));
}

describe('table ownership', () => {
  it('knows every table of the schema', () => {
    expect([...TABLE_OF_EXPORT.values()].filter((t) => !(t in TABLE_OWNERS))).toEqual([]);
  });

  it('catches a foreign table in an import, a drizzle join or SQL text, and ignores comments', () => {
    expect(foreignTables("import { entries, books } from '../db/schema';", 'books')).toEqual([
      'import entries (entries)',
    ]);
    expect(foreignTables('db.prepare(`SELECT count(*) FROM entries e\n JOIN `pages` p ON 1`)', 'records')).toEqual([
      'SQL JOIN `pages',
    ]);
    expect(foreignTables('// counted from entries\n/* join pages */ const x = 1;', 'books')).toEqual([]);
    expect(foreignTables("sqlite.prepare('UPDATE drafts SET x = 1')", 'drafts')).toEqual([]);
  });

  it.each(capabilityFolders())('$folder does no version arithmetic (the gateway bumps versions)', ({ files }) => {
    const arithmetic = files.filter((file) =>
      /\bversion\b[^;\n]{0,40}\+\s*1\b/i.test(withoutComments(fs.readFileSync(file, 'utf8'))),
    );
    expect(arithmetic.map((file) => path.relative(BACKEND, file))).toEqual([]);
  });

  it.each(capabilityFolders())('$folder touches only its own tables', ({ capability, files }) => {
    const violations = files.flatMap((file) =>
      foreignTables(fs.readFileSync(file, 'utf8'), capability).map((v) => `${path.relative(BACKEND, file)}: ${v}`),
    );
    expect(violations).toEqual([]);
  });
});
