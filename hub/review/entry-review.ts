/**
 * The review of one sampled entry (issue 11): the entry as the clerk typed it at the lot's
 * version, field by field; the blind check of the critical fields (their values never leave the
 * hub before the reviewer's own reading of the page); append-only verdicts. The dispatcher
 * (hub/review/api.ts) writes each call to hub_audit; the rows here are the record itself.
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { displayFieldValue } from '../../shared/records/history';
import { describePath } from '../../shared/records/labels';
import { markOf, MARK_KINDS, pathFromKey } from '../../shared/records/marks';
import type { HubUserInfo, ReviewEntry, ReviewField, ReviewPage } from '../../shared/review/hub-api';
import { blindReadMatches, normalizeRead, visibleWarnings } from '../../shared/review/inspect';
import { blindReads, lotEntries, pages, reviewVerdicts, scanFiles } from '../db/schema';
import type { HubContext } from '../ingest';
import { ReviewError, type HubHandlers } from './handler';
import { loadSample, lotOr404, type Db, type LotRow, type SampledEntry } from './lot-data';

/** The clerk's marks on a field, as one line of text. */
function markText(data: unknown, path: string): string | null {
  const mark = markOf(data, pathFromKey(path));
  if (!mark) return null;
  const parts: string[] = [];
  for (const kind of MARK_KINDS) if (mark[kind.key] === true) parts.push(kind.label);
  if (mark.amLich) parts.push(`Âm lịch: ${mark.amLich}`);
  if (mark.ghiChu) parts.push(`Ghi chú: ${mark.ghiChu}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

async function pagesOf(db: Db, s: SampledEntry): Promise<ReviewPage[]> {
  const links = [...s.entry.pages].sort((a, b) => a.position - b.position);
  if (links.length === 0) return [];
  const pageRows = await db
    .select()
    .from(pages)
    .where(
      inArray(
        pages.id,
        links.map((l) => l.pageId),
      ),
    );
  const pageById = new Map(pageRows.map((p) => [p.id, p.data]));
  const fileIds = [...new Set(pageRows.map((p) => p.data.scanFileId))];
  const fileRows = fileIds.length ? await db.select().from(scanFiles).where(inArray(scanFiles.id, fileIds)) : [];
  const fileById = new Map(fileRows.map((f) => [f.id, f]));
  const out: ReviewPage[] = [];
  for (const link of links) {
    const page = pageById.get(link.pageId);
    const file = page ? fileById.get(page.scanFileId) : undefined;
    if (!page || !file) continue;
    out.push({
      pageId: page.id,
      pageNo: page.pageNo,
      scanSha256: file.sha256,
      mediaType: file.data.mediaType,
      indexInFile: page.indexInFile,
      rotation: page.rotation,
      width: page.width,
      height: page.height,
      rect: link.rect,
    });
  }
  return out;
}

/** The sampled entry with its judging state; NOT_FOUND when it is not in the lot's sample. */
async function sampled(db: Db, lot: LotRow, entryId: string): Promise<SampledEntry> {
  const [one] = await loadSample(db, lot, [entryId]);
  if (!one) {
    throw new ReviewError(
      404,
      'NOT_FOUND',
      'Trường hợp này không có trong mẫu của lô: chỉ kiểm tra các trường hợp đã rút.',
    );
  }
  return one;
}

/** The clerk's display value of a field ('' when empty). */
function typedValueOf(s: SampledEntry, path: string): string {
  return displayFieldValue(path, s.flat[path]);
}

export async function reviewEntry(db: Db, lotId: string, entryId: string): Promise<ReviewEntry> {
  const lot = await lotOr404(db, lotId);
  const s = await sampled(db, lot, entryId);
  const bookType = s.entry.bookType;
  const hidden = new Set(s.blindPending ? s.critical : []);
  const fields: ReviewField[] = s.fields.map((path) => {
    const blind = s.blind.get(path);
    const verdict = s.newest.get(path);
    const critical = s.critical.includes(path);
    return {
      path,
      label: describePath(path, bookType),
      critical,
      value: hidden.has(path) ? null : typedValueOf(s, path),
      // A mark may carry the clerk's reading (âm lịch, ghi chú): hidden with the value.
      mark: hidden.has(path) ? null : markText(s.facts.data, path),
      blindValue: blind?.value ?? null,
      blindDisagrees: blind ? !blind.matches : false,
      verdict: verdict?.verdict ?? null,
      readValue: verdict?.readValue ?? null,
      note: verdict?.note ?? null,
    };
  });
  const warnings = visibleWarnings(bookType, s.facts, s.blindPending);
  const order = await db
    .select({ entryId: lotEntries.entryId })
    .from(lotEntries)
    .where(and(eq(lotEntries.lotId, lot.id), isNotNull(lotEntries.sampleOrder)))
    .orderBy(asc(lotEntries.sampleOrder));
  const at = order.findIndex((o) => o.entryId === entryId);
  return {
    lotId: lot.id,
    entryId,
    entryVersion: s.row.entryVersion,
    bookType,
    reasons: s.reasons,
    blindPending: s.blindPending,
    fields,
    pages: await pagesOf(db, s),
    warnings,
    createdBy: s.entry.createdBy,
    updatedBy: s.entry.updatedBy,
    previousEntryId: at > 0 ? order[at - 1]!.entryId : null,
    nextEntryId: at >= 0 && at < order.length - 1 ? order[at + 1]!.entryId : null,
  };
}

function inReview(lot: LotRow): void {
  if (lot.state === 'in_review') return;
  throw new ReviewError(
    409,
    'CONFLICT',
    lot.state === 'waiting'
      ? 'Lô này chưa rút mẫu: hãy rút mẫu trước khi kiểm tra.'
      : 'Lô này đã kết luận: không ghi thêm kết quả kiểm tra được.',
  );
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  return (e.cause?.code ?? e.code) === '23505';
}

export async function blindRead(
  ctx: HubContext,
  input: { lotId: string; entryId: string; reads: { path: string; value: string }[] },
  user: HubUserInfo,
): Promise<void> {
  try {
    await ctx.db.transaction(async (tx) => {
      const lot = await lotOr404(tx, input.lotId, true);
      inReview(lot);
      const s = await sampled(tx, lot, input.entryId);
      const seen = new Set<string>();
      for (const read of input.reads) {
        const label = describePath(read.path, s.entry.bookType);
        if (!s.critical.includes(read.path)) {
          throw new ReviewError(400, 'BAD_REQUEST', `Ô "${label}" không phải ô đọc đối chiếu (chỉ các ô quan trọng).`);
        }
        if (seen.has(read.path)) throw new ReviewError(400, 'BAD_REQUEST', `Ô "${label}" được gửi hai lần.`);
        seen.add(read.path);
        if (s.blind.has(read.path)) {
          throw new ReviewError(409, 'CONFLICT', `Ô "${label}" đã đọc đối chiếu rồi: mỗi ô chỉ đọc một lần.`);
        }
      }
      for (const read of input.reads) {
        const value = normalizeRead(read.value);
        const matches = blindReadMatches(read.path, s.flat[read.path], value);
        await tx.insert(blindReads).values({
          lotId: lot.id,
          entryId: input.entryId,
          field: read.path,
          value,
          matches,
          reviewerId: user.id,
        });
        if (matches) {
          await tx.insert(reviewVerdicts).values({
            lotId: lot.id,
            entryId: input.entryId,
            entryVersion: s.row.entryVersion,
            field: read.path,
            critical: true,
            verdict: 'ok',
            typedValue: typedValueOf(s, read.path),
            readValue: null,
            note: null,
            source: 'blind-match',
            reviewerId: user.id,
          });
        }
      }
    });
  } catch (error) {
    // Two reviewers reading the same field at once: the unique index keeps the first.
    if (isUniqueViolation(error)) {
      throw new ReviewError(409, 'CONFLICT', 'Ô này vừa được đọc đối chiếu: mỗi ô chỉ đọc một lần.');
    }
    throw error;
  }
}

export async function recordVerdict(
  ctx: HubContext,
  input: {
    lotId: string;
    entryId: string;
    path: string;
    verdict: 'ok' | 'wrong';
    readValue?: string | undefined;
    note?: string | undefined;
  },
  user: HubUserInfo,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const lot = await lotOr404(tx, input.lotId, true);
    inReview(lot);
    const s = await sampled(tx, lot, input.entryId);
    const label = describePath(input.path, s.entry.bookType);
    if (!s.fields.includes(input.path)) {
      throw new ReviewError(400, 'BAD_REQUEST', `Trường hợp này không có ô "${label}".`);
    }
    const critical = s.critical.includes(input.path);
    if (critical && !s.blind.has(input.path)) {
      throw new ReviewError(
        409,
        'CONFLICT',
        `Ô "${label}" là ô quan trọng: hãy đọc đối chiếu trên trang trước khi kết luận.`,
      );
    }
    if (input.verdict === 'wrong' && input.readValue === undefined) {
      throw new ReviewError(
        400,
        'BAD_REQUEST',
        'Ô sai phải ghi giá trị đọc được trên trang (để trống nếu trang không ghi).',
      );
    }
    const note = input.note?.trim() ? input.note.trim() : null;
    await tx.insert(reviewVerdicts).values({
      lotId: lot.id,
      entryId: input.entryId,
      entryVersion: s.row.entryVersion,
      field: input.path,
      critical,
      verdict: input.verdict,
      typedValue: typedValueOf(s, input.path),
      readValue: input.verdict === 'wrong' ? normalizeRead(input.readValue ?? '') : null,
      note,
      source: 'reviewer',
      reviewerId: user.id,
    });
  });
}

export async function markRestOk(
  ctx: HubContext,
  input: { lotId: string; entryId: string },
  user: HubUserInfo,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const lot = await lotOr404(tx, input.lotId, true);
    inReview(lot);
    const s = await sampled(tx, lot, input.entryId);
    const label = (path: string) => describePath(path, s.entry.bookType);
    const pending = s.critical.filter((p) => !s.blind.has(p));
    if (pending.length > 0) {
      throw new ReviewError(409, 'CONFLICT', `Còn ô quan trọng chưa đọc đối chiếu: ${pending.map(label).join(', ')}.`);
    }
    const unsettled = s.critical.filter((p) => s.blind.get(p)?.matches === false && !s.newest.has(p));
    if (unsettled.length > 0) {
      throw new ReviewError(
        409,
        'CONFLICT',
        `Giá trị đọc đối chiếu khác giá trị đã nhập ở: ${unsettled.map(label).join(', ')}. Hãy xem trang và kết luận các ô đó trước.`,
      );
    }
    const rest = s.fields.filter((p) => !s.newest.has(p));
    if (rest.length > 0) {
      await tx.insert(reviewVerdicts).values(
        rest.map((path) => ({
          lotId: lot.id,
          entryId: input.entryId,
          entryVersion: s.row.entryVersion,
          field: path,
          critical: s.critical.includes(path),
          verdict: 'ok' as const,
          typedValue: typedValueOf(s, path),
          readValue: null,
          note: null,
          source: 'reviewer' as const,
          reviewerId: user.id,
        })),
      );
    }
  });
}

export const reviewHandlers: Pick<
  HubHandlers,
  'review.entry' | 'review.blindRead' | 'review.verdict' | 'review.markRestOk'
> = {
  'review.entry': (input, { ctx }) => reviewEntry(ctx.db, input.lotId, input.entryId),
  'review.blindRead': async (input, { ctx, user }) => {
    await blindRead(ctx, input, user);
    return reviewEntry(ctx.db, input.lotId, input.entryId);
  },
  'review.verdict': async (input, { ctx, user }) => {
    await recordVerdict(ctx, input, user);
    return reviewEntry(ctx.db, input.lotId, input.entryId);
  },
  'review.markRestOk': async (input, { ctx, user }) => {
    await markRestOk(ctx, input, user);
    return reviewEntry(ctx.db, input.lotId, input.entryId);
  },
};
