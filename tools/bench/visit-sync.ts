/**
 * `visit-sync`: grid workers' phones come back online and sync their outboxes — POST
 * /api/visits/sync with 50 new visit records (fresh ids every request, an Idempotency-Key as
 * the phone sends it), visiting households and residents of the worker's own grid; one record
 * in five shows a photo uploaded beforehand. Issue 7's target: ≥ 0.05 × raw-write batches/s in
 * the same run, p99 < 200 ms on PostgreSQL.
 *
 * 10 connections: phones syncing at the same moment. At 50, a queue of 50 batches alone would
 * put p99 far past 200 ms on two cores whatever the server did. The requests rotate over up to
 * 20 grid workers spread across the district's communities (grid.jinxi01 first), as phones
 * would: one phone syncs its batches one after another, never ten at once, and a community's
 * writes share one audit chain (DESIGN.md, "Data rules").
 */
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/district.ts';
import type { Scenario, Target } from './scenarios.ts';

export const VISIT_SYNC_WORKER = 'grid.jinxi01';
const WORKERS = 20;
const BATCH = 50;

/** A 1×1 JPEG: the photo the records show. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

const SUMMARIES = [
  '独居老人王奶奶反映楼道灯坏了,已联系物业维修。',
  '上门了解低保户家庭近况,孩子开学学费有困难。',
  '电话回访残疾人家庭,轮椅需要维修,已登记需求。',
  '流动人员新租住,登记居住信息,提醒办理居住证。',
  '老党员李伯身体尚好,希望参加社区党课。',
  '帮扶对象家中燃气软管老化,已提醒更换。',
];
const FINDINGS = [
  { kind: 'need', text: '需要助餐服务' },
  { kind: 'risk', text: '燃气软管老化' },
  { kind: 'conflict', text: '与邻居因噪音有矛盾' },
  { kind: 'living', text: '生活基本稳定' },
];

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(baseUrl: string, username: string): Promise<Session> {
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
  return { cookie, csrf: JSON.parse(text).csrfToken };
}

async function getJson<T>(baseUrl: string, path: string, s: Session): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie: s.cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface Subject {
  householdId: string | null;
  personIds: string[];
}

/** Residents of the worker's grid, and for some of them their household: what the phone's list holds. */
async function subjectsOf(target: Target, s: Session): Promise<Subject[]> {
  const me = await getJson<{ user: { username: string }; roles: Array<{ unitId: string }> }>(
    target.baseUrl,
    '/api/auth/me',
    s,
  );
  const grid = me.roles[0]?.unitId;
  if (!grid) throw new Error(`${me.user.username} has no grid`);
  const q = new URLSearchParams({ unit: grid, pageSize: '200' });
  const persons = await getJson<{ items: Array<{ id: string }> }>(target.baseUrl, `/api/registry/persons?${q}`, s);
  if (persons.items.length === 0)
    throw new Error(`no residents in ${me.user.username}’s grid: generate with the registry step`);
  const subjects: Subject[] = [];
  for (const [i, p] of persons.items.entries()) {
    if (i % 3 === 0 && subjects.length < 30) {
      // A household visit: the household and the person met there.
      const profile = await getJson<{ household: { id: string } | null }>(
        target.baseUrl,
        `/api/registry/persons/${p.id}`,
        s,
      );
      if (profile.household) {
        subjects.push({ householdId: profile.household.id, personIds: [p.id] });
        continue;
      }
    }
    subjects.push({ householdId: null, personIds: [p.id] });
  }
  return subjects;
}

async function uploadPhotos(target: Target, s: Session, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const res = await fetch(`${target.baseUrl}/api/visits/photos/${id}`, {
      method: 'PUT',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'image/jpeg' },
      body: JPEG,
    });
    if (res.status !== 201) throw new Error(`photo upload: HTTP ${res.status} ${await res.text()}`);
    ids.push(id);
  }
  return ids;
}

/** Grid workers across the district, one per community first: grid.jinxi01, then a spread of the others. */
function workersOf(target: Target): string[] {
  const all = target.accounts
    .filter((a) => a.role === 'grid_worker' && !a.totp)
    .sort((a, b) => a.unit.localeCompare(b.unit))
    .map((a) => a.username);
  if (all.length === 0) throw new Error('no grid worker accounts in the generated district');
  const step = Math.max(1, Math.floor(all.length / WORKERS));
  const picked = all.filter((_, i) => i % step === 0).slice(0, WORKERS);
  return [VISIT_SYNC_WORKER, ...picked.filter((u) => u !== VISIT_SYNC_WORKER)].slice(0, WORKERS);
}

interface Phone {
  session: Session;
  subjects: Subject[];
  photos: string[];
  headers: Record<string, string>;
}

export const VISIT_SYNC: Scenario = {
  name: 'visit-sync',
  about: `POST /api/visits/sync: ${BATCH} new records of the worker's own grid per request, rotating over ${WORKERS} grid workers, 10 connections (target ≥ 0.05 × raw-write, p99 < 200 ms)`,
  prepare: async (target) => {
    const phones: Phone[] = [];
    for (const username of workersOf(target)) {
      const session = await signIn(target.baseUrl, username);
      phones.push({
        session,
        subjects: await subjectsOf(target, session),
        photos: await uploadPhotos(target, session, 2),
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      });
    }
    let serial = 0;
    let turn = 0;
    const batch = (phone: Phone) => {
      const now = Date.now();
      const records = Array.from({ length: BATCH }, () => {
        const n = serial++;
        const subject = phone.subjects[(n * 7919) % phone.subjects.length] as Subject;
        const visited = now - (1 + (n % 40)) * 3_600_000;
        return {
          id: randomUUID(),
          baseRevision: 0,
          householdId: subject.householdId,
          personIds: subject.personIds,
          visitedAt: new Date(visited).toISOString(),
          recordedAt: new Date(visited + 300_000).toISOString(),
          method: n % 4 === 3 ? 'phone' : 'home',
          summary: SUMMARIES[n % SUMMARIES.length] as string,
          findings: FINDINGS.slice(0, n % 3),
          location: { lng: 113.08 + (n % 100) / 10_000, lat: 22.58 },
          photoIds: n % 5 === 0 ? [phone.photos[n % phone.photos.length] as string] : [],
        };
      });
      return JSON.stringify({ deviceId: 'bench-phone', records });
    };
    const first = phones[0] as Phone;
    return {
      method: 'POST',
      path: '/api/visits/sync',
      headers: first.headers,
      body: batch(first),
      connections: 10,
      setupRequest: (req) => {
        const phone = phones[turn++ % phones.length] as Phone;
        return {
          ...req,
          headers: { ...phone.headers, 'idempotency-key': `bench-${randomUUID()}` },
          body: batch(phone),
        };
      },
    };
  },
};
