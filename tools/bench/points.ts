/**
 * The points scenarios (积分制), each as community staff of up to 10 communities spread over the
 * district (staff.jinxi first), rotating request by request, 50 connections:
 *
 * - `points-balance`: GET /api/points/accounts/:id — a holder account of the staff member's own
 *   community (balance, earned this month and year, spent), over up to 200 accounts each.
 *   Target ≥ 0.5 × raw-read req/s in the same run.
 * - `points-ranking`: GET /api/points/rankings?unit=<community>&subject=person&period=month&at=<this
 *   month> — the community's ranking, read from points_month_total. Target p99 < 50 ms.
 * - `points-award`: POST /api/points/awards — a staff award of a capped person rule (志愿服务,
 *   大扫除, 帮扶 …) to a resident of the staff member's community, a fresh Idempotency-Key each,
 *   spread over up to 200 residents per community and six rules so caps are rarely reached.
 *   Target ≥ 0.4 × raw-write req/s in the same run.
 *
 * The district needs its ledger (the generator's points step; a kept district gets it added).
 */
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/district.ts';
import type { Load, Scenario, Target } from './scenarios.ts';

const COMMUNITIES = 10;
const PER_COMMUNITY = 200;
/** Person rules of the district's starter catalogue awarded in the bench (all capped per month). */
const AWARD_RULES = ['ZY-01', 'HJ-03', 'LL-01', 'LL-02', 'YS-01', 'WM-01'];

interface Staff {
  username: string;
  cookie: string;
  csrf: string;
  community: string;
  headers: Record<string, string>;
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
  return { username, cookie, csrf, community, headers: { cookie } };
}

async function getJson<T>(baseUrl: string, path: string, cookie: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
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

/** Rotates over a list of prepared requests, one per autocannon request. */
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

/** This month in China, 'YYYY-MM'. */
const chinaMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
const chinaDay = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export const POINTS_BALANCE: Scenario = {
  name: 'points-balance',
  about: `GET /api/points/accounts/:id as community staff of ${COMMUNITIES} communities over ${PER_COMMUNITY} holder accounts each (target ≥ 0.5 × raw-read)`,
  prepare: async (target) => {
    const requests: Array<{ path: string; headers: Record<string, string> }> = [];
    for (const s of await staffOf(target)) {
      const q = new URLSearchParams({ unit: s.community, pageSize: String(PER_COMMUNITY) });
      const list = await getJson<{ items: Array<{ id: string }> }>(
        target.baseUrl,
        `/api/points/accounts?${q}`,
        s.cookie,
      );
      for (const a of list.items) requests.push({ path: `/api/points/accounts/${a.id}`, headers: s.headers });
    }
    if (requests.length === 0) throw new Error('no points accounts: generate the district with the points step');
    return rotating('GET', requests);
  },
};

export const POINTS_RANKING: Scenario = {
  name: 'points-ranking',
  about: `GET /api/points/rankings of the community's persons this month as its staff, ${COMMUNITIES} communities (target p99 < 50 ms)`,
  prepare: async (target) => {
    const month = chinaMonth();
    const requests = (await staffOf(target)).map((s) => ({
      path: `/api/points/rankings?${new URLSearchParams({ unit: s.community, subject: 'person', period: 'month', at: month })}`,
      headers: s.headers,
    }));
    return rotating('GET', requests);
  },
};

export const POINTS_AWARD: Scenario = {
  name: 'points-award',
  about: `POST /api/points/awards as community staff: a person rule to one of ${PER_COMMUNITY} residents of each of ${COMMUNITIES} communities, fresh Idempotency-Keys (target ≥ 0.4 × raw-write)`,
  prepare: async (target) => {
    const requests: Array<{ path: string; headers: Record<string, string>; body: () => string }> = [];
    for (const s of await staffOf(target)) {
      const catalogue = await getJson<{
        categories: Array<{
          rules: Array<{ id: string; code: string; current: { points: number; appliesTo: string } }>;
        }>;
      }>(target.baseUrl, `/api/points/rules?${new URLSearchParams({ community: s.community })}`, s.cookie);
      const rules = catalogue.categories
        .flatMap((c) => c.rules)
        .filter((r) => AWARD_RULES.includes(r.code) && r.current.points > 0 && r.current.appliesTo === 'person')
        .map((r) => r.id);
      if (rules.length === 0) throw new Error(`no person rules to award in ${s.username}'s catalogue`);
      const q = new URLSearchParams({ unit: s.community, pageSize: String(PER_COMMUNITY) });
      const persons = await getJson<{ items: Array<{ id: string }> }>(
        target.baseUrl,
        `/api/registry/persons?${q}`,
        s.cookie,
      );
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
      let n = 0;
      for (const p of persons.items) {
        const rule = rules[n++ % rules.length] as string;
        requests.push({
          path: '/api/points/awards',
          headers,
          body: () => JSON.stringify({ person: p.id, rule, occurredOn: chinaDay(), reason: '压测:志愿服务记分' }),
        });
      }
    }
    if (requests.length === 0) throw new Error('no residents to award: generate the district with the registry step');
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
};

export const POINTS_SCENARIOS = [POINTS_BALANCE, POINTS_RANKING, POINTS_AWARD];
