/**
 * `sohoa`: the command line for district IT staff and scripts. It calls the same backend
 * services as the app (never through the renderer); every verb takes --data-dir, and every verb
 * that opens the (encrypted) data logs in first: --user or SOHOA_USER, SOHOA_PASSWORD or a prompt.
 *
 * Start-up is kept short: this file imports only the usage text, and each verb's modules (the
 * backend, zod schemas, and for export the Excel/PDF libraries) are loaded when that verb runs.
 * bin.mjs runs the prebuilt bundle of this file (electron/tools/build-cli.mjs).
 */
import { AppError } from '../../shared/api/errors';
import type { Backend } from '../backend/app';
import type { LazyBackend } from './export-commands';
import type { CliCore } from './core';
import type { Credentials } from './credentials';
import { dataDirArg, USAGE, UsageError } from './usage';

type Verb<B> = (backend: B, args: string[]) => Promise<number>;

/** The everyday verbs, loaded on demand, on the core backend (books, entries, database). */
const CORE_VERBS = new Map<string, () => Promise<Verb<CliCore>>>(
  Object.entries({
    'book import': async () => (await import('./book-commands')).bookImport,
    'book list': async () => (await import('./book-commands')).bookList,
    'db check': async () => (await import('./book-commands')).dbCheck,
    'record list': async () => (await import('./record-commands')).recordList,
    'record import': async () => (await import('./record-commands')).recordImport,
    'sync enroll': async () => (await import('./sync-commands')).syncEnroll,
    'sync push': async () => (await import('./sync-commands')).syncPush,
    'sync status': async () => (await import('./sync-commands')).syncStatus,
    'sync export': async () => (await import('./sync-commands')).syncExport,
    'sync receipt': async () => (await import('./sync-commands')).syncReceipt,
    'corrections list': async () => (await import('./corrections-commands')).correctionsList,
    'corrections keep': async () => (await import('./corrections-commands')).correctionsKeep,
  }),
);

/** export and verify, on the whole backend with the Excel/PDF stack. */
const EXPORT_VERBS = new Map<string, () => Promise<Verb<LazyBackend>>>(
  Object.entries({
    export: async () => (await import('./export-commands')).exportCommand,
    verify: async () => (await import('./export-commands')).verifyCommand,
  }),
);

/** The whole backend (export verbs), opened through the account gate by the verb's login. */
async function openFullBackend(
  dataDir: string | undefined,
  login: () => Promise<Credentials>,
): Promise<{ backend: Backend; close(): void }> {
  const [{ openGate }, paths, { MIGRATIONS_DIR }] = await Promise.all([
    import('../backend/accounts/gate'),
    import('../backend/paths'),
    import('../backend/source-paths'),
  ]);
  const gate = await openGate({ dataDir: dataDir ?? paths.defaultDataDir(), migrationsDir: MIGRATIONS_DIR });
  try {
    const session = { user: null };
    await gate.login(await login(), session);
    const backend = gate.backend()!;
    // Direct service calls (the export verbs make them) act as the logged-in account.
    backend.actAs(gate.requestFor(session));
    return { backend, close: () => gate.close() };
  } catch (error) {
    gate.close();
    throw error;
  }
}

async function runVerb<B extends { close(): void }>(
  load: () => Promise<Verb<B>>,
  open: (dataDir: string | undefined, login: () => Promise<Credentials>) => B | Promise<B>,
  argv: string[],
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { takeUserOption, credentials } = await import('./credentials');
  const { user, rest: args } = takeUserOption(argv);
  const dataDir = dataDirArg(args);
  const command = await load();
  const backend = await open(dataDir, () => credentials(user));
  try {
    return await command(backend, args);
  } finally {
    backend.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const [noun, verb] = argv;
  if (!noun || noun === 'help' || noun === '--help' || noun === '-h') {
    process.stdout.write(USAGE);
    return noun ? 0 : 2;
  }
  if (noun === 'setup') return (await import('./setup-command')).setupCommand(argv.slice(1));
  if (noun === 'recover') return (await import('./setup-command')).recoverCommand(argv.slice(1));
  const exportVerb = EXPORT_VERBS.get(noun);
  if (exportVerb) {
    return runVerb(
      exportVerb,
      (dataDir, login): LazyBackend => {
        let opened: { backend: Backend; close(): void } | undefined;
        return {
          ready: async () => (opened ??= await openFullBackend(dataDir, login)).backend,
          close: () => opened?.close(),
        };
      },
      argv.slice(1),
    );
  }
  const coreVerb = CORE_VERBS.get(`${noun} ${verb ?? ''}`);
  if (!coreVerb) throw new UsageError(`Lệnh không rõ: ${argv.slice(0, 2).join(' ')}`);
  return runVerb(coreVerb, async (dataDir, login) => (await import('./core')).lazyCore(dataDir, login), argv.slice(2));
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(error.message);
    console.error(error.usage);
    process.exitCode = 2;
  } else if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
    // A wrong or missing password, an unknown or locked account, no administrator yet: one line.
    console.error(error.message);
    process.exitCode = 2;
  } else if (error instanceof AppError) {
    console.error(error.message);
    const skipped = error.details?.skipped as { name: string; message: string }[] | undefined;
    for (const skip of skipped ?? []) console.error(`  ${skip.name}: ${skip.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
