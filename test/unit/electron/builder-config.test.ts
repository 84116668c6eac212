/**
 * The packaging configuration as electron-builder itself reads and validates it: the Electron
 * fuses that close the doors of the installed app are set, with the names the builder passes on
 * to @electron/fuses (an unknown key would be dropped without a word).
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

interface FuseOptions {
  [key: string]: unknown;
}
interface BuilderConfig {
  electronFuses?: FuseOptions | null;
  asar?: boolean;
  files?: unknown;
}

async function builderConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(ROOT, 'electron-builder.yml', null);
  await validateConfiguration(config, new DebugLogger(false)); // throws on a key its schema does not know
  return config;
}

describe('electron-builder.yml', () => {
  it('sets the Electron fuses: no Node mode, no NODE_OPTIONS, no --inspect, app.asar only and checked', async () => {
    const config = await builderConfig();
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('is turned by electron-builder into these @electron/fuses wires', async () => {
    const config = await builderConfig();
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: { prototype: { generateFuseConfig(fuses: FuseOptions): Promise<Record<string, unknown>> } };
    };
    const wires = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses!);
    expect(wires[FuseV1Options.RunAsNode]).toBe(false);
    expect(wires[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wires[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wires[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wires[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wires[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it("leaves the district hub's packages out of the desktop app", async () => {
    const { files } = await builderConfig();
    // electron-builder normalizes `files` into [{ filter: [...] }].
    const patterns = (Array.isArray(files) ? files : [])
      .flatMap((f: unknown) => (typeof f === 'string' ? [f] : ((f as { filter?: unknown[] }).filter ?? [])))
      .filter((f): f is string => typeof f === 'string');
    // minimatch, as electron-builder itself matches these patterns.
    const minimatch = require('minimatch') as (path: string, pattern: string) => boolean;
    for (const pkg of [
      '@electric-sql/pglite',
      'hono',
      '@hono/node-server',
      '@tus/server',
      '@tus/file-store',
      'pg',
      'pg-pool',
    ]) {
      const file = `node_modules/${pkg}/package.json`;
      expect(
        patterns.some((p) => p.startsWith('!') && minimatch(file, p.slice(1))),
        file,
      ).toBe(true);
    }
  });
});
