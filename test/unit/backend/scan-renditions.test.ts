/** Issue 13: screen renditions made at import, so that the viewer shows a page without decoding the scan. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, degrees } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { THUMB_MAX_SIDE, VIEW_MAX_SIDE } from '../../../electron/backend/books/renditions';
import { sweepAbandoned } from '../../../electron/backend/files/sweep';
import { makeJpeg } from '../../fixtures/images';
import { makeBookPdf } from '../../fixtures/scans';
import { ghMetadata, tempDir, testBackend } from './helpers';

const source = (p: string) => ({ path: p, name: path.basename(p) });

/** A scanner's PDF: each page one full-page JPEG, the second page turned by /Rotate 90. */
async function scannedPdf(file: string, dir: string): Promise<string> {
  const doc = await PDFDocument.create();
  for (const [i, rotate] of [0, 90].entries()) {
    const jpeg = await fs.readFile(await makeJpeg(path.join(dir, `scan-${i}.jpg`), { width: 2480, height: 3508 }));
    const image = await doc.embedJpg(jpeg);
    const page = doc.addPage([595, 842]);
    page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    if (rotate) page.setRotation(degrees(rotate));
  }
  await fs.writeFile(file, await doc.save());
  return file;
}

describe('renditions made at import', () => {
  it('gives a large photo a view rendition and a thumbnail, and keeps the original byte for byte', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const big = await makeJpeg(path.join(dir, 'lon.jpg'), { width: 4000, height: 3000 });
    const small = await makeJpeg(path.join(dir, 'nho.jpg'), { width: 640, height: 480 });
    const { book } = await backend.services.books.importBook(ghMetadata, [source(big), source(small)]);
    const [bigPage, smallPage] = book.pages;
    expect(bigPage!.viewSha256).toBeDefined();
    const view = await sharp(backend.files.pathFor(bigPage!.viewSha256!)).metadata();
    expect([view.format, view.width, view.height]).toEqual(['jpeg', VIEW_MAX_SIDE, 1500]);
    const thumb = await sharp(backend.files.pathFor(bigPage!.thumbSha256!)).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(THUMB_MAX_SIDE);
    // A photo already small enough is shown as it is.
    expect(smallPage!.viewSha256).toBeUndefined();
    expect(smallPage!.thumbSha256).toBeDefined();
    // Originals untouched, and the page keeps the original's size.
    expect((await fs.readFile(backend.files.pathFor(book.files[0]!.sha256))).equals(await fs.readFile(big))).toBe(true);
    expect([bigPage!.width, bigPage!.height]).toEqual([4000, 3000]);
  });

  it("takes a scanned PDF page's JPEG out, upright by the page's /Rotate; a text page gets none", async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const scanned = await scannedPdf(path.join(dir, 'so-scan.pdf'), dir);
    const drawn = await makeBookPdf(path.join(dir, 'so-ve.pdf'), 1);
    const { book } = await backend.services.books.importBook(ghMetadata, [source(scanned), source(drawn)]);
    expect(book.pages).toHaveLength(3);
    const [upright, turned, text] = book.pages;
    const size = async (sha: string) => {
      const m = await sharp(backend.files.pathFor(sha)).metadata();
      return [m.width, m.height];
    };
    expect(await size(upright!.viewSha256!)).toEqual([1414, VIEW_MAX_SIDE]);
    expect(await size(turned!.viewSha256!)).toEqual([VIEW_MAX_SIDE, 1414]);
    expect(Math.max(...(await size(upright!.thumbSha256!)).map(Number))).toBe(THUMB_MAX_SIDE);
    // The page's own size (as pdf.js shows it) has the rendition's proportions.
    expect([turned!.width, turned!.height]).toEqual([842, 595]);
    expect(text!.viewSha256).toBeUndefined();
    expect(text!.thumbSha256).toBeUndefined();
    expect((await fs.readFile(backend.files.pathFor(book.files[0]!.sha256))).equals(await fs.readFile(scanned))).toBe(
      true,
    );
  });

  it('keeps the renditions when unreferenced files are swept', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const big = await makeJpeg(path.join(dir, 'lon.jpg'), { width: 3000, height: 4000 });
    const { book } = await backend.services.books.importBook(ghMetadata, [source(big)]);
    const stray = await backend.files.putBuffer(Buffer.from('no row names this'));
    await backend.maintenance;
    // Everything counts as old: only what no row names goes.
    const report = await sweepAbandoned(backend.files, backend.db.sqlite, {
      startedAt: Date.now() + 2 * 24 * 3600 * 1000,
    });
    expect(report.blobs).toEqual([stray.sha256]);
    expect(await backend.files.has(book.pages[0]!.viewSha256!)).toBe(true);
  });

  it('makes a rendition missing from the store again, byte for byte, when it is asked for', async () => {
    const backend = await testBackend();
    const dir = await tempDir();
    const big = await makeJpeg(path.join(dir, 'lon.jpg'), { width: 3000, height: 4000 });
    const scanned = await scannedPdf(path.join(dir, 'so-scan.pdf'), dir);
    const { book } = await backend.services.books.importBook(ghMetadata, [source(big), source(scanned)]);
    const lost = [book.pages[0]!.viewSha256!, book.pages[0]!.thumbSha256!, book.pages[2]!.viewSha256!];
    for (const sha of lost) await fs.rm(backend.files.pathFor(sha));
    for (const sha of lost) {
      const opened = await backend.files.open(sha);
      expect(opened, sha).toBeDefined();
      const bytes = await opened!.handle.readFile();
      await opened!.handle.close();
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
      expect(await backend.files.has(sha)).toBe(true);
    }
    // A file that is nobody's rendition stays missing.
    expect(await backend.files.open('0'.repeat(64))).toBeUndefined();
  });
});
