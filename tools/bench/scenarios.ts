/**
 * The load scenarios. Each says which requests autocannon sends; anything it needs first
 * (a session cookie, a list of accounts) it sets up once in `prepare`, outside the
 * measurement. A module adds its scenarios here.
 */
import type { Request } from 'autocannon';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/district.ts';
import type { AccountPlan } from '../generate/plan.ts';
import { CASES_SCENARIOS } from './cases.ts';
import { DELIBERATION_SCENARIOS } from './deliberation.ts';
import { POINTS_SCENARIOS } from './points.ts';
import { VISIT_SYNC } from './visit-sync.ts';

export interface Target {
  baseUrl: string;
  /** Every account the generator wrote (all share the demo password). */
  accounts: readonly AccountPlan[];
  /** PostgreSQL only: the bench database, for a scenario's clean-up (PGlite's is thrown away with the run). */
  databaseUrl?: string;
}

export interface Load {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** For requests that vary (autocannon calls setupRequest before each). */
  setupRequest?: Request['setupRequest'];
  /** Concurrent connections when the scenario states its own (the target is at 20). */
  connections?: number;
}

export interface Scenario {
  name: string;
  /** One line of what it measures, for --help. */
  about: string;
  prepare(target: Target): Promise<Load>;
  /** Removes what the scenario wrote, after it ran, so a kept database reads the same next run. */
  cleanup?(target: Target): Promise<void>;
  /** After the run, before cleanup: figures added to the scenario's JSON line (e.g. vote-cast's tallyMatches). */
  report?(target: Target): Promise<Record<string, unknown>>;
}

/** Signs in once and returns the Cookie header of the session. */
export async function sessionCookie(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`login as ${username}: HTTP ${res.status} ${body}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] as string);
  const session = cookies.find((c) => c.startsWith('gz_session='));
  if (!session) throw new Error(`login as ${username}: no session cookie`);
  return cookies.join('; ');
}

/** The street official of the first demo street (江南街道): a street subtree. */
export const STREET_OFFICIAL = 'street.jiangnan';
/** 江南街道's code: the unit the registry scenarios search within. */
export const STREET_CODE = '440704001000';

async function getJson<T>(baseUrl: string, path: string, cookie: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** The public id of a unit in the caller's tree, by code. */
async function unitUid(baseUrl: string, cookie: string, code: string): Promise<string> {
  interface Node {
    id: string;
    code: string;
    children: Node[];
  }
  const tree = await getJson<{ roots: Node[] }>(baseUrl, '/api/org/tree', cookie);
  const stack = [...tree.roots];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.code === code) return n.id;
    stack.push(...n.children);
  }
  throw new Error(`unit ${code} is not in the tree of the bench account`);
}

/** The commonest surnames of the district (population.ts): a one-character search is a surname search. */
export const SURNAMES = ['陈', '李', '黄', '梁', '张', '林', '吴', '何', '谭', '刘', '冯', '余', '邓', '罗'];

/** Persons the street official may open: pages of the street's register, in the search's order. */
async function personIds(baseUrl: string, cookie: string, street: string, wanted: number): Promise<string[]> {
  const ids: string[] = [];
  for (const surname of SURNAMES) {
    for (let page = 1; ids.length < wanted && page <= 5; page++) {
      const q = new URLSearchParams({ q: surname, unit: street, page: String(page), pageSize: '200' });
      const body = await getJson<{ items: Array<{ id: string }> }>(baseUrl, `/api/registry/persons?${q}`, cookie);
      ids.push(...body.items.map((i) => i.id));
      if (body.items.length < 200) break;
    }
    if (ids.length >= wanted) break;
  }
  if (ids.length === 0) throw new Error('no persons in the street: generate with the registry step (--scale)');
  return ids;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'hello',
    about: 'bare route on the product Fastify instance (hooks, logger): the HTTP ceiling',
    prepare: async () => ({ method: 'GET', path: '/bench/hello' }),
  },
  {
    name: 'raw-read',
    about: 'one primary-key SELECT through the same pool, no app logic',
    prepare: async () => ({ method: 'GET', path: '/bench/raw-read' }),
  },
  {
    name: 'raw-write',
    about: 'one single-row INSERT transaction',
    prepare: async () => ({ method: 'POST', path: '/bench/raw-write' }),
  },
  {
    name: 'login',
    about: 'POST /api/auth/login, rotating over the grid workers (scrypt, session, audit record)',
    prepare: async (target) => {
      const usernames = target.accounts.filter((a) => a.role === 'grid_worker' && !a.totp).map((a) => a.username);
      if (usernames.length === 0) throw new Error('no grid worker accounts to log in with');
      let next = 0;
      return {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: usernames[0], password: DEMO_PASSWORD }),
        setupRequest: (req) => {
          const username = usernames[next++ % usernames.length];
          return { ...req, body: JSON.stringify({ username, password: DEMO_PASSWORD }) };
        },
      };
    },
  },
  {
    name: 'org-tree',
    about: `GET /api/org/tree as ${STREET_OFFICIAL} (street official): a street subtree, authenticated`,
    prepare: async (target) => ({
      method: 'GET',
      path: '/api/org/tree',
      headers: { cookie: await sessionCookie(target.baseUrl, STREET_OFFICIAL) },
    }),
  },
  {
    name: 'registry-search',
    about: `GET /api/registry/persons?q=<surname>&unit=<江南街道> as ${STREET_OFFICIAL}, 20 connections (target p99 < 100 ms at 1M persons)`,
    prepare: async (target) => {
      const cookie = await sessionCookie(target.baseUrl, STREET_OFFICIAL);
      const street = await unitUid(target.baseUrl, cookie, STREET_CODE);
      const path = (surname: string) => `/api/registry/persons?${new URLSearchParams({ q: surname, unit: street })}`;
      let next = 0;
      return {
        method: 'GET',
        path: path(SURNAMES[0] as string),
        headers: { cookie },
        connections: 20,
        setupRequest: (req) => ({ ...req, path: path(SURNAMES[next++ % SURNAMES.length] as string) }),
      };
    },
  },
  {
    name: 'person-get',
    about: `GET /api/registry/persons/:id as ${STREET_OFFICIAL} over 2,000 persons of the street (masked profile, access logged)`,
    prepare: async (target) => {
      const cookie = await sessionCookie(target.baseUrl, STREET_OFFICIAL);
      const street = await unitUid(target.baseUrl, cookie, STREET_CODE);
      const ids = await personIds(target.baseUrl, cookie, street, 2000);
      // A stride through the list rather than its order: consecutive requests hit different households.
      let next = 0;
      const pathOf = () => `/api/registry/persons/${ids[(next++ * 7919) % ids.length]}`;
      return {
        method: 'GET',
        path: pathOf(),
        headers: { cookie },
        setupRequest: (req) => ({ ...req, path: pathOf() }),
      };
    },
  },
  VISIT_SYNC,
  ...POINTS_SCENARIOS,
  ...CASES_SCENARIOS,
  ...DELIBERATION_SCENARIOS,
];
