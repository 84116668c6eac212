/** Entry PDFs cut from scans: photo orientation, and scanners that share resources between pages. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { EntryPdfBuilder, orientationMatrix } from '../../../electron/backend/export/entry-pdf';
import type { PageInfo } from '../../../shared/books/book';
import { makeJpeg } from '../../fixtures/images';
import { tempDir, testBackend } from '../backend/helpers';

describe('photo orientation', () => {
  // Where the stored image's top-left and top-right corners must appear on a pw × ph page for
  // each EXIF orientation (as browsers show photos), in PDF coordinates (origin bottom-left).
  const pw = 300;
  const ph = 200;
  const cases: [number, [number, number], [number, number]][] = [
    [1, [0, ph], [pw, ph]],
    [2, [pw, ph], [0, ph]],
    [3, [pw, 0], [0, 0]],
    [4, [0, 0], [pw, 0]],
    [5, [0, ph], [0, 0]],
    [6, [pw, ph], [pw, 0]],
    [7, [pw, 0], [pw, ph]],
    [8, [0, 0], [0, ph]],
  ];
  it.each(cases)('orientation %i puts the corners where a browser shows them', (orientation, topLeft, topRight) => {
    const [a, b, c, d, e, f] = orientationMatrix(orientation, pw, ph);
    const at = (u: number, v: number) => [a * u + c * v + e, b * u + d * v + f];
    expect(at(0, 1)).toEqual(topLeft);
    expect(at(1, 1)).toEqual(topRight);
  });
});

describe('pages of a scanned PDF', () => {
  it('copies only the images a page draws when the scanner shared one resource dictionary', async () => {
    const dir = await tempDir('sohoa-shared-');
    const doc = await PDFDocument.create();
    const jpegs: Buffer[] = [];
    for (let i = 0; i < 3; i++) {
      const bytes = await fs.readFile(
        await makeJpeg(path.join(dir, `p${i}.jpg`), { width: 200, height: 260, shade: 200 + i * 20 }),
      );
      jpegs.push(bytes);
      const image = await doc.embedJpg(bytes);
      doc.addPage([200, 260]).drawImage(image, { x: 0, y: 0, width: 200, height: 260 });
    }
    // Move every page's images into one dictionary on the page tree, as some scanners write.
    const shared = doc.context.obj({});
    for (const page of doc.getPages()) {
      const own = page.node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
      for (const [key, value] of own.entries()) {
        shared.set(PDFName.of(`${key.decodeText()}p${doc.getPages().indexOf(page)}`), value as PDFRef);
      }
      page.node.delete(PDFName.of('Resources'));
    }
    // Content streams refer to the images by their new names.
    const pages = doc.getPages();
    for (const [i, page] of pages.entries()) {
      const text = `q 200 0 0 260 0 0 cm /${shared.keys()[i]!.decodeText()} Do Q`;
      page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(text)));
    }
    doc.catalog.Pages().set(PDFName.of('Resources'), doc.context.obj({ XObject: shared }));
    const file = path.join(dir, 'book.pdf');
    await fs.writeFile(file, await doc.save({ useObjectStreams: false }));

    const backend = await testBackend();
    const stored = await backend.files.putFile(file);
    const page: PageInfo = {
      id: '00000000-0000-7000-8000-000000000002',
      pageNo: 2,
      scanFileId: '00000000-0000-7000-8000-000000000001',
      sha256: stored.sha256,
      mediaType: 'application/pdf',
      indexInFile: 1,
      rotation: 0,
    };
    const bytes = Buffer.from(await new EntryPdfBuilder(backend.files).build([page], { title: 't.pdf' }));
    expect(bytes.indexOf(jpegs[1]!)).toBeGreaterThan(0);
    expect(bytes.indexOf(jpegs[0]!)).toBe(-1);
    expect(bytes.indexOf(jpegs[2]!)).toBe(-1);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  });
});
