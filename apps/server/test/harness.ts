/**
 * Test harness: a whole platform on a real database — in-memory PGlite, or a fresh database
 * on the PostgreSQL server named by TEST_DATABASE_URL — seeded with the demo district, with
 * a clock the test controls. `as(username)` signs a demo account in and returns a client.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import pg from 'pg';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/demo/district.ts';
import { type Platform, startPlatform } from '../src/platform/boot.ts';
import { manualClock } from '../src/platform/clock.ts';
import { type Config, loadConfig } from '../src/platform/config.ts';
import type { DatabaseOptions } from '../src/platform/db/database.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const dbLabel = TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  cookies: Array<{ name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean }>;
}

export interface Client {
  cookie: string;
  csrf: string;
  get<T = any>(url: string, headers?: Record<string, string>): Promise<Reply<T>>;
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  patch<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  /** A Buffer body goes as it is, with the content-type given in `headers`; anything else as JSON. */
  put<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  delete<T = any>(url: string, headers?: Record<string, string>): Promise<Reply<T>>;
}

export interface TestPlatform extends Platform {
  config: Config;
  /** The PostgreSQL database of this platform, when the suite runs on PostgreSQL. */
  databaseUrl: string | undefined;
  clock: ReturnType<typeof manualClock>;
  /** An anonymous client. */
  anon: Client;
  /**
   * Signs in a demo (or test-created) account; admins pass TOTP with the demo secret, a
   * test-created account enrolled in TOTP passes `totpSecret`.
   */
  as(username: string, password?: string, opts?: { totpSecret?: string }): Promise<Client>;
  /** A client carrying the given cookie and CSRF token (either may be empty). */
  client(cookie?: string, csrf?: string): Client;
  /** A TOTP code for the demo secret at the test clock's current time. */
  totp(secret?: string): string;
  /** Finds a unit's public id by its code. */
  unitId(code: string): Promise<string>;
}

export async function freshPostgresDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gz_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      // pg's pool resolves end() before its connections have finished closing; forcing the
      // drop at once would kill them mid-goodbye and surface as unhandled errors. Wait for
      // them a moment, and force only if something really is left behind.
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await c.query(`drop database if exists ${name}`);
            return;
          } catch (err) {
            if ((err as { code?: string }).code !== '55006' || attempt >= 50) break;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function startTestPlatform(
  overrides: Partial<Config> = {},
  opts: { seed?: boolean } = {},
): Promise<TestPlatform> {
  const clock = manualClock('2026-11-23T02:00:00Z');
  const config: Config = {
    ...loadConfig({}),
    // A directory of its own for what the platform keeps on disk besides the database (files).
    dataDir: overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'gz-test-')),
    dataKey: randomBytes(32).toString('base64'),
    logLevel: 'silent',
    runJobs: false,
    ...overrides,
  };
  const pgdb = TEST_DATABASE_URL ? await freshPostgresDatabase(TEST_DATABASE_URL) : undefined;
  const database: DatabaseOptions = pgdb ? { url: pgdb.url, poolSize: 10 } : { memory: true };
  const platform = await startPlatform(config, { clock, database, seed: opts.seed ?? true });
  const app = platform.app;

  function client(cookie = '', csrf = ''): Client {
    async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
          ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined
          ? { payload: Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body) }
          : {}),
      });
      let parsed: unknown = res.body;
      if (res.headers['content-type']?.toString().includes('json'))
        parsed = res.body ? JSON.parse(res.body) : undefined;
      return { status: res.statusCode, body: parsed, headers: res.headers, cookies: res.cookies } as Reply;
    }
    return {
      cookie,
      csrf,
      get: (url, headers) => send('GET', url, undefined, headers),
      post: (url, body, headers) => send('POST', url, body ?? {}, headers),
      patch: (url, body, headers) => send('PATCH', url, body ?? {}, headers),
      put: (url, body, headers) => send('PUT', url, body ?? {}, headers),
      delete: (url, headers) => send('DELETE', url, undefined, headers),
    };
  }

  const totp = (secret = DEMO_TOTP_SECRET) => generateSync({ secret, epoch: Math.floor(clock().getTime() / 1000) });

  return {
    ...platform,
    clock,
    config,
    databaseUrl: pgdb?.url,
    anon: client(),
    totp,
    client,
    async as(username, password = DEMO_PASSWORD, opts = {}) {
      const account = DEMO_ACCOUNTS.find((a) => a.username === username);
      const secret = opts.totpSecret ?? (account?.totp ? DEMO_TOTP_SECRET : undefined);
      // A TOTP code is accepted once: move to the next 30-second step for every admin login.
      if (secret) clock.advance(30_000);
      const res = await client().post('/api/auth/login', {
        username,
        password,
        ...(secret ? { totp: totp(secret) } : {}),
      });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const session = res.cookies.find((c) => c.name === 'gz_session');
      return client(`gz_session=${session?.value}`, res.body.csrfToken);
    },
    async unitId(code) {
      const row = await platform.deps.db
        .selectFrom('org_unit')
        .select('uid')
        .where('code', '=', code)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      return row.uid;
    },
    async close() {
      await platform.close();
      await pgdb?.drop();
      if (!overrides.dataDir) rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
