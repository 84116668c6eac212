import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import { makeBookPdf, makeTruncatedPdf } from '../../fixtures/scans';
import { makePng } from '../../fixtures/images';
import { ghMetadata, tempDir, testBackend } from './helpers';
import { waitForJob } from './jobs';

describe('importing a book', () => {
  it('creates the book, its file and one stable page per PDF page', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const pdf = await makeBookPdf(path.join(dir, 'so-gh.pdf'), 4);
    const { book, skipped } = await backend.services.books.importBook(ghMetadata, [{ path: pdf, name: 'so-gh.pdf' }]);
    expect(skipped).toEqual([]);
    expect(book).toMatchObject({ type: 'GH', volume: '01/2018', period: '2016-2019', pageCount: 4, entryCount: 0 });
    expect(book.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7
    expect(book.pages.map((p) => [p.pageNo, p.indexInFile])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(backend.services.books.list()).toHaveLength(1);
  });

  it('keeps the scan byte for byte, addressed by SHA-256, read-only', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), 1);
    const { book } = await backend.services.books.importBook(ghMetadata, [{ path: pdf, name: 'so.pdf' }]);
    const { createHash } = await import('node:crypto');
    const original = await fs.readFile(pdf);
    const sha = createHash('sha256').update(original).digest('hex');
    expect(book.files[0]!.sha256).toBe(sha);
    const stored = backend.files.pathFor(sha);
    expect((await fs.readFile(stored)).equals(original)).toBe(true);
    expect((await fs.stat(stored)).mode & 0o222).toBe(0);
  });

  it('skips bad files with a Vietnamese reason and imports the rest', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const good = await makeBookPdf(path.join(dir, 'tot.pdf'), 2);
    const copy = path.join(dir, 'ban-sao.pdf');
    await fs.copyFile(good, copy);
    const truncated = await makeTruncatedPdf(path.join(dir, 'dut.pdf'));
    const empty = path.join(dir, 'rong.pdf');
    await fs.writeFile(empty, '');
    const liar = path.join(dir, 'gia.pdf');
    await fs.writeFile(liar, 'Đây là văn bản, không phải PDF');
    const photo = await makePng(path.join(dir, 'anh.png'));

    const { book, skipped } = await backend.services.books.importBook(
      ghMetadata,
      [good, copy, truncated, empty, liar, photo].map((p) => ({ path: p, name: path.basename(p) })),
    );
    expect(book.pageCount).toBe(3);
    expect(book.files.map((f) => [f.originalName, f.mediaType])).toEqual([
      ['tot.pdf', 'application/pdf'],
      ['anh.png', 'image/png'],
    ]);
    expect(skipped).toEqual([
      { name: 'ban-sao.pdf', message: 'Trùng nội dung với tệp "tot.pdf" đã có trong sổ' },
      { name: 'dut.pdf', message: 'Tệp PDF bị hỏng hoặc không đầy đủ (có thể do sao chép bị gián đoạn)' },
      { name: 'rong.pdf', message: 'Tệp rỗng (0 byte)' },
      { name: 'gia.pdf', message: 'Tệp có đuôi .pdf nhưng nội dung không phải PDF' },
    ]);
  });

  it('creates no book when no file is usable', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const truncated = await makeTruncatedPdf(path.join(dir, 'dut.pdf'));
    await expect(
      backend.services.books.importBook(ghMetadata, [{ path: truncated, name: 'dut.pdf' }]),
    ).rejects.toMatchObject({ code: 'BAD_FILE', details: { skipped: [{ name: 'dut.pdf' }] } });
    expect(backend.services.books.list()).toEqual([]);
  });

  it('goes through the contract: staged upload, validation of the particulars', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), 2);
    const { stagedId } = await backend.staging.stagePath(pdf);

    const invalid = await backend.dispatch('books.create', { ...ghMetadata, office: ' ', files: [{ stagedId }] });
    expect(invalid).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Dữ liệu gửi lên chưa hợp lệ',
        details: { issues: [{ path: 'office', message: 'Nhập cơ quan đăng ký hộ tịch như in trên sổ' }] },
      },
    });

    const created = await waitForJob(
      backend,
      await backend.dispatch('books.create', { ...ghMetadata, files: [{ stagedId }] }),
    );
    expect(created).toMatchObject({ state: 'done', kind: 'books.import', progress: { done: 1, total: 1 } });
    // A staged id is used once.
    const again = await backend.dispatch('books.create', { ...ghMetadata, files: [{ stagedId }] });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const missing = await backend.dispatch('books.get', { id: '01890a5d-ac96-774b-bcce-b302099a8057' });
    expect(missing).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Không tìm thấy sổ này' } });
  });

  it('records the import in the audit log', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), 1);
    const { book } = await backend.services.books.importBook(ghMetadata, [{ path: pdf, name: 'so.pdf' }]);
    const audit = backend.db.sqlite
      .prepare("SELECT actor, action, entity_id AS entityId FROM audit_log WHERE entity_type = 'book'")
      .all();
    expect(audit).toEqual([{ actor: 'can-bo-test', action: 'book.create', entityId: book.id }]);
  });

  it('is an AppError for the clerk, never a stack trace', () => {
    expect(new AppError('BAD_FILE', 'x').toShape()).toEqual({ code: 'BAD_FILE', message: 'x' });
  });
});
