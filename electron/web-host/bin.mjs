#!/usr/bin/env node
// Launcher for the web host (npm run dev:web, the end-to-end tests), on Node 22 or newer. Like
// electron/cli/bin.mjs it runs the prebuilt bundle of electron/web-host/cli.ts, building it first
// when it is missing or older than any of its sources (electron/tools/build-cli.mjs).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`Cần Node.js 22 trở lên (đang chạy ${process.version}). Hãy chạy "npm run dev:web".`);
  process.exit(2);
}
const { pathToFileURL } = await import('node:url');
const build = await import('../tools/build-cli.mjs');
const entry = build.freshEntry('web-host') ?? (await build.build('web-host'));
await import(pathToFileURL(entry).href);
