/**
 * Browser-test harness: starts the real server (fresh PGlite data dir, demo district, the
 * built web app) as a child process and launches Debian's Chromium with playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { OrgTreeNode } from '@gongzhi/api';
import { generateSync } from 'otplib';
import { type APIRequestContext, type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;
export const DEMO_PASSWORD = 'Gongzhi-Demo-2026';
export const DEMO_TOTP_SECRET = 'GONGZHIDEMOSECRETJIANGHAIQU23456';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface E2E {
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gz-e2e-'));
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      GONGZHI_DATA_DIR: dataDir,
      GONGZHI_WEB_DIST: join(root, 'apps/web/dist'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout?.on('data', (d) => {
    output += d;
  });
  server.stderr?.on('data', (d) => {
    output += d;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not ready: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    baseUrl,
    browser,
    async close() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A TOTP code for the demo admin secret, now; waits for a fresh step if this one was used. */
let lastStep = 0;
export async function demoTotp(): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if (step <= lastStep) {
    await new Promise((r) => setTimeout(r, (step + 1) * 30_000 - Date.now() + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  lastStep = step;
  return generateSync({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(Date.now() / 1000) });
}

export async function seriousViolations(page: Page) {
  // Axe reads colours as drawn: a dialog still fading in has its text at part opacity. Finite
  // animations are let finish first (spinners run forever and are not waited for).
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
      undefined,
      { timeout: 5000 },
    )
    .catch(() => undefined);
  // antd-mobile's dialogs and popups fade in from script (react-spring), not as CSS animations.
  // The spring drives the wrapper around a dialog's body, so wait until every dialog and mask is
  // drawn at full opacity, counting its ancestors, and has held it for two frames.
  const drawnInFull = () =>
    [...document.querySelectorAll('.adm-center-popup-body, .adm-popup-body, .adm-mask')].every((el) => {
      if (el.getClientRects().length === 0) return true; // not rendered (display: none somewhere)
      for (let at: Element | null = el; at; at = at.parentElement) {
        if (Number(getComputedStyle(at).opacity) < 1) return false;
      }
      return true;
    });
  const settle = () => page.waitForFunction(drawnInFull, undefined, { timeout: 5000 }).catch(() => undefined);
  await settle();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await settle();
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
}

export interface Session {
  context: BrowserContext;
  page: Page;
}

/** A browser session signed in through the login page, in Chinese, at the given viewport. */
export async function signIn(
  e2e: E2E,
  username: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<Session> {
  const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport });
  const page = await context.newPage();
  await page.goto(`${e2e.baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

/** JSON calls with the session of the page, the CSRF token the server handed it, and a check of the status. */
export function apiOf(e2e: E2E, request: APIRequestContext) {
  let csrf: string | null = null;
  const token = async () => {
    csrf ??= (await (await request.get(`${e2e.baseUrl}/api/auth/me`)).json()).csrfToken as string;
    return csrf;
  };
  const check = async <T>(res: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    if (!res.ok()) throw new Error(`${res.url()} → ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    get: async <T>(path: string) => check<T>(await request.get(`${e2e.baseUrl}${path}`)),
    bytes: async (path: string) => {
      const res = await request.get(`${e2e.baseUrl}${path}`);
      if (!res.ok()) throw new Error(`${path} → ${res.status()}`);
      return res.body();
    },
    post: async <T>(path: string, data: unknown) =>
      check<T>(await request.post(`${e2e.baseUrl}${path}`, { data, headers: { 'X-CSRF-Token': await token() } })),
    upload: async <T>(
      path: string,
      multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>,
    ) =>
      check<T>(await request.post(`${e2e.baseUrl}${path}`, { multipart, headers: { 'X-CSRF-Token': await token() } })),
    put: async <T>(path: string, data: Buffer | object, contentType?: string) =>
      check<T>(
        await request.put(`${e2e.baseUrl}${path}`, {
          data,
          headers: { 'X-CSRF-Token': await token(), ...(contentType ? { 'Content-Type': contentType } : {}) },
        }),
      ),
  };
}

/** The unit of an org tree with the given code. */
export function findUnit(nodes: OrgTreeNode[], code: string): OrgTreeNode | undefined {
  for (const n of nodes) {
    if (n.code === code) return n;
    const found = findUnit(n.children, code);
    if (found) return found;
  }
  return undefined;
}
