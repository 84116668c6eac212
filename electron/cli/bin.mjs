#!/usr/bin/env node
// Launcher for the `sohoa` command, on Node 22 or newer (better-sqlite3 13 and pdf.js 6 need it;
// `npx sohoa` and `npm run sohoa` in the project pick the bundled Node 22). It runs the prebuilt
// bundle of electron/cli/main.ts, so nothing is transpiled at start; when the bundle is missing
// or older than any of its sources, it is built first (electron/tools/build-cli.mjs, ~1 s).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `sohoa cần Node.js 22 trở lên (đang chạy ${process.version}). Hãy chạy "npx sohoa …" trong thư mục dự án.`,
  );
  process.exit(2);
}
const { pathToFileURL } = await import('node:url');
const cli = await import('../tools/build-cli.mjs');
const entry = cli.freshEntry() ?? (await cli.build());
await import(pathToFileURL(entry).href);
