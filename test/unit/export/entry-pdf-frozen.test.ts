/**
 * Entry PDFs at province scale: the page(s) of consecutive entries are built and serialized once
 * (FrozenPdf), each entry writing only its own title; the bytes are what pdf-lib itself writes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntryPdfBuilder, FrozenPdf } from '../../../electron/backend/export/entry-pdf';
import type { PageInfo } from '../../../shared/books/book';
import { makeJpeg } from '../../fixtures/images';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

function pdfPage(sha256: string, indexInFile: number): PageInfo {
  return {
    id: `00000000-0000-7000-8000-00000000000${indexInFile + 2}`,
    pageNo: indexInFile + 1,
    scanFileId: '00000000-0000-7000-8000-000000000001',
    sha256,
    mediaType: 'application/pdf',
    indexInFile,
    rotation: 0,
  };
}

describe('FrozenPdf', () => {
  it('writes for each title exactly the bytes pdf-lib writes for the document with that title', async () => {
    const dir = await tempDir('sohoa-frozen-');
    const source = await PDFDocument.load(await fs.readFile(await makeBookPdf(path.join(dir, 'b.pdf'), 3)));
    const jpeg = await fs.readFile(await makeJpeg(path.join(dir, 'p.jpg'), { width: 120, height: 160, shade: 90 }));
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle('');
    doc.setCreator('Số hóa Hộ tịch');
    doc.setProducer('Số hóa Hộ tịch (pdf-lib)');
    for (const page of await doc.copyPages(source, [0, 2])) doc.addPage(page);
    const image = await doc.embedJpg(jpeg);
    doc.addPage([120, 160]).drawImage(image, { x: 0, y: 0, width: 120, height: 160 });
    const frozen = await FrozenPdf.of(doc);
    expect(frozen.pageCount).toBe(3);

    for (const title of ['GH.04567.2018.01-2018.01-2018.pdf', 'Giấy khai tử — số 7/2018.pdf', '']) {
      const fast = Buffer.from(frozen.bytes(title));
      doc.setTitle(title);
      const reference = Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false }));
      expect(fast.equals(reference)).toBe(true);
      const reread = await PDFDocument.load(fast, { updateMetadata: false });
      expect(reread.getTitle()).toBe(title);
      expect(reread.getPageCount()).toBe(3);
    }
  });
});

describe('EntryPdfBuilder', () => {
  it('copies a page once for the consecutive entries on it, and gives each entry its own title', async () => {
    const dir = await tempDir('sohoa-frozen-');
    const backend = await testBackend();
    const stored = await backend.files.putFile(await makeBookPdf(path.join(dir, 'book.pdf'), 3));
    const copyPages = vi.spyOn(PDFDocument.prototype, 'copyPages');
    const builder = new EntryPdfBuilder(backend.files);
    const first = pdfPage(stored.sha256, 0);
    const second = pdfPage(stored.sha256, 1);

    const a = await builder.build([first], { title: 'a.pdf' });
    const b = await builder.build([first], { title: 'b.pdf' });
    const c = await builder.build([first], { title: 'c.pdf' });
    expect(copyPages).toHaveBeenCalledTimes(1);
    // An entry on two pages: each page copied (one call a page), once.
    const both = await builder.build([first, second], { title: 'ab.pdf' });
    expect(copyPages).toHaveBeenCalledTimes(3);
    await builder.build([first, second], { title: 'ab2.pdf' });
    // Back on the first page alone: still kept.
    await builder.build([first], { title: 'd.pdf' });
    expect(copyPages).toHaveBeenCalledTimes(3);

    const titles = await Promise.all(
      [a, b, c].map(async (bytes) => (await PDFDocument.load(bytes, { updateMetadata: false })).getTitle()),
    );
    expect(titles).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
    expect((await PDFDocument.load(both)).getPageCount()).toBe(2);
    // Only the title differs between two entries on the same page.
    expect(Buffer.from(a).length).toBe(Buffer.from(b).length);
  });
});
