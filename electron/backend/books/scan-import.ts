/**
 * Turns scan files into book pages: inspect each file, copy it into the file store, skip the
 * unusable ones with a reason, then (inside the caller's transaction) write files and pages.
 */
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../shared/api/errors';
import type { SkippedFile } from '../../../shared/books/book';
import { isCopyName } from '../../../shared/books/copy-names';
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
  viewSha256?: string;
}

export interface AcceptedScan {
  name: string;
  sha256: string;
  info: Omit<ScanInfo, 'pages'>;
  pages: AcceptedPage[];
}

/**
 * Reads every source in order. `known` maps the SHA-256 of files already in the book to their
 * names, so that the same scan is never added twice. When the same content comes twice in one
 * import and the first is named as a copy of the second ("p1-copy.jpg" sorts before "p1.jpg"),
 * the original name is the one kept, in the copy's place, and the copy is the one skipped.
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
  /** Accepted in this import, by SHA-256: their name may still give way to the original's. */
  const acceptedBySha = new Map<string, AcceptedScan>();
  /** Skipped as their twins, by SHA-256: their message names the twin kept. */
  const duplicatesBySha = new Map<string, SkippedFile[]>();
  const skipDuplicate = (sha256: string, name: string, of: string) => {
    const skip = { name, message: duplicateOf(of) };
    skipped.push(skip);
    duplicatesBySha.set(sha256, [...(duplicatesBySha.get(sha256) ?? []), skip]);
  };
  control.report({ done: 0, total: sources.length });
  for (const [index, source] of sources.entries()) {
    control.checkpoint();
    control.report({ message: `Đang đọc tệp ${source.name}` });
    try {
      const { pages: scanPages, ...info } = await inspectScan(source.path, source.name, control);
      control.checkpoint();
      const stored = await ctx.files.putFile(source.path);
      const twin = seen.get(stored.sha256);
      const twinHere = acceptedBySha.get(stored.sha256);
      if (twinHere && isCopyName(twinHere.name, source.name)) {
        for (const skip of duplicatesBySha.get(stored.sha256) ?? []) skip.message = duplicateOf(source.name);
        skipDuplicate(stored.sha256, twin ?? twinHere.name, source.name);
        twinHere.name = path.basename(source.name);
        seen.set(stored.sha256, source.name);
      } else if (twin !== undefined) {
        skipDuplicate(stored.sha256, source.name, twin);
      } else {
        const pageRows: AcceptedPage[] = [];
        for (const page of scanPages) {
          pageRows.push({
            width: page.width,
            height: page.height,
            ...(page.display ? { displaySha256: (await ctx.files.putBuffer(page.display)).sha256 } : {}),
            ...(page.thumb ? { thumbSha256: (await ctx.files.putBuffer(page.thumb)).sha256 } : {}),
            ...(page.view ? { viewSha256: (await ctx.files.putBuffer(page.view)).sha256 } : {}),
          });
        }
        seen.set(stored.sha256, source.name);
        const scan: AcceptedScan = { name: path.basename(source.name), sha256: stored.sha256, info, pages: pageRows };
        accepted.push(scan);
        acceptedBySha.set(stored.sha256, scan);
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ name: source.name, message: error.message });
    }
    control.report({ done: index + 1 });
  }
  return { accepted, skipped };
}

const duplicateOf = (name: string) => `Trùng nội dung với tệp "${name}" đã có trong sổ`;

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
          viewSha256: page.viewSha256 ?? null,
        })
        .run();
    });
  });
}
