/**
 * `sohoa`: the command line for district IT staff and scripts. It calls the same backend
 * services as the app (never through the renderer); every verb takes --data-dir.
 *
 * Start-up is kept short: this file imports only the usage text, and each verb's modules (the
 * backend, zod schemas, and for export the Excel/PDF libraries) are loaded when that verb runs.
 * bin.mjs runs the prebuilt bundle of this file (electron/tools/build-cli.mjs).
 */
import { AppError } from '../../shared/api/errors';
import type { Backend } from '../backend/app';
import type { RequestContext } from '../backend/context';
import type { CliCore } from './core';
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
  }),
);

/** export and verify, on the whole backend with the Excel/PDF stack. */
const EXPORT_VERBS = new Map<string, () => Promise<Verb<Backend>>>(
  Object.entries({
    export: async () => (await import('./export-commands')).exportCommand,
    verify: async () => (await import('./export-commands')).verifyCommand,
  }),
);

async function openFullBackend(dataDir: string | undefined): Promise<Backend> {
  const [{ openBackend }, paths, { MIGRATIONS_DIR }] = await Promise.all([
    import('../backend/app'),
    import('../backend/paths'),
    import('../backend/source-paths'),
  ]);
  return openBackend({
    dataDir: dataDir ?? paths.defaultDataDir(),
    migrationsDir: MIGRATIONS_DIR,
    actor: paths.currentActor(),
  });
}

async function runVerb<B extends { close(): void; request?: RequestContext; localRequest?: RequestContext }>(
  load: () => Promise<Verb<B>>,
  open: (dataDir: string | undefined) => B | Promise<B>,
  args: string[],
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const dataDir = dataDirArg(args);
  const command = await load();
  const backend = await open(dataDir);
  try {
    // Audit rows written by the verb name who ran it and on which device (read when first needed:
    // the core backend opens the database lazily).
    const { runAsRequest } = await import('../backend/context');
    const request: RequestContext = {
      get userId() {
        return (backend.request ?? backend.localRequest)?.userId ?? null;
      },
      get userName() {
        return (backend.request ?? backend.localRequest)?.userName ?? 'system';
      },
      get role() {
        return (backend.request ?? backend.localRequest)?.role ?? 'system';
      },
      get deviceId() {
        return (backend.request ?? backend.localRequest)?.deviceId ?? '';
      },
    };
    return await runAsRequest(request, () => command(backend, args));
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
  const exportVerb = EXPORT_VERBS.get(noun);
  if (exportVerb) return runVerb(exportVerb, openFullBackend, argv.slice(1));
  const coreVerb = CORE_VERBS.get(`${noun} ${verb ?? ''}`);
  if (!coreVerb) throw new UsageError(`Lệnh không rõ: ${argv.slice(0, 2).join(' ')}`);
  return runVerb(coreVerb, async (dataDir) => (await import('./core')).lazyCore(dataDir), argv.slice(2));
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(error.message);
    console.error(error.usage);
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
