/**
 * The fault-injecting proxy (test/fixtures/fault-proxy.ts) against a tiny echo server: each fault
 * does what it says, seen from both the client's and the server's side, and the same seed gives
 * the same faults.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, startFaultProxy, type Decision, type FaultProxy } from '../../fixtures/fault-proxy';

interface Seen {
  method: string;
  path: string;
  bytes: number;
  complete: boolean;
  at: number;
}

let echo: Server;
let echoUrl = '';
const seen: Seen[] = [];
/** Resolved whenever the echo server has finished reading a request (complete or not). */
let onSeen: (() => void)[] = [];

function waitSeen(count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (seen.length >= count) resolve();
      else onSeen.push(check);
    };
    check();
  });
}

beforeAll(async () => {
  echo = createServer((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    const record = (complete: boolean): void => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', bytes, complete, at: Date.now() });
      const waiting = onSeen;
      onSeen = [];
      for (const w of waiting) w();
    };
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      record(true);
      const body = JSON.stringify({ bytes, sha256: hash.digest('hex'), pad: 'x'.repeat(4000) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    req.on('close', () => {
      if (!req.complete) record(false);
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

let proxy: FaultProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  seen.length = 0;
});

function body(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

async function post(url: string, payload: Uint8Array<ArrayBuffer>): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}/api/sync/files/x`, {
    method: 'POST',
    body: payload,
    headers: { 'content-type': 'application/octet-stream' },
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as unknown };
}

describe('fault proxy', () => {
  it('passes requests and answers through unchanged when no fault is chosen', async () => {
    proxy = await startFaultProxy({ target: echoUrl });
    const payload = body(1_500_000);
    const result = await post(proxy.url, payload);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      bytes: payload.length,
      sha256: createHash('sha256').update(payload).digest('hex'),
    });
    expect(seen).toHaveLength(1);
    expect(proxy.log[0]).toMatchObject({ fault: 'none', status: 200, bytesUp: payload.length });
    expect(proxy.stats().bytesUp).toBe(payload.length);
  });

  it('answers 500 itself without forwarding', async () => {
    proxy = await startFaultProxy({ target: echoUrl, script: ['error-500', 'none'] });
    const first = await post(proxy.url, body(1000));
    expect(first.status).toBe(500);
    expect(first.json).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(seen).toHaveLength(0);
    const second = await post(proxy.url, body(1000));
    expect(second.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('cuts the connection inside the request body: the server sees an incomplete request, the client an error', async () => {
    proxy = await startFaultProxy({ target: echoUrl, script: ['drop-request-body'], seed: 7 });
    const payload = body(2_000_000);
    await expect(post(proxy.url, payload)).rejects.toThrow();
    await waitSeen(1);
    expect(seen[0]?.complete).toBe(false);
    expect(seen[0]?.bytes).toBeLessThan(payload.length);
    expect(proxy.log[0]?.bytesUp).toBeLessThan(payload.length);
    expect(proxy.log[0]?.status).toBeNull();
  });

  it('cuts a request without a body before it reaches the server', async () => {
    proxy = await startFaultProxy({ target: echoUrl, script: ['drop-request-body', 'none'] });
    await expect(fetch(`${proxy.url}/api/sync/ping`)).rejects.toThrow();
    const after = await fetch(`${proxy.url}/api/sync/ping`);
    expect(after.status).toBe(200);
    await after.text();
    expect(seen.map((s) => s.path)).toEqual(['/api/sync/ping']);
  });

  it('drops the answer: the server got the whole request, the client gets nothing', async () => {
    proxy = await startFaultProxy({ target: echoUrl, script: ['drop-response'] });
    const payload = body(300_000);
    await expect(post(proxy.url, payload)).rejects.toThrow();
    await waitSeen(1);
    expect(seen[0]).toMatchObject({ complete: true, bytes: payload.length });
    expect(proxy.log[0]?.bytesDown).toBe(0);
  });

  it('truncates the answer: status and headers arrive, the body breaks off', async () => {
    proxy = await startFaultProxy({ target: echoUrl, script: ['truncate-response'], seed: 3 });
    const res = await fetch(`${proxy.url}/api/sync/batches`, { method: 'POST', body: body(100) });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(seen).toHaveLength(1);
    expect(proxy.log[0]?.bytesDown).toBeLessThan(4000);
  });

  it('duplicates a request: the server gets it twice, the client one answer', async () => {
    proxy = await startFaultProxy({ target: echoUrl, script: ['duplicate'] });
    const payload = body(50_000);
    const result = await post(proxy.url, payload);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ bytes: payload.length });
    await waitSeen(2);
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => s.complete && s.bytes === payload.length)).toBe(true);
    expect(proxy.log).toHaveLength(1);
    expect(proxy.log[0]?.bytesUp).toBe(2 * payload.length);
  });

  it('delays a request by at least the pause before the server sees it', async () => {
    proxy = await startFaultProxy({ target: echoUrl, script: ['delay'], delayMs: 300 });
    const sentAt = Date.now();
    const result = await post(proxy.url, body(10));
    expect(result.status).toBe(200);
    expect(seen[0]!.at - sentAt).toBeGreaterThanOrEqual(300);
  });

  it('faults only the requests that match', async () => {
    proxy = await startFaultProxy({
      target: echoUrl,
      rates: { 'error-500': 1 },
      match: (r) => r.path.startsWith('/api/sync/files/'),
    });
    const ping = await fetch(`${proxy.url}/api/sync/ping`);
    expect(ping.status).toBe(200);
    await ping.text();
    expect((await post(proxy.url, body(10))).status).toBe(500);
  });

  it('cuts the link every N bytes, wherever the transfer is', async () => {
    proxy = await startFaultProxy({ target: echoUrl, dropEveryBytes: 2_500_000 });
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      try {
        await post(proxy.url, body(1_000_000));
        outcomes.push('ok');
      } catch {
        outcomes.push('cut');
      }
    }
    // Bytes counted both ways (answers are ~4 kB): the 3rd request crosses 2.5 MB and is cut
    // there; the next 2.5 MB run out in the middle of the 6th.
    expect(outcomes).toEqual(['ok', 'ok', 'cut', 'ok', 'ok', 'cut', 'ok']);
    expect(proxy.stats().linkDrops).toBe(2);
    expect(proxy.log.filter((e) => e.linkDropped).map((e) => e.n)).toEqual([2, 5]);
  });

  it('goes offline and back', async () => {
    proxy = await startFaultProxy({ target: echoUrl });
    proxy.setOffline(true);
    await expect(fetch(`${proxy.url}/api/sync/ping`)).rejects.toThrow();
    proxy.setOffline(false);
    const res = await fetch(`${proxy.url}/api/sync/ping`);
    expect(res.status).toBe(200);
    await res.text();
  });

  it('makes the same decisions, cut points included, for the same seed', async () => {
    const run = async (seed: number): Promise<{ faults: Decision[]; up: number[] }> => {
      const p = await startFaultProxy({
        target: echoUrl,
        seed,
        rates: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0.1])),
        delayMs: 5,
      });
      try {
        for (let i = 0; i < 40; i++) {
          try {
            const res = await fetch(`${p.url}/r/${i}`, { method: 'POST', body: body(20_000) });
            await res.text();
          } catch {
            // faults
          }
        }
        // Each request is logged once its fate is decided; wait until every one is accounted for.
        return { faults: p.log.map((e) => e.fault), up: p.log.map((e) => (e.fault === 'duplicate' ? -1 : e.bytesUp)) };
      } finally {
        await p.close();
      }
    };
    const a = await run(42);
    const b = await run(42);
    const c = await run(43);
    expect(a.faults).toHaveLength(40);
    expect(b.faults).toEqual(a.faults);
    expect(c.faults).not.toEqual(a.faults);
    // Every kind occurs in 40 requests at 10% each for this seed, and the cut points repeat.
    expect(new Set(a.faults)).toEqual(new Set(['none', ...FAULT_KINDS]));
    const cutsA = a.up.filter((_, i) => a.faults[i] === 'drop-request-body');
    const cutsB = b.up.filter((_, i) => b.faults[i] === 'drop-request-body');
    expect(cutsB).toEqual(cutsA);
  });
});
