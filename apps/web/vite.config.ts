import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The files the phone app (src/mobile, 共治·网格通) needs to start with no network: the entry
 * chunk and everything it imports statically, plus the phone app's chunk and everything it
 * imports, CSS included. Read from the bundle itself, so the list is never kept by hand;
 * the service worker precaches these and not the 工作台's own pages (maps, charts, tables),
 * which a grid worker's phone would otherwise download for nothing.
 */
function phoneShell(): Plugin & { files: Set<string> } {
  const files = new Set<string>();
  return {
    name: 'gongzhi-phone-shell',
    apply: 'build',
    files,
    // The installed app's colour and the icon iOS puts on the home screen.
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { name: 'theme-color', content: '#b71c1c' }, injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon.png' }, injectTo: 'head' },
    ],
    generateBundle(_options, bundle) {
      files.clear();
      const chunks = new Map<string, (typeof bundle)[string]>(Object.entries(bundle));
      const visit = (fileName: string, dynamic: boolean) => {
        if (files.has(fileName)) return;
        const out = chunks.get(fileName);
        if (!out) return;
        files.add(fileName);
        if (out.type !== 'chunk') return;
        const meta = (out as { viteMetadata?: { importedCss?: Set<string>; importedAssets?: Set<string> } })
          .viteMetadata;
        for (const css of meta?.importedCss ?? []) files.add(css);
        for (const asset of meta?.importedAssets ?? []) files.add(asset);
        for (const f of out.imports) visit(f, dynamic);
        if (dynamic) for (const f of out.dynamicImports) visit(f, true);
      };
      for (const out of chunks.values()) {
        if (out.type !== 'chunk') continue;
        if (out.isEntry) visit(out.fileName, false);
      }
      for (const out of chunks.values()) {
        if (out.type === 'chunk' && out.facadeModuleId?.includes('/src/mobile/')) visit(out.fileName, true);
      }
      if (![...files].some((f) => chunks.get(f)?.type === 'chunk' && f.includes('MobileApp'))) {
        this.error('gongzhi-phone-shell: the phone app chunk (src/mobile/MobileApp.tsx) is not in the bundle');
      }
    },
  };
}

/**
 * Brotli and gzip copies of the text files beside them, which the server sends to browsers
 * that accept them (@fastify/static preCompressed): on a village's weak signal the phone app's
 * first load is a third of the bytes.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'gongzhi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        );
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|webmanifest)$/.test(file)) continue;
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(bytes));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

// The API lives on the same origin in production (the server serves dist/ with an SPA
// fallback); in development and preview Vite forwards API calls to the Fastify process,
// on :3000 unless GONGZHI_API_URL names another.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', 'GONGZHI_');
  const target = env.GONGZHI_API_URL ?? 'http://localhost:3000';
  const proxy = { '/api': { target }, '/healthz': { target } };
  const shell = phoneShell();
  return {
    plugins: [
      react(),
      shell,
      precompress(),
      // The phone app's service worker (workbox generateSW): the shell precached, /m/*
      // navigations answered with index.html from the cache, so the app opens with no signal.
      // Nothing from /api is cached here: the lists and cards carry personal data and live in
      // IndexedDB (src/mobile/store.ts), per user, cleared on sign-out.
      VitePWA({
        strategies: 'generateSW',
        registerType: 'autoUpdate',
        injectRegister: false,
        // The icons come with the glob below; the plugin adds the manifest itself.
        includeManifestIcons: false,
        filename: 'sw.js',
        manifestFilename: 'manifest.webmanifest',
        manifest: {
          id: '/m/',
          name: '共治·网格通',
          short_name: '网格通',
          description: '网格员走访:必访清单、户情卡、民情日记,离线可用',
          lang: 'zh-CN',
          start_url: '/m/',
          scope: '/',
          display: 'standalone',
          orientation: 'portrait',
          background_color: '#f5f5f5',
          theme_color: '#b71c1c',
          icons: [
            { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
            { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
            { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
            { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
          ],
        },
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png}'],
          manifestTransforms: [
            (entries) => {
              const seen = new Set<string>();
              const keep = (url: string) => !seen.has(url) && (!url.startsWith('assets/') || shell.files.has(url));
              return { manifest: entries.filter((e) => keep(e.url) && seen.add(e.url)), warnings: [] };
            },
          ],
          navigateFallback: '/index.html',
          navigateFallbackAllowlist: [/^\/m(\/|$)/],
          navigateFallbackDenylist: [/^\/api\//],
          runtimeCaching: [],
          cleanupOutdatedCaches: true,
          clientsClaim: true,
          skipWaiting: true,
          maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        },
      }),
    ],
    // antd-mobile 5 brings @react-spring 9, whose peer range stops at React 18, so npm keeps a
    // React 18 at the workspace root for it and React 19 under apps/web. One React in the
    // bundle, ours: two copies break every hook ("reading 'useContext'" of null).
    resolve: { dedupe: ['react', 'react-dom'] },
    server: { proxy },
    preview: { proxy },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // antd's shared core lands in one chunk of ~400 kB (≈135 kB gzip), ECharts' core in one of
      // ~530 kB (≈180 kB gzip) that only the coverage page loads; pages stay small.
      chunkSizeWarningLimit: 560,
    },
  };
});
