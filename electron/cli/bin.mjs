#!/usr/bin/env node
// Launcher for the `sohoa` command: runs the TypeScript CLI through tsx, on Node 22 or newer
// (better-sqlite3 13 and pdf.js 6 need it; `npx sohoa` in the project picks the bundled Node 22).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `sohoa cần Node.js 22 trở lên (đang chạy ${process.version}). Hãy chạy "npx sohoa …" trong thư mục dự án.`,
  );
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
await import('./main.ts');
