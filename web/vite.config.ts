import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The console is served by the Tandem server from web/dist; `npm run dev -w web` proxies the API to it. */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed names under /assets/ are served with immutable caching.
    assetsDir: 'assets',
    sourcemap: false,
    // The budget that matters is checked by scripts/bundle-budget.mjs (gzipped initial JS).
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', ws: true },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
  },
});
