import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The district hub's review screens (renderer/hub), served by the hub at /kiem-tra/.
export default defineConfig({
  root: 'renderer/hub',
  base: '/kiem-tra/',
  plugins: [react()],
  build: {
    outDir: '../../dist-hub',
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
  },
});
