// Builds the dashboard into dist/web, which the Node server serves beside the API.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// This config may be loaded from any working directory (`vite build --config src/web/vite.config.ts`),
// so paths are resolved from this file, not from process.cwd().
const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${here}../../dist/web`,
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npx vite --config src/web/vite.config.ts` next to `touchpoint serve` on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
