/**
 * The district's correction requests on the desktop (issue 11, "Cần sửa"): stored once by id,
 * answered by a new version of the entry in the same write or kept with a reason, every step
 * audited, and the answers carried by the next batch (payload.corrections), absent otherwise.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { RecordDetail } from '../../../shared/records/record';
import type { CorrectionRequest } from '../../../shared/review/review';
import type { DesktopCorrection } from '../../../shared/review/corrections';
import { readBatches } from '../../../electron/backend/sync/batch-builder';
import { ghBook, ghEntry, testBackend, type TestBackend } from './helpers';

function request(entry: RecordDetail, field: string, change: Partial<CorrectionRequest> = {}): CorrectionRequest {
  return {
    id: uuidv7(),
    lotId: uuidv7(),
    bookId: entry.bookId,
    entryId: entry.id,
    entryVersion: entry.version,
    field,
    fieldLabel: field === 'nguoiDuocGiamHo.hoTen' ? 'Người được giám hộ › Họ, chữ đệm, tên' : 'Ngày đăng ký',
    typedValue: 'Nguyễn Thị Phượng',
    readValue: 'Nguyễn Thị Phương',
    note: 'Dấu thanh trên sổ là dấu ngang',
    requestedAt: '2026-11-30T02:00:00.000Z',
    requestedBy: 'Trần Kiểm Tra',
    ...change,
  };
}

async function world() {
  const backend = await testBackend();
  const book = await ghBook(backend, 2);
  const create = async (so: string, pageIndex: number) => {
    const r = await backend.dispatch('records.create', {
      bookId: book.id,
      data: { ...ghEntry, so },
      pages: [{ pageId: book.pages[pageIndex]!.id, rect: { x: 0.1, y: 0.2, w: 0.5, h: 0.25 } }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.result as RecordDetail;
  };
  const entry = await create('01/2018', 1);
  const other = await create('02/2018', 0);
  return { backend, book, entry, other };
}

function events(backend: TestBackend, action: string) {
  return backend.db.sqlite
    .prepare('SELECT entity_type AS entityType, entity_id AS entityId, version, actor FROM audit_log WHERE action = ?')
    .all(action) as { entityType: string; entityId: string; version: number | null; actor: string }[];
}

function everything(backend: TestBackend) {
  const sqlite = backend.db.sqlite;
  return ['entries', 'entry_pages', 'audit_log', 'outbox', 'correction_requests', 'drafts'].map((t) =>
    sqlite.prepare(`SELECT * FROM ${t}`).all(),
  );
}

async function list(backend: TestBackend, input: Record<string, unknown> = {}): Promise<DesktopCorrection[]> {
  const r = await backend.dispatch('corrections.list', input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result as DesktopCorrection[];
}

describe('correction requests on the desktop', () => {
  it('stores a request received twice once, audited once, shown beside its entry and page', async () => {
    const { backend, entry } = await world();
    const req = request(entry, 'nguoiDuocGiamHo.hoTen');
    const { corrections } = backend.services;
    expect(corrections.receive([req])).toBe(1);
    expect(corrections.receive([req])).toBe(0);
    expect(corrections.receive([req, req])).toBe(0);
    expect(events(backend, 'correction.receive')).toEqual([
      { entityType: 'correction', entityId: req.id, version: null, actor: 'can-bo-test' },
    ]);
    const shown = await list(backend);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      ...req,
      state: 'open',
      entryLabel: 'Số 01/2018 — Nguyễn Thị Phượng',
      currentValue: 'Nguyễn Thị Phượng',
      pageNo: 2,
      pageId: entry.pages[0]!.pageId,
      rect: { x: 0.1, y: 0.2, w: 0.5, h: 0.25 },
      answer: null,
    });
    expect(await list(backend, { state: 'answered' })).toEqual([]);
    expect(await list(backend, { entryId: entry.id })).toHaveLength(1);
  });

  it('shows a date field as written in the book and a request of an entry not on this machine without its entry', async () => {
    const { backend, entry } = await world();
    const date = request(entry, 'ngayDangKy');
    const elsewhere = request(entry, 'ngayDangKy', { entryId: uuidv7() });
    backend.services.corrections.receive([date, elsewhere]);
    const byId = new Map((await list(backend)).map((c) => [c.id, c]));
    expect(byId.get(date.id)).toMatchObject({ currentValue: '05/03/2018' });
    expect(byId.get(elsewhere.id)).toMatchObject({ entryLabel: null, currentValue: null, pageNo: null, rect: null });
  });

  it('keeps a value only with a reason, audited, once', async () => {
    const { backend, entry } = await world();
    const req = request(entry, 'nguoiDuocGiamHo.hoTen');
    backend.services.corrections.receive([req]);
    const before = everything(backend);
    const empty = await backend.dispatch('corrections.keep', { requestId: req.id, reason: '  ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(() => backend.services.corrections.keep({ requestId: req.id, reason: ' ' })).toThrow(/lý do/);
    expect(everything(backend)).toEqual(before);

    const kept = await backend.dispatch('corrections.keep', { requestId: req.id, reason: 'Sổ ghi đúng như vậy' });
    expect(kept).toMatchObject({
      ok: true,
      result: {
        state: 'answered',
        answer: {
          kind: 'kept',
          reason: 'Sổ ghi đúng như vậy',
          entryVersion: null,
          answeredBy: 'can-bo-test',
          sent: false,
        },
      },
    });
    expect(events(backend, 'correction.keep')).toEqual([
      { entityType: 'correction', entityId: req.id, version: null, actor: 'can-bo-test' },
    ]);
    const afterKeep = everything(backend);
    const again = await backend.dispatch('corrections.keep', { requestId: req.id, reason: 'Lý do khác' });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/đã được trả lời/) },
    });
    expect(everything(backend)).toEqual(afterKeep);
  });

  it('answers requests with the new version of the entry in the same write', async () => {
    const { backend, entry } = await world();
    const name = request(entry, 'nguoiDuocGiamHo.hoTen');
    const date = request(entry, 'ngayDangKy');
    backend.services.corrections.receive([name, date]);
    const updated = await backend.dispatch('records.update', {
      id: entry.id,
      expectedVersion: entry.version,
      data: { ...ghEntry, so: '01/2018', nguoiDuocGiamHo: { hoTen: 'Nguyễn Thị Phương', ngaySinh: '2010-07-12' } },
      correctionRequestIds: [name.id],
    });
    expect(updated).toMatchObject({ ok: true, result: { version: entry.version + 1 } });
    const byId = new Map((await list(backend)).map((c) => [c.id, c]));
    expect(byId.get(name.id)).toMatchObject({
      state: 'answered',
      currentValue: 'Nguyễn Thị Phương',
      answer: { kind: 'corrected', entryVersion: entry.version + 1, reason: '', sent: false },
    });
    expect(byId.get(date.id)).toMatchObject({ state: 'open', answer: null });
    // The update's event and the answer's follow each other (one write); the answer names the version.
    const rows = backend.db.sqlite
      .prepare(
        "SELECT seq, action, entity_id AS entityId, version FROM audit_log WHERE action IN ('entry.update', 'correction.correct') ORDER BY seq",
      )
      .all() as { seq: number; action: string; entityId: string; version: number }[];
    expect(rows.map((r) => [r.action, r.entityId, r.version])).toEqual([
      ['entry.update', entry.id, entry.version + 1],
      ['correction.correct', name.id, entry.version + 1],
    ]);
    expect(rows[1]!.seq).toBe(rows[0]!.seq + 1);
  });

  it('refuses a request of another entry, an answered one, or an edit that changes nothing, writing nothing', async () => {
    const { backend, entry, other } = await world();
    const foreign = request(other, 'nguoiDuocGiamHo.hoTen');
    const mine = request(entry, 'nguoiDuocGiamHo.hoTen');
    backend.services.corrections.receive([foreign, mine]);
    await backend.dispatch('corrections.keep', { requestId: mine.id, reason: 'Sổ ghi như vậy' });
    const before = everything(backend);
    const changed = { ...ghEntry, so: '01/2018', ghiChu: 'sửa theo yêu cầu của huyện' };

    const wrongEntry = await backend.dispatch('records.update', {
      id: entry.id,
      expectedVersion: entry.version,
      data: changed,
      correctionRequestIds: [foreign.id],
    });
    expect(wrongEntry).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/thuộc một trường hợp khác.*Không có gì được lưu/) },
    });
    const answered = await backend.dispatch('records.update', {
      id: entry.id,
      expectedVersion: entry.version,
      data: changed,
      correctionRequestIds: [mine.id],
    });
    expect(answered).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const fresh = request(entry, 'ngayDangKy');
    backend.services.corrections.receive([fresh]);
    const beforeSame = everything(backend);
    const unchanged = await backend.dispatch('records.update', {
      id: entry.id,
      expectedVersion: entry.version,
      data: { ...ghEntry, so: '01/2018' },
      correctionRequestIds: [fresh.id],
    });
    expect(unchanged).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/chưa có thay đổi/) },
    });
    expect(everything(backend)).toEqual(beforeSame);
    expect(everything(backend).slice(0, 2)).toEqual(before.slice(0, 2));
    expect((await backend.services.records.get(entry.id)).version).toBe(entry.version);
  });

  it('puts the answers in the next batch and leaves batches without answers as they were', async () => {
    const { backend, book, entry } = await world();
    const ctx = {
      sqlite: backend.db.sqlite,
      deviceId: backend.deviceId,
      communeCode: '12345',
      now: () => '2026-11-30T03:00:00.000Z',
    };
    const first = readBatches(ctx, 0);
    expect(first).toHaveLength(1);
    expect('corrections' in first[0]!.payload).toBe(false);
    expect(first[0]!.payloadJson).not.toContain('corrections');
    const lastRow = first[0]!.manifest.outboxTo;

    const name = request(entry, 'nguoiDuocGiamHo.hoTen');
    const date = request(entry, 'ngayDangKy');
    backend.services.corrections.receive([name, date]);
    // Only received: the events travel, no answer yet.
    const received = readBatches(ctx, lastRow);
    expect(received).toHaveLength(1);
    expect(received[0]!.payload.corrections).toBeUndefined();
    expect(received[0]!.payload.events.map((e) => e.action)).toEqual(['correction.receive', 'correction.receive']);

    const updated = await backend.dispatch('records.update', {
      id: entry.id,
      expectedVersion: entry.version,
      data: { ...ghEntry, so: '01/2018', nguoiDuocGiamHo: { hoTen: 'Nguyễn Thị Phương', ngaySinh: '2010-07-12' } },
      correctionRequestIds: [name.id],
    });
    expect(updated.ok).toBe(true);
    await backend.dispatch('corrections.keep', { requestId: date.id, reason: 'Sổ ghi ngày 05/3/2018' });
    const answers = readBatches(ctx, received[0]!.manifest.outboxTo);
    expect(answers).toHaveLength(1);
    const payload = answers[0]!.payload;
    expect(payload.entries.map((e) => [e.id, e.version])).toEqual([[entry.id, entry.version + 1]]);
    expect(payload.books.map((b) => b.id)).toEqual([book.id]);
    expect(payload.corrections).toEqual([
      {
        requestId: name.id,
        entryId: entry.id,
        answer: 'corrected',
        entryVersion: entry.version + 1,
        reason: '',
        answeredAt: expect.any(String),
        answeredBy: 'can-bo-test',
      },
      {
        requestId: date.id,
        entryId: entry.id,
        answer: 'kept',
        entryVersion: null,
        reason: 'Sổ ghi ngày 05/3/2018',
        answeredAt: expect.any(String),
        answeredBy: 'can-bo-test',
      },
    ]);
  });
});
