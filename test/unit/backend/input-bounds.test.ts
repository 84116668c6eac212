/**
 * Every method of the contract refuses oversized, control-character, broken-encoding and
 * foreign-reference input with VALIDATION (never INTERNAL), and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { apiContract, type ApiMethod } from '../../../shared/api/contract';
import type { RecordDetail } from '../../../shared/records/record';
import { MAX_MARKS, danhDauField } from '../../../shared/records/marks';
import { ghRecordSchema } from '../../../shared/records/gh';
import { appErrorFrom } from '../../../electron/backend/api/system-errors';
import { ghBook, ghEntry, ghMetadata, testBackend } from './helpers';

const NOWHERE = '0190a0a0-0000-7000-8000-000000000000';
const NUL = 'Nguyễn\u0000Văn Bình';
const LONE = 'Nguyễn Văn B\ud800nh';
const long = (n: number) => 'a'.repeat(n);
const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const tooManyMarks = () =>
  Object.fromEntries(many(100_000, (i) => [`nguoiGiamHo.${i}.hoTen`, { docChuaChac: true }] as const));

const { type: _type, ...bookDetails } = ghMetadata;

interface World {
  bookId: string;
  pageId: string;
  entryId: string;
  otherBookId: string;
  otherPageId: string;
  otherEntryId: string;
}

/** The expected code is VALIDATION unless said (a missing book the records service reports as NOT_FOUND). */
type Case = [label: string, input: (w: World) => unknown, code?: 'NOT_FOUND'];

/** For each method, inputs a clerk's form never sends but a broken or hostile caller might. */
const CASES: Record<ApiMethod, Case[]> = {
  'app.info': [['unknown key', () => ({ x: 1 })]],
  'books.list': [['unknown key', () => ({ x: long(10) })]],
  'books.get': [['NUL in the id', () => ({ id: `${NOWHERE}\u0000` })]],
  'books.create': [
    ['NUL in the office', () => ({ ...ghMetadata, office: NUL, files: [{ stagedId: NOWHERE }] })],
    ['lone surrogate in the office', () => ({ ...ghMetadata, office: LONE, files: [{ stagedId: NOWHERE }] })],
    ['office of 1001 characters', () => ({ ...ghMetadata, office: long(1001), files: [{ stagedId: NOWHERE }] })],
    ['tab in the volume', () => ({ ...ghMetadata, volume: '01\t2018', files: [{ stagedId: NOWHERE }] })],
    ['NUL in the notes', () => ({ ...ghMetadata, notes: 'ghi\u0000chú', files: [{ stagedId: NOWHERE }] })],
    ['5001 files', () => ({ ...ghMetadata, files: many(5001, () => ({ stagedId: NOWHERE })) })],
  ],
  'books.update': [
    ['NUL in the office', (w) => ({ ...bookDetails, id: w.bookId, expectedVersion: 1, office: NUL })],
    ['office of 1001 characters', (w) => ({ ...bookDetails, id: w.bookId, expectedVersion: 1, office: long(1001) })],
    ['lone surrogate in the notes', (w) => ({ ...bookDetails, id: w.bookId, expectedVersion: 1, notes: LONE })],
  ],
  'books.addFiles': [['5001 files', (w) => ({ bookId: w.bookId, files: many(5001, () => ({ stagedId: NOWHERE })) })]],
  'books.removeFile': [['not an id', (w) => ({ bookId: w.bookId, scanFileId: long(100_000) })]],
  'books.reorderFiles': [['5001 ids', (w) => ({ bookId: w.bookId, scanFileIds: many(5001, () => NOWHERE) })]],
  'pages.setRotation': [['45 degrees', (w) => ({ pageId: w.pageId, rotation: 45 })]],
  'jobs.get': [['NUL job id', () => ({ jobId: '\u0000' })]],
  'jobs.cancel': [['huge job id', () => ({ jobId: long(1_000_000) })]],
  'viewer.getState': [['not an id', () => ({ bookId: LONE })]],
  'viewer.saveState': [
    ['zoom of a billion', (w) => ({ bookId: w.bookId, pageId: w.pageId, zoom: 1e9 })],
    ['a page of another book', (w) => ({ bookId: w.bookId, pageId: w.otherPageId, zoom: 1 })],
    ['a page that does not exist', (w) => ({ bookId: w.bookId, pageId: NOWHERE, zoom: 1 })],
    ['a book that does not exist', () => ({ bookId: NOWHERE, pageId: null, zoom: 1 })],
  ],
  'prefs.get': [['unknown key', () => ({ x: 1 })]],
  'prefs.set': [['split of 5', () => ({ splitRatio: 5 })]],
  'records.list': [['not an id', () => ({ bookId: NUL })]],
  'records.get': [['NUL id', () => ({ id: NUL })]],
  'records.create': [
    ['NUL in a name', (w) => entry(w, { nguoiDuocGiamHo: { hoTen: NUL } })],
    ['lone surrogate in a name', (w) => entry(w, { nguoiDuocGiamHo: { hoTen: LONE } })],
    ['tab in a one-line field', (w) => entry(w, { nguoiKy: 'Trần\tVăn Ký' })],
    ['name of 5001 characters', (w) => entry(w, { nguoiDuocGiamHo: { hoTen: long(5001) } })],
    ['100 000 mark keys', (w) => entry(w, { danhDau: tooManyMarks() })],
    ['nesting 1000 deep', (w) => entry(w, { ghiChu: nested(1000) })],
    ['51 pages', (w) => ({ bookId: w.bookId, data: ghEntry, pages: many(51, () => ({ pageId: w.pageId })) })],
    ['a page that does not exist', (w) => ({ bookId: w.bookId, data: ghEntry, pages: [{ pageId: NOWHERE }] })],
    ['a page of another book', (w) => ({ bookId: w.bookId, data: ghEntry, pages: [{ pageId: w.otherPageId }] })],
    [
      'a book that does not exist',
      (w) => ({ bookId: NOWHERE, data: ghEntry, pages: [{ pageId: w.pageId }] }),
      'NOT_FOUND',
    ],
  ],
  'records.update': [
    ['NUL in the notes', (w) => ({ id: w.entryId, expectedVersion: 1, data: { ...ghEntry, ghiChu: 'a\u0000b' } })],
    [
      '100 000 mark keys',
      (w) => ({ id: w.entryId, expectedVersion: 1, data: { ...ghEntry, danhDau: tooManyMarks() } }),
    ],
    ['a key with NUL', (w) => ({ id: w.entryId, expectedVersion: 1, data: { ...ghEntry, ['x\u0000']: 1 } })],
    [
      'a correction request id that is not an id',
      (w) => ({ id: w.entryId, expectedVersion: 1, data: ghEntry, correctionRequestIds: [NUL] }),
    ],
    [
      'a correction request this machine does not hold',
      (w) => ({
        id: w.entryId,
        expectedVersion: 1,
        data: { ...ghEntry, ghiChu: 'sửa' },
        correctionRequestIds: [NOWHERE],
      }),
      'NOT_FOUND',
    ],
  ],
  'records.delete': [
    ['NUL in the reason', (w) => ({ id: w.entryId, expectedVersion: 1, reason: `Nhập ${NUL}` })],
    ['reason of 501 characters', (w) => ({ id: w.entryId, expectedVersion: 1, reason: long(501) })],
  ],
  'records.restore': [
    ['huge id', () => ({ id: long(100_000), expectedVersion: 1 })],
    ['version 0', (w) => ({ id: w.entryId, expectedVersion: 0 })],
  ],
  'records.history': [['huge id', () => ({ id: long(100_000) })]],
  'records.search': [
    ['lone surrogate in the query', () => ({ query: LONE })],
    ['NUL in the query', () => ({ query: NUL })],
    ['query of 201 characters', () => ({ query: long(201) })],
    ['offset of 10^12', () => ({ offset: 1e12 })],
  ],
  'records.duplicates': [
    ['NUL in the số', (w) => ({ bookId: w.bookId, so: '01/\u00002018' })],
    ['lone surrogate in the quyển', (w) => ({ bookId: w.bookId, so: '01/2018', quyenSo: LONE })],
  ],
  'records.importXlsx': [['staged id not an id', (w) => ({ bookId: w.bookId, stagedId: long(100_000) })]],
  'drafts.save': [
    ['NUL in a field', (w) => ({ bookId: w.bookId, data: { nguoiGiamHo: [{ hoTen: NUL }] } })],
    ['lone surrogate in a field', (w) => ({ bookId: w.bookId, data: { ghiChu: LONE } })],
    ['100 000 mark keys', (w) => ({ bookId: w.bookId, data: { danhDau: tooManyMarks() } })],
    ['a page of another book', (w) => ({ bookId: w.bookId, data: {}, pages: [{ pageId: w.otherPageId }] })],
    ['an entry of another book', (w) => ({ bookId: w.bookId, entryId: w.otherEntryId, data: {} })],
    ['a page that does not exist', (w) => ({ bookId: w.bookId, data: {}, pages: [{ pageId: NOWHERE }] })],
    ['a book that does not exist', () => ({ bookId: NOWHERE, data: {} })],
  ],
  'drafts.get': [['NUL entry id', (w) => ({ bookId: w.bookId, entryId: NUL })]],
  'drafts.discard': [['huge entry id', (w) => ({ bookId: w.bookId, entryId: long(100_000) })]],
  'export.precheck': [['not an id', () => ({ bookId: LONE })]],
  'export.book': [
    ['NUL in the naming', (w) => ({ bookId: w.bookId, naming: '{LOAI}.{so}\u0000.pdf' })],
    // No folder is taken from the renderer at all: an outDir is an unknown key.
    ['an absolute folder', (w) => ({ bookId: w.bookId, outDir: '/tmp/x' })],
  ],
  'export.verify': [
    ['a folder', () => ({ dir: '/tmp' })],
    ['not a book id', () => ({ bookId: LONE })],
  ],
  'auth.status': [['unknown key', () => ({ x: 1 })]],
  'auth.setup': [
    ['NUL in the full name', () => ({ fullName: NUL, userName: 'quan-tri', password: 'mat-khau-dai' })],
    ['user name of 33 characters', () => ({ fullName: 'Quản Trị', userName: long(33), password: 'mat-khau-dai' })],
  ],
  'auth.login': [
    ['password of 129 characters', () => ({ userName: 'can-bo-test', password: long(129) })],
    ['user name of 100 000 characters', () => ({ userName: long(100_000), password: 'x' })],
  ],
  'auth.logout': [['unknown key', () => ({ x: 1 })]],
  'auth.unlock': [['password of 129 characters', () => ({ password: long(129) })]],
  'auth.changePassword': [['new password of 129 characters', () => ({ currentPassword: 'x', newPassword: long(129) })]],
  'accounts.list': [['unknown key', () => ({ x: 1 })]],
  'accounts.create': [
    [
      'lone surrogate in the full name',
      () => ({ fullName: LONE, userName: 'can-bo-2', role: 'clerk', password: 'mat-khau-dai' }),
    ],
    ['unknown role', () => ({ fullName: 'Cán Bộ', userName: 'can-bo-2', role: 'god', password: 'mat-khau-dai' })],
  ],
  'accounts.resetPassword': [['not an id', () => ({ id: long(1000), password: 'mat-khau-dai' })]],
  'accounts.setDisabled': [['not a boolean', () => ({ id: NOWHERE, disabled: 'yes' })]],
  'export.openFolder': [['a folder', () => ({ dir: '/tmp' })]],
  'sync.status': [['unknown key', () => ({ x: 1 })]],
  'sync.enroll': [
    ['not an http address', () => ({ hubUrl: 'file:///etc/passwd', code: 'ABCDEF12' })],
    ['NUL in the code', () => ({ hubUrl: 'http://127.0.0.1:9', code: `ABC\u0000DEF` })],
    ['address of 301 characters', () => ({ hubUrl: `http://${long(294)}`, code: 'ABCDEF12' })],
    ['code of 5 characters', () => ({ hubUrl: 'http://127.0.0.1:9', code: 'ABCDE' })],
  ],
  'sync.pushNow': [['unknown key', () => ({ force: true })]],
  'sync.exportUsb': [['a folder from the page', () => ({ out: '/tmp' })]],
  'sync.applyReceipt': [
    ['receipt of 2 000 001 characters', () => ({ receiptJson: long(2_000_001) })],
    ['empty receipt', () => ({ receiptJson: '' })],
  ],
  'sync.retry': [['not an id', () => ({ batchId: NUL })]],
  'sync.resolveConflict': [
    ['not an id', () => ({ entryId: NUL, keep: 'local' })],
    ['neither side', () => ({ entryId: NOWHERE, keep: 'both' })],
  ],
  'corrections.list': [
    ['unknown key', () => ({ x: 1 })],
    ['not a book id', () => ({ bookId: LONE })],
    ['unknown state', () => ({ state: 'closed' })],
  ],
  'corrections.keep': [
    ['not an id', () => ({ requestId: NUL, reason: 'Sổ ghi đúng như vậy' })],
    ['empty reason', () => ({ requestId: NOWHERE, reason: '   ' })],
    ['NUL in the reason', () => ({ requestId: NOWHERE, reason: `Sổ ghi ${NUL}` })],
    ['reason of 2001 characters', () => ({ requestId: NOWHERE, reason: long(2001) })],
  ],
};

function entry(w: World, change: Record<string, unknown>) {
  return { bookId: w.bookId, data: { ...ghEntry, ...change }, pages: [{ pageId: w.pageId }] };
}

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

async function world() {
  const backend = await testBackend();
  const book = await ghBook(backend, 1);
  const other = await ghBook(backend, 2);
  const make = async (bookId: string, pageId: string, so: string) => {
    const data = { ...ghEntry, so };
    const response = await backend.dispatch('records.create', { bookId, data, pages: [{ pageId }] });
    if (!response.ok) throw new Error(JSON.stringify(response.error));
    return (response.result as RecordDetail).id;
  };
  const w: World = {
    bookId: book.id,
    pageId: book.pages[0]!.id,
    entryId: await make(book.id, book.pages[0]!.id, '01/2018'),
    otherBookId: other.id,
    otherPageId: other.pages[1]!.id,
    otherEntryId: await make(other.id, other.pages[0]!.id, '02/2018'),
  };
  return { backend, w };
}

/** Everything a call could have written, to compare before and after. */
function snapshot(backend: Awaited<ReturnType<typeof testBackend>>) {
  const sqlite = backend.db.sqlite;
  return [
    'books',
    'pages',
    'entries',
    'entry_pages',
    'audit_log',
    'view_states',
    'preferences',
    'drafts',
    'sync_settings',
    'sync_batches',
    'sync_acks',
    'correction_requests',
  ].map((table) => sqlite.prepare(`SELECT * FROM ${table}`).all());
}

describe('input bounds on every contract method', () => {
  it('has cases for every method of the contract', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(apiContract).sort());
  });

  const rows = Object.entries(CASES).flatMap(([method, cases]) =>
    cases.map(([label, input, code]) => ({ method: method as ApiMethod, label, input, code: code ?? 'VALIDATION' })),
  );
  it.each(rows)('$method refuses $label with $code and writes nothing', async ({ method, input, code }) => {
    const { backend, w } = await world();
    const before = snapshot(backend);
    const response = await backend.dispatch(method, input(w));
    expect(response).toMatchObject({ ok: false, error: { code } });
    if (!response.ok) expect(response.error.message).toMatch(/[àáảãạăâđêôơư]/i);
    expect(snapshot(backend)).toEqual(before);
  });

  it('says which field holds the control character, in Vietnamese', async () => {
    const { backend, w } = await world();
    const response = await backend.dispatch('records.create', entry(w, { nguoiDuocGiamHo: { hoTen: NUL } }));
    expect(response).toMatchObject({
      ok: false,
      error: {
        details: {
          issues: [{ path: 'data.nguoiDuocGiamHo.hoTen', message: expect.stringMatching(/ký tự điều khiển/) }],
        },
      },
    });
  });

  it('keeps tab and newlines in multi-line fields and saves them', async () => {
    const { backend, w } = await world();
    const response = await backend.dispatch(
      'records.create',
      entry(w, { so: '03/2018', ghiChu: 'Dòng 1\nDòng 2\tcột' }),
    );
    expect(response).toMatchObject({ ok: true, result: { data: { ghiChu: 'Dòng 1\nDòng 2\tcột' } } });
  });

  it('the draft of a book may point at its own pages and entries', async () => {
    const { backend, w } = await world();
    const response = await backend.dispatch('drafts.save', {
      bookId: w.bookId,
      entryId: w.entryId,
      data: { ghiChu: 'a\nb' },
      pages: [{ pageId: w.pageId }],
    });
    expect(response).toMatchObject({ ok: true });
  });
});

describe('the mark keys bound', () => {
  it('refuses 100 000 mark keys in the type schema and in the contract', () => {
    const marks = tooManyMarks();
    const field = danhDauField.safeParse(marks);
    expect(field.success).toBe(false);
    expect(field.error!.issues.map((i) => i.message)).toContain(`Tối đa ${MAX_MARKS} ô được đánh dấu`);
    expect(ghRecordSchema.safeParse({ ...ghEntry, danhDau: marks }).success).toBe(false);
    const contract = apiContract['records.create'].input.safeParse({
      bookId: NOWHERE,
      data: { ...ghEntry, danhDau: marks },
      pages: [{ pageId: NOWHERE }],
    });
    expect(contract.success).toBe(false);
    // The contract reports one issue, not one per key.
    expect(contract.error!.issues).toHaveLength(1);
    expect(contract.error!.issues[0]).toMatchObject({ path: ['data', 'danhDau'] });
  });

  it('accepts as many marks as the bound', () => {
    const marks = Object.fromEntries(
      many(MAX_MARKS, (i) => [`nguoiGiamHo.${i}.hoTen`, { docChuaChac: true }] as const),
    );
    expect(danhDauField.safeParse(marks).success).toBe(true);
  });
});

describe('foreign keys', () => {
  it('a foreign-key miss raised by SQLite itself is a VALIDATION error with a Vietnamese message', async () => {
    const backend = await testBackend();
    let raised: unknown;
    try {
      backend.db.sqlite
        .prepare("INSERT INTO view_states (actor, book_id, page_id, zoom, updated_at) VALUES ('a', ?, NULL, '1', 'x')")
        .run(NOWHERE);
    } catch (error) {
      raised = error;
    }
    expect(raised).toBeDefined();
    expect(appErrorFrom(raised)?.toShape()).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/không tồn tại/),
    });
  });
});
