/**
 * Looks at a scan file before it enters a book: what it really is (by its bytes), whether its
 * name says the same, how many pages it has, and whether every page can be read. Anything
 * unusable is refused with a Vietnamese message; the original bytes are never changed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../../shared/api/errors';
import type { ScanMediaType } from '../../../shared/books/book';
import type { JobControl } from '../jobs/jobs';

/** Renditions need pdf-lib: loaded on use, so that `sohoa book list` and the app's start stay light. */
const loadRenditions = () => import('./renditions');

export interface ScanPage {
  width: number;
  height: number;
  /** A browser-readable rendition, for pages a browser cannot show as they are (TIFF). */
  display?: Buffer;
  /** A small JPEG for the thumbnail strip. */
  thumb?: Buffer;
  /** A screen rendition (long side at most VIEW_MAX_SIDE), shown before the original. */
  view?: Buffer;
}

export interface ScanInfo {
  mediaType: ScanMediaType;
  byteSize: number;
  pages: ScanPage[];
}

const EXTENSIONS: Record<string, ScanMediaType> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

const KIND_NAMES: Record<ScanMediaType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'ảnh JPG',
  'image/png': 'ảnh PNG',
  'image/tiff': 'ảnh TIFF',
};

function sniff(head: Buffer): ScanMediaType | undefined {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\0' || tiff === 'MM\0*') return 'image/tiff';
  return undefined;
}

const badFile = (message: string) => new AppError('BAD_FILE', message);

async function inspectPdf(file: string, control: JobControl): Promise<ScanPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ url: file, stopAtErrors: true, verbosity: 0 });
  try {
    const doc = await task.promise;
    const pages: ScanPage[] = [];
    // Touch every page: a damaged page tree shows up now rather than when the clerk opens it.
    for (let i = 1; i <= doc.numPages; i++) {
      control.checkpoint();
      const page = await doc.getPage(i);
      const { width, height } = page.getViewport({ scale: 1 });
      pages.push({ width: Math.round(width), height: Math.round(height) });
      page.cleanup();
      control.report({ message: `Đang đọc trang ${i}/${doc.numPages} của ${path.basename(file)}` });
    }
    control.checkpoint();
    const { pdfRenditions } = await loadRenditions();
    const renditions = await pdfRenditions(file, pages.length, control);
    return pages.map((page, i) => {
      const made = renditions[i];
      return made ? { ...page, thumb: made.thumb, ...(made.view ? { view: made.view } : {}) } : page;
    });
  } catch (error) {
    if ((error as Error).name === 'JobCancelled') throw error;
    if ((error as { name?: string }).name === 'PasswordException') {
      throw badFile('Tệp PDF được đặt mật khẩu (mã hóa); hãy xuất lại bản scan không đặt mật khẩu');
    }
    throw badFile('Tệp PDF bị hỏng hoặc không đầy đủ (có thể do sao chép bị gián đoạn)');
  } finally {
    await task.destroy();
  }
}

/** One page of an image file (a TIFF may hold several): its upright size and renditions. */
async function imagePage(file: string, mediaType: ScanMediaType, page: number, orientation: number): Promise<ScanPage> {
  const source = () => sharp(file, { failOn: 'truncated', page }).rotate(); // EXIF orientation, as browsers do
  const rotated = orientation >= 5;
  const meta = await sharp(file, { page }).metadata();
  const width = (rotated ? meta.height : meta.width) ?? 0;
  const height = (rotated ? meta.width : meta.height) ?? 0;
  const { imageRenditions } = await loadRenditions();
  const { view, thumb } = await imageRenditions(source, width, height);
  const display = mediaType === 'image/tiff' ? await source().jpeg({ quality: 90 }).toBuffer() : undefined;
  return { width, height, thumb, ...(display ? { display } : {}), ...(view ? { view } : {}) };
}

async function inspectImage(file: string, mediaType: ScanMediaType, control: JobControl): Promise<ScanPage[]> {
  try {
    // failOn 'truncated': a photo cut short by a failed copy is refused, not shown half grey.
    const meta = await sharp(file, { failOn: 'truncated' }).metadata();
    const count = mediaType === 'image/tiff' ? (meta.pages ?? 1) : 1;
    const pages: ScanPage[] = [];
    for (let page = 0; page < count; page++) {
      control.checkpoint();
      pages.push(await imagePage(file, mediaType, page, meta.orientation ?? 1));
    }
    return pages;
  } catch (error) {
    if ((error as Error).name === 'JobCancelled') throw error;
    throw badFile(`Không đọc được ${KIND_NAMES[mediaType]}: tệp bị hỏng hoặc không đầy đủ`);
  }
}

/**
 * The derived files of one page of a stored scan, made again exactly as at import (for a
 * rendition missing from the store). Undefined when the page yields none.
 */
export async function pageRenditionsAgain(
  file: string,
  mediaType: ScanMediaType,
  indexInFile: number,
  pageCount: number,
): Promise<Pick<ScanPage, 'view' | 'thumb' | 'display'> | undefined> {
  if (mediaType === 'application/pdf') {
    const { pdfRenditions } = await loadRenditions();
    return (await pdfRenditions(file, pageCount))[indexInFile];
  }
  const meta = await sharp(file, { failOn: 'truncated' }).metadata();
  return imagePage(file, mediaType, indexInFile, meta.orientation ?? 1);
}

export async function inspectScan(file: string, name: string, control: JobControl): Promise<ScanInfo> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat || !stat.isFile()) throw badFile('Không tìm thấy tệp hoặc đây không phải là tệp');
  if (stat.size === 0) throw badFile('Tệp rỗng (0 byte)');
  const handle = await fs.open(file, 'r');
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  const mediaType = sniff(head);
  const claimed = EXTENSIONS[path.extname(name).toLowerCase()];
  if (!mediaType) {
    throw badFile(
      claimed
        ? `Tệp có đuôi ${path.extname(name)} nhưng nội dung không phải ${KIND_NAMES[claimed]}`
        : 'Không phải tệp PDF hoặc ảnh (JPG, PNG, TIFF) hợp lệ',
    );
  }
  if (claimed && claimed !== mediaType) {
    // A wrong name misleads whoever opens the exported files later: have it renamed first.
    throw badFile(
      `Tệp có đuôi ${path.extname(name)} nhưng thực ra là ${KIND_NAMES[mediaType]}; hãy đổi tên cho đúng rồi nhập lại`,
    );
  }
  const pages =
    mediaType === 'application/pdf' ? await inspectPdf(file, control) : await inspectImage(file, mediaType, control);
  if (pages.length < 1) throw badFile('Tệp PDF không có trang nào');
  return { mediaType, byteSize: stat.size, pages };
}
