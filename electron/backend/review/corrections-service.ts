/**
 * The district's correction requests on the desktop ("Cần sửa", issue 11): stored as the hub sends
 * them (sync downlink or receipt, idempotent by request id), listed beside their entry, answered
 * by a new version of the entry (records.update with `correctionRequestIds`, in the same write)
 * or kept with a reason. Every write goes through the write gateway (subject 'correction') and is
 * audited (entity 'correction'); the audit event of an answer makes the outbox row that carries
 * the answer to the hub in the next batch (electron/backend/sync/batch-builder.ts).
 */
import { AppError } from '../../../shared/api/errors';
import type { DesktopCorrection, CorrectionState } from '../../../shared/review/corrections';
import {
  CORRECTION_ANSWER_LABELS,
  correctionRequestSchema,
  type CorrectionAnswerKind,
  type CorrectionRequest,
} from '../../../shared/review/review';
import type { RecordDetail } from '../../../shared/records/record';
import { fieldValue } from '../../../shared/records/history';
import { pathFromKey, valueAt } from '../../../shared/records/marks';
import type { BackendContext } from '../context';
import type { WriteGateway, WriteTx } from '../db/write-gateway';
import type { RecordsService } from '../records/records-service';

/** The audit actions whose outbox rows carry an answer to the hub. */
export const CORRECTION_ANSWER_ACTIONS = ['correction.correct', 'correction.keep'] as const;

interface CorrectionRow {
  id: string;
  lotId: string;
  bookId: string;
  entryId: string;
  entryVersion: number;
  field: string;
  fieldLabel: string;
  typedValue: string;
  readValue: string;
  note: string;
  requestedAt: string;
  requestedBy: string;
  receivedAt: string;
  state: CorrectionState;
  answerKind: CorrectionAnswerKind | null;
  answerReason: string | null;
  answeredVersion: number | null;
  answeredAt: string | null;
  answeredBy: string | null;
  answerSentAt: string | null;
}

const COLUMNS = `id, lot_id AS lotId, book_id AS bookId, entry_id AS entryId, entry_version AS entryVersion,
  field, field_label AS fieldLabel, typed_value AS typedValue, read_value AS readValue, note,
  requested_at AS requestedAt, requested_by AS requestedBy, received_at AS receivedAt, state,
  answer_kind AS answerKind, answer_reason AS answerReason, answered_version AS answeredVersion,
  answered_at AS answeredAt, answered_by AS answeredBy, answer_sent_at AS answerSentAt`;

const NOTHING_SAVED = 'Không có gì được lưu.';

/** The request as it travelled (the columns the hub gave). */
function requestOf(row: CorrectionRow): CorrectionRequest {
  return {
    id: row.id,
    lotId: row.lotId,
    bookId: row.bookId,
    entryId: row.entryId,
    entryVersion: row.entryVersion,
    field: row.field,
    fieldLabel: row.fieldLabel,
    typedValue: row.typedValue,
    readValue: row.readValue,
    note: row.note,
    requestedAt: row.requestedAt,
    requestedBy: row.requestedBy,
  };
}

/** A field's value as the clerk reads it ('' when empty): dates as written, sex by name. */
export function displayedFieldValue(data: Record<string, unknown>, field: string): string {
  const path = pathFromKey(field);
  const value = valueAt(data, path);
  if (value === undefined || value === null || value === '') return '';
  const last = path[path.length - 1];
  return fieldValue(typeof last === 'string' ? last : field, value);
}

export function createCorrectionsService(
  ctx: BackendContext,
  gateway: WriteGateway,
  records: Pick<RecordsService, 'get' | 'update'>,
) {
  const { sqlite } = ctx.db;
  // Prepared on first use: a backend opened on the migrations before 0013 (the migration tests) has no table yet.
  const exists = (id: string) => sqlite.prepare('SELECT 1 FROM correction_requests WHERE id = ?').get(id) !== undefined;

  function row(id: string): CorrectionRow | undefined {
    return sqlite.prepare(`SELECT ${COLUMNS} FROM correction_requests WHERE id = ?`).get(id) as
      CorrectionRow | undefined;
  }

  function entryOf(entryId: string): RecordDetail | null {
    try {
      return records.get(entryId, { includeDeleted: true });
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  function toDesktop(r: CorrectionRow, entries: Map<string, RecordDetail | null>): DesktopCorrection {
    if (!entries.has(r.entryId)) entries.set(r.entryId, entryOf(r.entryId));
    const entry = entries.get(r.entryId) ?? null;
    const page = entry?.pages[0];
    const name = entry?.names.find((n) => n.trim().length > 0);
    return {
      ...requestOf(r),
      state: r.state,
      entryLabel: entry ? `Số ${entry.so || '(chưa có số)'}${name ? ` — ${name}` : ''}` : null,
      currentValue: entry ? displayedFieldValue(entry.data, r.field) : null,
      pageNo: page?.pageNo ?? null,
      pageId: page?.pageId ?? null,
      rect: page?.rect ?? null,
      receivedAt: r.receivedAt,
      answer:
        r.state === 'answered' && r.answerKind && r.answeredAt
          ? {
              kind: r.answerKind,
              reason: r.answerReason ?? '',
              entryVersion: r.answeredVersion,
              answeredAt: r.answeredAt,
              answeredBy: r.answeredBy ?? '',
              sent: r.answerSentAt !== null,
            }
          : null,
    };
  }

  /** The requests, open ones first (oldest request first), filtered by book, entry and state. */
  function list(filter: { bookId?: string; entryId?: string; state?: CorrectionState } = {}): DesktopCorrection[] {
    const where: string[] = [];
    const params: string[] = [];
    for (const [column, value] of [
      ['book_id', filter.bookId],
      ['entry_id', filter.entryId],
      ['state', filter.state],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    const rows = sqlite
      .prepare(
        `SELECT ${COLUMNS} FROM correction_requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, requested_at, id`,
      )
      .all(...params) as CorrectionRow[];
    const entries = new Map<string, RecordDetail | null>();
    return rows.map((r) => toDesktop(r, entries));
  }

  function getOne(id: string): DesktopCorrection {
    const r = row(id);
    if (!r) throw new AppError('NOT_FOUND', 'Không có yêu cầu sửa này trên máy.');
    return toDesktop(r, new Map());
  }

  /**
   * Stores the requests this device does not hold yet (by id), each audited once; a request
   * received again (the next receipt, the downlink) changes nothing. Returns how many were new.
   * Called by the sync service (network receipt, USB receipt, downlink), nested in its write or not.
   */
  function receive(requests: readonly CorrectionRequest[]): number {
    const checked = requests.map((r) => correctionRequestSchema.parse(r));
    // Nothing new: no write at all (the downlink is asked after every push).
    if (checked.every((r) => exists(r.id))) return 0;
    return gateway.write('correction', (tx) => {
      const insert = tx.sqlite.prepare(
        `INSERT INTO correction_requests (id, lot_id, book_id, entry_id, entry_version, field, field_label,
           typed_value, read_value, note, requested_at, requested_by, received_at, state)
         VALUES (@id, @lotId, @bookId, @entryId, @entryVersion, @field, @fieldLabel, @typedValue, @readValue, @note,
           @requestedAt, @requestedBy, @receivedAt, 'open')
         ON CONFLICT (id) DO NOTHING`,
      );
      let added = 0;
      for (const request of checked) {
        if (insert.run({ ...request, receivedAt: tx.at }).changes === 0) continue;
        added++;
        tx.audit({
          action: 'correction.receive',
          entityType: 'correction',
          entityId: request.id,
          after: request,
        });
      }
      return added;
    });
  }

  /** The open request `id`, read inside a write; a clear refusal otherwise. */
  function openRequest(tx: WriteTx, id: string): CorrectionRow {
    const r = tx.sqlite.prepare(`SELECT ${COLUMNS} FROM correction_requests WHERE id = ?`).get(id) as
      CorrectionRow | undefined;
    if (!r) {
      throw new AppError('NOT_FOUND', `Không có yêu cầu sửa này trên máy (mã ${id}). ${NOTHING_SAVED}`);
    }
    if (r.state !== 'open') {
      const kind = r.answerKind ? CORRECTION_ANSWER_LABELS[r.answerKind] : '';
      throw new AppError(
        'CONFLICT',
        `Yêu cầu sửa “${r.fieldLabel || r.field}” đã được trả lời (${kind}) trước đó. ${NOTHING_SAVED}`,
      );
    }
    return r;
  }

  function markAnswered(
    tx: WriteTx,
    r: CorrectionRow,
    answer: { kind: CorrectionAnswerKind; reason: string; version: number | null },
  ): void {
    tx.sqlite
      .prepare(
        `UPDATE correction_requests SET state = 'answered', answer_kind = ?, answer_reason = ?, answered_version = ?,
           answered_at = ?, answered_by = ?
         WHERE id = ? AND state = 'open'`,
      )
      .run(answer.kind, answer.reason, answer.version, tx.at, tx.actor, r.id);
    tx.audit({
      action: answer.kind === 'kept' ? 'correction.keep' : 'correction.correct',
      entityType: 'correction',
      entityId: r.id,
      ...(answer.version !== null ? { version: answer.version } : {}),
      before: { state: 'open' },
      after: {
        state: 'answered',
        answer: answer.kind,
        entryId: r.entryId,
        field: r.field,
        reason: answer.reason,
        entryVersion: answer.version,
      },
    });
  }

  /** "Giữ nguyên": the value stays, for the reason given (required). */
  function keep(input: { requestId: string; reason: string }): DesktopCorrection {
    const reason = input.reason.trim();
    if (!reason) throw new AppError('VALIDATION', `Ghi lý do giữ nguyên giá trị. ${NOTHING_SAVED}`);
    gateway.write('correction', (tx) => {
      const r = openRequest(tx, input.requestId);
      markAnswered(tx, r, { kind: 'kept', reason, version: null });
    });
    return getOne(input.requestId);
  }

  /**
   * records.update answering requests: the update and the answers in one write. Each request must
   * be open and of this entry, and the update must make a new version; otherwise nothing is written.
   */
  function updateAnswering(
    input: Parameters<RecordsService['update']>[0] & { correctionRequestIds: readonly string[] },
  ): RecordDetail {
    const { correctionRequestIds, ...update } = input;
    const ids = [...new Set(correctionRequestIds)];
    return gateway.write('correction', (tx) => {
      const requests = ids.map((id) => openRequest(tx, id));
      for (const r of requests) {
        if (r.entryId !== update.id) {
          throw new AppError(
            'VALIDATION',
            `Yêu cầu sửa “${r.fieldLabel || r.field}” thuộc một trường hợp khác, không phải trường hợp đang sửa. ${NOTHING_SAVED}`,
          );
        }
      }
      const detail = records.update(update);
      if (detail.version === update.expectedVersion) {
        throw new AppError(
          'VALIDATION',
          `Trường hợp chưa có thay đổi nào để trả lời yêu cầu sửa. Hãy sửa giá trị, hoặc chọn “Giữ nguyên” và ghi lý do. ${NOTHING_SAVED}`,
        );
      }
      for (const r of requests) markAnswered(tx, r, { kind: 'corrected', reason: '', version: detail.version });
      return detail;
    });
  }

  return { list, get: getOne, receive, keep, updateAnswering };
}

export type CorrectionsService = ReturnType<typeof createCorrectionsService>;
