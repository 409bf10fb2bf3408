/**
 * Registers the service worker that keeps the app shell on the phone (built by
 * vite-plugin-pwa, see vite.config.ts). Only the phone app registers it: the PC 工作台 stays
 * a plain web page. The worker activates at once (skipWaiting + clientsClaim), so a reload
 * without signal already finds the shell.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // No worker (private mode, an old browser): the app still works while online.
  });
}
