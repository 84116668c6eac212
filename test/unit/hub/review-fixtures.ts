/**
 * Review test data written straight into the hub's tables through drizzle (the lot service is
 * not needed to test what reads them): users, a commune, a book with its entries (current row and
 * the version row), a lot with its entries and sample, verdicts and correction requests.
 */
import { randomUUID } from 'node:crypto';
import { samplingPlan } from '../../../shared/review/iso2859';
import type { LotState, SampleReason } from '../../../shared/review/review';
import type { SyncBook } from '../../../shared/sync/protocol';
import {
  books,
  communes,
  correctionRequests,
  entries,
  entryVersions,
  hubUsers,
  lotEntries,
  lots,
  reviewVerdicts,
} from '../../../hub/db/schema';
import { openHubDb } from '../../../hub/db/open';
import type { HubContext } from '../../../hub/ingest';
import { makeBook, makeEntry, testDatabase } from './helpers';

/**
 * A hub database for tests that read the review tables and need no HTTP server: the same
 * database as startTestHub (PGlite in memory, or PostgreSQL with HUB_TEST_DATABASE_URL), without
 * the app (whose tus store creates its folder asynchronously and may outlive a quick test).
 */
export async function startReviewDb(): Promise<{ ctx: HubContext; close(): Promise<void> }> {
  const database = await testDatabase();
  const opened = await openHubDb(database.target);
  const ctx: HubContext = {
    db: opened.db,
    blobs: {
      has: () => Promise.resolve(false),
      size: () => Promise.resolve(undefined),
      put: () => Promise.reject(new Error('no files in review tests')),
      putFile: () => Promise.reject(new Error('no files in review tests')),
      read: () => Promise.reject(new Error('no files in review tests')),
    },
    hubName: 'Huyện thử',
  };
  return {
    ctx,
    close: async () => {
      await opened.close();
      await database.drop();
    },
  };
}

export async function addUser(
  ctx: HubContext,
  displayName: string,
  role: 'reviewer' | 'district_admin' = 'reviewer',
): Promise<number> {
  const [row] = await ctx.db
    .insert(hubUsers)
    .values({
      username: `u${randomUUID().slice(0, 8)}`,
      displayName,
      role,
      password: { hash: 'x', salt: 'x', params: { N: 16384, r: 8, p: 1, keyLength: 32 } },
      createdBy: 'test',
    })
    .returning({ id: hubUsers.id });
  if (!row) throw new Error('no user');
  return row.id;
}

export async function addCommune(ctx: HubContext, code: string, name: string): Promise<void> {
  await ctx.db.insert(communes).values({ code, name }).onConflictDoNothing();
}

export async function addBook(
  ctx: HubContext,
  communeCode: string,
  fields: Partial<SyncBook> & Pick<SyncBook, 'type' | 'volume'>,
): Promise<SyncBook> {
  const book: SyncBook = { ...makeBook(communeCode), ...fields };
  await ctx.db.insert(books).values({ id: book.id, communeCode, version: 1, data: book, hubSeq: 1 });
  return book;
}

/** Entries of a book, each at `version`, with its data; returns their ids in the given order. */
export async function addEntries(
  ctx: HubContext,
  book: SyncBook,
  datas: Record<string, unknown>[],
  version = 1,
): Promise<string[]> {
  const ids: string[] = [];
  for (const data of datas) {
    const entry = { ...makeEntry(book.id, data, version, version - 1), bookType: book.type };
    const batchId = randomUUID();
    await ctx.db.insert(entries).values({
      id: entry.id,
      bookId: book.id,
      communeCode: book.officeCode ?? '00000',
      version,
      contentHash: entry.contentHash,
      deleted: false,
      data: entry,
      deviceId: 'may-test',
      batchId,
      hubSeq: 1,
    });
    await ctx.db.insert(entryVersions).values({
      entryId: entry.id,
      version,
      baseVersion: version - 1,
      contentHash: entry.contentHash,
      data: entry,
      batchId,
      deviceId: 'may-test',
      hubSeq: 1,
      applied: true,
    });
    ids.push(entry.id);
  }
  return ids;
}

export interface LotSpec {
  book: SyncBook;
  communeCode: string;
  entryIds: string[];
  /** The clerk of each entry (same order); 'canbo' when omitted. */
  clerks?: string[];
  sample: { entryId: string; reasons: SampleReason[] }[];
  state: LotState;
  aql?: number;
  seed?: string | null;
  drawnBy?: number | null;
  decidedBy?: number | null;
  decidedAt?: Date | null;
  receivedAt?: Date;
  decision?: 'accepted' | 'rejected' | null;
  decisionNote?: string | null;
  defectiveRandom?: number | null;
  defectiveTotal?: number | null;
  previousLotId?: string | null;
  entryVersion?: number;
}

export async function addLot(ctx: HubContext, spec: LotSpec): Promise<string> {
  const id = randomUUID();
  const aql = spec.aql ?? 1.0;
  const plan = samplingPlan(spec.entryIds.length, aql);
  await ctx.db.insert(lots).values({
    id,
    bookId: spec.book.id,
    communeCode: spec.communeCode,
    state: spec.state,
    hubSeq: 1,
    lotSize: spec.entryIds.length,
    aql,
    codeLetter: plan.codeLetter,
    sampleSize: plan.sampleSize,
    acceptNo: plan.accept,
    rejectNo: plan.reject,
    seed: spec.seed ?? null,
    previousLotId: spec.previousLotId ?? null,
    receivedAt: spec.receivedAt ?? new Date('2026-11-01T02:00:00Z'),
    drawnAt: spec.seed ? new Date('2026-11-02T03:00:00Z') : null,
    drawnBy: spec.drawnBy ?? null,
    decidedAt: spec.decidedAt ?? null,
    decidedBy: spec.decidedBy ?? null,
    decision: spec.decision ?? null,
    decisionNote: spec.decisionNote ?? null,
    defectiveRandom: spec.defectiveRandom ?? null,
    defectiveTotal: spec.defectiveTotal ?? null,
  });
  const order = new Map(spec.sample.map((s, i) => [s.entryId, i]));
  const reasons = new Map(spec.sample.map((s) => [s.entryId, s.reasons]));
  await ctx.db.insert(lotEntries).values(
    spec.entryIds.map((entryId, i) => ({
      lotId: id,
      entryId,
      entryVersion: spec.entryVersion ?? 1,
      contentHash: 'h',
      sampleOrder: order.get(entryId) ?? null,
      reasons: reasons.get(entryId) ?? [],
      clerk: spec.clerks?.[i] ?? 'canbo',
    })),
  );
  return id;
}

export interface VerdictSpec {
  lotId: string;
  entryId: string;
  field: string;
  verdict: 'ok' | 'wrong';
  typedValue?: string;
  readValue?: string;
  note?: string;
  critical?: boolean;
  reviewerId: number;
  entryVersion?: number;
}

/** Verdict rows in the given order (later rows are newer). */
export async function addVerdicts(ctx: HubContext, specs: VerdictSpec[]): Promise<void> {
  for (const v of specs) {
    await ctx.db.insert(reviewVerdicts).values({
      lotId: v.lotId,
      entryId: v.entryId,
      entryVersion: v.entryVersion ?? 1,
      field: v.field,
      critical: v.critical ?? false,
      verdict: v.verdict,
      typedValue: v.typedValue ?? '',
      readValue: v.verdict === 'wrong' ? (v.readValue ?? '') : null,
      note: v.note ?? null,
      source: 'reviewer',
      reviewerId: v.reviewerId,
    });
  }
}

export async function addCorrectionRequest(
  ctx: HubContext,
  lotId: string,
  book: SyncBook,
  communeCode: string,
  entryId: string,
  field: string,
  requestedBy: number,
): Promise<void> {
  await ctx.db.insert(correctionRequests).values({
    id: randomUUID(),
    lotId,
    bookId: book.id,
    communeCode,
    entryId,
    entryVersion: 1,
    field,
    fieldLabel: field,
    typedValue: 'a',
    readValue: 'b',
    note: '',
    requestedBy,
  });
}

/** The text of a PDF's pages (pdf.js legacy build), pages joined by a newline; and the page count. */
export async function pdfTextOf(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const doc = await task.promise;
    const parts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    return { text: parts.join('\n'), pages: doc.numPages };
  } finally {
    await task.destroy();
  }
}
