/**
 * Migration 0006 on a database written before it: "không rõ" / "không đọc được" marks become
 * "Đọc chưa chắc" (the field holds a reading) or "Không đọc được" (the field is empty), in entries
 * and drafts; hashes, warnings and the audit log follow.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import { checkDatabase, openDatabase } from '../../../electron/backend/db/database';
import { contentHash } from '../../../electron/backend/records/records-service';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import type { RecordDetail } from '../../../shared/records/record';
import { ghBook, ghEntry, migrationsBefore, tempDir, testBackend } from './helpers';

const OLD_MARKS = {
  so: { khongRo: true }, // typed anyway: the clerk read it but was unsure
  'nguoiDuocGiamHo.noiSinh': { khongRo: true, ghiChu: 'Rách góc' }, // empty
  'nguoiGiamHo.0.hoTen': { khongDocDuoc: true }, // what was legible was typed
  'nguoiGiamHo.0.ngaySinh': { khongDocDuoc: true }, // nothing legible
  'nguoiDuocGiamHo.ngaySinh': { amLich: 'năm Canh Dần' },
  ghiChu: { khongRo: false },
};

const NEW_MARKS = {
  so: { docChuaChac: true },
  'nguoiDuocGiamHo.noiSinh': { ghiChu: 'Rách góc', khongDocDuoc: true },
  'nguoiGiamHo.0.hoTen': { docChuaChac: true },
  'nguoiGiamHo.0.ngaySinh': { khongDocDuoc: true },
  'nguoiDuocGiamHo.ngaySinh': { amLich: 'năm Canh Dần' },
  ghiChu: {},
};

describe('migration 0006: split field marks', () => {
  it('turns old marks into "Đọc chưa chắc" or "Không đọc được" by whether the field holds a value', async () => {
    const dataDir = await tempDir();
    // The entry as the app stores it, written by today's backend in a scratch folder...
    // (unencrypted, so that the old database can attach it).
    const scratch = await openBackend({
      dataDir: await tempDir(),
      migrationsDir: MIGRATIONS_DIR,
      onInternalError: () => {},
    });
    const book = await ghBook(scratch);
    const created = await scratch.dispatch(
      'records.create',
      {
        bookId: book.id,
        data: { ...ghEntry, nguoiGiamHo: [{ hoTen: 'Nguyễn Văn B' }] },
        pages: [{ pageId: book.pages[0]!.id }],
      },
      scratch.localRequest,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    // ...then copied row by row into a database that has only the migrations before 0006.
    const old = openDatabase({ file: path.join(dataDir, 'sohoa.sqlite'), migrationsDir: await migrationsBefore(6) });
    old.sqlite.prepare('ATTACH DATABASE ? AS scratch').run(scratch.layout.database);
    for (const table of ['books', 'scan_files', 'pages', 'entries', 'entry_pages']) {
      // The columns the old schema had (today's tables have more).
      const columns = old.sqlite
        .prepare(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((c) => (c as { name: string }).name)
        .join(', ');
      old.sqlite.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM scratch.${table}`);
    }
    old.sqlite.exec(
      `INSERT INTO main.audit_log (at, actor, action, entity_type, entity_id, version, before, after)
       SELECT at, actor, action, entity_type, entity_id, version, before, after FROM scratch.audit_log ORDER BY seq`,
    );
    old.sqlite.exec('DETACH DATABASE scratch');
    scratch.close();
    const id = (created.result as RecordDetail).id;
    // What the older version stored: its marks, and the warning it gave for "không rõ" with a value.
    const staleWarning = {
      path: 'so',
      message: 'Ô được đánh dấu "Không rõ" nhưng vẫn có nội dung: bỏ dấu hoặc xóa nội dung',
    };
    const otherWarning = { path: 'nguoiKy', message: 'Một cảnh báo khác' };
    old.sqlite
      .prepare(
        "UPDATE entries SET data = json_set(data, '$.danhDau', json(?)), warnings = ?, marked_count = 6 WHERE id = ?",
      )
      .run(JSON.stringify(OLD_MARKS), JSON.stringify([staleWarning, otherWarning]), id);
    const draft = {
      so: '02/2018',
      nguoiDuocGiamHo: { hoTen: 'Lò Thị ' },
      danhDau: { 'nguoiDuocGiamHo.hoTen': { khongRo: true }, ngayDangKy: { khongRo: true } },
    };
    old.sqlite
      .prepare("INSERT INTO drafts (actor, book_id, entry_id, data, pages, updated_at) VALUES (?, ?, '', ?, '[]', ?)")
      .run('can-bo-test', book.id, JSON.stringify(draft), new Date().toISOString());
    const auditBefore = (old.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    old.close();

    const db = openDatabase({ file: path.join(dataDir, 'sohoa.sqlite'), migrationsDir: MIGRATIONS_DIR });
    const row = db.sqlite
      .prepare('SELECT data, content_hash AS hash, warnings, version FROM entries WHERE id = ?')
      .get(id) as {
      data: string;
      hash: string;
      warnings: string;
      version: number;
    };
    const data = JSON.parse(row.data) as Record<string, unknown>;
    expect(data.danhDau).toEqual(NEW_MARKS);
    expect(data.so).toBe('01/2018');
    expect(row.hash).toBe(contentHash(data));
    expect(JSON.parse(row.warnings)).toEqual([otherWarning]);
    expect(row.version).toBe(1);

    const audit = db.sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit.at(-1)).toMatchObject({ action: 'entry.migrate', entity_id: id, version: 1 });
    expect(JSON.parse(audit.at(-1)!.before as string)).toEqual({ danhDau: OLD_MARKS });
    expect(JSON.parse(audit.at(-1)!.after as string)).toEqual({ danhDau: NEW_MARKS });

    const migratedDraft = db.sqlite.prepare('SELECT data FROM drafts').get() as { data: string };
    expect(JSON.parse(migratedDraft.data)).toEqual({
      ...draft,
      danhDau: { 'nguoiDuocGiamHo.hoTen': { docChuaChac: true }, ngayDangKy: { khongDocDuoc: true } },
    });
    expect(checkDatabase(db, MIGRATIONS_DIR)).toMatchObject({ ok: true });
    db.close();

    // The migrated entry reads and saves again under the new rules.
    const backend = await testBackend(dataDir);
    const again = await backend.dispatch('records.get', { id });
    expect(again).toMatchObject({ ok: true, result: { data: { danhDau: { so: { docChuaChac: true } } } } });
    const saved = await backend.dispatch('records.update', {
      id,
      expectedVersion: 1,
      data: { ...(again as { result: RecordDetail }).result.data, ghiChu: 'Đã soát' },
    });
    expect(saved).toMatchObject({ ok: true, result: { version: 2 } });
  });
});
