/** Staging per process: a second process on the data folder never empties the first one's uploads. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tempDir, testBackend } from './helpers';

describe('staging per process', () => {
  it("keeps a running process's staged files and clears those of processes that are gone", async () => {
    const dataDir = await tempDir();
    const first = await testBackend(dataDir);
    const { stagedId } = await first.staging.stageStream('so.pdf', Readable.from([Buffer.from('%PDF-1.4 …')]));
    const stagedPath = first.staging.resolve(stagedId).path;
    expect(path.dirname(stagedPath)).toBe(first.staging.dir);

    // Left by a process that has exited, and by the older shared layout.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const deadDir = path.join(first.layout.staging, `${gone}-deadbeef`);
    await fs.mkdir(deadDir);
    await fs.writeFile(path.join(deadDir, 'x'), 'old');
    await fs.writeFile(path.join(first.layout.staging, 'old-upload'), 'old');

    // A second opener of the same folder (a command line call beside the web host).
    const second = await testBackend(dataDir);
    expect(second.staging.dir).not.toBe(first.staging.dir);
    expect(await fs.readFile(stagedPath, 'utf8')).toBe('%PDF-1.4 …');
    expect(first.staging.resolve(stagedId).path).toBe(stagedPath);
    expect((await fs.readdir(first.layout.staging)).sort()).toEqual(
      [path.basename(first.staging.dir), path.basename(second.staging.dir)].sort(),
    );
  });
});
