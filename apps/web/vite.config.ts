import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// The API lives on the same origin in production (the server serves dist/ with an SPA
// fallback); in development and preview Vite forwards API calls to the Fastify process,
// on :3000 unless GONGZHI_API_URL names another.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', 'GONGZHI_');
  const target = env.GONGZHI_API_URL ?? 'http://localhost:3000';
  const proxy = { '/api': { target }, '/healthz': { target } };
  return {
    plugins: [react()],
    server: { proxy },
    preview: { proxy },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // antd's shared core lands in one chunk of ~400 kB (≈135 kB gzip); pages stay small.
      chunkSizeWarningLimit: 450,
    },
  };
});
