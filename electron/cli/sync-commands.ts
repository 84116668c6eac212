/**
 * `sohoa sync enroll|push|status|export|receipt`: sync with the district hub from the command
 * line, through the same sync service as the app (electron/backend/sync/sync-service.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkPermission, PERMISSION_MESSAGES } from '../../shared/accounts/permissions';
import { AppError } from '../../shared/api/errors';
import { enrollInput, formatSyncTime, type SyncStatus } from '../../shared/sync/sync-status';
import { createCorrectionsService } from '../backend/review/corrections-service';
import { createSyncService, syncOptionsFromEnv, type SyncService } from '../backend/sync/sync-service';
import type { CliCore } from './core';
import { parseOptions, UsageError } from './usage';

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function service(core: CliCore): Promise<SyncService> {
  await core.ready();
  // The district's correction requests in receipts and the downlink are stored as the app stores them.
  const corrections = createCorrectionsService(core.ctx, core.gateway, core.services.records);
  return createSyncService(core.ctx, core.gateway, core.ctx.files, core.deviceId, syncOptionsFromEnv(), corrections);
}

/** Nothing left to send: no entry waiting, no batch queued or set aside. */
function allSent(status: SyncStatus): boolean {
  return status.waiting === 0 && status.pendingBatches === 0 && !status.errors.some((e) => e.setAside);
}

function printStatus(status: SyncStatus): void {
  if (!status.enrolled) {
    console.log('Chưa đăng ký với máy chủ huyện (sohoa sync enroll --hub ĐỊA_CHỈ --code MÃ).');
  } else {
    console.log(`Máy chủ huyện: ${status.hubUrl} — ${status.commune?.name ?? ''} (${status.commune?.code ?? ''})`);
    console.log(`Lần gửi được gần nhất: ${status.lastSuccessAt ? formatSyncTime(status.lastSuccessAt) : 'chưa có'}`);
  }
  console.log(
    `Đã gửi: ${status.sent} trường hợp; chờ gửi: ${status.waiting}; tệp ảnh quét chờ gửi: ${status.filesWaiting}`,
  );
  for (const error of status.errors) console.log(`${error.setAside ? 'LỖI (để riêng)' : 'Lỗi'}: ${error.message}`);
  for (const c of status.conflicts) {
    console.log(
      `Xung đột: trường hợp số ${c.so} (${c.primaryName}) — máy chủ có bản ${c.hubVersion}, máy này bản ${c.localVersion}`,
    );
  }
}

export async function syncEnroll(core: CliCore, args: string[]): Promise<number> {
  const { values } = parseOptions({
    args,
    options: {
      hub: { type: 'string' },
      code: { type: 'string' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
  });
  if (!values.hub || !values.code) throw new UsageError('Cần --hub ĐỊA_CHỈ và --code MÃ_ĐĂNG_KÝ');
  const input = enrollInput.safeParse({ hubUrl: values.hub, code: values.code });
  if (!input.success) throw new UsageError(input.error.issues.map((i) => i.message).join('; '));
  const sync = await service(core);
  // The same rule as the app: enrolling binds the installation to a commune, an administrator's call.
  if (checkPermission('sync.enroll', core.request) !== 'allowed') {
    throw new AppError('FORBIDDEN', PERMISSION_MESSAGES.forbidden);
  }
  const status = await sync.enroll(input.data.hubUrl, input.data.code);
  if (values.json) printJson(status);
  else console.log(`Đã đăng ký với ${status.hubUrl}: ${status.commune?.name ?? ''} (${status.commune?.code ?? ''}).`);
  return 0;
}

export async function syncPush(core: CliCore, args: string[]): Promise<number> {
  const { values } = parseOptions({ args, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
  const sync = await service(core);
  const result = await sync.pushOnce({ force: true });
  const status = sync.status();
  if (values.json) printJson({ ...result, sent: status.sent, pendingBatches: status.pendingBatches });
  else {
    console.log(`Đã gửi ${result.committed} gói dữ liệu; còn chờ gửi ${result.waiting} trường hợp.`);
    for (const error of result.errors) console.error(`${error.setAside ? 'LỖI (để riêng)' : 'Lỗi'}: ${error.message}`);
  }
  return allSent(status) ? 0 : 1;
}

export async function syncStatus(core: CliCore, args: string[]): Promise<number> {
  const { values } = parseOptions({ args, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
  const status = (await service(core)).status();
  if (values.json) printJson(status);
  else printStatus(status);
  return 0;
}

export async function syncExport(core: CliCore, args: string[]): Promise<number> {
  const { values } = parseOptions({
    args,
    options: { out: { type: 'string' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  });
  if (!values.out) throw new UsageError('Cần --out THƯ_MỤC (ví dụ thư mục của USB)');
  const { dir, packages } = await (await service(core)).exportUsb(path.resolve(values.out));
  if (values.json) printJson({ dir, packages });
  else if (packages.length === 0) console.log('Không có gì chờ gửi.');
  else {
    for (const p of packages) console.log(`${p.file}  (${p.entries} trường hợp, ${p.files} tệp ảnh quét)`);
    console.error('Mang các tệp .zip lên huyện; nhập tệp biên nhận trả về bằng: sohoa sync receipt TỆP');
  }
  return 0;
}

export async function syncReceipt(core: CliCore, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('Cần đúng một tệp biên nhận (<mã gói>.receipt.json)');
  const file = positionals[0]!;
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new UsageError(`Không tìm thấy tệp: ${file}`);
  if (stat.size > 2_000_000)
    throw new AppError('VALIDATION', 'Tệp này quá lớn để là một biên nhận. Không có gì thay đổi.');
  const sync = await service(core);
  const status = sync.applyReceiptText(await fs.readFile(file, 'utf8'));
  if (values.json) printJson(status);
  else console.log(`Đã nhận biên nhận. Đã gửi: ${status.sent} trường hợp; chờ gửi: ${status.waiting}.`);
  return 0;
}
