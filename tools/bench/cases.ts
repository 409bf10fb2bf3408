/**
 * The cases scenarios (事件), as community staff of up to 12 communities spread over the district
 * (staff.jinxi first), rotating request by request, 50 connections:
 *
 * - `case-list`: GET /api/cases?unit=<community>&status=open|dispatched, the first page — the
 *   dispatch console's list, read through the `cases_open` index. Target ≥ 0.4 × raw-read req/s in
 *   the same run, p99 < 50 ms.
 * - `case-create`: POST /api/cases at the window (channel 'window', 首问负责): a category of the
 *   district's tree, a grid of the staff member's community, an address and a reporter with a phone
 *   (sealed), JSON only, a fresh uid and Idempotency-Key per request — timeline row, outbox event and
 *   audit record included. Communities are spread so that no one community's audit chain is the
 *   bottleneck. Target ≥ 0.4 × raw-write req/s in the same run, p99 < 100 ms.
 *
 * case-create's cases are deleted afterwards (`cleanup`, on PostgreSQL; PGlite's database is thrown
 * away with the run), so a kept district does not collect them run after run and the list reads
 * the same district every time. case-list runs first in SCENARIOS so that within a run it reads the
 * generated cases only. Their audit records and outbox events stay: the audit log is append-only.
 * The district needs its categories and cases (the generator's cases step; a kept district gets it added).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/district.ts';
import type { Load, Scenario, Target } from './scenarios.ts';

const COMMUNITIES = 12;
/** What marks the bench's own cases, for the clean-up: no real report starts so. */
const MARK = '【压测】';

interface Staff {
  username: string;
  cookie: string;
  csrf: string;
  community: string;
  grids: string[];
}

async function getJson<T>(baseUrl: string, path: string, cookie: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface Node {
  id: string;
  kind?: string;
  children: Node[];
}

async function signIn(baseUrl: string, username: string): Promise<Staff> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`login as ${username}: HTTP ${res.status} ${text}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .join('; ');
  const csrf = JSON.parse(text).csrfToken as string;
  const me = await getJson<{ roles: Array<{ unitId: string }> }>(baseUrl, '/api/auth/me', cookie);
  const community = me.roles[0]?.unitId;
  if (!community) throw new Error(`${username} has no unit`);
  // The community's grids: the intake places a window report on the grid the staff name.
  const tree = await getJson<{ roots: Node[] }>(baseUrl, '/api/org/tree', cookie);
  const grids: string[] = [];
  const stack = [...tree.roots];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.kind === 'grid') grids.push(n.id);
    stack.push(...n.children);
  }
  return { username, cookie, csrf, community, grids };
}

/** Community staff across the district: staff.jinxi, then a spread of the others. */
async function staffOf(target: Target): Promise<Staff[]> {
  const all = target.accounts
    .filter((a) => a.role === 'community_staff' && !a.totp)
    .sort((a, b) => a.unit.localeCompare(b.unit))
    .map((a) => a.username);
  if (all.length === 0) throw new Error('no community staff accounts in the generated district');
  const step = Math.max(1, Math.floor(all.length / COMMUNITIES));
  const picked = ['staff.jinxi', ...all.filter((_, i) => i % step === 0).filter((u) => u !== 'staff.jinxi')]
    .filter((u) => all.includes(u))
    .slice(0, COMMUNITIES);
  return Promise.all(picked.map((u) => signIn(target.baseUrl, u)));
}

/** Rotates over prepared requests (a stride, so consecutive requests go to different communities). */
function rotating(
  method: 'GET' | 'POST',
  requests: Array<{ path: string; headers: Record<string, string>; body?: () => string }>,
): Load {
  if (requests.length === 0) throw new Error('nothing to request');
  let next = 0;
  const first = requests[0] as (typeof requests)[0];
  return {
    method,
    path: first.path,
    headers: first.headers,
    ...(first.body ? { body: first.body() } : {}),
    setupRequest: (req) => {
      const r = requests[(next++ * 7919) % requests.length] as (typeof requests)[0];
      return { ...req, path: r.path, headers: r.headers, ...(r.body ? { body: r.body() } : {}) };
    },
  };
}

export const CASE_LIST: Scenario = {
  name: 'case-list',
  about: `GET /api/cases?unit=<community>&status=open|dispatched, first page, as community staff of ${COMMUNITIES} communities (target ≥ 0.4 × raw-read, p99 < 50 ms)`,
  prepare: async (target) => {
    const requests: Array<{ path: string; headers: Record<string, string> }> = [];
    for (const s of await staffOf(target)) {
      for (const status of ['open', 'dispatched']) {
        requests.push({
          path: `/api/cases?${new URLSearchParams({ unit: s.community, status })}`,
          headers: { cookie: s.cookie },
        });
      }
    }
    return rotating('GET', requests);
  },
};

const TITLES = ['楼道堆放杂物', '小区路灯不亮', '垃圾清运不及时', '楼上漏水', '占道经营', '井盖松动'];

export const CASE_CREATE: Scenario = {
  name: 'case-create',
  about: `POST /api/cases at the window as community staff of ${COMMUNITIES} communities, JSON only, fresh uid and Idempotency-Key (target ≥ 0.4 × raw-write, p99 < 100 ms)`,
  prepare: async (target) => {
    const requests: Array<{ path: string; headers: Record<string, string>; body: () => string }> = [];
    let n = 0;
    for (const s of await staffOf(target)) {
      const tree = await getJson<{ items: Array<{ uid: string; children: Array<{ uid: string }> }> }>(
        target.baseUrl,
        '/api/cases/categories',
        s.cookie,
      );
      const categories = tree.items.flatMap((g) => (g.children.length ? g.children.map((c) => c.uid) : [g.uid]));
      if (categories.length === 0) throw new Error('no case categories: generate the district with the cases step');
      if (s.grids.length === 0) throw new Error(`${s.username}'s community has no grids`);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
      for (const grid of s.grids) {
        const i = n++;
        requests.push({
          path: '/api/cases',
          headers,
          body: () =>
            JSON.stringify({
              uid: randomUUID(),
              category: categories[i % categories.length],
              title: `${MARK}${TITLES[i % TITLES.length]}`,
              description: `${MARK}居民到社区服务窗口反映:${TITLES[i % TITLES.length]},希望尽快处理。`,
              channel: 'window',
              grid,
              address: `江海路${(i % 90) + 1}号`,
              reporter: { name: '陈志明', phone: `138${String(10_000_000 + ((i * 7919) % 89_999_999))}` },
            }),
        });
      }
    }
    // A fresh Idempotency-Key per request, as the workbench sends one per click.
    const load = rotating('POST', requests);
    const setup = load.setupRequest as NonNullable<Load['setupRequest']>;
    return {
      ...load,
      headers: { ...(load.headers ?? {}), 'idempotency-key': `bench-${randomUUID()}` },
      setupRequest: (req, context) => {
        const r = setup(req, context) as { headers?: Record<string, string> };
        return { ...r, headers: { ...(r.headers ?? {}), 'idempotency-key': `bench-${randomUUID()}` } } as typeof req;
      },
    };
  },
  cleanup: async (target) => {
    if (!target.databaseUrl) return;
    const c = new pg.Client({ connectionString: target.databaseUrl });
    await c.connect();
    try {
      // Requests still in flight when the run stopped commit a moment later: delete until two rounds a
      // second apart find nothing.
      for (let quiet = 0, round = 0; quiet < 2 && round < 30; round++) {
        const deleted = await deleteBenchCases(c);
        quiet = deleted === 0 ? quiet + 1 : 0;
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      await c.end();
    }
  },
};

async function deleteBenchCases(c: pg.Client): Promise<number> {
  await c.query('begin');
  try {
    const { rowCount } = await c.query(
      `create temporary table bench_cases on commit drop as
         select id from cases where title like $1 and channel = 'window'`,
      [`${MARK}%`],
    );
    for (const table of ['case_event', 'case_photo', 'case_reporter', 'case_task'])
      await c.query(`delete from ${table} where case_id in (select id from bench_cases)`);
    await c.query('delete from cases where id in (select id from bench_cases)');
    await c.query('commit');
    return rowCount ?? 0;
  } catch (err) {
    await c.query('rollback');
    throw err;
  }
}

export const CASES_SCENARIOS = [CASE_LIST, CASE_CREATE];
