/**
 * Opens the hub's database: embedded PostgreSQL (PGlite) in a folder, or a PostgreSQL server by
 * URL; migrations are applied on open. Everything above this file sees one drizzle type.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type HubSchema = typeof schema;
export type HubDb = PgDatabase<PgQueryResultHKT, HubSchema>;
/** A transaction, or the database itself: what the ingest functions write through. */
export type HubTx = Parameters<Parameters<HubDb['transaction']>[0]>[0];

export const HUB_MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export type HubDbTarget =
  /** PGlite in this folder; `memory` for a throwaway in-memory database (tests). */
  { kind: 'pglite'; dir: string | 'memory' } | { kind: 'postgres'; url: string };

export interface OpenHubDb {
  db: HubDb;
  kind: HubDbTarget['kind'];
  close(): Promise<void>;
}

export async function openHubDb(target: HubDbTarget): Promise<OpenHubDb> {
  if (target.kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const client = target.dir === 'memory' ? new PGlite() : new PGlite(target.dir);
    await client.waitReady;
    const db = drizzle(client, { schema });
    try {
      await migrate(db, { migrationsFolder: HUB_MIGRATIONS });
    } catch (error) {
      await client.close();
      throw error;
    }
    return { db: db as unknown as HubDb, kind: 'pglite', close: () => client.close() };
  }
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.default.Pool({ connectionString: target.url, max: 10 });
  // An idle connection dropped by the server (restart, admin command) is reported here; the pool
  // opens a new one on the next query. Unhandled, it would stop the hub.
  pool.on('error', (error) => console.error('[hub] PostgreSQL:', error.message));
  const db = drizzle(pool, { schema });
  try {
    await migrate(db, { migrationsFolder: HUB_MIGRATIONS });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { db: db as unknown as HubDb, kind: 'postgres', close: () => pool.end() };
}
