/**
 * The same data exported twice gives the same bytes: every time written into the files (the
 * workbooks' core properties, the zip entries' dates, the reports, the manifest) comes from the
 * data, not from the clock.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportManifestSchema } from '../../../shared/export/export';
import { makeExportBook } from '../../fixtures/export-book';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, folderHashes } from './helpers';

const BASE = 'GH.04567.2018.01-2018';

/** A clock that jumps a day at every reading. */
function movingClock(start = Date.UTC(2030, 0, 1)): () => string {
  let t = start;
  return () => {
    t += 24 * 3600 * 1000;
    return new Date(t).toISOString();
  };
}

async function zipDates(file: string): Promise<Date[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const dates: Date[] = [];
  try {
    for await (const entry of zip.eachEntry()) dates.push(entry.getLastModDate());
  } finally {
    zip.close();
  }
  return dates;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a repeated export', () => {
  it('gives byte-identical files when the data did not change, whatever the clock says', async () => {
    const backend = await testBackend();
    const fixture = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const first = await tempDir('sohoa-export-');
    const second = await tempDir('sohoa-export-');
    const clock = movingClock();
    const service = exportServiceFor(backend, first, clock);
    // The machine's clock moves between the runs (only Date is faked: timers run as usual), and
    // so does the service's, at every reading.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2030, 0, 1, 8) });
    await service.exportBook(fixture.book.id, first);
    vi.setSystemTime(Date.UTC(2031, 5, 7, 15, 31, 17));
    await service.exportBook(fixture.book.id, second);
    vi.useRealTimers();
    const a = await folderHashes(first);
    const b = await folderHashes(second);
    expect(Object.keys(a)).toHaveLength(5);
    expect(b).toEqual(a);

    // The times written are those of the data: the latest change of the book and its entries.
    const latest = backend.services.records
      .list({ bookId: fixture.book.id })
      .map((e) => e.updatedAt)
      .sort()
      .at(-1)!;
    const manifest = exportManifestSchema.parse(
      JSON.parse(await fs.readFile(path.join(first, `${BASE}.manifest.json`), 'utf8')),
    );
    expect(manifest.dataUpdatedAt).toBe(latest);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(first, `${BASE}.xlsx`));
    expect(wb.created.toISOString()).toBe(new Date(latest).toISOString().replace(/\.\d{3}Z$/, '.000Z'));
    expect(wb.modified.toISOString()).toBe(wb.created.toISOString());
    for (const name of [`${BASE}.xlsx`, `${BASE}.zip`, `${BASE}.nghiem-thu.xlsx`]) {
      const dates = await zipDates(path.join(first, name));
      expect(new Set(dates.map((d) => d.getTime())).size).toBe(1);
    }
  });

  it('gives other bytes once an entry changed', async () => {
    const backend = await testBackend();
    const fixture = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const first = await tempDir('sohoa-export-');
    const second = await tempDir('sohoa-export-');
    const service = exportServiceFor(backend, first, movingClock());
    await service.exportBook(fixture.book.id, first);
    const entry = fixture.entries[1]!;
    backend.services.records.update({
      id: entry.id,
      expectedVersion: entry.version,
      data: { ...entry.data, ghiChu: 'Sửa sau lần xuất đầu' },
    });
    await service.exportBook(fixture.book.id, second);
    const manifest = exportManifestSchema.parse(
      JSON.parse(await fs.readFile(path.join(second, `${BASE}.manifest.json`), 'utf8')),
    );
    expect(manifest.dataUpdatedAt).toBe(backend.services.records.get(entry.id).updatedAt);
    const a = await folderHashes(first);
    const b = await folderHashes(second);
    expect(b[`${BASE}.xlsx`]).not.toBe(a[`${BASE}.xlsx`]);

    // Turning a page is a change of the book's data too: its time is the one written.
    backend.services.books.setRotation(fixture.page(1), 180);
    const rotatedAt = (
      backend.db.sqlite.prepare("SELECT max(at) AS at FROM audit_log WHERE action = 'page.rotate'").get() as {
        at: string;
      }
    ).at;
    const third = await tempDir('sohoa-export-');
    await service.exportBook(fixture.book.id, third);
    const rotated = exportManifestSchema.parse(
      JSON.parse(await fs.readFile(path.join(third, `${BASE}.manifest.json`), 'utf8')),
    );
    expect(rotated.dataUpdatedAt).toBe(rotatedAt);
    expect(rotatedAt > manifest.dataUpdatedAt).toBe(true);
  });
});
