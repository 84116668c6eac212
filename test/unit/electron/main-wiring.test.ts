/**
 * main.ts wired to a fake Electron whose utilityProcess runs a fake backend (the backend process
 * itself is tested against a real database in backend-process.test.ts): startup order, data
 * folder choice, the open-failure dialog, the IPC channels and their sender check carried to the
 * backend process, and the two protocol handlers serving real files.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import { FileStore } from '../../../electron/backend/files/file-store';
import { CONTENT_SECURITY_POLICY } from '../../../electron/backend/security-policy';
import { createFakeElectron, type FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({
  electron: undefined as unknown as FakeElectron,
}));

vi.mock('electron', async () => {
  const { electronModule } = await import('./fake-electron');
  return electronModule(() => h.electron);
});

const APP_FRAME = { senderFrame: { url: 'app://bundle/index.html' } };
const FOREIGN_FRAMES: [string, unknown][] = [
  ['a remote page', { senderFrame: { url: 'https://evil.example/' } }],
  ['a file: page', { senderFrame: { url: 'file:///tmp/evil.html' } }],
  ['another app:// host', { senderFrame: { url: 'app://evil/index.html' } }],
  ['a local web server', { senderFrame: { url: 'http://127.0.0.1:8080/' } }],
  ['a frame that is gone (null)', { senderFrame: null }],
  ['an event without a frame', {}],
  [
    // Electron's senderFrame getter throws once the frame is disposed.
    'a disposed frame',
    Object.defineProperty({}, 'senderFrame', {
      get() {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    }),
  ],
];

let tmp: string;
let appPath: string;
let store: FileStore;
let sha: string;
const PDF = Buffer.from('%PDF-1.4\n% sổ hộ tịch\n%%EOF\n');

/** The backend process as the test plays it: what main.ts asks of it. */
function fakeBackend(open: () => Promise<void> = async () => {}) {
  return {
    open: vi.fn(open),
    exportDir: vi.fn((): string => '/home/canbo/Documents/SoHoaHoTich'),
    chooseExportDir: vi.fn(async (dir: string): Promise<string> => dir),
    dispatch: vi.fn(async (_name: string, _input: unknown): Promise<unknown> => ({
      ok: true,
      result: { version: '0.1.0' },
    })),
    stagePath: vi.fn(async (_filePath: string) => ({ stagedId: 'staged-1' })),
    close: vi.fn(),
  };
}
type FakeBackend = ReturnType<typeof fakeBackend>;

const savedArgv = process.argv;

async function bootMain(options: { argv?: string[]; singleInstance?: boolean; open?: () => Promise<void> } = {}) {
  vi.resetModules();
  const backend = fakeBackend(options.open);
  const fake = createFakeElectron({ appPath, singleInstance: options.singleInstance, backend });
  h.electron = fake;
  // The scans of the tests' file store live in <tmp>/data.
  process.argv = [savedArgv[0]!, savedArgv[1]!, ...(options.argv ?? ['--data-dir', path.join(tmp, 'data')])];
  const main = await import('../../../electron/main/main');
  await main.started;
  return { fake, backend, open: fake.utilityProcess.fork };
}

function handler(fake: FakeElectron, channel: string) {
  const fn = fake.ipcHandlers.get(channel);
  if (!fn) throw new Error(`no handler for ${channel}`);
  return fn as (event: unknown, ...args: unknown[]) => Promise<unknown>;
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-main-wiring-'));
  appPath = path.join(tmp, 'app');
  await fs.mkdir(path.join(appPath, 'dist-renderer', 'assets'), { recursive: true });
  await fs.writeFile(path.join(appPath, 'dist-renderer', 'index.html'), '<!doctype html><title>Số hóa Hộ tịch</title>');
  await fs.writeFile(path.join(appPath, 'secret.txt'), 'bí mật');
  store = new FileStore(path.join(tmp, 'data', 'files'));
  const source = path.join(tmp, 'scan.pdf');
  await fs.writeFile(source, PDF);
  sha = (await store.putFile(source)).sha256;
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

afterEach(() => {
  process.argv = savedArgv;
  vi.unstubAllEnvs();
});

describe('startup', () => {
  it('registers both schemes as privileged before the app is ready', async () => {
    const { fake } = await bootMain();
    const register = fake.protocol.registerSchemesAsPrivileged;
    expect(register).toHaveBeenCalledTimes(1);
    expect(register.mock.invocationCallOrder[0]).toBeLessThan(fake.app.whenReady.mock.invocationCallOrder[0]!);
    const schemes = register.mock.calls[0]![0] as { scheme: string; privileges: Record<string, boolean> }[];
    const byName = Object.fromEntries(schemes.map((s) => [s.scheme, s.privileges]));
    expect(byName.app).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(byName['sohoa-scan']).toMatchObject({
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
    });
  });

  it('starts the backend in its own process on --data-dir, with the packaged migrations', async () => {
    const dataDir = path.join(tmp, 'from-argv');
    vi.stubEnv('SOHOA_DATA_DIR', path.join(tmp, 'from-env'));
    const { open, backend } = await bootMain({ argv: ['--data-dir', dataDir] });
    expect(open).toHaveBeenCalledExactlyOnceWith(
      path.resolve(__dirname, '../../../electron/main/backend.cjs'),
      [`--data-dir=${dataDir}`, `--migrations-dir=${path.join(appPath, 'migrations')}`],
      expect.objectContaining({ serviceName: expect.any(String) }),
    );
    expect(backend.open).toHaveBeenCalledTimes(1);
  });

  it('falls back to SOHOA_DATA_DIR without --data-dir', async () => {
    vi.stubEnv('SOHOA_DATA_DIR', path.join(tmp, 'from-env'));
    const { open } = await bootMain({ argv: [] });
    expect(open.mock.calls[0]![1]).toContain(`--data-dir=${path.join(tmp, 'from-env')}`);
  });

  it('quits at once when another instance holds the lock', async () => {
    const { fake, open } = await bootMain({ singleInstance: false });
    expect(fake.app.quit).toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('shows the backend message and quits when the data cannot be opened (DB_TOO_NEW)', async () => {
    const message = 'Dữ liệu được tạo bởi phiên bản mới hơn của ứng dụng; hãy cập nhật ứng dụng';
    const { fake } = await bootMain({
      open: async () => {
        throw new AppError('DB_TOO_NEW', message);
      },
    });
    expect(fake.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, body] = fake.dialog.showErrorBox.mock.calls[0] as unknown as [string, string];
    expect(title).toBe('Không mở được dữ liệu');
    expect(body).toContain(message);
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.protocolHandlers.size).toBe(0);
  });

  it('closes the backend when the app quits, and sets a Vietnamese menu', async () => {
    const { fake, backend } = await bootMain();
    expect(backend.close).not.toHaveBeenCalled();
    fake.app.emit('will-quit');
    expect(backend.close).toHaveBeenCalledTimes(1);
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const template = fake.Menu.buildFromTemplate.mock.calls[0]![0] as { label: string }[];
    expect(template.map((item) => item.label)).toEqual(['Tệp', 'Sửa', 'Xem']);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { fake } = await bootMain();
    fake.app.emit('second-instance');
    expect(fake.windows[0]!.focus).toHaveBeenCalledTimes(1);
  });
});

describe('IPC', () => {
  let fake: FakeElectron;
  let backend: FakeBackend;
  beforeEach(async () => {
    ({ fake, backend } = await bootMain());
  });

  it('registers exactly one handler on each of its three channels, nothing else', () => {
    expect(fake.ipcMain.handle.mock.calls.map((call) => call[0]).sort()).toEqual([
      'sohoa:invoke',
      'sohoa:pick-export-folder',
      'sohoa:stage-path',
    ]);
    expect(fake.ipcMain.on).not.toHaveBeenCalled();
  });

  it('returns the backend envelope, unchanged, to the app page', async () => {
    const envelope = { ok: false, error: { code: 'NOT_FOUND', message: 'Không tìm thấy sổ' } };
    backend.dispatch.mockResolvedValueOnce(envelope);
    const input = { id: '00000000-0000-4000-8000-000000000000' };
    await expect(handler(fake, 'sohoa:invoke')(APP_FRAME, 'books.get', input)).resolves.toEqual(envelope);
    // The window's session lives in the backend process: main passes only the call.
    expect(backend.dispatch).toHaveBeenCalledExactlyOnceWith('books.get', input);
  });

  it.each(FOREIGN_FRAMES)('refuses a call from %s', async (_label, event) => {
    const result = await handler(fake, 'sohoa:invoke')(event, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(backend.dispatch).not.toHaveBeenCalled();
  });

  it('never throws across IPC, even if dispatch does', async () => {
    backend.dispatch.mockRejectedValueOnce(new Error('disk on fire'));
    const result = await handler(fake, 'sohoa:invoke')(APP_FRAME, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('disk on fire');
  });

  it('answers waiting calls in Vietnamese when the backend process dies, and starts a new one', async () => {
    backend.dispatch.mockImplementationOnce(() => new Promise(() => {}));
    const waiting = handler(fake, 'sohoa:invoke')(APP_FRAME, 'books.list', {});
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    fake.backendProcesses[0]!.kill();
    await expect(waiting).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('Dữ liệu đã lưu không bị ảnh hưởng') },
    });
    await vi.waitFor(() => expect(fake.backendProcesses).toHaveLength(2));
    await vi.waitFor(async () =>
      expect(await handler(fake, 'sohoa:invoke')(APP_FRAME, 'app.info', {})).toMatchObject({ ok: true }),
    );
    log.mockRestore();
  });

  it('refuses a non-string method name without reaching the backend', async () => {
    const result = await handler(fake, 'sohoa:invoke')(APP_FRAME, { toString: () => 'app.info' }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(backend.dispatch).not.toHaveBeenCalled();
  });

  it('stages a picked file for the app page and wraps the id in an envelope', async () => {
    const picked = path.join(tmp, 'scan.pdf');
    await expect(handler(fake, 'sohoa:stage-path')(APP_FRAME, picked)).resolves.toEqual({
      ok: true,
      result: { stagedId: 'staged-1' },
    });
    expect(backend.stagePath).toHaveBeenCalledExactlyOnceWith(picked);
  });

  it.each(FOREIGN_FRAMES)('refuses staging from %s', async (_label, event) => {
    const result = await handler(fake, 'sohoa:stage-path')(event, '/etc/passwd');
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(backend.stagePath).not.toHaveBeenCalled();
  });

  it('turns staging errors into envelopes: AppError as is, anything else as INTERNAL', async () => {
    // The AppError class of main.ts's module graph (vi.resetModules gave it a fresh copy).
    const fresh = await import('../../../shared/api/errors');
    backend.stagePath.mockRejectedValueOnce(new fresh.AppError('BAD_FILE', 'Không đọc được tệp đã chọn'));
    await expect(handler(fake, 'sohoa:stage-path')(APP_FRAME, '/tmp/x.pdf')).resolves.toEqual({
      ok: false,
      error: { code: 'BAD_FILE', message: 'Không đọc được tệp đã chọn' },
    });
    // Anything else is logged by the backend process; the page gets INTERNAL without the detail.
    backend.stagePath.mockRejectedValueOnce(new Error('EACCES /tmp/x.pdf'));
    const internal = await handler(fake, 'sohoa:stage-path')(APP_FRAME, '/tmp/x.pdf');
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('EACCES');
  });

  it('chooses the export folder in a main-process dialog and stores it itself, for the window session', async () => {
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/canbo/Tài liệu/Xuất'] });
    // A path the page passes is ignored: the dialog opens on the stored folder, main stores its pick.
    await expect(handler(fake, 'sohoa:pick-export-folder')(APP_FRAME, '/etc')).resolves.toEqual({
      ok: true,
      result: { dir: '/home/canbo/Tài liệu/Xuất' },
    });
    const options = fake.dialog.showOpenDialog.mock.calls[0]!.at(-1) as Record<string, unknown>;
    expect(options).toMatchObject({
      properties: ['openDirectory', 'createDirectory'],
      defaultPath: '/home/canbo/Documents/SoHoaHoTich',
      title: 'Chọn thư mục xuất',
    });
    expect(backend.exportDir).toHaveBeenCalledTimes(1);
    expect(backend.chooseExportDir).toHaveBeenCalledExactlyOnceWith('/home/canbo/Tài liệu/Xuất');
    expect(JSON.stringify(backend.chooseExportDir.mock.calls)).not.toContain('/etc');

    // Cancelled: null, nothing stored.
    await expect(handler(fake, 'sohoa:pick-export-folder')(APP_FRAME)).resolves.toEqual({
      ok: true,
      result: { dir: null },
    });
    expect(backend.chooseExportDir).toHaveBeenCalledTimes(1);
  });

  it("says why a picked folder is refused (the backend's Vietnamese message), and that nobody is logged in", async () => {
    const fresh = await import('../../../shared/api/errors');
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/chi-doc'] });
    const message = 'Không ghi được vào thư mục /chi-doc (không có quyền ghi?); hãy chọn thư mục khác';
    backend.chooseExportDir.mockRejectedValueOnce(new fresh.AppError('VALIDATION', message));
    await expect(handler(fake, 'sohoa:pick-export-folder')(APP_FRAME)).resolves.toEqual({
      ok: false,
      error: { code: 'VALIDATION', message },
    });
    backend.exportDir.mockImplementationOnce(() => {
      throw new fresh.AppError('UNAUTHENTICATED', 'Hãy đăng nhập');
    });
    await expect(handler(fake, 'sohoa:pick-export-folder')(APP_FRAME)).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    // No dialog for nobody.
    expect(fake.dialog.showOpenDialog).toHaveBeenCalledTimes(1);
  });

  it.each(FOREIGN_FRAMES)('refuses choosing a folder from %s', async (_label, event) => {
    await expect(handler(fake, 'sohoa:pick-export-folder')(event, '/tmp')).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(fake.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(backend.chooseExportDir).not.toHaveBeenCalled();
  });

  it('opens folders with the shell when the backend process asks', async () => {
    const child = fake.backendProcesses[0]!;
    await expect(child.requestOpenFolder('/home/canbo/Documents/SoHoaHoTich')).resolves.toMatchObject({ ok: true });
    expect(fake.shell.openPath).toHaveBeenCalledExactlyOnceWith('/home/canbo/Documents/SoHoaHoTich');
    fake.shell.openPath.mockResolvedValueOnce('Failed to open path');
    await expect(child.requestOpenFolder('/x')).resolves.toMatchObject({
      ok: false,
      error: { message: 'Không mở được thư mục /x: Failed to open path' },
    });
  });

  it.each(['', 'relative/scan.pdf', 42, null, '/tmp/a\0b'])('refuses the path %o without staging', async (value) => {
    const result = await handler(fake, 'sohoa:stage-path')(APP_FRAME, value);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_FILE' } });
    expect(backend.stagePath).not.toHaveBeenCalled();
  });
});

describe('protocol handlers', () => {
  let fake: FakeElectron;
  beforeEach(async () => {
    ({ fake } = await bootMain());
  });

  function serve(scheme: string, url: string) {
    const fn = fake.protocolHandlers.get(scheme);
    if (!fn) throw new Error(`no handler for ${scheme}`);
    return Promise.resolve(fn(new Request(url)));
  }

  function expectStrictCsp(response: Response) {
    const csp = response.headers.get('content-security-policy');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|strict-dynamic/);
    expect(csp).not.toMatch(/https?:/);
    expect(csp).not.toMatch(/(^|\s)\*(\s|;|$)/);
  }

  it('handles exactly the app and scan schemes', () => {
    expect([...fake.protocolHandlers.keys()].sort()).toEqual(['app', 'sohoa-scan']);
  });

  it('serves dist-renderer/ from the app folder with the CSP header', async () => {
    const response = await serve('app', 'app://bundle/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Số hóa Hộ tịch');
    expectStrictCsp(response);
  });

  it('puts the CSP on error responses too, and serves nothing outside dist-renderer/', async () => {
    const missing = await serve('app', 'app://bundle/assets/missing.js');
    expect(missing.status).toBe(404);
    expectStrictCsp(missing);
    const escape = await serve('app', 'app://bundle/..%2fsecret.txt');
    expect(escape.status).toBe(403);
    expectStrictCsp(escape);
  });

  it('serves a stored scan from the backend file store, and refuses anything else', async () => {
    const response = await serve('sohoa-scan', `sohoa-scan://files/${sha}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expectStrictCsp(response);
    expect((await serve('sohoa-scan', 'sohoa-scan://files/%2e%2e%2f%2e%2e%2fsecret.txt')).status).toBe(403);
    expect((await serve('sohoa-scan', `sohoa-scan://other/${sha}`)).status).toBe(403);
    expect((await serve('sohoa-scan', `sohoa-scan://files/${sha.toUpperCase()}`)).status).toBe(404);
  });
});
