/**
 * The benches `npm run bench` knows, in the order it runs them. Each is loaded only in its own
 * process (one.ts), so a bench's modules never weigh on another's memory.
 */
import type { BenchResult } from './report';

export interface BenchEntry {
  name: string;
  load: () => Promise<() => Promise<BenchResult>>;
}

export const BENCHES: BenchEntry[] = [
  { name: 'cli', load: async () => (await import('./cli.bench')).runCliBench },
  { name: 'scan-viewer', load: async () => (await import('./scan-viewer.bench')).runScanViewerBench },
  { name: 'records', load: async () => (await import('./records.bench')).runRecordsBench },
  { name: 'search', load: async () => (await import('./search.bench')).runSearchBench },
  { name: 'export', load: async () => (await import('./export.bench')).runExportBench },
  { name: 'sync', load: async () => (await import('./sync.bench')).runSyncBench },
];
