/**
 * The scan store's doors: no symlink is ever followed (served, taken for a stored file, or
 * written through), a file is on disk before the database can point at it, a staged upload has
 * a size cap, and what a killed import left behind is cleared at the next start, and only that.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diskDurability, FileStore, type Durability } from '../../../electron/backend/files/file-store';
import { sweepAbandoned } from '../../../electron/backend/files/sweep';
import { createStaging } from '../../../electron/backend/staging/staging';
import { serveScan } from '../../../electron/main/protocol-responses';
import { startWebHost } from '../../../electron/web-host/server';
import { ghBook, tempDir, testBackend, testGate } from './helpers';
import { openSession, rawRequest } from './web-session';

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const DAY = 24 * 60 * 60 * 1000;

async function age(file: string, ms: number): Promise<void> {
  const then = new Date(Date.now() - ms);
  await fs.lutimes(file, then, then);
}

async function exists(file: string): Promise<boolean> {
  return (await fs.lstat(file).catch(() => undefined)) !== undefined;
}

/** A secret outside the data folder, and a link to it planted in files/ under a plausible hash. */
async function plantLink(store: FileStore) {
  const outside = await tempDir('sohoa-outside-');
  const secret = path.join(outside, 'passwd');
  await fs.writeFile(secret, 'root:x:0:0:root:/root:/bin/bash\n');
  const hash = sha('anything');
  const target = store.pathFor(hash);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.symlink(secret, target);
  return { hash, secret, outside };
}

describe('symlinks in the file store', () => {
  it('a link planted in files/ is not served by the web host nor the Electron protocol', async () => {
    const backend = await testBackend();
    const { hash } = await plantLink(backend.files);
    expect(await backend.files.has(hash)).toBe(false);
    expect(await backend.files.open(hash)).toBeUndefined();
    await expect(backend.files.read(hash)).rejects.toThrow();

    const rendererDir = await tempDir('sohoa-renderer-');
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<html><head></head></html>');
    const host = await startWebHost({ gate: backend.gate, rendererDir });
    try {
      const session = await openSession(host);
      const served = await rawRequest(`${host.url}/scan/${hash}`, { headers: { cookie: session.cookie } });
      expect(served.status).toBe(404);
      expect(served.body).not.toContain('root:x');
    } finally {
      await host.close();
    }
    const electron = await serveScan(new Request(`sohoa-scan://files/${hash}`), backend.files);
    expect(electron.status).toBe(404);
  });

  it('a shard folder that is a link leads nowhere', async () => {
    const backend = await testBackend();
    const outside = await tempDir('sohoa-outside-');
    const hash = sha('shard');
    await fs.writeFile(path.join(outside, hash), 'secret');
    await fs.mkdir(backend.files.root, { recursive: true });
    await fs.symlink(outside, path.join(backend.files.root, hash.slice(0, 2)));
    expect(await backend.files.has(hash)).toBe(false);
    expect(await backend.files.open(hash)).toBeUndefined();
    const electron = await serveScan(new Request(`sohoa-scan://files/${hash}`), backend.files);
    expect(electron.status).toBe(404);
  });

  it('storing bytes whose hash a link occupies replaces the link and never writes through it', async () => {
    const store = new FileStore(await tempDir('sohoa-files-'));
    const outside = await tempDir('sohoa-outside-');
    const bytes = Buffer.from('the real scan');
    const victim = path.join(outside, 'victim');
    await fs.writeFile(victim, 'keep me');
    const target = store.pathFor(sha(bytes));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.symlink(victim, target);

    const source = path.join(outside, 'scan.pdf');
    await fs.writeFile(source, bytes);
    const stored = await store.putFile(source);
    expect((await fs.lstat(stored.path)).isFile()).toBe(true);
    expect(await store.read(stored.sha256)).toEqual(bytes);
    expect(await fs.readFile(victim, 'utf8')).toBe('keep me');
  });
});

describe('durability', () => {
  it('flushes the file, then renames it, then flushes its folder, before putFile returns', async () => {
    const root = await tempDir('sohoa-files-');
    const steps: string[] = [];
    const watching: Durability = {
      async syncFile(file) {
        // Still the temporary file: the store name does not exist yet.
        steps.push(`file ${path.relative(root, path.dirname(file))} ${await exists(file)}`);
        await diskDurability.syncFile(file);
      },
      async syncDir(dir) {
        steps.push(`dir ${path.relative(root, dir) || '.'}`);
        await diskDurability.syncDir(dir);
      },
    };
    const store = new FileStore(root, watching);
    const bytes = randomBytes(1000);
    const source = path.join(await tempDir(), 'scan.jpg');
    await fs.writeFile(source, bytes);
    const stored = await store.putFile(source);
    const shard = stored.sha256.slice(0, 2);
    expect(steps).toEqual(['file tmp true', 'dir .', `dir ${shard}`]);
    expect(await store.read(stored.sha256)).toEqual(bytes);

    // A derived file too; the shard folder already exists when the same bytes come again.
    steps.length = 0;
    const derived = await store.putBuffer(Buffer.concat([bytes, Buffer.from('x')]));
    expect(steps[0]).toBe('file tmp true');
    expect(steps.at(-1)).toBe(`dir ${derived.sha256.slice(0, 2)}`);
    steps.length = 0;
    await store.putBuffer(Buffer.concat([bytes, Buffer.from('x')]));
    expect(steps).toEqual([]); // stored once: nothing written, nothing to flush
  });

  it('leaves nothing in files/tmp when a write fails', async () => {
    const root = await tempDir('sohoa-files-');
    const failing: Durability = {
      syncFile: () => Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' })),
      syncDir: () => Promise.resolve(),
    };
    const store = new FileStore(root, failing);
    await expect(store.putBuffer(Buffer.from('abc'))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
    expect(await store.has(sha('abc'))).toBe(false);
  });
});

describe('the staged upload cap', () => {
  it('refuses a stream larger than the cap with a Vietnamese message and keeps nothing', async () => {
    const dir = await tempDir('sohoa-staging-');
    const staging = createStaging(dir, { maxBytes: 1000 });
    await expect(
      staging.stageStream('so-day.pdf', Readable.from([randomBytes(600), randomBytes(600)])),
    ).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/^Tệp "so-day\.pdf" lớn hơn 1 MB/),
    });
    expect(await fs.readdir(staging.dir).catch(() => [])).toEqual([]);
    await expect(staging.stageStream('vua.pdf', Readable.from([randomBytes(1000)]))).resolves.toHaveProperty(
      'stagedId',
    );
  });

  it('the web host refuses a declared size over the cap with 413 before reading the body', async () => {
    const dataDir = await tempDir();
    const { gate } = await testGate(dataDir, { maxStagedBytes: 1000 });
    const rendererDir = await tempDir('sohoa-renderer-');
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<html><head></head></html>');
    const host = await startWebHost({ gate, rendererDir });
    try {
      const session = await openSession(host);
      const big = await fetch(`${host.url}/api/stage?name=lon.pdf`, {
        method: 'POST',
        headers: session.headers('application/octet-stream'),
        body: randomBytes(5000),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({
        ok: false,
        error: { code: 'BAD_FILE', message: expect.stringMatching(/lớn hơn/) },
      });
      expect(await fs.readdir(gate.backend()!.staging.dir)).toEqual([]);
    } finally {
      await host.close();
      gate.close();
    }
  });
});

describe('what a killed import leaves behind', () => {
  it('is cleared at the next start: old temporary files and old unreferenced files only', async () => {
    const dataDir = await tempDir();
    const first = await testBackend(dataDir);
    const book = await ghBook(first, 2);
    const kept = book.files[0]!.sha256;
    await first.maintenance;
    const store = first.files;

    // The killed import: a half-written temporary file and a stored file no row points at, both
    // from two days ago; another process's import running now: the same, but fresh.
    await fs.mkdir(store.tmpDir, { recursive: true });
    const deadTmp = path.join(store.tmpDir, 'dead');
    await fs.writeFile(deadTmp, 'half');
    await age(deadTmp, 2 * DAY);
    const liveTmp = path.join(store.tmpDir, 'live');
    await fs.writeFile(liveTmp, 'being written');
    const dead = await store.putBuffer(Buffer.from('orphan of a killed import'));
    await age(dead.path, 2 * DAY);
    const live = await store.putBuffer(Buffer.from('another process is importing this'));
    // A stored file of the book, old but referenced.
    await age(store.pathFor(kept), 30 * DAY);
    first.close();

    const next = await testBackend(dataDir);
    const report = await next.maintenance;
    expect(report).toEqual({ tmp: ['dead'], blobs: [dead.sha256] });
    expect(await exists(deadTmp)).toBe(false);
    expect(await exists(dead.path)).toBe(false);
    expect(await exists(liveTmp)).toBe(true);
    expect(await exists(live.path)).toBe(true);
    expect(await next.files.read(kept)).toBeInstanceOf(Buffer);
    for (const page of next.services.books.get(book.id).pages) {
      expect(await next.files.has(page.sha256)).toBe(true);
      if (page.thumbSha256) expect(await next.files.has(page.thumbSha256)).toBe(true);
    }
  });

  it('keeps a stored file an import reuses, however old, and one the audit log names', async () => {
    const backend = await testBackend();
    const store = backend.files;
    const bytes = Buffer.from('scanned long ago, imported again now');
    const old = await store.putBuffer(bytes);
    await age(old.path, 30 * DAY);
    await store.putBuffer(bytes); // another import reuses it: touched
    const named = await store.putBuffer(Buffer.from('a removed file'));
    await age(named.path, 30 * DAY);
    backend.db.sqlite
      .prepare(
        "INSERT INTO audit_log (at, actor, action, entity_type, entity_id, before) VALUES ('x', 't', 'book.files.remove', 'book', 'b', ?)",
      )
      .run(JSON.stringify({ file: { name: 'a.pdf', sha256: named.sha256 } }));
    await backend.maintenance;
    const report = await sweepAbandoned(store, backend.db.sqlite, { startedAt: Date.now() });
    expect(report.blobs).toEqual([]);
    expect(await store.has(old.sha256)).toBe(true);
    expect(await store.has(named.sha256)).toBe(true);
  });
});
