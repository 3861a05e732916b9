import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

// The C++ server serves dist/ at "/" with an SPA fallback to index.html for unknown
// non-/api paths, and to h5.html (the residents' phone pages) for paths under /m/; in
// development the API is proxied to a locally running server.
// In development, answer /m/... (no file extension) with h5.html as the C++ server does.
const h5Fallback = {
  name: 'linli-h5-fallback',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const path = (req.url || '').split('?')[0]
      if ((path === '/m' || path.startsWith('/m/')) && !/\.[a-z0-9]+$/i.test(path)) req.url = '/h5.html'
      next()
    })
  },
}

export default defineConfig({
  base: '/',
  plugins: [vue(), h5Fallback],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is imported whole and exceljs is loaded only when a file is imported;
    // both are large by nature, so the default 500 kB warning is just noise.
    chunkSizeWarningLimit: 1500,
    // The plugin-timing report is advice for plugin authors, not for this app.
    rolldownOptions: {
      checks: { pluginTimings: false },
      // Two pages: the staff console (index.html) and the residents' H5 (h5.html, Vant).
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        h5: fileURLToPath(new URL('./h5.html', import.meta.url)),
      },
    },
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
