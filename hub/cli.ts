/**
 * `sohoa-hub`: runs the district hub and administers it. Every verb works whether or not the hub
 * is running on the data folder: through the running hub's loopback admin endpoints when it is,
 * on the database itself otherwise. Exit codes as `sohoa`: 0 done, 1 refused or failed, 2 usage.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { canPrompt, promptHidden } from '../electron/cli/credentials';
import { samplingPlan } from '../shared/review/iso2859';
import {
  aqlSchema,
  DEFAULT_AQL,
  HUB_ROLE_LABELS,
  HUB_ROLES,
  LOT_STATE_LABELS,
  LOT_STATES,
  type HubRole,
  type LotState,
} from '../shared/review/review';
import { z } from '../shared/zod';
import { hubStats, runAdminOp, type AdminOp } from './admin';
import { hubExportInput, hubExportResult, type HubExportResult } from './export-schema';
import { FolderBlobStore, type BlobStore } from './blob-store';
import { openHubDb } from './db/open';
import { HubError, type HubContext } from './ingest';
import {
  dbTarget,
  DEFAULT_HUB_NAME,
  HubStartError,
  paths,
  runningHub,
  startHub,
  tryDbLock,
  waitFor,
  type HubLockFile,
} from './server';

const USAGE = `Cách dùng: sohoa-hub <lệnh> [--data-dir THƯ_MỤC | --database-url URL]
  serve --port N [--host ĐỊA_CHỈ] [--name TÊN]     chạy máy chủ huyện
  admin create --username TÊN                        tạo quản trị viên (mật khẩu: SOHOA_HUB_PASSWORD hoặc nhập)
  commune add --code 20590 --name "Xã Điện Phước"    thêm xã
  enroll-code --commune 20590                        cấp mã đăng ký một lần cho máy của xã (hạn 7 ngày)
  device revoke --device MÃ_MÁY                      thu hồi quyền gửi của một máy
  import GÓI.zip [--receipt-out THƯ_MỤC]             nhận gói USB, ghi <mã gói>.receipt.json
  stats [--json]                                     thống kê
  user add --username TÊN --name "Họ tên" --role reviewer|district-admin [--password-stdin]
                                                     tạo tài khoản kiểm tra viên / quản trị huyện
  user list [--json]                                 danh sách tài khoản của huyện
  user disable TÊN | user enable TÊN                 tạm dừng / mở lại một tài khoản
  user password TÊN [--password-stdin]               đặt lại mật khẩu (kết thúc các phiên đang mở)
  (mật khẩu tài khoản: --password-stdin đọc từ đầu vào chuẩn, nếu không thì nhập; không bao giờ ghi trên dòng lệnh)
  plan --lot-size N [--aql 1.0] [--json]             phương án lấy mẫu ISO 2859-1 (mức II, một lần, thường)
  lots [--state waiting|in_review|accepted|rejected|resent] [--json]   các lô kiểm tra
  export --commune 20590 --out THƯ_MỤC [--book MÃ_SỔ] [--replace] [--confirm-no-office-code] [--json]
                                                     xuất Excel + tệp nén PDF các sổ đã nghiệm thu của xã
Biến môi trường: DATABASE_URL (PostgreSQL thay cho cơ sở dữ liệu nhúng trong THƯ_MỤC/db).`;

class UsageError extends Error {}

const OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  name: { type: 'string' },
  username: { type: 'string' },
  code: { type: 'string' },
  commune: { type: 'string' },
  device: { type: 'string' },
  'receipt-out': { type: 'string' },
  role: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  out: { type: 'string' },
  book: { type: 'string' },
  replace: { type: 'boolean' },
  'confirm-no-office-code': { type: 'boolean' },
  json: { type: 'boolean' },
  'lot-size': { type: 'string' },
  aql: { type: 'string' },
  state: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function need(values: Values, key: 'username' | 'code' | 'commune' | 'name' | 'device'): string {
  const value = values[key];
  if (!value) throw new UsageError(`Thiếu --${key}.`);
  return value;
}

/** The verbs that may start a new hub folder (the others refuse a folder that is not there). */
const FOLDER_MAKING_OPS: ReadonlySet<AdminOp> = new Set<AdminOp>(['admin-create', 'commune-add', 'user-add', 'import']);

/** Runs one admin operation: through the running hub if there is one on the folder, else directly. */
async function operate(values: Values, op: AdminOp, input: unknown): Promise<unknown> {
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : undefined;
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!dataDir && !databaseUrl) throw new UsageError('Cần --data-dir THƯ_MỤC hoặc --database-url URL.');
  if (dataDir && !databaseUrl && !fs.existsSync(dataDir)) {
    // A verb that sets the hub up makes the folder, as `serve` does; any other one on a folder that
    // is not there is most likely a mistyped path: say so instead of creating an empty hub.
    if (!FOLDER_MAKING_OPS.has(op)) {
      throw new HubError(
        404,
        'NOT_FOUND',
        `Không có thư mục dữ liệu máy chủ huyện ${dataDir}. Kiểm tra lại --data-dir (thư mục được tạo khi chạy "sohoa-hub serve" hoặc "sohoa-hub commune add" lần đầu).`,
      );
    }
    fs.mkdirSync(dataDir, { recursive: true });
  }
  if (dataDir && !databaseUrl) {
    // Whoever holds the folder: this verb (then it opens the database), the hub (then it goes
    // through it), or another verb (then it waits for it to finish).
    const taken = await waitFor(() => {
      const hub = runningHub(dataDir);
      if (hub) return { hub };
      const lock = tryDbLock(dataDir, 'cli');
      if ('release' in lock) return { lock };
      return undefined;
    }, 60_000);
    if (!taken) throw new HubError(409, 'INTERNAL', `Thư mục ${dataDir} đang bận (một tiến trình khác đang dùng).`);
    if ('hub' in taken && taken.hub) return viaHub(taken.hub, op, input);
    if ('lock' in taken && taken.lock) {
      try {
        return await direct({ kind: 'pglite', dir: paths(dataDir).db }, dataDir, op, input);
      } finally {
        taken.lock.release();
      }
    }
  }
  return direct(dbTarget(dataDir, databaseUrl), dataDir, op, input);
}

/** Without --data-dir there is no file store: only the verbs that need none run. */
const noFiles: BlobStore = {
  has: () => Promise.resolve(false),
  size: () => Promise.resolve(undefined),
  put: () => Promise.reject(new UsageError('Cần --data-dir (nơi lưu tệp ảnh).')),
  putFile: () => Promise.reject(new UsageError('Cần --data-dir (nơi lưu tệp ảnh).')),
  read: () => Promise.reject(new UsageError('Cần --data-dir (nơi lưu tệp ảnh).')),
};

async function direct(
  target: ReturnType<typeof dbTarget>,
  dataDir: string | undefined,
  op: AdminOp,
  input: unknown,
): Promise<unknown> {
  if (op === 'import' && !dataDir) throw new UsageError('Nhận gói USB cần --data-dir (nơi lưu tệp ảnh).');
  const opened = await openHubDb(target);
  try {
    const ctx: HubContext = {
      db: opened.db,
      blobs: dataDir ? new FolderBlobStore(paths(dataDir).files) : noFiles,
      hubName: DEFAULT_HUB_NAME,
    };
    return await runAdminOp(ctx, op, input, 'cli');
  } finally {
    await opened.close();
  }
}

const adminAnswer = z.union([
  z.object({ result: z.unknown() }),
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
]);

async function viaHub(hub: HubLockFile, op: AdminOp, input: unknown): Promise<unknown> {
  const token = fs.readFileSync(hub.tokenFile, 'utf8').trim();
  const response = await postLoopback(hub.port, `/api/admin/ops/${op}`, token, JSON.stringify(input));
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    body = undefined;
  }
  const parsed = adminAnswer.safeParse(body);
  if (!parsed.success) throw new Error(`Máy chủ huyện trả lời không rõ (HTTP ${response.status}).`);
  if ('error' in parsed.data) throw new HubError(400, 'BAD_REQUEST', parsed.data.error.message);
  return parsed.data.result;
}

/**
 * POSTs to the running hub on loopback with node:http, without a time limit: an export of many
 * books runs for as long as it needs (fetch gives up waiting for the answer after 5 minutes).
 */
function postLoopback(
  port: number,
  route: string,
  token: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: route,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * What `sohoa-hub export` says: each book skipped (with why) and each written (with its files).
 * Exit 2 for an unknown commune or book, or no accepted book; 1 when an accepted book failed.
 */
function reportExport(result: HubExportResult, values: Values): number {
  if (values.json) console.log(JSON.stringify(result, null, 2));
  const code = values.commune ?? '';
  if (!result.commune) {
    console.error(`Máy chủ huyện không có xã mã ${code}.`);
    return 2;
  }
  const commune = `${result.commune.name} (${result.commune.code})`;
  if (values.book && result.exported.length === 0 && result.skipped.length === 0) {
    console.error(`${commune} không có sổ mã ${values.book} trên máy chủ huyện.`);
    return 2;
  }
  const log = values.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  for (const skip of result.skipped) log(skip.reason);
  for (const book of result.exported) {
    log(
      `${book.ok ? 'Đã xuất' : 'Đã xuất (KHÔNG ĐẠT kiểm tra)'} ${book.label}: ${book.entries} trường hợp, ${book.pdfPages} trang PDF`,
    );
    for (const file of book.files) log(`  ${path.join(book.outDir, file.name)}`);
  }
  const failed = result.skipped.filter((s) => s.state === 'failed').length;
  if (result.exported.length === 0 && failed === 0) {
    console.error(`${commune} chưa có sổ nào đã nghiệm thu để xuất.`);
    return 2;
  }
  log(
    `Kết quả: đã xuất ${result.exported.length} sổ vào ${result.outDir}` +
      (failed ? `, ${failed} sổ đã nghiệm thu nhưng không xuất được` : '') +
      (result.skipped.length > failed ? `, bỏ qua ${result.skipped.length - failed} sổ chưa nghiệm thu` : ''),
  );
  return failed === 0 && result.exported.every((b) => b.ok) ? 0 : 1;
}

async function adminPassword(): Promise<string> {
  const fromEnv = process.env.SOHOA_HUB_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!canPrompt()) throw new UsageError('Đặt mật khẩu trong biến SOHOA_HUB_PASSWORD (không có bàn phím để nhập).');
  const first = await promptHidden('Mật khẩu: ');
  const again = await promptHidden('Nhập lại mật khẩu: ');
  if (first !== again) throw new UsageError('Hai lần nhập mật khẩu không giống nhau.');
  return first;
}

/** A staff account's password: the first line of standard input, or typed twice at a prompt. */
async function staffPassword(values: Values): Promise<string> {
  if (values['password-stdin']) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (password === '') throw new UsageError('Đầu vào chuẩn không có mật khẩu (--password-stdin).');
    return password;
  }
  if (!canPrompt()) {
    throw new UsageError(
      'Cần mật khẩu: dùng --password-stdin (đọc từ đầu vào chuẩn) hoặc chạy lệnh trong cửa sổ dòng lệnh.',
    );
  }
  const first = await promptHidden('Mật khẩu: ');
  const again = await promptHidden('Nhập lại mật khẩu: ');
  if (first !== again) throw new UsageError('Hai lần nhập mật khẩu không giống nhau.');
  return first;
}

const STAFF_ROLES: Record<string, HubRole> = {
  reviewer: 'reviewer',
  'district-admin': 'district_admin',
  district_admin: 'district_admin',
};

const staffUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(HUB_ROLES),
  disabled: z.boolean(),
});

async function userCommand(values: Values, verb: string | undefined, rest: string[]): Promise<number> {
  const named = (): string => {
    const username = rest[0] ?? values.username;
    if (!username || rest.length > 1)
      throw new UsageError(`Cần đúng một tên đăng nhập: sohoa-hub user ${verb ?? ''} TÊN`);
    return username;
  };
  switch (verb) {
    case 'add': {
      const username = need(values, 'username');
      const displayName = need(values, 'name');
      const role = STAFF_ROLES[values.role ?? ''];
      if (!role)
        throw new UsageError('Cần --role reviewer (kiểm tra viên) hoặc --role district-admin (quản trị huyện).');
      const password = await staffPassword(values);
      const user = staffUser.parse(await operate(values, 'user-add', { username, displayName, role, password }));
      if (values.json) console.log(JSON.stringify(user));
      else console.log(`Đã tạo tài khoản ${user.username} (${user.displayName}, ${HUB_ROLE_LABELS[user.role]}).`);
      return 0;
    }
    case 'list': {
      const users = z.array(staffUser).parse(await operate(values, 'user-list', {}));
      if (values.json) console.log(JSON.stringify(users));
      else if (users.length === 0) console.log('Chưa có tài khoản nào. Tạo bằng: sohoa-hub user add …');
      else {
        for (const u of users) {
          console.log(
            `${u.username}\t${u.displayName}\t${HUB_ROLE_LABELS[u.role]}${u.disabled ? '\tđã tạm dừng' : ''}`,
          );
        }
      }
      return 0;
    }
    case 'disable':
    case 'enable': {
      const username = named();
      const disabled = verb === 'disable';
      await operate(values, 'user-set-disabled', { username, disabled });
      console.log(disabled ? `Đã tạm dừng tài khoản ${username}.` : `Đã mở lại tài khoản ${username}.`);
      return 0;
    }
    case 'password': {
      const username = named();
      const password = await staffPassword(values);
      await operate(values, 'user-password', { username, password });
      console.log(`Đã đặt mật khẩu mới cho ${username}; các phiên đang mở của tài khoản đã kết thúc.`);
      return 0;
    }
    default:
      throw new UsageError(`Lệnh không rõ: user ${verb ?? ''}`);
  }
}

async function serveCommand(values: Values): Promise<number> {
  const dataDir = values['data-dir'];
  if (!dataDir) throw new UsageError('Máy chủ cần --data-dir THƯ_MỤC (nơi lưu tệp ảnh và cơ sở dữ liệu nhúng).');
  const port = Number(values.port ?? '8787');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Cổng không hợp lệ: ${values.port}`);
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  const hub = await startHub({
    dataDir: path.resolve(dataDir),
    port,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(values.name ? { hubName: values.name } : {}),
  });
  console.log(`HUB: ${hub.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await hub.close();
  return 0;
}

/** `plan`: the ISO 2859-1 plan of a lot size and an AQL (no database needed). */
function planCommand(values: Values): number {
  const lotText = values['lot-size'];
  if (lotText === undefined) throw new UsageError('Thiếu --lot-size (số bản ghi của sổ).');
  if (!/^\d{1,9}$/.test(lotText.trim()) || Number(lotText) < 1) {
    throw new UsageError(`Cỡ lô phải là số nguyên dương: "${lotText}".`);
  }
  const aqlText = values.aql;
  const aql = aqlText === undefined ? DEFAULT_AQL : Number(aqlText.trim().replace(',', '.'));
  const checkedAql = aqlSchema.safeParse(aql);
  if (aqlText !== undefined && (aqlText.trim() === '' || !checkedAql.success)) {
    throw new UsageError(`AQL không hợp lệ: "${aqlText}" (các giá trị của ISO 2859-1, ví dụ 0.65, 1.0, 2.5).`);
  }
  const lotSize = Number(lotText);
  const plan = samplingPlan(lotSize, aql);
  const { codeLetter, sampleSize, accept, reject } = plan;
  if (values.json) console.log(JSON.stringify({ codeLetter, sampleSize, accept, reject }));
  else {
    const whole = sampleSize >= lotSize ? ' (kiểm tra toàn bộ)' : '';
    console.log(
      `Cỡ lô ${lotSize}, AQL ${aql.toLocaleString('vi-VN', { minimumFractionDigits: 1 })}, mức kiểm tra II: mã chữ ${codeLetter}, ` +
        `cỡ mẫu ${sampleSize}${whole}; chấp nhận khi có ≤ ${accept} bản ghi lỗi, không đạt khi ≥ ${reject}.`,
    );
  }
  return 0;
}

const lotSummaries = z.array(
  z
    .object({
      id: z.string(),
      communeCode: z.string(),
      communeName: z.string(),
      bookType: z.string(),
      bookLabel: z.string(),
      state: z.enum(LOT_STATES),
      lotSize: z.number(),
      progress: z.object({ judged: z.number(), sampled: z.number() }),
      defective: z.number(),
    })
    .loose(),
);

/** `lots`: the review lots with their state, straight from the tables or through the running hub. */
async function lotsCommand(values: Values): Promise<number> {
  const state = values.state;
  if (state !== undefined && !(LOT_STATES as readonly string[]).includes(state)) {
    throw new UsageError(`Tình trạng lô không rõ: "${state}" (dùng một trong: ${LOT_STATES.join(', ')}).`);
  }
  const raw = await operate(values, 'lots', state ? { state: state as LotState } : {});
  const result = lotSummaries.parse(raw);
  if (values.json) console.log(JSON.stringify(raw));
  else if (result.length === 0)
    console.log(state ? `Không có lô nào ở tình trạng "${LOT_STATE_LABELS[state as LotState]}".` : 'Chưa có lô nào.');
  else {
    for (const lot of result) {
      console.log(
        [
          lot.id,
          `${lot.communeName} (${lot.communeCode})`,
          lot.bookLabel,
          LOT_STATE_LABELS[lot.state],
          `cỡ lô ${lot.lotSize}`,
          `đã xét ${lot.progress.judged}/${lot.progress.sampled}`,
          `lỗi ${lot.defective}`,
        ].join(' | '),
      );
    }
  }
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [noun, verb, ...rest] = positionals;
  if (values.help || !noun) {
    console.log(USAGE);
    return noun || values.help ? 0 : 2;
  }
  switch (noun) {
    case 'serve':
      return serveCommand(values);
    case 'admin': {
      if (verb !== 'create') throw new UsageError(`Lệnh không rõ: admin ${verb ?? ''}`);
      const username = need(values, 'username');
      const password = await adminPassword();
      await operate(values, 'admin-create', { username, password });
      console.log(`Đã tạo quản trị viên ${username}.`);
      return 0;
    }
    case 'commune': {
      if (verb !== 'add') throw new UsageError(`Lệnh không rõ: commune ${verb ?? ''}`);
      const result = z
        .object({ code: z.string(), name: z.string(), added: z.boolean() })
        .parse(await operate(values, 'commune-add', { code: need(values, 'code'), name: need(values, 'name') }));
      console.log(
        result.added ? `Đã thêm ${result.name} (${result.code}).` : `Đã có xã ${result.code}: ${result.name}.`,
      );
      return 0;
    }
    case 'enroll-code': {
      const result = z
        .object({ code: z.string(), commune: z.object({ code: z.string(), name: z.string() }), expiresAt: z.string() })
        .parse(await operate(values, 'enroll-code', { commune: need(values, 'commune') }));
      if (values.json) console.log(JSON.stringify(result));
      else {
        console.log(result.code);
        console.error(
          `Mã đăng ký một lần cho ${result.commune.name} (${result.commune.code}), hết hạn ${new Date(
            result.expiresAt,
          ).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false })}.`,
        );
      }
      return 0;
    }
    case 'device': {
      if (verb !== 'revoke') throw new UsageError(`Lệnh không rõ: device ${verb ?? ''}`);
      await operate(values, 'device-revoke', { deviceId: need(values, 'device') });
      console.log(`Đã thu hồi quyền gửi của máy ${values.device}.`);
      return 0;
    }
    case 'import': {
      const file = verb;
      if (!file || rest.length > 0) throw new UsageError('Cần đúng một tệp .zip: sohoa-hub import GÓI.zip');
      const receiptOut = values['receipt-out'] ? path.resolve(values['receipt-out']) : null;
      const result = z
        .object({
          receipt: z.object({
            batchId: z.string(),
            hubSeq: z.number(),
            accepted: z.number(),
            conflicts: z.array(z.unknown()),
          }),
          receiptFile: z.string(),
          committedNow: z.boolean(),
        })
        .parse(await operate(values, 'import', { file: path.resolve(file), receiptOut }));
      if (values.json) console.log(JSON.stringify(result));
      else {
        const r = result.receipt;
        console.log(
          result.committedNow
            ? `Đã nhận lô ${r.batchId} (số thứ tự ${r.hubSeq}): ${r.accepted} bản ghi mới, ${r.conflicts.length} xung đột.`
            : `Lô ${r.batchId} đã có trên máy chủ huyện (số thứ tự ${r.hubSeq}): không nhận thêm gì.`,
        );
        console.log(`Biên nhận: ${result.receiptFile}`);
      }
      return 0;
    }
    case 'user':
      return userCommand(values, verb, rest);
    case 'stats': {
      const result = hubStats.parse(await operate(values, 'stats', {}));
      if (values.json) console.log(JSON.stringify(result));
      else {
        console.log(`Xã: ${result.communes}`);
        console.log(`Máy: ${result.devices}`);
        console.log(`Sổ: ${result.books}`);
        console.log(`Bản ghi: ${result.entries}`);
        console.log(`Tệp ảnh: ${result.files}`);
        console.log(`Gói dữ liệu: ${result.batches} (đã ghi nhận ${result.committedBatches})`);
        console.log(`Xung đột: ${result.conflicts}`);
      }
      return 0;
    }
    case 'plan':
      return planCommand(values);
    case 'lots':
      return lotsCommand(values);
    case 'export': {
      if (verb) throw new UsageError(`Lệnh không rõ: export ${verb}`);
      if (!values.out) throw new UsageError('Thiếu --out THƯ_MỤC.');
      const input = hubExportInput.safeParse({
        commune: need(values, 'commune'),
        out: path.resolve(values.out),
        bookId: values.book ?? null,
        replace: values.replace === true,
        confirmNoOfficeCode: values['confirm-no-office-code'] === true,
      });
      if (!input.success) {
        const issue = input.error.issues[0];
        throw new UsageError(
          issue
            ? `--${issue.path[0] === 'bookId' ? 'book' : String(issue.path[0])}: ${issue.message}`
            : 'Tham số không hợp lệ.',
        );
      }
      return reportExport(hubExportResult.parse(await operate(values, 'export', input.data)), values);
    }
    default:
      throw new UsageError(`Lệnh không rõ: ${noun}`);
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    console.error(error.message);
    console.error(USAGE);
    process.exitCode = 2;
  } else if (error instanceof HubError || error instanceof HubStartError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
