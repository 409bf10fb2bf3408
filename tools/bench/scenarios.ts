/**
 * The load scenarios. Each says which requests autocannon sends; anything it needs first
 * (a session cookie, a list of accounts) it sets up once in `prepare`, outside the
 * measurement. A module adds its scenarios here.
 */
import type { Request } from 'autocannon';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/district.ts';
import type { AccountPlan } from '../generate/plan.ts';

export interface Target {
  baseUrl: string;
  /** Every account the generator wrote (all share the demo password). */
  accounts: readonly AccountPlan[];
}

export interface Load {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** For requests that vary (autocannon calls setupRequest before each). */
  setupRequest?: Request['setupRequest'];
}

export interface Scenario {
  name: string;
  /** One line of what it measures, for --help. */
  about: string;
  prepare(target: Target): Promise<Load>;
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
];
