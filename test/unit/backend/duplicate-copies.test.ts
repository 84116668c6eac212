/** The same photo twice in one import: the original name is kept, the copy is the one skipped. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { naturalCompare } from '../../../shared/text/natural-sort';
import { makeJpeg } from '../../fixtures/images';
import { ghMetadata, tempDir, testBackend } from './helpers';

/** A folder of real JPEG page photos, given as the folder import gives them (natural order). */
async function photoFolder(photos: Record<string, string>) {
  const dir = await tempDir('sohoa-photos-');
  const made = new Map<string, string>();
  for (const [name, sameAs] of Object.entries(photos)) {
    const file = path.join(dir, name);
    if (sameAs === name) await makeJpeg(file, { width: 300, height: 400, shade: 180 + made.size * 10 });
    else await fs.copyFile(made.get(sameAs)!, file);
    made.set(name, file);
  }
  return [...made.keys()].sort(naturalCompare).map((name) => ({ path: made.get(name)!, name }));
}

describe('duplicate photos in a folder import', () => {
  it('keeps p1.jpg and skips p1-copy.jpg, although the copy sorts first', async () => {
    const backend = await testBackend();
    const sources = await photoFolder({ 'p1.jpg': 'p1.jpg', 'p1-copy.jpg': 'p1.jpg', 'p2.jpg': 'p2.jpg' });
    expect(sources.map((s) => s.name)).toEqual(['p1-copy.jpg', 'p1.jpg', 'p2.jpg']);

    const { book, skipped } = await backend.services.books.importBook(ghMetadata, sources);
    expect(book.files.map((f) => f.originalName)).toEqual(['p1.jpg', 'p2.jpg']);
    expect(skipped).toEqual([{ name: 'p1-copy.jpg', message: 'Trùng nội dung với tệp "p1.jpg" đã có trong sổ' }]);
    expect(book.pages.map((p) => p.pageNo)).toEqual([1, 2]);
    const stored = await fs.readFile(backend.files.pathFor(book.files[0]!.sha256));
    expect(stored.equals(await fs.readFile(sources[1]!.path))).toBe(true);
  });

  it('keeps the original among several copies, and every skipped copy names it', async () => {
    const backend = await testBackend();
    const sources = await photoFolder({
      'Trang 3.jpg': 'Trang 3.jpg',
      'Trang 3 (1).jpg': 'Trang 3.jpg',
      'Trang 3 - Bản sao.jpg': 'Trang 3.jpg',
      'Trang 4.jpg': 'Trang 4.jpg',
    });
    const { book, skipped } = await backend.services.books.importBook(ghMetadata, sources);
    expect(book.files.map((f) => f.originalName)).toEqual(['Trang 3.jpg', 'Trang 4.jpg']);
    expect(skipped.map((s) => s.name).sort(naturalCompare)).toEqual(['Trang 3 - Bản sao.jpg', 'Trang 3 (1).jpg']);
    for (const skip of skipped) expect(skip.message).toBe('Trùng nội dung với tệp "Trang 3.jpg" đã có trong sổ');
  });

  it('keeps the first of two unrelated names, and never renames a file already in the book', async () => {
    const backend = await testBackend();
    const first = await photoFolder({ 'p1-copy.jpg': 'p1-copy.jpg' });
    const { book } = await backend.services.books.importBook(ghMetadata, first);
    const again = path.join(path.dirname(first[0]!.path), 'p1.jpg');
    await fs.copyFile(first[0]!.path, again);
    await expect(backend.services.books.addFiles(book.id, [{ path: again, name: 'p1.jpg' }])).rejects.toMatchObject({
      details: { skipped: [{ name: 'p1.jpg', message: 'Trùng nội dung với tệp "p1-copy.jpg" đã có trong sổ' }] },
    });
    expect(backend.services.books.get(book.id).files.map((f) => f.originalName)).toEqual(['p1-copy.jpg']);

    const other = await testBackend();
    const unrelated = await photoFolder({ 'anh-a.jpg': 'anh-a.jpg', 'anh-b.jpg': 'anh-a.jpg' });
    const result = await other.services.books.importBook(ghMetadata, unrelated);
    expect(result.book.files.map((f) => f.originalName)).toEqual(['anh-a.jpg']);
    expect(result.skipped).toEqual([
      { name: 'anh-b.jpg', message: 'Trùng nội dung với tệp "anh-a.jpg" đã có trong sổ' },
    ]);
  });
});
