import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C++ server serves dist/ at "/" with an SPA fallback to index.html for unknown
// non-/api paths; in development the API is proxied to a locally running server.
export default defineConfig({
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is imported whole and exceljs is loaded only when a file is imported;
    // both are large by nature, so the default 500 kB warning is just noise.
    chunkSizeWarningLimit: 1500,
    // The plugin-timing report is advice for plugin authors, not for this app.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.js'],
  },
})
