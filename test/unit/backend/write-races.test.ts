/**
 * Two connections on one database (two backends on one data folder, as the web host and the
 * command line are), driven to the exact interleaving of the two races found in review: the
 * other connection writes while the first is between its checks and its write.
 */
import { describe, expect, it } from 'vitest';
import { runAsRequest } from '../../../electron/backend/context';
import { BUSY_MESSAGE } from '../../../electron/backend/db/write-gateway';
import type { WriteSubject } from '../../../shared/accounts/write-permissions';
import type { RecordDetail } from '../../../shared/records/record';
import { ghBook, ghEntry, tempDir, testBackend, type TestBackend } from './helpers';

/** Backend A calls `during` once, inside its next write; backend B is a second connection. */
async function twoBackends() {
  const dataDir = await tempDir();
  let during: ((subject: WriteSubject) => void) | undefined;
  const a = await testBackend(dataDir, {
    writeHooks: {
      onBegin(subject) {
        const run = during;
        during = undefined;
        run?.(subject);
      },
    },
  });
  const b = await testBackend(dataDir);
  // B waits a little for the lock, then gives up with the BUSY message (A holds it throughout).
  b.db.sqlite.pragma('busy_timeout = 200');
  return { a, b, whileAWrites: (fn: (subject: WriteSubject) => void) => (during = fn) };
}

function entryCount(backend: TestBackend, condition: string, ...params: unknown[]): number {
  return (
    backend.db.sqlite.prepare(`SELECT count(*) AS n FROM entries WHERE ${condition}`).get(...params) as { n: number }
  ).n;
}

describe('two connections on one database', () => {
  it('a delete is acknowledged only when the entry is deleted: the other writer waits, then sees it', async () => {
    const { a, b, whileAWrites } = await twoBackends();
    const book = await ghBook(a);
    const created = await a.dispatch('records.create', {
      bookId: book.id,
      data: ghEntry,
      pages: [{ pageId: book.pages[0]!.id }],
    });
    const entry = (created as { result: RecordDetail }).result;

    let concurrent: unknown;
    whileAWrites(() => {
      // B edits the entry at the moment A has decided to delete version 1.
      try {
        b.services.records.update({
          id: entry.id,
          expectedVersion: 1,
          data: { ...entry.data, ghiChu: 'Sửa cùng lúc' },
        });
      } catch (error) {
        concurrent = error;
      }
    });
    const removed = await a.dispatch('records.delete', { id: entry.id, expectedVersion: 1, reason: 'Nhập trùng' });
    expect(removed).toMatchObject({ ok: true });
    expect(concurrent).toMatchObject({ code: 'BUSY', message: BUSY_MESSAGE });
    // Acknowledged, so deleted: read through the other connection.
    expect(entryCount(b, 'id = ? AND deleted_at IS NOT NULL', entry.id)).toBe(1);
    // B's edit was refused while A wrote, with a message a clerk understands; its retry finds the entry gone.
    const during = await b.dispatch('records.update', {
      id: entry.id,
      expectedVersion: 1,
      data: { ...entry.data, ghiChu: 'Thử lại' },
    });
    expect(during).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(b.services.records.get(entry.id, { includeDeleted: true })).toMatchObject({ version: 2 });
  });

  it('two entries numbered "7/2018" are never both saved without a reason', async () => {
    const { a, b, whileAWrites } = await twoBackends();
    const book = await ghBook(a);
    const seven = { bookId: book.id, data: { ...ghEntry, so: '7/2018' }, pages: [{ pageId: book.pages[0]!.id }] };
    let concurrent: unknown;
    whileAWrites(() => {
      // B saves the same number at the moment A has checked for twins and found none.
      try {
        b.services.records.create(seven);
      } catch (error) {
        concurrent = error;
      }
    });
    const saved = await a.dispatch('records.create', seven);
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    // B was told why it could not save: another program is writing; try again.
    expect(concurrent).toMatchObject({ code: 'BUSY', message: BUSY_MESSAGE });
    // Its retry finds the twin inside its own write and asks for the reason.
    const retried = await b.dispatch('records.create', { ...seven, data: { ...seven.data, so: '07/2018' } });
    expect(retried).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Số này đã có trong sổ', details: { issues: [{ path: 'so' }] } },
    });
    expect(entryCount(b, "so IN ('7/2018', '07/2018')")).toBe(1);
    // With a reason the second one is saved.
    const withReason = await b.dispatch('records.create', {
      ...seven,
      data: { ...seven.data, trungSoLyDo: 'Sổ gốc ghi trùng số' },
    });
    expect(withReason).toMatchObject({ ok: true });
    expect(entryCount(a, "so IN ('7/2018', '07/2018')")).toBe(2);
  });

  it('the gateway checks the role of whoever calls a service, not only the dispatcher', async () => {
    const { a } = await twoBackends();
    const book = await ghBook(a);
    const clerk = { userId: 'u-clerk', userName: 'canbo', role: 'clerk' as const, deviceId: a.deviceId };
    const refused = () =>
      runAsRequest(clerk, () => a.services.books.update({ ...book, id: book.id, expectedVersion: 1, notes: 'x' }));
    expect(refused).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    const anonymous = { ...clerk, userId: null };
    expect(() =>
      runAsRequest(anonymous, () => a.services.drafts.save({ bookId: book.id, data: {}, pages: [] })),
    ).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    // A clerk does enter entries, and the audit row names them.
    const entry = runAsRequest(clerk, () =>
      a.services.records.create({ bookId: book.id, data: ghEntry, pages: [{ pageId: book.pages[0]!.id }] }),
    );
    expect(
      a.db.sqlite.prepare('SELECT actor, user_id AS userId FROM audit_log WHERE entity_id = ?').get(entry.id),
    ).toEqual({
      actor: 'canbo',
      userId: 'u-clerk',
    });
  });
});

describe('bulk loads beside another process', () => {
  it('writes a lenient load and an all-or-nothing load alike, in short writes of 200 entries', async () => {
    const dataDir = await tempDir();
    const writes: string[] = [];
    const backend = await testBackend(dataDir, {
      writeHooks: {
        onBegin(subject, nested) {
          if (!nested) writes.push(subject);
        },
      },
    });
    const book = await ghBook(backend);
    const lines = (from: number) =>
      Array.from({ length: 250 }, (_, i) => ({
        data: { ...ghEntry, so: `${from + i}/2018` },
        pages: [{ pageId: book.pages[0]!.id }],
      }));
    writes.length = 0;
    const lenient = await backend.services.records.importMany(book.id, lines(1000), {
      skipInvalid: true,
      pauseMs: 0,
    });
    expect(lenient.imported).toHaveLength(250);
    // The import run's record (so that a killed import can be undone), then two writes of entries.
    expect(writes).toEqual(['entry', 'entry', 'entry']);
    writes.length = 0;
    // All or nothing is written in short transactions too (checked before the first).
    const strict = await backend.services.records.importMany(book.id, lines(2000), { skipInvalid: false, pauseMs: 0 });
    expect(strict.imported).toHaveLength(250);
    expect(writes).toEqual(['entry', 'entry', 'entry']);
  });
});
