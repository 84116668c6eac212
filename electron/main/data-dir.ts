/** Which data folder the Electron shell opens. Pure, so that the precedence is unit-tested. */
import path from 'node:path';

export const DATA_DIR_FLAG = '--data-dir';

/** The value of `--data-dir DIR` or `--data-dir=DIR` in `argv`, if present and non-empty. */
export function dataDirFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === DATA_DIR_FLAG) {
      const value = argv[i + 1];
      return value && !value.startsWith('--') ? value : undefined;
    }
    if (arg?.startsWith(`${DATA_DIR_FLAG}=`)) {
      const value = arg.slice(DATA_DIR_FLAG.length + 1);
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/** `--data-dir` wins over `SOHOA_DATA_DIR`, which wins over the per-user default. */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: () => string): string {
  const chosen = dataDirFromArgv(argv) ?? (env.SOHOA_DATA_DIR ? env.SOHOA_DATA_DIR : undefined);
  return path.resolve(chosen ?? fallback());
}
