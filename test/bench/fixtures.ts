/**
 * Fixture books for the benches, generated with sharp and pdf-lib and cached under
 * .bench/fixtures/<version>/ so that reruns start at once:
 * - a 300-page PDF of 300-dpi A4 page images (JPEG, embedded as they are, as scanners do);
 * - a folder of 200 phone photos (4000×3000 JPEG) of book pages.
 * A handful of distinct images are drawn and reused; every photo file still differs by a few
 * bytes (a JPEG comment), because a book refuses byte-identical duplicates.
 *
 * Generation runs in a child process (this file as the entry), so that the memory sharp and
 * pdf-lib take does not count towards the bench process's own peak RSS.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';

/** Bump when the generated content changes: the cache is keyed by it. */
export const FIXTURE_VERSION = 'scan-books-v1';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE_DIR = path.join(ROOT, '.bench', 'fixtures', FIXTURE_VERSION);

const PDF_PAGES = 300;
const PHOTO_COUNT = 200;
const DISTINCT_PAGES = 8;
const DISTINCT_PHOTOS = 6;
const A4_300DPI = { width: 2480, height: 3508 };
const PHOTO_SIZE = { width: 4000, height: 3000 };
const A4_POINTS = { width: 595.28, height: 841.89 };

export interface BenchFixtures {
  pdf: { path: string; name: string; pageCount: number; byteSize: number };
  /** Photo files in no particular order (the bench sorts them as the app does). */
  photos: { dir: string; files: { path: string; name: string }[]; byteSize: number };
}

interface Manifest {
  version: string;
  pdf: { name: string; pageCount: number; byteSize: number };
  photos: { names: string[]; byteSize: number };
}

/** A small seeded PRNG (mulberry32): the same drawings on every machine (sharp's grain stays random). */
function random(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ruled lines with handwriting-like squiggles on them, as SVG, inside the given box. */
function handwriting(
  r: () => number,
  box: { x: number; y: number; width: number; height: number },
  rows: number,
  ink: string,
  stroke: number,
): string {
  const parts: string[] = [];
  const rowHeight = box.height / rows;
  for (let row = 0; row < rows; row++) {
    const top = box.y + row * rowHeight;
    const base = top + rowHeight * 0.85;
    parts.push(
      `<line x1="${box.x}" y1="${base.toFixed(0)}" x2="${box.x + box.width}" y2="${base.toFixed(0)}" ` +
        `stroke="#8a94a8" stroke-width="${(stroke * 0.6).toFixed(1)}"/>`,
    );
    let x = box.x + r() * 40;
    const end = box.x + box.width * (0.25 + r() * 0.6);
    let d = '';
    while (x < end) {
      const wordLength = 30 + r() * 160;
      d += `M${x.toFixed(0)} ${(top + rowHeight * 0.6).toFixed(0)}`;
      for (let cx = x; cx < x + wordLength;) {
        const step = 6 + r() * 14;
        const rise = -rowHeight * (0.2 + r() * 0.4);
        d += ` q${(step / 2).toFixed(0)} ${rise.toFixed(0)} ${step.toFixed(0)} ${((r() - 0.5) * 8).toFixed(0)}`;
        cx += step;
      }
      x += wordLength + 15 + r() * 30;
    }
    parts.push(`<path d="${d}" fill="none" stroke="${ink}" stroke-width="${stroke}" stroke-linecap="round"/>`);
  }
  return parts.join('');
}

/** A flat-bed scan of a ledger page: 300 dpi A4, slightly grainy paper, ruled and written on. */
async function scannedPage(seed: number): Promise<Buffer> {
  const { width, height } = A4_300DPI;
  const r = random(seed);
  const paper = await sharp({
    create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 232, sigma: 3 } },
  })
    .blur(1)
    .raw()
    .toBuffer();
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="#f3ecd8" fill-opacity="0.55"/>` +
    `<rect x="150" y="150" width="${width - 300}" height="${height - 300}" fill="none" stroke="#39405a" stroke-width="6"/>` +
    handwriting(r, { x: 180, y: 300, width: width - 360, height: height - 600 }, 26, '#1d2340', 4) +
    '</svg>';
  return sharp(paper, { raw: { width, height, channels: 3 } })
    .composite([{ input: Buffer.from(svg) }])
    .jpeg({ quality: 70 })
    .toBuffer();
}

/** A phone photo of an open book page lying on a desk, a little askew, with sensor noise. */
async function phonePhoto(seed: number): Promise<Buffer> {
  const { width, height } = PHOTO_SIZE;
  const r = random(seed);
  const angle = (r() - 0.5) * 6;
  const page = { x: 700 + r() * 200, y: 120, width: 2400, height: 2760 };
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    '<defs><radialGradient id="light" cx="0.45" cy="0.4" r="0.8">' +
    '<stop offset="0" stop-color="#fffaf0"/><stop offset="1" stop-color="#c9bfa8"/></radialGradient></defs>' +
    `<rect width="${width}" height="${height}" fill="#6b4a2f"/>` +
    `<g transform="rotate(${angle.toFixed(2)} ${width / 2} ${height / 2})">` +
    `<rect x="${page.x + 25}" y="${page.y + 30}" width="${page.width}" height="${page.height}" fill="#2a1d12" opacity="0.5"/>` +
    `<rect x="${page.x}" y="${page.y}" width="${page.width}" height="${page.height}" fill="url(#light)"/>` +
    handwriting(
      r,
      { x: page.x + 160, y: page.y + 200, width: page.width - 320, height: page.height - 400 },
      26,
      '#1a2140',
      5,
    ) +
    '</g></svg>';
  const grain = await sharp({
    create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 14 } },
  })
    .raw()
    .toBuffer();
  const picture = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();
  return sharp(picture, { raw: { width, height, channels: 3 } })
    .composite([{ input: grain, raw: { width, height, channels: 3 }, blend: 'soft-light' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The same JPEG with a comment (COM segment) after its start marker: other bytes, same picture. */
export function withComment(jpeg: Buffer, comment: string): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const text = Buffer.from(comment, 'latin1');
  const header = Buffer.from([0xff, 0xfe, 0, 0]);
  header.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, text, jpeg.subarray(2)]);
}

/** The page number as seven-segment digits in vector strokes (no fonts needed to draw it). */
function drawPageNumber(page: PDFPage, n: number): void {
  const segments: Record<string, string> = {
    '0': 'abcdef',
    '1': 'bc',
    '2': 'abdeg',
    '3': 'abcdg',
    '4': 'bcfg',
    '5': 'acdfg',
    '6': 'acdefg',
    '7': 'abc',
    '8': 'abcdefg',
    '9': 'abcdfg',
  };
  const w = 14;
  const h = 26;
  const t = 3;
  const color = rgb(0.75, 0.1, 0.1);
  let x = A4_POINTS.width - 40 - String(n).length * (w + 6);
  const y = 24;
  for (const digit of String(n)) {
    const on = segments[digit] ?? '';
    const bars: Record<string, [number, number, number, number]> = {
      a: [x, y + h - t, w, t],
      b: [x + w - t, y + h / 2, t, h / 2],
      c: [x + w - t, y, t, h / 2],
      d: [x, y, w, t],
      e: [x, y, t, h / 2],
      f: [x, y + h / 2, t, h / 2],
      g: [x, y + h / 2 - t / 2, w, t],
    };
    for (const s of on) {
      const [bx, by, bw, bh] = bars[s]!;
      page.drawRectangle({ x: bx, y: by, width: bw, height: bh, color });
    }
    x += w + 6;
  }
}

async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

const log = (message: string) => process.stderr.write(`[fixtures] ${message}\n`);

/** Writes every fixture into `dir` (emptied first), the manifest last. */
async function generate(dir: string): Promise<void> {
  const started = performance.now();
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(path.join(dir, 'photos'), { recursive: true });
  sharp.concurrency(1);
  const seeds = (count: number, base: number) => Array.from({ length: count }, (_, i) => base + i);

  log(`drawing ${DISTINCT_PAGES} scanned pages (${A4_300DPI.width}×${A4_300DPI.height})…`);
  const pageImages = await mapLimit(seeds(DISTINCT_PAGES, 1000), 2, scannedPage);
  log(`page images: ${pageImages.map((b) => `${Math.round(b.length / 1024)} KB`).join(', ')}`);

  const doc = await PDFDocument.create();
  doc.setProducer('sohoa bench fixtures');
  for (let n = 1; n <= PDF_PAGES; n++) {
    // Embedded once per page, as a scanner writes them: no image is shared between pages.
    const image = await doc.embedJpg(pageImages[(n - 1) % pageImages.length]!);
    const page = doc.addPage([A4_POINTS.width, A4_POINTS.height]);
    page.drawImage(image, { x: 0, y: 0, width: A4_POINTS.width, height: A4_POINTS.height });
    drawPageNumber(page, n);
  }
  const pdfName = `so-${PDF_PAGES}-trang.pdf`;
  const pdfBytes = await doc.save();
  await fs.writeFile(path.join(dir, pdfName), pdfBytes);
  log(`${pdfName}: ${(pdfBytes.length / 1024 / 1024).toFixed(0)} MB`);

  log(`drawing ${DISTINCT_PHOTOS} phone photos (${PHOTO_SIZE.width}×${PHOTO_SIZE.height})…`);
  const photoImages = await mapLimit(seeds(DISTINCT_PHOTOS, 2000), 2, phonePhoto);
  log(`photos: ${photoImages.map((b) => `${(b.length / 1024 / 1024).toFixed(1)} MB`).join(', ')}`);
  const names: string[] = [];
  let photoBytes = 0;
  for (let n = 1; n <= PHOTO_COUNT; n++) {
    // Not zero-padded, as many phones and renaming tools write them: only natural order is right.
    const name = `trang-${n}.jpg`;
    const bytes = withComment(photoImages[(n - 1) % photoImages.length]!, `sohoa bench photo ${n}`);
    await fs.writeFile(path.join(dir, 'photos', name), bytes);
    names.push(name);
    photoBytes += bytes.length;
  }

  const manifest: Manifest = {
    version: FIXTURE_VERSION,
    pdf: { name: pdfName, pageCount: PDF_PAGES, byteSize: pdfBytes.length },
    photos: { names, byteSize: photoBytes },
  };
  await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.version !== FIXTURE_VERSION) return undefined;
    const pdf = await fs.stat(path.join(dir, manifest.pdf.name));
    if (pdf.size !== manifest.pdf.byteSize) return undefined;
    const photos = await fs.readdir(path.join(dir, 'photos'));
    if (photos.length !== manifest.photos.names.length) return undefined;
    return manifest;
  } catch {
    return undefined;
  }
}

/** The cached fixtures, generated first (in a child process) when missing or out of date. */
export async function ensureFixtures(): Promise<BenchFixtures> {
  let manifest = await readManifest(CACHE_DIR);
  if (!manifest) {
    log(`generating into ${path.relative(ROOT, CACHE_DIR)} (once; later runs reuse it)`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), CACHE_DIR], {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`fixture generation failed (exit ${code})`)),
      );
    });
    manifest = await readManifest(CACHE_DIR);
    if (!manifest) throw new Error('fixture generation left no usable manifest');
  } else {
    log(`reusing ${path.relative(ROOT, CACHE_DIR)}`);
  }
  const photoDir = path.join(CACHE_DIR, 'photos');
  return {
    pdf: { path: path.join(CACHE_DIR, manifest.pdf.name), ...manifest.pdf },
    photos: {
      dir: photoDir,
      files: manifest.photos.names.map((name) => ({ path: path.join(photoDir, name), name })),
      byteSize: manifest.photos.byteSize,
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: fixtures.ts <output dir>');
  await generate(path.resolve(dir));
}
