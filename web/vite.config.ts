import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server of `trail serve`; in development Vite forwards /api to it.
const API_SERVER = 'http://127.0.0.1:4317';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // vega-embed and the Markdown renderer (KaTeX, highlight.js) are big but lazy: only the
    // pages that draw charts or Markdown load them, so their size does not slow the catalog.
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      // The API refuses other hosts and cross-site writes; the dev server is another origin, so
      // its requests are sent as the app's own (in production the server serves the app itself).
      '/api': { target: API_SERVER, changeOrigin: true, headers: { origin: API_SERVER } },
    },
  },
});
