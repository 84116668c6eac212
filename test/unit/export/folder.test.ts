/**
 * The export folder: visible by default (Documents/SoHoaHoTich, XDG documents dir where set),
 * chosen in Electron's main process (never from the renderer) and remembered, checked before it
 * is kept, fixed to `<data-dir>/xuat` in the web host, and opened in the file manager through an
 * injectable opener (never really launched here).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import {
  defaultExportDir,
  documentsDir,
  openerCommand,
  type FolderEnvironment,
} from '../../../electron/backend/export/folder';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { startWebHost, webHostExportFolder } from '../../../electron/web-host/server';
import type { ExportResult } from '../../../shared/export/export';
import type { JobStatus } from '../../../shared/jobs/job';
import { makeExportBook } from '../../fixtures/export-book';
import { tempDir, testBackend } from '../backend/helpers';
import { waitForJob } from '../backend/jobs';
import { openSession } from '../backend/web-session';

const linux = (env: NodeJS.ProcessEnv, files: Record<string, string> = {}): FolderEnvironment => ({
  env,
  platform: 'linux',
  home: '/home/canbo',
  readText: (file) => files[file],
});

describe('the default export folder', () => {
  it('is SoHoaHoTich in the Documents folder, the XDG one where set, never the data folder', () => {
    expect(defaultExportDir(linux({}))).toBe('/home/canbo/Documents/SoHoaHoTich');
    expect(
      defaultExportDir(
        linux(
          {},
          {
            '/home/canbo/.config/user-dirs.dirs':
              '# xdg\nXDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_DOCUMENTS_DIR="$HOME/Tài liệu"\n',
          },
        ),
      ),
    ).toBe('/home/canbo/Tài liệu/SoHoaHoTich');
    expect(
      documentsDir(linux({ XDG_CONFIG_HOME: '/cfg' }, { '/cfg/user-dirs.dirs': 'XDG_DOCUMENTS_DIR="/srv/tai-lieu"' })),
    ).toBe('/srv/tai-lieu');
    // "$HOME/" means the feature is off.
    expect(documentsDir(linux({}, { '/home/canbo/.config/user-dirs.dirs': 'XDG_DOCUMENTS_DIR="$HOME/"' }))).toBe(
      '/home/canbo/Documents',
    );
    expect(documentsDir(linux({ XDG_DOCUMENTS_DIR: '$HOME/Docs' }))).toBe('/home/canbo/Docs');
    expect(defaultExportDir(linux({ SOHOA_EXPORT_DIR: '/mnt/xuat' }))).toBe('/mnt/xuat');
    expect(
      defaultExportDir({
        env: { USERPROFILE: 'C:\\Users\\canbo' },
        platform: 'win32',
        home: 'C:\\Users\\canbo',
        readText: () => undefined,
      }),
    ).toBe('C:\\Users\\canbo\\Documents\\SoHoaHoTich');
    expect(defaultExportDir({ env: {}, platform: 'darwin', home: '/Users/canbo', readText: () => undefined })).toBe(
      '/Users/canbo/Documents/SoHoaHoTich',
    );
    expect([openerCommand('linux'), openerCommand('darwin'), openerCommand('win32')]).toEqual([
      'xdg-open',
      'open',
      'explorer.exe',
    ]);
  });
});

describe('choosing the export folder', () => {
  it('is never taken from the renderer: prefs.set refuses it, and nothing is stored', async () => {
    const backend = await testBackend();
    const defaults = await backend.dispatch('prefs.get', {});
    expect(defaults).toMatchObject({ ok: true, result: { exportDir: path.join(backend.layout.root, 'exports') } });
    const elsewhere = path.join(await tempDir(), 'khac');
    const refused = await backend.dispatch('prefs.set', { exportDir: elsewhere, layout: 'stacked' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(refused)).toContain('exportDir');
    await expect(fs.stat(elsewhere)).rejects.toThrow();
    expect(await backend.dispatch('prefs.get', {})).toMatchObject({
      result: { exportDir: path.join(backend.layout.root, 'exports'), layout: 'side' },
    });
    // The other preferences are still set as before.
    expect(await backend.dispatch('prefs.set', { layout: 'stacked' })).toMatchObject({
      ok: true,
      result: { layout: 'stacked', exportDir: path.join(backend.layout.root, 'exports') },
    });
  });

  it("is chosen by Electron's main process, checked first with a clear Vietnamese message, and remembered", async () => {
    const backend = await testBackend();
    const chosen = path.join(await tempDir(), 'Xuất sổ', 'Tân Lập');
    await expect(backend.gate.chooseExportDir(backend.session, chosen)).resolves.toBe(chosen);
    expect((await fs.stat(chosen)).isDirectory()).toBe(true);
    expect(await backend.dispatch('prefs.get', {})).toMatchObject({ result: { exportDir: chosen } });
    expect(backend.gate.exportDir(backend.session)).toBe(chosen);

    await expect(backend.gate.chooseExportDir(backend.session, 'Tài liệu/xuất')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Thư mục phải là đường dẫn đầy đủ',
    });
    const file = path.join(await tempDir(), 'tep.txt');
    await fs.writeFile(file, 'x');
    await expect(backend.gate.chooseExportDir(backend.session, path.join(file, 'con'))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: `Không tạo được thư mục ${path.join(file, 'con')}; hãy chọn thư mục khác`,
    });
    // Nothing kept from the refused ones.
    expect(await backend.dispatch('prefs.get', {})).toMatchObject({ result: { exportDir: chosen } });
    // Nobody logged in: nothing is stored.
    await expect(backend.gate.chooseExportDir({ user: null }, path.join(chosen, 'x'))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });

    // An export goes to the chosen one.
    const { book } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const job = (await waitForJob(backend, await backend.dispatch('export.book', { bookId: book.id }))) as JobStatus;
    if (job.state !== 'done') throw new Error(`export ${job.state}`);
    expect((job.result as unknown as ExportResult).outDir).toBe(chosen);
    expect(await fs.readdir(chosen)).toContain('GH.04567.2018.01-2018.zip');
    // Verifying takes the book, not a folder: the chosen folder is checked.
    const verified = await backend.dispatch('export.verify', { bookId: book.id });
    expect(verified).toMatchObject({ ok: true, result: { ok: true, dir: chosen, books: [{ bookId: book.id }] } });
    const otherBook = await backend.dispatch('export.verify', { bookId: '01234567-89ab-7def-8123-456789abcdef' });
    expect(otherBook).toMatchObject({
      ok: true,
      result: { ok: false, books: [], problems: ['Thư mục xuất chưa có bản xuất của sổ này'] },
    });
  });

  it('opens the export root with the injected opener (no folder from the caller), or names it missing', async () => {
    const data = await tempDir();
    const opened: string[] = [];
    const root = path.join(data, 'exports');
    const backend = await openBackend({
      dataDir: data,
      migrationsDir: MIGRATIONS_DIR,
      actor: 'can-bo-test',
      onInternalError: () => {},
      exportDir: root,
      openFolder: async (dir) => void opened.push(dir),
    });
    try {
      expect(await backend.dispatch('export.openFolder', {}, backend.localRequest)).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Không có thư mục ${root}` },
      });
      await fs.mkdir(root);
      expect(await backend.dispatch('export.openFolder', {}, backend.localRequest)).toEqual({
        ok: true,
        result: { opened: true },
      });
      expect(opened).toEqual([root]);
      const elsewhere = await tempDir('sohoa-export-');
      expect(await backend.dispatch('export.openFolder', { dir: elsewhere }, backend.localRequest)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(opened).toEqual([root]);
    } finally {
      backend.close();
    }
  });
});

describe("the web host's export folder", () => {
  it('is always <data-dir>/xuat: an absolute folder from the browser is a 400, nothing is written elsewhere', async () => {
    const data = await tempDir();
    const backend = await testBackend(data, webHostExportFolder(data));
    const { book } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const rendererDir = await tempDir('sohoa-renderer-');
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
    const host = await startWebHost({ gate: backend.gate, rendererDir, token: 'test-token' });
    try {
      const session = await openSession(host);
      const elsewhere = path.join(await tempDir(), 'ngoai');
      for (const [name, body] of [
        ['export.book', { bookId: book.id, outDir: elsewhere }],
        ['prefs.set', { exportDir: elsewhere }],
        ['export.verify', { dir: elsewhere }],
        ['export.openFolder', { dir: elsewhere }],
      ] as const) {
        const refused = await session.call(name, body);
        expect(refused.status, name).toBe(400);
        expect(refused.body, name).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      }
      await expect(fs.stat(elsewhere)).rejects.toThrow();
      // Not even the main process's way can move it.
      await expect(backend.gate.chooseExportDir(backend.session, elsewhere)).rejects.toMatchObject({
        code: 'VALIDATION',
      });
      await expect(fs.stat(elsewhere)).rejects.toThrow();

      const xuat = path.join(data, 'xuat');
      expect((await session.call('prefs.get', {})).body).toMatchObject({ result: { exportDir: xuat } });
      const started = await session.call('export.book', { bookId: book.id });
      expect(started.status).toBe(200);
      const job = (await waitForJob(backend, started.body)) as JobStatus;
      if (job.state !== 'done') throw new Error(`export ${job.state}`);
      expect((job.result as unknown as ExportResult).outDir).toBe(xuat);
      expect(await fs.readdir(xuat)).toContain('GH.04567.2018.01-2018.zip');
      expect((await session.call('export.verify', { bookId: book.id })).body).toMatchObject({
        ok: true,
        result: { ok: true, dir: xuat },
      });
    } finally {
      await host.close();
    }
  });
});
