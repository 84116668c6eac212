/**
 * `sohoa sync …` in a child process, as IT staff run it, against a stand-in hub on loopback; the
 * USB package read back member by member and ingested the way the hub does.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readZipEntries } from '../../../electron/backend/export/zip';
import { computeBatchHash } from '../../../electron/backend/sync/batch-hash';
import { hashCredential, verifyUsbDeviceProof } from '../../../electron/backend/sync/usb-proof';
import { batchManifest, batchPayload, usbDeviceProof, USB_PACKAGE, type Receipt } from '../../../shared/sync/protocol';
import type { SyncStatus } from '../../../shared/sync/sync-status';
import { sohoa } from '../../fixtures/sohoa';
import { dataWithAdmin, ghBook, ghEntry, tempDir, testBackend } from '../backend/helpers';
import { startFakeHub, type FakeHub } from '../backend/sync/fake-hub';

const hubs: FakeHub[] = [];
afterEach(async () => {
  while (hubs.length) await hubs.pop()!.close();
});

/** A data folder with one book and `count` entries, written in-process and closed again. */
async function folderWithEntries(count: number) {
  const data = await dataWithAdmin();
  const backend = await testBackend(data);
  const book = await ghBook(backend, 1);
  for (let i = 1; i <= count; i++) {
    const created = await backend.dispatch('records.create', {
      bookId: book.id,
      data: { ...ghEntry, so: `0${i}/2018` },
      pages: [{ pageId: book.pages[0]!.id }],
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
  }
  const deviceId = backend.deviceId;
  backend.gate.close();
  return { data, book, deviceId };
}

async function status(data: string): Promise<SyncStatus> {
  const run = await sohoa('sync', 'status', '--json', '--data-dir', data);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as SyncStatus;
}

describe('sohoa sync', () => {
  it('enrolls, pushes (exit 0 only when nothing is left waiting) and reports status', async () => {
    const hub = await startFakeHub(await tempDir('sohoa-hub-'));
    hubs.push(hub);
    const { data, book } = await folderWithEntries(2);
    expect(await status(data)).toMatchObject({ enrolled: false, waiting: 2, sent: 0, errors: [] });

    const early = await sohoa('sync', 'push', '--data-dir', data);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/chưa đăng ký với máy chủ huyện/);

    const badCode = await sohoa('sync', 'enroll', '--hub', hub.url, '--code', 'SAI-MA-123', '--data-dir', data);
    expect(badCode.code).toBe(1);
    expect(badCode.stderr).toMatch(/Chưa đăng ký được: Mã đăng ký không đúng/);
    const noHub = await sohoa('sync', 'enroll', '--hub', 'ftp://x', '--code', 'ABCDEFGH', '--data-dir', data);
    expect(noHub.code).toBe(2);
    expect(noHub.stderr).toMatch(/http:\/\/ hoặc https:\/\//);

    const enrolled = await sohoa('sync', 'enroll', '--hub', hub.url, '--code', hub.enrollCode, '--data-dir', data);
    expect(enrolled.stderr).toBe('');
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toMatch(/Đã đăng ký với .*Xã Điện Phước \(20590\)/);

    // The hub is down: the push says so and exits 1, nothing is marked sent.
    hub.fail({ match: 'GET /api/sync/ping', status: 'drop' });
    const down = await sohoa('sync', 'push', '--json', '--data-dir', data);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout)).toMatchObject({ committed: 0, waiting: 2 });
    expect(await status(data)).toMatchObject({ sent: 0, waiting: 2, online: false });

    const pushed = await sohoa('sync', 'push', '--json', '--data-dir', data);
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ committed: 1, waiting: 0, sent: 2, errors: [] });
    expect(hub.entries.size).toBe(2);
    // Without --json: the last success in the clerk's words ("14:05 ngày 30/11/2026"), not ISO.
    const plain = await sohoa('sync', 'status', '--data-dir', data);
    expect(plain.stdout).toMatch(/Lần gửi được gần nhất: \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/);
    expect(await status(data)).toMatchObject({
      enrolled: true,
      waiting: 0,
      sent: 2,
      books: [{ bookId: book.id, sent: 2, waiting: 0, errors: 0 }],
    });
  });

  it('exports a USB package per waiting batch, and applies the receipt file the hub writes (a network receipt too, harmlessly)', async () => {
    const hub = await startFakeHub(await tempDir('sohoa-hub-'));
    hubs.push(hub);
    const { data, deviceId } = await folderWithEntries(1);
    expect((await sohoa('sync', 'enroll', '--hub', hub.url, '--code', hub.enrollCode, '--data-dir', data)).code).toBe(
      0,
    );
    const out = await tempDir('sohoa-usb-');
    const exported = await sohoa('sync', 'export', '--out', out, '--json', '--data-dir', data);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const { packages } = JSON.parse(exported.stdout) as {
      packages: { file: string; entries: number; files: number }[];
    };
    expect(packages).toHaveLength(1);
    expect(packages[0]).toMatchObject({ entries: 1, files: 1 });
    expect(await fs.readdir(out)).toEqual([path.basename(packages[0]!.file)]);

    // Read back: every member, its bytes against SHA256SUMS, the batch hash, the device proof.
    const members = new Map<string, Buffer>();
    await readZipEntries(
      packages[0]!.file,
      (entry) => {
        expect(entry.unsafe).toBeUndefined();
        members.set(entry.name, entry.bytes!);
      },
      () => true,
    );
    const manifest = batchManifest.parse(JSON.parse(members.get(USB_PACKAGE.manifest)!.toString('utf8')));
    const payload = batchPayload.parse(JSON.parse(members.get(USB_PACKAGE.payload)!.toString('utf8')));
    const sha = manifest.files[0]!.sha256;
    expect([...members.keys()].sort()).toEqual(
      [USB_PACKAGE.device, USB_PACKAGE.manifest, USB_PACKAGE.payload, USB_PACKAGE.sums, `files/${sha}`].sort(),
    );
    const sums = members.get(USB_PACKAGE.sums)!.toString('utf8').trim().split('\n');
    expect(sums).toHaveLength(members.size - 1);
    for (const line of sums) {
      const [hash, name] = line.split('  ');
      expect(createHash('sha256').update(members.get(name!)!).digest('hex')).toBe(hash);
    }
    expect(computeBatchHash(manifest, payload)).toBe(manifest.batchHash);
    expect(manifest).toMatchObject({ deviceId, communeCode: '20590', counts: { entries: 1, files: 1 } });
    const proof = usbDeviceProof.parse(JSON.parse(members.get(USB_PACKAGE.device)!.toString('utf8')));
    expect(proof).toMatchObject({ deviceId, batchId: manifest.batchId, batchHash: manifest.batchHash });
    const backend = await testBackend(data);
    const credential = backend.services.sync.settings()!.credential;
    backend.gate.close();
    expect(verifyUsbDeviceProof(hashCredential(credential), proof)).toBe(true);
    expect(verifyUsbDeviceProof(hashCredential(`${credential}x`), proof)).toBe(false);

    // The district imports it; the same batch then also arrives by network: one receipt, applied once.
    const receipt: Receipt = hub.ingest({
      batch: { manifest, payload },
      files: new Map([[sha, members.get(`files/${sha}`)!]]),
      deviceId,
    });
    expect(await status(data)).toMatchObject({ waiting: 1, sent: 0 });
    const pushed = await sohoa('sync', 'push', '--json', '--data-dir', data);
    expect(pushed.code).toBe(0);
    expect(hub.requests.filter((r) => r.startsWith('PATCH'))).toEqual([]);
    const receiptFile = path.join(out, `${manifest.batchId}.receipt.json`);
    await fs.writeFile(receiptFile, JSON.stringify(receipt));
    const applied = await sohoa('sync', 'receipt', receiptFile, '--data-dir', data);
    expect(applied.code).toBe(0);
    expect(await status(data)).toMatchObject({ waiting: 0, sent: 1, errors: [] });
    expect(hub.entries.size).toBe(1);

    // A receipt of another batch, or not a receipt at all: refused, nothing changes.
    await fs.writeFile(receiptFile, JSON.stringify({ ...receipt, batchId: '0190a0a0-0000-7000-8000-000000000000' }));
    const foreign = await sohoa('sync', 'receipt', receiptFile, '--data-dir', data);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/không thuộc lô dữ liệu nào của máy này/);
    await fs.writeFile(receiptFile, '{"khong": "phai"}');
    expect((await sohoa('sync', 'receipt', receiptFile, '--data-dir', data)).stderr).toMatch(/không phải biên nhận/);
  });

  it('exports by USB before any network: the receipt file alone marks the entries sent', async () => {
    const hub = await startFakeHub(await tempDir('sohoa-hub-'));
    hubs.push(hub);
    const { data, deviceId } = await folderWithEntries(1);
    expect((await sohoa('sync', 'enroll', '--hub', hub.url, '--code', hub.enrollCode, '--data-dir', data)).code).toBe(
      0,
    );
    const out = await tempDir('sohoa-usb-');
    const { packages } = JSON.parse(
      (await sohoa('sync', 'export', '--out', out, '--json', '--data-dir', data)).stdout,
    ) as {
      packages: { file: string }[];
    };
    const members = new Map<string, Buffer>();
    await readZipEntries(
      packages[0]!.file,
      (e) => void members.set(e.name, e.bytes!),
      () => true,
    );
    const manifest = batchManifest.parse(JSON.parse(members.get('manifest.json')!.toString('utf8')));
    const payload = batchPayload.parse(JSON.parse(members.get('payload.json')!.toString('utf8')));
    const files = new Map([...members].filter(([n]) => n.startsWith('files/')).map(([n, b]) => [n.slice(6), b]));
    const receipt = hub.ingest({ batch: { manifest, payload }, files, deviceId });
    // Importing the same package twice gives the same receipt.
    expect(hub.ingest({ batch: { manifest, payload }, files, deviceId })).toEqual(receipt);
    const receiptFile = path.join(out, `${manifest.batchId}.receipt.json`);
    await fs.writeFile(receiptFile, JSON.stringify(receipt));
    expect((await sohoa('sync', 'receipt', receiptFile, '--data-dir', data)).code).toBe(0);
    expect(await status(data)).toMatchObject({ waiting: 0, sent: 1, pendingBatches: 0 });
    // Nothing left to export; a push has nothing to send and exits 0.
    expect((await sohoa('sync', 'export', '--out', out, '--data-dir', data)).stdout).toMatch(/Không có gì chờ gửi/);
    expect((await sohoa('sync', 'push', '--data-dir', data)).code).toBe(0);
  });
});
