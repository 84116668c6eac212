/**
 * The export folder: visible by default (Documents/SoHoaHoTich, XDG documents dir where set),
 * chosen by the clerk and remembered, checked before it is kept, and opened in the file manager
 * through an injectable opener (never really launched here).
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
import type { ExportResult } from '../../../shared/export/export';
import type { JobStatus } from '../../../shared/jobs/job';
import { makeExportBook } from '../../fixtures/export-book';
import { tempDir, testBackend } from '../backend/helpers';
import { waitForJob } from '../backend/jobs';

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
  it('is remembered in the preferences, and checked first with a clear Vietnamese message', async () => {
    const backend = await testBackend();
    const defaults = await backend.dispatch('prefs.get', {});
    expect(defaults).toMatchObject({ ok: true, result: { exportDir: path.join(backend.layout.root, 'exports') } });

    const chosen = path.join(await tempDir(), 'Xuất sổ', 'Tân Lập');
    expect(await backend.dispatch('prefs.set', { exportDir: chosen })).toMatchObject({
      ok: true,
      result: { exportDir: chosen },
    });
    expect((await fs.stat(chosen)).isDirectory()).toBe(true);
    expect(await backend.dispatch('prefs.get', {})).toMatchObject({ result: { exportDir: chosen } });

    const relative = await backend.dispatch('prefs.set', { exportDir: 'Tài liệu/xuất' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(relative)).toContain('Thư mục phải là đường dẫn đầy đủ');
    const file = path.join(await tempDir(), 'tep.txt');
    await fs.writeFile(file, 'x');
    expect(await backend.dispatch('prefs.set', { exportDir: path.join(file, 'con') })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: `Không tạo được thư mục ${path.join(file, 'con')}; hãy chọn thư mục khác` },
    });
    // Nothing kept from the refused ones.
    expect(await backend.dispatch('prefs.get', {})).toMatchObject({ result: { exportDir: chosen } });

    // An export without a folder goes to the chosen one.
    const { book } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const job = (await waitForJob(backend, await backend.dispatch('export.book', { bookId: book.id }))) as JobStatus;
    if (job.state !== 'done') throw new Error(`export ${job.state}`);
    expect((job.result as unknown as ExportResult).outDir).toBe(chosen);
    expect(await fs.readdir(chosen)).toContain('GH.04567.2018.01-2018.zip');
  });

  it('opens an export folder with the injected opener, and names a folder that is not there', async () => {
    const data = await tempDir();
    const opened: string[] = [];
    const backend = await openBackend({
      dataDir: data,
      migrationsDir: MIGRATIONS_DIR,
      actor: 'can-bo-test',
      onInternalError: () => {},
      exportDir: path.join(data, 'exports'),
      openFolder: async (dir) => void opened.push(dir),
    });
    try {
      const dir = await tempDir('sohoa-export-');
      expect(await backend.dispatch('export.openFolder', { dir }, backend.localRequest)).toEqual({
        ok: true,
        result: { opened: true },
      });
      expect(opened).toEqual([dir]);
      const missing = path.join(dir, 'khong-co');
      expect(await backend.dispatch('export.openFolder', { dir: missing }, backend.localRequest)).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Không có thư mục ${missing}` },
      });
      expect(await backend.dispatch('export.openFolder', { dir: 'tuong-doi' }, backend.localRequest)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(opened).toEqual([dir]);
    } finally {
      backend.close();
    }
  });
});
