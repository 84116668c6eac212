/** Issue 3: every kind of real scan, the bad ones refused with a reason, files managed later. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkDatabase } from '../../../electron/backend/db/database';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { describe, expect, it } from 'vitest';
import { standaloneControl } from '../../../electron/backend/jobs/jobs';
import { makeJpeg, makePng, makeTiff } from '../../fixtures/images';
import { makeBookPdf, makeTruncatedPdf } from '../../fixtures/scans';
import { ghEntry, ghMetadata, tempDir, testBackend } from './helpers';
import { waitForJob } from './jobs';

const ENCRYPTED = path.resolve(import.meta.dirname, '../../fixtures/files/encrypted.pdf');
const source = (p: string) => ({ path: p, name: path.basename(p) });

describe('bad scan files', () => {
  it('refuses each kind with a Vietnamese reason and keeps the good ones', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const good = await makeJpeg(path.join(dir, 'trang-1.jpg'));
    const encrypted = path.join(dir, 'mat-khau.pdf');
    await fs.copyFile(ENCRYPTED, encrypted);
    const pdfNamedJpg = path.join(dir, 'trang-2.jpg');
    await fs.copyFile(await makeBookPdf(path.join(dir, 'x.pdf'), 1), pdfNamedJpg);
    const cutPhoto = path.join(dir, 'trang-3.jpg');
    const photo = await fs.readFile(await makeJpeg(path.join(dir, 'full.jpg'), { shade: 200 }));
    await fs.writeFile(cutPhoto, photo.subarray(0, Math.floor(photo.length * 0.6)));
    const notImage = path.join(dir, 'trang-4.png');
    await fs.writeFile(notImage, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6]));
    const truncated = await makeTruncatedPdf(path.join(dir, 'dut.pdf'));

    const { book, skipped } = await backend.services.books.importBook(
      ghMetadata,
      [good, encrypted, pdfNamedJpg, cutPhoto, notImage, truncated].map(source),
    );
    expect(book.files.map((f) => f.originalName)).toEqual(['trang-1.jpg']);
    expect(Object.fromEntries(skipped.map((s) => [s.name, s.message]))).toEqual({
      'mat-khau.pdf': 'Tệp PDF được đặt mật khẩu (mã hóa); hãy xuất lại bản scan không đặt mật khẩu',
      'trang-2.jpg': 'Tệp có đuôi .jpg nhưng thực ra là PDF; hãy đổi tên cho đúng rồi nhập lại',
      'trang-3.jpg': 'Không đọc được ảnh JPG: tệp bị hỏng hoặc không đầy đủ',
      'trang-4.png': 'Không đọc được ảnh PNG: tệp bị hỏng hoặc không đầy đủ',
      'dut.pdf': 'Tệp PDF bị hỏng hoặc không đầy đủ (có thể do sao chép bị gián đoạn)',
    });
  });
});

describe('image pages', () => {
  it('records size, a thumbnail, and a browser-readable rendition of each TIFF page', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const jpeg = await makeJpeg(path.join(dir, 'a.jpg'), { width: 640, height: 480 });
    const tiff = await makeTiff(path.join(dir, 'b.tif'), 2);
    const { book } = await backend.services.books.importBook(ghMetadata, [source(jpeg), source(tiff)]);
    expect(book.pages.map((p) => [p.pageNo, p.mediaType, p.indexInFile, p.width, p.height])).toEqual([
      [1, 'image/jpeg', 0, 640, 480],
      [2, 'image/tiff', 0, 300, 400],
      [3, 'image/tiff', 1, 300, 400],
    ]);
    expect(book.pages[0]!.displaySha256).toBeUndefined();
    const { default: sharp } = await import('sharp');
    for (const page of book.pages.slice(1)) {
      const rendition = await sharp(backend.files.pathFor(page.displaySha256!)).metadata();
      expect(rendition.format).toBe('jpeg');
    }
    // The two TIFF pages differ, and so do their renditions.
    expect(book.pages[1]!.displaySha256).not.toBe(book.pages[2]!.displaySha256);
    const thumb = await sharp(backend.files.pathFor(book.pages[0]!.thumbSha256!)).metadata();
    expect(thumb.width).toBe(200);
    // The original is kept byte for byte.
    expect((await fs.readFile(backend.files.pathFor(book.files[1]!.sha256))).equals(await fs.readFile(tiff))).toBe(
      true,
    );
  });

  it('reports a sideways phone photo (EXIF orientation) in the size it is seen', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const photo = await makeJpeg(path.join(dir, 'xoay.jpg'), { width: 800, height: 600, orientation: 6 });
    const { book } = await backend.services.books.importBook(ghMetadata, [source(photo)]);
    expect([book.pages[0]!.width, book.pages[0]!.height]).toEqual([600, 800]);
  });
});

describe('import as a job', () => {
  it('reports progress per file and can be cancelled without leaving a half book', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const files = await Promise.all([1, 2, 3].map((n) => makeBookPdf(path.join(dir, `phan-${n}.pdf`), 3)));
    const controller = new AbortController();
    const seen: number[] = [];
    const control = standaloneControl((p) => {
      seen.push(p.done);
      if (p.done === 1) controller.abort();
    }, controller.signal);
    await expect(backend.services.books.importBook(ghMetadata, files.map(source), control)).rejects.toMatchObject({
      name: 'JobCancelled',
    });
    expect(seen).toContain(1);
    expect(backend.services.books.list()).toEqual([]);
  });

  it('runs behind jobs.get / jobs.cancel through the contract', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), 40);
    const { stagedId } = await backend.staging.stagePath(pdf);
    const started = await backend.dispatch('books.create', { ...ghMetadata, files: [{ stagedId }] });
    const jobId = (started as { result: { jobId: string } }).result.jobId;
    await backend.dispatch('jobs.cancel', { jobId });
    const job = await waitForJob(backend, started);
    expect(job.state).toBe('cancelled');
    expect(backend.services.books.list()).toEqual([]);
    expect(await backend.dispatch('jobs.get', { jobId: '01890a5d-ac96-774b-bcce-b302099a8057' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('reports a failed import as a failed job with the reasons', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const { stagedId } = await backend.staging.stagePath(await makeTruncatedPdf(path.join(dir, 'dut.pdf')));
    const job = await waitForJob(
      backend,
      await backend.dispatch('books.create', { ...ghMetadata, files: [{ stagedId }] }),
    );
    expect(job).toMatchObject({
      state: 'failed',
      error: { code: 'BAD_FILE', details: { skipped: [{ name: 'dut.pdf' }] } },
    });
  });
});

describe("managing a book's files", () => {
  async function bookWithEntry() {
    const backend = await testBackend();
    const dir = await tempDir();
    const a = await makeBookPdf(path.join(dir, 'a.pdf'), 2);
    const b = await makePng(path.join(dir, 'b.png'), 50, 40, 10);
    const c = await makePng(path.join(dir, 'c.png'), 50, 40, 20);
    const { book } = await backend.services.books.importBook(ghMetadata, [a, b, c].map(source));
    // An entry on the page of b.png.
    const entry = backend.services.records.create({
      bookId: book.id,
      data: ghEntry,
      pages: [{ pageId: book.pages[2]!.id }],
    });
    return { backend, book, entry, dir };
  }

  it('appends files after the existing pages and refuses a file already in the book', async () => {
    const { backend, book, dir } = await bookWithEntry();
    const d = await makePng(path.join(dir, 'd.png'), 50, 40, 30);
    const again = path.join(dir, 'a-copy.pdf');
    await fs.copyFile(path.join(dir, 'a.pdf'), again);
    const report = await backend.services.books.addFiles(book.id, [source(d), source(again)]);
    expect(report.book.pages.map((p) => p.pageNo)).toEqual([1, 2, 3, 4, 5]);
    expect(report.book.pages.slice(0, 4).map((p) => p.id)).toEqual(book.pages.map((p) => p.id));
    expect(report.skipped).toEqual([{ name: 'a-copy.pdf', message: 'Trùng nội dung với tệp "a.pdf" đã có trong sổ' }]);
  });

  it('reorders files: pages renumbered, the entry stays on its image', async () => {
    const { backend, book, entry } = await bookWithEntry();
    const [a, b, c] = book.files;
    const after = backend.services.books.reorderFiles(book.id, [c!.id, b!.id, a!.id]);
    expect(after.pages.map((p) => [p.pageNo, after.files.find((f) => f.id === p.scanFileId)!.originalName])).toEqual([
      [1, 'c.png'],
      [2, 'b.png'],
      [3, 'a.pdf'],
      [4, 'a.pdf'],
    ]);
    const moved = backend.services.records.get(entry.id);
    expect(moved.pages).toEqual([{ pageId: book.pages[2]!.id, pageNo: 2 }]);
    expect(() => backend.services.books.reorderFiles(book.id, [a!.id, b!.id])).toThrow(/đúng các tệp của sổ/);
  });

  it('removes a file no entry points at, and refuses one that an entry needs', async () => {
    const { backend, book } = await bookWithEntry();
    const [a, b] = book.files;
    expect(() => backend.services.books.removeFile(book.id, b!.id)).toThrow(/1 trường hợp đang gắn/);
    const after = backend.services.books.removeFile(book.id, a!.id);
    expect(after.files.map((f) => f.originalName)).toEqual(['b.png', 'c.png']);
    expect(after.pages.map((p) => p.pageNo)).toEqual([1, 2]);
    const actions = backend.db.sqlite
      .prepare("SELECT action FROM audit_log WHERE entity_type = 'book' ORDER BY seq")
      .all();
    expect(actions).toEqual([{ action: 'book.create' }, { action: 'book.files.remove' }]);
  });

  it('leaves a tombstone when a file goes: a deleted entry keeps its page, and the file can come back', async () => {
    const { backend, book, entry, dir } = await bookWithEntry();
    const [, b] = book.files;
    const entryPage = book.pages[2]!;
    backend.services.records.remove({ id: entry.id, expectedVersion: 1, reason: 'Nhập nhầm trang' });
    const historyBefore = backend.services.records.history(entry.id);
    // Only a deleted entry points at b.png now: the file can go, and the entry keeps its reference.
    const after = backend.services.books.removeFile(book.id, b!.id);
    expect(after.files.map((f) => f.originalName)).toEqual(['a.pdf', 'c.png']);
    expect(after.pages.map((p) => p.pageNo)).toEqual([1, 2, 3]);
    expect(after.pageCount).toBe(3);
    expect(backend.services.records.get(entry.id, { includeDeleted: true }).pages).toEqual([
      { pageId: entryPage.id, pageNo: 3 },
    ]);
    expect(backend.services.records.history(entry.id)).toEqual(historyBefore);
    const tombstone = backend.db.sqlite
      .prepare('SELECT removed_at AS removedAt, removed_by AS removedBy FROM scan_files WHERE id = ?')
      .get(b!.id);
    expect(tombstone).toEqual({ removedAt: expect.any(String), removedBy: 'can-bo-test' });
    expect(checkDatabase(backend.db, MIGRATIONS_DIR)).toMatchObject({ ok: true, foreignKeyViolations: 0 });
    // The removed page can no longer be linked, and the entry cannot come back without it.
    expect(() =>
      backend.services.records.create({
        bookId: book.id,
        data: { ...ghEntry, so: '02/2018' },
        pages: [{ pageId: entryPage.id }],
      }),
    ).toThrow('Trang được chọn không thuộc sổ này');
    expect(() => backend.services.records.restore({ id: entry.id, expectedVersion: 2 })).toThrow(
      'Không khôi phục được: tệp scan chứa trang 3 của trường hợp này đã bị gỡ khỏi sổ. Hãy thêm lại đúng tệp scan đó vào sổ trước.',
    );
    // Adding the same file again brings its pages back, with their ids: the entry is whole again.
    const back = await backend.services.books.addFiles(book.id, [source(path.join(dir, 'b.png'))]);
    expect(back.book.files.map((f) => f.id)).toEqual([book.files[0]!.id, book.files[2]!.id, b!.id]);
    expect(back.book.pages.map((p) => [p.pageNo, p.id])).toEqual([
      [1, book.pages[0]!.id],
      [2, book.pages[1]!.id],
      [3, book.pages[3]!.id],
      [4, entryPage.id],
    ]);
    expect(backend.services.records.restore({ id: entry.id, expectedVersion: 2 }).pages).toEqual([
      { pageId: entryPage.id, pageNo: 4 },
    ]);
    expect(checkDatabase(backend.db, MIGRATIONS_DIR)).toMatchObject({ ok: true });
  });

  it('saves a page rotation and audits it', async () => {
    const { backend, book } = await bookWithEntry();
    const page = backend.services.books.setRotation(book.pages[1]!.id, 90);
    expect(page.rotation).toBe(90);
    expect(backend.services.books.get(book.id).pages[1]!.rotation).toBe(90);
    const audit = backend.db.sqlite.prepare("SELECT before, after FROM audit_log WHERE action = 'page.rotate'").all();
    expect(audit).toEqual([{ before: '{"rotation":0}', after: '{"rotation":90}' }]);
    expect(await backend.dispatch('pages.setRotation', { pageId: book.pages[1]!.id, rotation: 45 })).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { issues: [{ path: 'rotation', message: 'Góc xoay chỉ là 0, 90, 180 hoặc 270 độ' }] },
      },
    });
  });
});

describe('what the viewer remembers', () => {
  it('keeps the last page and zoom per book, and the layout per user', async () => {
    const dataDir = await tempDir();
    const backend = await testBackend(dataDir);
    const pdf = await makeBookPdf(path.join(await tempDir(), 's.pdf'), 3);
    const { book } = await backend.services.books.importBook(ghMetadata, [source(pdf)]);
    expect(backend.services.viewer.getState(book.id)).toBeNull();
    backend.services.viewer.saveState({ bookId: book.id, pageId: book.pages[2]!.id, zoom: 1.5 });
    backend.services.viewer.saveState({ bookId: book.id, pageId: book.pages[1]!.id, zoom: 'fit-page' });
    expect(backend.services.viewer.getPreferences()).toEqual({
      splitRatio: 0.55,
      layout: 'side',
      idleLockMinutes: 10,
      exportDir: path.join(backend.layout.root, 'exports'),
    });
    backend.services.viewer.setPreferences({ layout: 'stacked' });
    backend.services.viewer.setPreferences({ idleLockMinutes: 5 });
    backend.services.viewer.setPreferences({ splitRatio: 0.4 });
    backend.close();

    const reopened = await testBackend(dataDir);
    expect(reopened.services.viewer.getState(book.id)).toEqual({
      bookId: book.id,
      pageId: book.pages[1]!.id,
      zoom: 'fit-page',
    });
    expect(reopened.services.viewer.getPreferences()).toEqual({
      splitRatio: 0.4,
      layout: 'stacked',
      idleLockMinutes: 5,
      exportDir: path.join(reopened.layout.root, 'exports'),
    });
    expect(await reopened.dispatch('prefs.set', { splitRatio: 2 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await reopened.dispatch('prefs.set', { idleLockMinutes: 0 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});
