/**
 * The audit log is a hash chain and entries carry content hashes that `db check` recomputes:
 * an audit row or an entry edited behind the app's back (the sqlite3 shell) is named.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditEventHash, AUDIT_ROW_COLUMNS, type AuditRow } from '../../../electron/backend/audit/audit';
import { openBackend } from '../../../electron/backend/app';
import { checkDatabase, openDatabase } from '../../../electron/backend/db/database';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import type { RecordDetail } from '../../../shared/records/record';
import { sohoa } from '../../fixtures/sohoa';
import {
  ghBook,
  ghEntry,
  migrationsBefore,
  rawDatabase,
  tempDir,
  testBackend,
  type TestBackend,
  testDataKey,
} from './helpers';

async function entryOf(backend: Caller, bookId: string, pageId: string, so: string): Promise<RecordDetail> {
  const created = await backend.dispatch('records.create', {
    bookId,
    data: { ...ghEntry, so },
    pages: [{ pageId }],
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.result as RecordDetail;
}

type Caller = Pick<TestBackend, 'dispatch' | 'services' | 'close'>;

/**
 * A data folder with a book, two entries (one edited) and a rotated page: seven audit events.
 * `plain`: an unencrypted database, as written before accounts (for a migration test to attach).
 */
async function folderWithHistory(options: { plain?: boolean } = {}) {
  const dataDir = await tempDir();
  let backend: Caller;
  if (options.plain) {
    const plain = await openBackend({ dataDir, migrationsDir: MIGRATIONS_DIR, onInternalError: () => {} });
    const dispatch = plain.dispatch;
    backend = Object.assign(plain, {
      dispatch: (name: string, input: unknown) => dispatch(name, input, plain.localRequest),
    });
  } else backend = await testBackend(dataDir);
  const book = await ghBook(backend);
  const first = await entryOf(backend, book.id, book.pages[0]!.id, '01/2018');
  const second = await entryOf(backend, book.id, book.pages[1]!.id, '02/2018');
  const edited = await backend.dispatch('records.update', {
    id: first.id,
    expectedVersion: 1,
    data: { ...first.data, ghiChu: 'Đã soát' },
  });
  expect(edited.ok).toBe(true);
  await backend.dispatch('pages.setRotation', { pageId: book.pages[2]!.id, rotation: 90 });
  backend.close();
  return { dataDir, file: path.join(dataDir, 'sohoa.sqlite'), book, first, second };
}

async function check(file: string) {
  const db = openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key: await testDataKey(file) });
  try {
    return checkDatabase(db, MIGRATIONS_DIR);
  } finally {
    db.close();
  }
}

describe('the audit hash chain', () => {
  it('links every event to the one before, with the entry content hash, and an outbox row each', async () => {
    const { file, first } = await folderWithHistory();
    const db = await rawDatabase(file, { readonly: true });
    const rows = db.prepare(`SELECT ${AUDIT_ROW_COLUMNS}, hash FROM audit_log ORDER BY seq`).all() as (AuditRow & {
      hash: string;
    })[];
    expect(rows.map((r) => r.action)).toEqual([
      // The first administrator, created at setup.
      'account.setup',
      'book.create',
      'entry.create',
      'entry.create',
      'entry.update',
      'page.rotate',
    ]);
    rows.forEach((row, i) => {
      expect(row.prevHash).toBe(i === 0 ? null : rows[i - 1]!.hash);
      expect(row.hash).toBe(auditEventHash(row));
    });
    const stored = db.prepare('SELECT content_hash AS h FROM entries WHERE id = ?').get(first.id) as { h: string };
    expect(rows[4]!.contentHash).toBe(stored.h);
    expect(rows[2]!.contentHash).toBe(first.contentHash);
    const outbox = db.prepare(
      'SELECT entity_type, entity_id, version, content_hash, audit_seq FROM outbox ORDER BY seq',
    );
    expect(outbox.all()).toEqual(
      rows.map((r) => ({
        entity_type: r.entityType,
        entity_id: r.entityId,
        version: r.version,
        content_hash: r.contentHash,
        audit_seq: r.seq,
      })),
    );
    db.close();
    expect(await check(file)).toMatchObject({ ok: true, problems: [] });
  });

  it('names the first audit event edited in the sqlite3 shell', async () => {
    const { file, dataDir } = await folderWithHistory();
    // The attacker drops the append-only trigger and rewrites who made the edit.
    const raw = await rawDatabase(file);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.exec("UPDATE audit_log SET actor = 'nguoi-khac' WHERE seq = 4");
    raw.close();
    const result = await check(file);
    expect(result.ok).toBe(false);
    expect(result.audit.firstBrokenEvent).toBe(4);
    expect(result.problems).toContain('Nhật ký thay đổi đã bị sửa ngoài ứng dụng: sự kiện số 4 không khớp mã băm');
    // Recomputing the edited row's own hash does not help: the next event still points at the old one.
    const again = await rawDatabase(file);
    const row = again.prepare(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log WHERE seq = 4`).get() as AuditRow;
    again.prepare('UPDATE audit_log SET hash = ? WHERE seq = 4').run(auditEventHash(row));
    again.close();
    expect((await check(file)).audit.firstBrokenEvent).toBe(5);
    // The command line says so too, and fails.
    const cli = await sohoa('db', 'check', '--data-dir', dataDir);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('sự kiện số 5 không khớp mã băm');
  });

  it('notices events cut from the end of the log', async () => {
    const { file } = await folderWithHistory();
    const raw = await rawDatabase(file);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.exec('DELETE FROM outbox WHERE audit_seq >= 5');
    raw.exec('DELETE FROM audit_log WHERE seq >= 5');
    raw.close();
    const result = await check(file);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('Nhật ký thay đổi bị cắt mất 2 dòng cuối');
  });

  it('names an entry whose data was edited without the app, even with its hash recomputed', async () => {
    const { file, second } = await folderWithHistory();
    const raw = await rawDatabase(file);
    raw.prepare("UPDATE entries SET data = json_set(data, '$.ghiChu', 'sửa lén') WHERE id = ?").run(second.id);
    raw.close();
    const result = await check(file);
    expect(result.ok).toBe(false);
    expect(result.firstBrokenEntry).toEqual({ id: second.id, so: '02/2018' });
    expect(result.problems).toContain(
      `Dữ liệu trường hợp số 02/2018 (mã ${second.id}) đã bị sửa ngoài ứng dụng: không khớp mã băm`,
    );
    expect(result.audit.firstBrokenEvent).toBeUndefined();

    // The attacker also recomputes the entry's own hash: the audit event's recorded hash still differs.
    const db = openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key: await testDataKey(file) });
    db.sqlite.prepare('UPDATE entries SET content_hash = sohoa_content_hash(data) WHERE id = ?').run(second.id);
    expect(checkDatabase(db, MIGRATIONS_DIR).firstBrokenEntry).toEqual({ id: second.id, so: '02/2018' });
    db.close();
  });
});

describe('migration 0009', () => {
  it('chains the events written before it and records each entry its current content hash', async () => {
    const history = await folderWithHistory({ plain: true });
    // The same rows in a database that has only the migrations before 0009.
    const dataDir = await tempDir();
    const file = path.join(dataDir, 'sohoa.sqlite');
    const old = openDatabase({ file, migrationsDir: await migrationsBefore(9) });
    old.sqlite.prepare('ATTACH DATABASE ? AS scratch').run(history.file);
    for (const table of ['books', 'scan_files', 'pages', 'entries', 'entry_pages', 'audit_log']) {
      const columns = old.sqlite
        .prepare(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((c) => (c as { name: string }).name)
        .join(', ');
      old.sqlite.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM scratch.${table}`);
    }
    old.sqlite.exec('DETACH DATABASE scratch');
    const columnsBefore = old.sqlite.prepare("SELECT name FROM pragma_table_info('audit_log')").all();
    expect(columnsBefore).not.toContainEqual({ name: 'hash' });
    old.close();

    const db = openDatabase({ file, migrationsDir: MIGRATIONS_DIR });
    const rows = db.sqlite
      .prepare(`SELECT ${AUDIT_ROW_COLUMNS}, hash FROM audit_log ORDER BY seq`)
      .all() as (AuditRow & {
      hash: string;
    })[];
    expect(rows).toHaveLength(5);
    rows.forEach((row, i) => {
      expect(row.prevHash).toBe(i === 0 ? null : rows[i - 1]!.hash);
      expect(row.hash).toBe(auditEventHash(row));
    });
    // The last event of each entry carries its hash; earlier ones are left as they were.
    expect(rows.map((r) => r.contentHash)).toEqual([
      null,
      null,
      history.second.contentHash,
      expect.stringMatching(/^[0-9a-f]{64}$/),
      null,
    ]);
    expect(checkDatabase(db, MIGRATIONS_DIR)).toMatchObject({ ok: true, problems: [] });
    // Entries stored before it are in field schema version 2 (marks split by migration 0006).
    expect(db.sqlite.prepare('SELECT DISTINCT schema_version AS v FROM entries').all()).toEqual([{ v: 2 }]);
    // The triggers are back: the app's own connection cannot rewrite the log either.
    expect(() => db.sqlite.exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).toThrow(/append-only/);
    db.close();

    // New events continue the chain.
    const backend = await testBackend(dataDir);
    const removed = await backend.dispatch('records.delete', {
      id: history.second.id,
      expectedVersion: 1,
      reason: 'Nhập nhầm',
    });
    expect(removed.ok).toBe(true);
    expect(checkDatabase(backend.db, MIGRATIONS_DIR)).toMatchObject({ ok: true });
  });
});
