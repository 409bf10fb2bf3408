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
import type { Load, Scenario } from './scenarios.ts';
import { communityStaff, getJson, rotating, type Staff } from './staff.ts';

const COMMUNITIES = 12;
/** What marks the bench's own cases, for the clean-up: no real report starts so. */
const MARK = '【压测】';

interface Node {
  id: string;
  kind?: string;
  children: Node[];
}

/** The grids of a staff member's community: a window report names one. */
async function gridsOf(baseUrl: string, s: Staff): Promise<string[]> {
  const tree = await getJson<{ roots: Node[] }>(baseUrl, '/api/org/tree', s.cookie);
  const grids: string[] = [];
  const stack = [...tree.roots];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.kind === 'grid') grids.push(n.id);
    stack.push(...n.children);
  }
  return grids;
}

export const CASE_LIST: Scenario = {
  name: 'case-list',
  about: `GET /api/cases?unit=<community>&status=open|dispatched, first page, as community staff of ${COMMUNITIES} communities (target ≥ 0.4 × raw-read, p99 < 50 ms)`,
  prepare: async (target) => {
    const requests: Array<{ path: string; headers: Record<string, string> }> = [];
    for (const s of await communityStaff(target, COMMUNITIES)) {
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
    for (const s of await communityStaff(target, COMMUNITIES)) {
      const tree = await getJson<{ items: Array<{ uid: string; children: Array<{ uid: string }> }> }>(
        target.baseUrl,
        '/api/cases/categories',
        s.cookie,
      );
      const categories = tree.items.flatMap((g) => (g.children.length ? g.children.map((c) => c.uid) : [g.uid]));
      if (categories.length === 0) throw new Error('no case categories: generate the district with the cases step');
      const grids = await gridsOf(target.baseUrl, s);
      if (grids.length === 0) throw new Error(`${s.username}'s community has no grids`);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
      for (const grid of grids) {
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
