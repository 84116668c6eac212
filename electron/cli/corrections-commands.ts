/**
 * `sohoa corrections list|keep`: the district's correction requests ("Cần sửa") from the command
 * line, through the same service as the app (electron/backend/review/corrections-service.ts).
 * A correction itself is an edit of the entry (the app's form, records.update with the request).
 */
import { checkPermission, PERMISSION_MESSAGES } from '../../shared/accounts/permissions';
import { AppError } from '../../shared/api/errors';
import { keepCorrectionInput, listCorrectionsInput, type DesktopCorrection } from '../../shared/review/corrections';
import { CORRECTION_ANSWER_LABELS } from '../../shared/review/review';
import { createCorrectionsService, type CorrectionsService } from '../backend/review/corrections-service';
import type { CliCore } from './core';
import { parseOptions, UsageError } from './usage';

async function service(core: CliCore, method: 'corrections.list' | 'corrections.keep'): Promise<CorrectionsService> {
  await core.ready();
  if (checkPermission(method, core.request) !== 'allowed')
    throw new AppError('FORBIDDEN', PERMISSION_MESSAGES.forbidden);
  return createCorrectionsService(core.ctx, core.gateway, core.services.records);
}

function stateText(c: DesktopCorrection): string {
  if (!c.answer) return 'Cần sửa';
  const sent = c.answer.sent ? 'đã gửi lên huyện' : 'chờ gửi lên huyện';
  return `${CORRECTION_ANSWER_LABELS[c.answer.kind]} (${sent})`;
}

function printCorrection(c: DesktopCorrection): void {
  const where = c.pageNo === null ? '' : `, trang ${c.pageNo}`;
  console.log(`${c.id}  [${stateText(c)}]  ${c.entryLabel ?? `trường hợp ${c.entryId} (không có trên máy)`}${where}`);
  console.log(`    ${c.fieldLabel || c.field}: đã nhập "${c.typedValue}", huyện đọc "${c.readValue}"`);
  if (c.note) console.log(`    Ghi chú: ${c.note}`);
  console.log(`    Người yêu cầu: ${c.requestedBy}`);
  if (c.answer?.reason) console.log(`    Lý do: ${c.answer.reason}`);
}

export async function correctionsList(core: CliCore, args: string[]): Promise<number> {
  const { values } = parseOptions({
    args,
    options: { book: { type: 'string' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  });
  const input = listCorrectionsInput.safeParse(values.book === undefined ? {} : { bookId: values.book });
  if (!input.success) throw new UsageError(input.error.issues.map((i) => i.message).join('; '));
  const list = (await service(core, 'corrections.list')).list(input.data);
  if (values.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  else if (list.length === 0) console.log('Không có yêu cầu sửa nào của huyện.');
  else for (const c of list) printCorrection(c);
  return 0;
}

export async function correctionsKeep(core: CliCore, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: { reason: { type: 'string' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('Cần đúng một mã yêu cầu sửa');
  if (values.reason === undefined) throw new UsageError('Cần --reason "lý do giữ nguyên giá trị"');
  const input = keepCorrectionInput.safeParse({ requestId: positionals[0], reason: values.reason });
  if (!input.success) throw new UsageError(input.error.issues.map((i) => i.message).join('; '));
  const kept = (await service(core, 'corrections.keep')).keep(input.data);
  if (values.json) process.stdout.write(`${JSON.stringify(kept, null, 2)}\n`);
  else console.log(`Đã ghi "Giữ nguyên" cho yêu cầu ${kept.id}; câu trả lời được gửi lên huyện ở lần đồng bộ tới.`);
  return 0;
}
