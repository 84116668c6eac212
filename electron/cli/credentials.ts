/**
 * Who runs a `sohoa` verb: the account from --user or SOHOA_USER, its password from
 * SOHOA_PASSWORD or typed at a prompt that does not echo. Without a terminal and without the
 * variable there is nobody to ask: a usage error (exit 2), never a guess.
 */
import { UsageError } from './usage';

/** Reads a line from the terminal without showing what is typed. */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('Đã hủy'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && typeof process.stdin.setRawMode === 'function');
}

/** The password from SOHOA_PASSWORD, else asked for; `what` names it in the messages. */
export async function passwordFromEnvOrPrompt(env: NodeJS.ProcessEnv, question: string): Promise<string> {
  if (env.SOHOA_PASSWORD !== undefined && env.SOHOA_PASSWORD !== '') return env.SOHOA_PASSWORD;
  if (!canPrompt()) {
    throw new UsageError('Cần mật khẩu: đặt biến môi trường SOHOA_PASSWORD hoặc chạy lệnh trong cửa sổ dòng lệnh');
  }
  return promptHidden(question);
}

/** Takes `--user NAME` (or `--user=NAME`) out of the arguments: every verb that opens the data accepts it. */
export function takeUserOption(args: string[]): { user: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let user: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--user') {
      const value = args[i + 1];
      if (value === undefined || value === '' || value.startsWith('-')) {
        throw new UsageError('Tùy chọn --user cần một tên đăng nhập ngay sau nó');
      }
      user = value;
      i++;
    } else if (arg.startsWith('--user=')) {
      user = arg.slice('--user='.length);
    } else {
      rest.push(arg);
    }
  }
  return { user, rest };
}

export interface Credentials {
  userName: string;
  password: string;
}

/** The account and password a verb logs in with. */
export async function credentials(
  user: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials> {
  const userName = user ?? env.SOHOA_USER;
  if (!userName) throw new UsageError('Cần tài khoản: dùng --user TÊN hoặc đặt biến môi trường SOHOA_USER');
  const password = await passwordFromEnvOrPrompt(env, `Mật khẩu của ${userName}: `);
  return { userName, password };
}
