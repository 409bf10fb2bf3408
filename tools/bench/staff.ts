/**
 * What the module scenarios share: community staff of several communities spread over the
 * district (staff.jinxi first), signed in, and a load that rotates over prepared requests.
 */
import { DEMO_PASSWORD } from '../../apps/server/src/demo/district.ts';
import type { Load, Target } from './scenarios.ts';

export interface Staff {
  username: string;
  cookie: string;
  csrf: string;
  /** the uid of the community the staff member's role is granted on */
  community: string;
}

export async function getJson<T>(baseUrl: string, path: string, cookie: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
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
  return { username, cookie, csrf, community };
}

/** Staff of `count` communities across the district: staff.jinxi, then a spread of the others. */
export async function communityStaff(target: Target, count: number): Promise<Staff[]> {
  const all = target.accounts
    .filter((a) => a.role === 'community_staff' && !a.totp)
    .sort((a, b) => a.unit.localeCompare(b.unit))
    .map((a) => a.username);
  if (all.length === 0) throw new Error('no community staff accounts in the generated district');
  const step = Math.max(1, Math.floor(all.length / count));
  const picked = ['staff.jinxi', ...all.filter((_, i) => i % step === 0).filter((u) => u !== 'staff.jinxi')]
    .filter((u) => all.includes(u))
    .slice(0, count);
  return Promise.all(picked.map((u) => signIn(target.baseUrl, u)));
}

/** Rotates over prepared requests (a stride, so consecutive requests go to different communities). */
export function rotating(
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
