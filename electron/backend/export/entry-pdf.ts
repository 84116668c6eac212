/**
 * One PDF per entry, cut from the book's scans without recompressing anything:
 * - a page of a scanned PDF is copied as it is (pdf-lib copyPages), its own /Rotate kept;
 * - a JPEG is embedded byte for byte (DCTDecode), a PNG as PNG, a TIFF page through its stored
 *   JPEG rendition (the original TIFF is never decoded again);
 * - the EXIF orientation of a photo is applied with the drawing matrix (as browsers show it),
 *   and the clerk's rotation is added as the page's /Rotate, so the page looks as it did on screen.
 */
import sharp from 'sharp';
import {
  PDFArray,
  PDFCrossRefSection,
  PDFDict,
  PDFDocument,
  PDFHeader,
  PDFName,
  PDFRawStream,
  PDFTrailer,
  PDFTrailerDict,
  ParseSpeeds,
  concatTransformationMatrix,
  decodePDFRawStream,
  degrees,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  type PDFImage,
  PDFRef,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { AppError } from '../../../shared/api/errors';
import type { PageInfo } from '../../../shared/books/book';
import type { ScanReader } from './source';

/** Longer side of an image page when the image says nothing usable about its size: A4 height. */
const DEFAULT_LONG_SIDE_PT = 842;

export interface EntryPdfOptions {
  /** Title in the PDF's document information (its file name). */
  title: string;
}

/** Entry PDFs built from the same pages kept ready to serialize (entries come page after page). */
const TEMPLATES_KEPT = 4;

/**
 * Builds entry PDFs for one book. Keeps the most recently used scanned PDF parsed, since the
 * entries of a book come page after page from the same file, and the last few page lists built
 * as frozen documents (FrozenPdf): the next entry on the same page(s) only serializes its title.
 */
export class EntryPdfBuilder {
  private source: { sha256: string; doc: PDFDocument } | undefined;
  private readonly templates = new Map<string, FrozenPdf>();

  constructor(private readonly files: ScanReader) {}

  async build(pages: PageInfo[], options: EntryPdfOptions): Promise<Uint8Array> {
    return (await this.frozen(pages)).bytes(options.title);
  }

  /** The document of these pages, built once for consecutive entries on the same pages. */
  private async frozen(pages: PageInfo[]): Promise<FrozenPdf> {
    const key = JSON.stringify(
      pages.map((p) => [p.sha256, p.mediaType, p.indexInFile, p.rotation, p.displaySha256 ?? '', p.pageNo]),
    );
    const kept = this.templates.get(key);
    if (kept) {
      // Most recently used last.
      this.templates.delete(key);
      this.templates.set(key, kept);
      return kept;
    }
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle('');
    doc.setCreator('Số hóa Hộ tịch');
    doc.setProducer('Số hóa Hộ tịch (pdf-lib)');
    for (const page of pages) {
      if (page.mediaType === 'application/pdf') await this.addPdfPage(doc, page);
      else await this.addImagePage(doc, page);
    }
    const frozen = await FrozenPdf.of(doc);
    this.templates.set(key, frozen);
    if (this.templates.size > TEMPLATES_KEPT) this.templates.delete(this.templates.keys().next().value!);
    return frozen;
  }

  private async sourcePdf(sha256: string): Promise<PDFDocument> {
    if (this.source?.sha256 === sha256) return this.source.doc;
    this.source = undefined; // let the previous book file go before parsing the next
    const bytes = await this.files.read(sha256);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fast });
    this.source = { sha256, doc };
    return doc;
  }

  private async addPdfPage(doc: PDFDocument, info: PageInfo): Promise<void> {
    const source = await this.sourcePdf(info.sha256);
    if (info.indexInFile >= source.getPageCount()) {
      throw new AppError('BAD_FILE', `Tệp scan không còn trang ${info.indexInFile + 1} (trang ${info.pageNo} của sổ)`);
    }
    keepOnlyUsedXObjects(source.getPage(info.indexInFile));
    const [copied] = await doc.copyPages(source, [info.indexInFile]);
    const page = doc.addPage(copied!);
    page.setRotation(degrees(normalizeAngle(page.getRotation().angle + info.rotation)));
  }

  private async addImagePage(doc: PDFDocument, info: PageInfo): Promise<void> {
    let bytes: Buffer;
    let kind: 'jpeg' | 'png';
    if (info.mediaType === 'image/tiff') {
      // TIFF pages were turned into a JPEG rendition at import (orientation applied).
      kind = 'jpeg';
      bytes = info.displaySha256
        ? await this.files.read(info.displaySha256)
        : await sharp(await this.files.read(info.sha256), { page: info.indexInFile })
            .rotate()
            .jpeg({ quality: 90 })
            .toBuffer();
    } else {
      kind = info.mediaType === 'image/png' ? 'png' : 'jpeg';
      bytes = await this.files.read(info.sha256);
    }
    const meta = await sharp(bytes).metadata();
    const orientation = info.mediaType === 'image/tiff' ? 1 : (meta.orientation ?? 1);
    let image: PDFImage;
    try {
      image = kind === 'jpeg' ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
    } catch {
      if (kind === 'jpeg') throw new AppError('BAD_FILE', `Không đọc được ảnh của trang ${info.pageNo}`);
      // A PNG pdf-lib cannot read (unusual bit depth, interlaced): re-encode it losslessly.
      image = await doc.embedPng(await sharp(bytes).png().toBuffer());
    }
    const [width, height] = [image.width, image.height];
    const turned = orientation >= 5;
    const shownWidth = turned ? height : width;
    const shownHeight = turned ? width : height;
    const scale = pointsPerPixel(shownWidth, shownHeight, meta.density);
    const pw = shownWidth * scale;
    const ph = shownHeight * scale;
    const page = doc.addPage([pw, ph]);
    const name = page.node.newXObject('Im', image.ref);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(...orientationMatrix(orientation, pw, ph)),
      drawObject(name),
      popGraphicsState(),
    );
    if (info.rotation) page.setRotation(degrees(info.rotation));
  }
}

/**
 * A finished document serialized once, object by object, but for its document information
 * (title): `bytes(title)` gives exactly what pdf-lib's `save({ useObjectStreams: false })`
 * writes for the document with that title, without serializing the pages again.
 */
export class FrozenPdf {
  private constructor(
    private readonly doc: PDFDocument,
    private readonly infoRef: PDFRef,
    /** Each indirect object as written ("n g obj … endobj"), the information dictionary's undefined. */
    private readonly objects: { ref: PDFRef; bytes: Uint8Array | undefined }[],
    private readonly head: Uint8Array,
    private readonly trailerDict: PDFTrailerDict,
  ) {}

  /** Freezes `doc` (it must not change afterwards but through `bytes`). */
  static async of(doc: PDFDocument): Promise<FrozenPdf> {
    await doc.flush();
    const context = doc.context;
    const info = context.trailerInfo.Info;
    if (!(info instanceof PDFRef)) throw new Error('FrozenPdf: the document has no information dictionary');
    const objects = context
      .enumerateIndirectObjects()
      .map(([ref, object]) => ({ ref, bytes: ref === info ? undefined : indirectObjectBytes(ref, object) }));
    const header = PDFHeader.forVersion(1, 7);
    const head = new Uint8Array(header.sizeInBytes() + 2);
    header.copyBytesInto(head, 0);
    head[head.length - 2] = 0x0a;
    head[head.length - 1] = 0x0a;
    const trailerDict = PDFTrailerDict.of(
      context.obj({
        Size: context.largestObjectNumber + 1,
        Root: context.trailerInfo.Root,
        Encrypt: context.trailerInfo.Encrypt,
        Info: context.trailerInfo.Info,
        ID: context.trailerInfo.ID,
      }),
    );
    return new FrozenPdf(doc, info, objects, head, trailerDict);
  }

  get pageCount(): number {
    return this.doc.getPageCount();
  }

  bytes(title: string): Uint8Array {
    this.doc.setTitle(title);
    const info = indirectObjectBytes(this.infoRef, this.doc.context.lookup(this.infoRef)!);
    const xref = PDFCrossRefSection.create();
    const parts: Uint8Array[] = [this.head];
    let offset = this.head.length;
    for (const { ref, bytes } of this.objects) {
      const part = bytes ?? info;
      xref.addEntry(ref, offset);
      parts.push(part);
      offset += part.length;
    }
    const tail = new Uint8Array(
      xref.sizeInBytes() +
        1 +
        this.trailerDict.sizeInBytes() +
        2 +
        PDFTrailer.forLastCrossRefSectionOffset(offset).sizeInBytes(),
    );
    let at = xref.copyBytesInto(tail, 0);
    tail[at++] = 0x0a;
    at += this.trailerDict.copyBytesInto(tail, at);
    tail[at++] = 0x0a;
    tail[at++] = 0x0a;
    PDFTrailer.forLastCrossRefSectionOffset(offset).copyBytesInto(tail, at);
    parts.push(tail);
    return Buffer.concat(parts);
  }
}

/** "n g obj\n" + the object + "\nendobj\n\n", as pdf-lib's PDFWriter writes it. */
function indirectObjectBytes(ref: PDFRef, object: PDFObject): Uint8Array {
  const open = Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1');
  const close = Buffer.from('\nendobj\n\n', 'latin1');
  const bytes = new Uint8Array(open.length + object.sizeInBytes() + close.length);
  bytes.set(open, 0);
  const written = object.copyBytesInto(bytes, open.length);
  bytes.set(close, open.length + written);
  return bytes;
}

function normalizeAngle(angle: number): number {
  return (((Math.round(angle / 90) * 90) % 360) + 360) % 360;
}

/** The image's own resolution when it gives a plausible page size, else a page of A4 height. */
function pointsPerPixel(width: number, height: number, density: number | undefined): number {
  const longSide = Math.max(width, height);
  if (density && density >= 50 && density <= 2400) {
    const longSidePt = (longSide / density) * 72;
    if (longSidePt >= 200 && longSidePt <= 1700) return 72 / density;
  }
  return DEFAULT_LONG_SIDE_PT / longSide;
}

/**
 * The matrix that draws the image's unit square on a page of pw × ph points so that the image
 * appears as its EXIF orientation (1–8) says, as a browser shows it.
 */
export function orientationMatrix(
  orientation: number,
  pw: number,
  ph: number,
): [number, number, number, number, number, number] {
  switch (orientation) {
    case 2:
      return [-pw, 0, 0, ph, pw, 0];
    case 3:
      return [-pw, 0, 0, -ph, pw, ph];
    case 4:
      return [pw, 0, 0, -ph, 0, ph];
    case 5:
      return [0, -ph, -pw, 0, pw, ph];
    case 6:
      return [0, -ph, pw, 0, 0, ph];
    case 7:
      return [0, ph, pw, 0, 0, 0];
    case 8:
      return [0, ph, -pw, 0, pw, 0];
    default:
      return [pw, 0, 0, ph, 0, 0];
  }
}

/**
 * Some scanners put every page's image in one resource dictionary shared by all pages: copying
 * one page would then copy the whole book. Gives such a page its own resources holding only the
 * images its content draws. Leaves the page alone when its content cannot be read.
 */
export function keepOnlyUsedXObjects(page: PDFPage): void {
  const node = page.node;
  const context = node.context;
  const resources = context.lookupMaybe(node.getInheritableAttribute(PDFName.of('Resources')), PDFDict);
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!resources || !xobjects || xobjects.keys().length <= 1) return;
  const used = usedXObjectNames(page);
  if (!used) return;
  const unused = xobjects.keys().filter((key) => !used.has(key.decodeText()));
  if (unused.length === 0) return;
  const ownXObjects = context.obj({});
  for (const key of xobjects.keys()) {
    if (used.has(key.decodeText())) ownXObjects.set(key, xobjects.get(key)!);
  }
  const ownResources = context.obj({});
  for (const [key, value] of resources.entries()) ownResources.set(key, value);
  ownResources.set(PDFName.of('XObject'), ownXObjects);
  node.set(PDFName.of('Resources'), ownResources);
}

/** Names drawn with `Do` in the page's content streams; undefined when a stream cannot be decoded. */
function usedXObjectNames(page: PDFPage): Set<string> | undefined {
  const node = page.node;
  const contents = node.context.lookup(node.get(PDFName.of('Contents')));
  const streams: unknown[] = [];
  if (contents instanceof PDFArray) {
    for (let i = 0; i < contents.size(); i++) streams.push(node.context.lookup(contents.get(i)));
  } else if (contents) {
    streams.push(contents);
  }
  const names = new Set<string>();
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) return undefined;
    let text: string;
    try {
      text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    } catch {
      return undefined;
    }
    for (const m of text.matchAll(/\/([^\s/[\]()<>{}%]+)\s+Do\b/g)) names.add(decodeName(m[1]!));
  }
  return names;
}

/** A PDF name as written (#xx escapes) to its text. */
function decodeName(raw: string): string {
  return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
