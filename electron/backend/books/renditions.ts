/**
 * Screen renditions of scan pages, made once at import so that the viewer never has to decode a
 * full-size scan before showing a page: a "view" image (upright, at most VIEW_MAX_SIDE pixels on
 * its long side) and a thumbnail (at most THUMB_MAX_SIDE). The originals are never changed; the
 * renditions go into the same content-addressed store.
 *
 * PDF pages: a scanner's PDF holds one JPEG per page, drawn over the whole page. That JPEG is taken
 * out as it is (pdf-lib, no rendering) and downscaled by sharp, which is fast and needs nothing
 * that a clerk's Windows laptop may lack (no pdftoppm, no native canvas). A page that is anything
 * else (text, vector drawing, several images, an image format other than JPEG) gets no rendition:
 * the viewer draws it with pdf.js, as before.
 */
import fs from 'node:fs/promises';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFPage } from 'pdf-lib';
import sharp, { type Sharp } from 'sharp';
import { VIEW_MAX_SIDE } from '../../../shared/books/book';
import type { JobControl } from '../jobs/jobs';

/** The long side of a view rendition: sharp enough for a page shown on a laptop screen. */
export { VIEW_MAX_SIDE };
/** The long side of a thumbnail. */
export const THUMB_MAX_SIDE = 200;
/**
 * Above this size a PDF is not loaded whole into memory to look for its page images (pdf-lib
 * holds the whole file, several times its size at peak: a 156 MB book took 1.1 GB). A book
 * scanned at the usual ~100 KB a page is well below it (300 pages ≈ 30 MB); a bigger file keeps
 * its pages drawn by pdf.js as before, so a modest laptop is never pushed out of memory by an
 * import.
 */
const MAX_PDF_BYTES_FOR_RENDITIONS = 64 * 1024 * 1024;

export interface Renditions {
  view?: Buffer;
  thumb: Buffer;
}

/**
 * The view rendition and thumbnail of one upright image (`input` yields a fresh sharp pipeline,
 * already turned upright). `width`/`height` are its upright size: no view rendition is made for
 * an image already small enough to be shown as it is, unless `alwaysView`.
 */
export async function imageRenditions(
  input: () => Sharp,
  width: number,
  height: number,
  alwaysView = false,
): Promise<Renditions> {
  const fit = (side: number) => input().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
  const needsView = alwaysView || Math.max(width, height) > VIEW_MAX_SIDE;
  const view = needsView ? await fit(VIEW_MAX_SIDE).jpeg({ quality: 82, mozjpeg: false }).toBuffer() : undefined;
  // The thumbnail from the view when there is one: a smaller image to decode again.
  const thumb = await (view ? sharp(view) : input())
    .resize({ width: THUMB_MAX_SIDE, height: THUMB_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 70 })
    .toBuffer();
  return { ...(view ? { view } : {}), thumb };
}

/** The one JPEG a page paints over its whole surface, or undefined when the page is anything else. */
function scannedJpeg(page: PDFPage): Buffer | undefined {
  const resources = page.node.Resources();
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xobjects) return undefined;
  const entries = xobjects.entries();
  if (entries.length !== 1) return undefined;
  const [, ref] = entries[0]!;
  const stream = page.doc.context.lookup(ref instanceof PDFRef ? ref : undefined);
  if (!(stream instanceof PDFRawStream)) return undefined;
  const dict = stream.dict;
  if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) return undefined;
  if (dict.get(PDFName.of('Filter')) !== PDFName.of('DCTDecode')) return undefined; // one filter, JPEG
  // Masks and decode arrays change what is shown: leave such pages to pdf.js.
  for (const key of ['SMask', 'Mask', 'Decode', 'ImageMask']) if (dict.has(PDFName.of(key))) return undefined;
  const w = dict.lookupMaybe(PDFName.of('Width'), PDFNumber)?.asNumber();
  const h = dict.lookupMaybe(PDFName.of('Height'), PDFNumber)?.asNumber();
  const { width, height } = page.getSize();
  if (!w || !h || !width || !height) return undefined;
  // Drawn over the whole page: the image's proportions are the page's (a scan at any dpi).
  if (Math.abs(w / h - width / height) > 0.02 * (width / height)) return undefined;
  return Buffer.from(stream.contents);
}

/**
 * Renditions for each page of a scanned PDF (undefined for a page that is not one full-page
 * JPEG, see above). Never throws for a PDF it cannot read this way: those pages get none.
 */
export async function pdfRenditions(
  file: string,
  pageCount: number,
  control?: Pick<JobControl, 'checkpoint' | 'report'>,
): Promise<(Renditions | undefined)[]> {
  const none = () => Array.from({ length: pageCount }, () => undefined);
  const stat = await fs.stat(file);
  if (stat.size > MAX_PDF_BYTES_FOR_RENDITIONS) return none();
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(await fs.readFile(file), { updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    return none();
  }
  const docPages = doc.getPages();
  if (docPages.length !== pageCount) return none();
  const out: (Renditions | undefined)[] = [];
  for (const [i, page] of docPages.entries()) {
    control?.checkpoint();
    control?.report({ message: `Đang tạo ảnh xem nhanh: trang ${i + 1}/${pageCount}` });
    const jpeg = scannedJpeg(page);
    if (!jpeg) {
      out.push(undefined);
      continue;
    }
    try {
      const turn = ((page.getRotation().angle % 360) + 360) % 360;
      const meta = await sharp(jpeg).metadata();
      if (!meta.width || !meta.height) throw new Error('no size');
      const quarter = turn === 90 || turn === 270;
      out.push(
        await imageRenditions(
          // No EXIF turn here: a PDF viewer ignores it too; only the page's /Rotate counts.
          () => sharp(jpeg, { failOn: 'truncated' }).rotate(turn),
          quarter ? meta.height : meta.width,
          quarter ? meta.width : meta.height,
          true,
        ),
      );
    } catch {
      out.push(undefined);
    }
  }
  return out;
}
