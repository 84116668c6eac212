#!/usr/bin/env node
// Launcher for the `sohoa-hub` command, on Node 22 or newer (`npx sohoa-hub` and `npm run hub` in
// the project pick the bundled Node 22). The hub is a long-running server, so it is not prebuilt:
// tsx transpiles hub/cli.ts at start (about a second), then the hub runs as plain Node.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `sohoa-hub cần Node.js 22 trở lên (đang chạy ${process.version}). Hãy chạy "npx sohoa-hub …" trong thư mục dự án.`,
  );
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
await import('./cli.ts');
