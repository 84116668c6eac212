/**
 * Looks at a scan file before it enters a book: what it really is (by its bytes, not its
 * name) and how many pages it has. Anything unusable is refused with a Vietnamese message.
 */
import fs from 'node:fs/promises';
import { AppError } from '../../../shared/api/errors';
import type { ScanMediaType } from '../../../shared/books/book';

export interface ScanInfo {
  mediaType: ScanMediaType;
  pageCount: number;
  byteSize: number;
}

function sniff(head: Buffer): ScanMediaType | undefined {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\0' || tiff === 'MM\0*') return 'image/tiff';
  return undefined;
}

const badFile = (message: string) => new AppError('BAD_FILE', message);

async function countPdfPages(file: string): Promise<number> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ url: file, stopAtErrors: true, verbosity: 0 });
  try {
    const doc = await task.promise;
    // Touch every page: a damaged page tree shows up here rather than when the clerk opens it.
    for (let i = 1; i <= doc.numPages; i++) await doc.getPage(i);
    return doc.numPages;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') {
      throw badFile('Tệp PDF được đặt mật khẩu (mã hóa); hãy xuất lại bản scan không đặt mật khẩu');
    }
    throw badFile('Tệp PDF bị hỏng hoặc không đầy đủ (có thể do sao chép bị gián đoạn)');
  } finally {
    await task.destroy();
  }
}

export async function inspectScan(file: string): Promise<ScanInfo> {
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
  if (!mediaType) throw badFile('Không phải tệp PDF hoặc ảnh (JPG, PNG, TIFF) hợp lệ');
  const pageCount = mediaType === 'application/pdf' ? await countPdfPages(file) : 1;
  if (pageCount < 1) throw badFile('Tệp PDF không có trang nào');
  return { mediaType, pageCount, byteSize: stat.size };
}
