/**
 * `sohoa setup --admin NAME [--full-name "…"] [--data-dir DIR]`: the first start without the app.
 * Creates the administrator (password from SOHOA_PASSWORD or typed twice without echo), the
 * encrypted database (an older plaintext one is encrypted), and prints the recovery key.
 */
import { AppError } from '../../shared/api/errors';
import { canPrompt, promptHidden } from './credentials';
import { dataDirArg, parseOptions, UsageError } from './usage';

export const SETUP_USAGE = `Cách dùng: sohoa setup --admin TÊN_ĐĂNG_NHẬP [--full-name "Họ và tên"] [--data-dir THƯ_MỤC]
  Mật khẩu lấy từ biến môi trường SOHOA_PASSWORD, hoặc được hỏi (không hiện khi gõ).
`;

async function newPassword(): Promise<string> {
  const fromEnv = process.env.SOHOA_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!canPrompt()) {
    throw new UsageError(
      'Cần mật khẩu: đặt biến môi trường SOHOA_PASSWORD hoặc chạy lệnh trong cửa sổ dòng lệnh',
      SETUP_USAGE,
    );
  }
  const first = await promptHidden('Mật khẩu quản trị: ');
  const again = await promptHidden('Nhập lại mật khẩu: ');
  if (first !== again) throw new UsageError('Hai lần nhập mật khẩu không giống nhau', SETUP_USAGE);
  return first;
}

export async function setupCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(
    { args, options: { admin: { type: 'string' }, 'full-name': { type: 'string' }, 'data-dir': { type: 'string' } } },
    SETUP_USAGE,
  );
  if (!values.admin) throw new UsageError('Cần --admin TÊN_ĐĂNG_NHẬP', SETUP_USAGE);
  const dataDir = dataDirArg(args);
  const [{ openGate }, paths, { MIGRATIONS_DIR }, { setupInput }, { issuesFromZod }] = await Promise.all([
    import('../backend/accounts/gate'),
    import('../backend/paths'),
    import('../backend/source-paths'),
    import('../../shared/accounts/account'),
    import('../../shared/api/errors'),
  ]);
  const input = setupInput.safeParse({
    userName: values.admin,
    fullName: values['full-name'] ?? values.admin,
    password: await newPassword(),
  });
  if (!input.success) {
    const names: Record<string, string> = { userName: '--admin', fullName: '--full-name', password: 'Mật khẩu' };
    for (const issue of issuesFromZod(input.error.issues))
      console.error(`${names[issue.path] ?? issue.path}: ${issue.message}`);
    return 2;
  }
  const gate = await openGate({ dataDir: dataDir ?? paths.defaultDataDir(), migrationsDir: MIGRATIONS_DIR });
  try {
    if (!gate.setupNeeded())
      throw new AppError('CONFLICT', 'Dữ liệu này đã có tài khoản quản trị; không thiết lập lại.');
    const { user, recoveryKey } = await gate.setup(input.data, { user: null });
    console.error(`Đã tạo tài khoản quản trị ${user.userName} (${user.fullName}).`);
    console.error('KHÓA KHÔI PHỤC — hãy in hoặc chép ra giấy và cất nơi an toàn:');
    process.stdout.write(`${recoveryKey}\n`);
    console.error('Không có khóa này, nếu quên mật khẩu của quản trị viên cuối cùng thì KHÔNG THỂ mở lại dữ liệu.');
    return 0;
  } finally {
    gate.close();
  }
}

export const RECOVER_USAGE = `Cách dùng: sohoa recover --admin TÊN_ĐĂNG_NHẬP [--data-dir THƯ_MỤC]
  Khóa khôi phục lấy từ SOHOA_RECOVERY_KEY hoặc được hỏi; mật khẩu mới từ SOHOA_PASSWORD hoặc được hỏi.
`;

/** `sohoa recover --admin NAME`: the printed recovery key gives an administrator a new password. */
export async function recoverCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(
    { args, options: { admin: { type: 'string' }, 'data-dir': { type: 'string' } } },
    RECOVER_USAGE,
  );
  if (!values.admin) throw new UsageError('Cần --admin TÊN_ĐĂNG_NHẬP', RECOVER_USAGE);
  const dataDir = dataDirArg(args);
  let recoveryKey = process.env.SOHOA_RECOVERY_KEY;
  if (!recoveryKey) {
    if (!canPrompt()) {
      throw new UsageError(
        'Cần khóa khôi phục: đặt SOHOA_RECOVERY_KEY hoặc chạy lệnh trong cửa sổ dòng lệnh',
        RECOVER_USAGE,
      );
    }
    recoveryKey = await promptHidden('Khóa khôi phục: ');
  }
  const password = await newPassword();
  const [{ openGate }, paths, { MIGRATIONS_DIR }, { passwordSchema }] = await Promise.all([
    import('../backend/accounts/gate'),
    import('../backend/paths'),
    import('../backend/source-paths'),
    import('../../shared/accounts/account'),
  ]);
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) {
    console.error(`Mật khẩu: ${checked.error.issues[0]?.message ?? ''}`);
    return 2;
  }
  const gate = await openGate({ dataDir: dataDir ?? paths.defaultDataDir(), migrationsDir: MIGRATIONS_DIR });
  try {
    const user = await gate.recover(recoveryKey, values.admin.toLowerCase(), checked.data);
    console.error(`Đã đặt mật khẩu mới cho ${user.userName}.`);
    return 0;
  } finally {
    gate.close();
  }
}
