import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built once and served by either transport: Electron's app:// scheme or the
// local web host. Relative base so that both resolve assets the same way.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
  },
});
