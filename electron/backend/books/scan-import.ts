/**
 * Turns scan files into book pages: inspect each file, copy it into the file store, skip the
 * unusable ones with a reason, then (inside the caller's transaction) write files and pages.
 */
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../shared/api/errors';
import type { SkippedFile } from '../../../shared/books/book';
import type { BackendContext } from '../context';
import type { Orm } from '../db/database';
import { pages, scanFiles } from '../db/schema';
import type { JobControl } from '../jobs/jobs';
import { inspectScan, type ScanInfo } from './scan-inspect';

export interface ScanSource {
  /** Where the bytes are now (a staged upload or a path given to the CLI). */
  path: string;
  /** The name the clerk knows the file by. */
  name: string;
}

interface AcceptedPage {
  width: number;
  height: number;
  displaySha256?: string;
  thumbSha256?: string;
}

export interface AcceptedScan {
  name: string;
  sha256: string;
  info: Omit<ScanInfo, 'pages'>;
  pages: AcceptedPage[];
}

/**
 * Reads every source in order. `known` maps the SHA-256 of files already in the book to their
 * names, so that the same scan is never added twice.
 */
export async function readScans(
  ctx: BackendContext,
  sources: ScanSource[],
  known: Map<string, string>,
  control: JobControl,
): Promise<{ accepted: AcceptedScan[]; skipped: SkippedFile[] }> {
  const accepted: AcceptedScan[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Map(known);
  control.report({ done: 0, total: sources.length });
  for (const [index, source] of sources.entries()) {
    control.checkpoint();
    control.report({ message: `Đang đọc tệp ${source.name}` });
    try {
      const { pages: scanPages, ...info } = await inspectScan(source.path, source.name, control);
      control.checkpoint();
      const stored = await ctx.files.putFile(source.path);
      const twin = seen.get(stored.sha256);
      if (twin !== undefined) {
        skipped.push({ name: source.name, message: `Trùng nội dung với tệp "${twin}" đã có trong sổ` });
      } else {
        const pageRows: AcceptedPage[] = [];
        for (const page of scanPages) {
          pageRows.push({
            width: page.width,
            height: page.height,
            ...(page.display ? { displaySha256: (await ctx.files.putBuffer(page.display)).sha256 } : {}),
            ...(page.thumb ? { thumbSha256: (await ctx.files.putBuffer(page.thumb)).sha256 } : {}),
          });
        }
        seen.set(stored.sha256, source.name);
        accepted.push({ name: path.basename(source.name), sha256: stored.sha256, info, pages: pageRows });
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ name: source.name, message: error.message });
    }
    control.report({ done: index + 1 });
  }
  return { accepted, skipped };
}

/** Writes the accepted files and their pages after the book's existing ones. */
export function insertScans(
  tx: Pick<Orm, 'insert'>,
  ctx: BackendContext,
  bookId: string,
  accepted: AcceptedScan[],
  after: { position: number; pageNo: number },
  at: string,
): void {
  let pageNo = after.pageNo;
  accepted.forEach((scan, i) => {
    const scanFileId = uuidv7();
    tx.insert(scanFiles)
      .values({
        id: scanFileId,
        bookId,
        sha256: scan.sha256,
        originalName: scan.name,
        mediaType: scan.info.mediaType,
        byteSize: scan.info.byteSize,
        pageCount: scan.pages.length,
        position: after.position + i,
        addedAt: at,
        addedBy: ctx.actor,
      })
      .run();
    scan.pages.forEach((page, indexInFile) => {
      pageNo += 1;
      tx.insert(pages)
        .values({
          id: uuidv7(),
          bookId,
          scanFileId,
          indexInFile,
          pageNo,
          width: page.width,
          height: page.height,
          displaySha256: page.displaySha256 ?? null,
          thumbSha256: page.thumbSha256 ?? null,
        })
        .run();
    });
  });
}
