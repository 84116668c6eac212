#!/usr/bin/env node
/**
 * Electron security lint: runs @doyensec/electronegativity over the `electron/` sources and
 * exits non-zero on any HIGH-severity finding that has not been reviewed below, or on any file it
 * could not parse (a file that is not parsed is a file that is not checked).
 *
 * Why the TypeScript sources and not `dist-electron/`: Electronegativity parses `.ts` with
 * @babel/parser (7.29 here, which reads current TypeScript), so findings point at lines we wrote;
 * its directory loader also skips `.cjs`/`.mjs`, so the bundle would not even be read. The
 * window options are written as a literal inside `new BrowserWindow({...})`
 * (electron/main/window-options.ts) precisely so that the webPreferences checks can see them.
 *
 * Usage: node electron/tools/electronegativity.mjs   (npm run lint:electron)
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const input = path.join(root, 'electron');

/**
 * Checks not run, each with its reason. Nothing else is excluded.
 */
const EXCLUDED_CHECKS = [
  {
    check: 'AvailableSecurityFixesGlobalCheck',
    reason:
      'Compares the Electron version in a package.json inside the input against the releases list it ' +
      'downloads from GitHub. The input (electron/) has no package.json, so the check has nothing to ' +
      'check; it would only make network requests, which this offline build must not depend on. ' +
      'The Electron version is pinned in the root package.json and upgraded deliberately.',
  },
];

/**
 * Findings that were reviewed and are accepted, matched by check id AND file (relative to
 * electron/, "N/A" for whole-app findings). They are still printed, with the reason; a finding
 * of the same kind anywhere else is not covered.
 */
const REVIEWED = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    reason:
      'False positive: the CSP is not a <meta> tag or a webRequest callback (what the check looks ' +
      'for) but a response header that protocol-responses.ts adds to every app:// and sohoa-scan:// ' +
      'response, from CONTENT_SECURITY_POLICY in electron/backend/security-policy.ts ' +
      "(default-src 'none', no unsafe-*, no remote origins). test/unit/electron/main-wiring.test.ts " +
      'asserts the header on real responses.',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main/window-options.ts',
    reason:
      'Reviewed: the preload (electron/preload/preload.ts) runs sandboxed with context isolation and ' +
      'exposes only invoke/stageFile/scanUrl/pickExportFolder through contextBridge, never ipcRenderer; the main ' +
      'process checks the sender origin on every channel. test/unit/electron/window-security.test.ts ' +
      'asserts the exposed surface.',
  },
];

function normalise(file) {
  return String(file).split(path.sep).join('/');
}

function isReviewed(issue) {
  return REVIEWED.find((entry) => entry.id === issue.id && entry.file === normalise(issue.file));
}

function table(rows, headers) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ');
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('-+-'), ...rows.map(line)].join('\n');
}

async function main() {
  const run = require('@doyensec/electronegativity');
  const electronVersion = require('electron/package.json').version;
  const result = await run({
    input,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: EXCLUDED_CHECKS.map((entry) => entry.check.toLowerCase()),
  });

  console.log(
    `\nElectronegativity on ${path.relative(root, input)}/ (Electron ${electronVersion}): ` +
      `${result.globalChecks} global + ${result.atomicChecks} atomic checks`,
  );
  for (const entry of EXCLUDED_CHECKS) console.log(`  not run: ${entry.check} (${entry.reason})`);

  const reviewed = [];
  const open = [];
  for (const issue of result.issues) (isReviewed(issue) ? reviewed : open).push(issue);
  const order = (a, b) => b.severity.value - a.severity.value || String(a.file).localeCompare(String(b.file));
  open.sort(order);

  if (open.length > 0) {
    console.log('\nFindings:');
    console.log(
      table(
        open.map((issue) => [
          issue.severity.name,
          issue.confidence.name,
          issue.id + (issue.manualReview ? ' (review)' : ''),
          `${normalise(issue.file)}:${issue.location.line}:${issue.location.column}`,
          issue.description,
        ]),
        ['SEVERITY', 'CONFIDENCE', 'CHECK', 'LOCATION', 'DESCRIPTION'],
      ),
    );
  } else {
    console.log('\nNo open findings.');
  }
  if (reviewed.length > 0) {
    console.log('\nReviewed and accepted:');
    for (const issue of reviewed) {
      console.log(`  ${issue.severity.name} ${issue.id} ${normalise(issue.file)}:${issue.location.line}`);
      console.log(`    ${isReviewed(issue).reason}`);
    }
  }

  const parseErrors = result.errors.filter((error) => !error.tolerable);
  for (const error of result.errors) {
    console.log(`${error.tolerable ? 'warning' : 'error'}: could not fully parse ${error.file}: ${error.message}`);
  }

  const high = open.filter((issue) => issue.severity.name === 'HIGH');
  if (high.length > 0 || parseErrors.length > 0) {
    console.error(
      `\nFAILED: ${high.length} HIGH finding(s), ${parseErrors.length} unparsed file(s). ` +
        'Fix them, or review them and record the reason in electron/tools/electronegativity.mjs.',
    );
    process.exit(1);
  }
  console.log('\nOK: no HIGH findings.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
