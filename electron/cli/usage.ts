/**
 * What every `sohoa` verb shares and `--help` needs: the usage text and the command-line parser
 * with Vietnamese messages. Nothing heavy is imported here: `sohoa --help` loads only this file
 * and main.ts.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXPORT_USAGE = `  export --book ID [--out THƯ_MỤC] [--naming MẪU] [--replace] [--confirm-no-office-code] [--json]
  export --all [--out THƯ_MỤC] [--naming MẪU] [--replace] [--confirm-no-office-code] [--json]
      --replace                  thay bản xuất trước của cùng sổ trong thư mục (không có thì từ chối)
      --confirm-no-office-code   xác nhận xuất sổ chưa có mã ĐVHC (tên tệp để trống phần mã)
  verify [THƯ_MỤC] [--json]
`;

export const USAGE = `Cách dùng: sohoa <lệnh> [tùy chọn] [--user TÊN] [--data-dir THƯ_MỤC]

  setup --admin TÊN [--full-name "Họ và tên"]
      tạo tài khoản quản trị đầu tiên (mật khẩu: SOHOA_PASSWORD hoặc gõ khi được hỏi)
  recover --admin TÊN
      đặt mật khẩu mới cho quản trị viên bằng khóa khôi phục (SOHOA_RECOVERY_KEY hoặc gõ khi được hỏi)
  Các lệnh khác đăng nhập bằng --user hoặc SOHOA_USER, mật khẩu SOHOA_PASSWORD hoặc gõ khi được hỏi.

  book import <tệp.pdf | thư-mục-ảnh> --type GH --volume 01/2018 --office "UBND xã …"
              [--office-code 12345] [--year 2018]
      --office-code: mã đơn vị hành chính (mã ĐVHC, 5 chữ số) của cơ quan đăng ký
  book list [--json]
  record list [--book ID] [--json | --jsonl]
  record import --book ID TỆP.jsonl|TỆP.xlsx [--skip-invalid]
  db check [--json]
${EXPORT_USAGE}
  sync enroll --hub ĐỊA_CHỈ --code MÃ_ĐĂNG_KÝ
      đăng ký máy này với máy chủ huyện (quản trị viên; mã do huyện cấp, dùng một lần)
  sync push [--json]         gửi ngay những gì chờ gửi (mã thoát 0 khi không còn gì chờ)
  sync status [--json]       đã gửi, chờ gửi, lỗi, xung đột
  sync export --out THƯ_MỤC [--json]
      ghi mỗi lô chờ gửi thành một tệp .zip để mang lên huyện bằng USB
  sync receipt TỆP           nhận tệp biên nhận máy chủ huyện trả về cho gói USB
  corrections list [--book ID] [--json]
      các yêu cầu sửa của huyện (cần sửa, đã sửa, giữ nguyên)
  corrections keep MÃ_YÊU_CẦU --reason "lý do"
      trả lời "giữ nguyên" một yêu cầu sửa (gửi lên huyện ở lần đồng bộ tới)
`;

/** A wrong command line: main prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string = USAGE,
  ) {
    super(message);
  }
}

/** The option name in one of node:util parseArgs' messages ("Option '-b, --book <value>' …"). */
function optionIn(message: string): string {
  return /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1] ?? '';
}

/** What a parseArgs error means, in Vietnamese; undefined for anything else. */
export function usageMessage(error: unknown): string | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return undefined;
  switch (code) {
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message)
        ? `Tùy chọn ${optionIn(message)} không nhận giá trị`
        : `Tùy chọn ${optionIn(message)} cần một giá trị ngay sau nó`;
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Lệnh này không có tùy chọn ${optionIn(message)}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Thừa đối số: ${/'([^']*)'/.exec(message)?.[1] ?? ''}`;
    default:
      return undefined;
  }
}

/** node:util parseArgs, strict, whose mistakes become a UsageError with a Vietnamese message. */
export function parseOptions<T extends ParseArgsConfig>(config: T, usage = USAGE): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const message = usageMessage(error);
    if (message === undefined) throw error;
    throw new UsageError(message, usage);
  }
}

/**
 * The data folder from anywhere on the command line: --data-dir, else undefined (the default
 * folder). A --data-dir with nothing (or another option) after it is a usage error, never the
 * default folder by mistake.
 */
export function dataDirArg(args: string[]): string | undefined {
  const { values } = parseArgs({
    args,
    strict: false,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' } },
  });
  const value = values['data-dir'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.startsWith('-')) {
    throw new UsageError('Tùy chọn --data-dir cần một thư mục ngay sau nó');
  }
  return value;
}
