/** Helpers of the export tests: an export service on a test backend, reading zips and files. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import yauzl from 'yauzl';
import type { Backend } from '../../../electron/backend/app';
import { backendContext } from '../../../electron/backend/context';
import { createExportService, type ExportService } from '../../../electron/backend/export/export-service';

/** The export service over a test backend's database and file store. */
export function exportServiceFor(
  backend: Backend,
  exportRoot: string,
  now: () => string = () => new Date().toISOString(),
): ExportService {
  return createExportService(
    backendContext({ db: backend.db, files: backend.files, fallback: () => backend.localRequest, now }),
    backend.services.books,
    backend.services.records,
    { exportRoot, appVersion: '0.1.0-test' },
  );
}

/** Every file of a zip, in order, read with yauzl. */
export async function readZip(file: string): Promise<{ name: string; bytes: Buffer }[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out: { name: string; bytes: Buffer }[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
      out.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
    }
  } finally {
    zip.close();
  }
  return out;
}

export async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

/** The hash of every file of a folder, by name. */
export async function folderHashes(dir: string): Promise<Record<string, string>> {
  const names = (await fs.readdir(dir)).sort();
  const out: Record<string, string> = {};
  for (const name of names) out[name] = await sha256Of(`${dir}/${name}`);
  return out;
}

/** The text of a PDF's pages, extracted with pdf.js. */
export async function pdfText(file: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(await fs.readFile(file)), verbosity: 0 });
  try {
    const doc = await task.promise;
    const parts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    return parts.join('\n');
  } finally {
    await task.destroy();
  }
}
