import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseBody } from '../../test/cases-fixtures.ts';
import { startTestPlatform, TEST_DATABASE_URL, type TestPlatform } from '../../test/harness.ts';
import type { CachedSession } from './auth/sessions.ts';
import { startPlatform } from './boot.ts';
import { createReadCaches } from './read-cache.ts';

const session = (tokenHash: string) => ({ tokenHash }) as CachedSession;

describe('the read caches', () => {
  it('serve an entry until its time is up', () => {
    const { sessions } = createReadCaches(5_000);
    sessions.set('a', session('a'), sessions.generation(), 1_000);
    expect(sessions.get('a', 5_999)?.tokenHash).toBe('a');
    expect(sessions.get('a', 6_000)).toBeUndefined();
  });

  it('do not keep a value loaded before a clear: it may predate the change', () => {
    const caches = createReadCaches();
    const loadedIn = caches.sessions.generation();
    caches.clear();
    caches.sessions.set('a', session('a'), loadedIn, 0);
    expect(caches.sessions.get('a', 1)).toBeUndefined();
    caches.sessions.set('a', session('a'), caches.sessions.generation(), 0);
    expect(caches.sessions.get('a', 1)).toBeDefined();
  });

  it('are all emptied by one clear', () => {
    const caches = createReadCaches();
    caches.sessions.set('a', session('a'), caches.sessions.generation(), 0);
    caches.orgTrees.set('k', { roots: [] }, caches.orgTrees.generation(), 0);
    caches.clear();
    expect(caches.sessions.get('a', 1)).toBeUndefined();
    expect(caches.orgTrees.get('k', 1)).toBeUndefined();
  });

  it('cache nothing once disabled', () => {
    const caches = createReadCaches();
    caches.disable();
    caches.sessions.set('a', session('a'), caches.sessions.generation(), 0);
    expect(caches.sessions.get('a', 1)).toBeUndefined();
  });
});

describe('a signed-in request after a change to the user', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(() => t.close());

  it("keeps serving a worker's repeated reads, and refuses the next one at once after a revoke", async () => {
    const worker = await t.as('grid.jinxi01');
    expect((await worker.get('/api/org/tree')).status).toBe(200);
    expect((await worker.get('/api/org/tree')).status).toBe(200);
    const admin = await t.as('admin');
    const list = await admin.get('/api/users?q=grid.jinxi01');
    const user = list.body.items[0];
    const revoked = await admin.delete(`/api/users/${user.id}/grants/${user.roles[0].id}`);
    expect(revoked.status).toBe(200);
    expect((await worker.get('/api/org/tree')).status).toBe(401);
  });

  it('are kept through a business write, with or without an Idempotency-Key, and emptied by a grant', async () => {
    const staff = await t.as('staff.jinxi');
    const generation = () => t.deps.caches.sessions.generation();
    const before = generation();
    expect((await staff.post('/api/cases', await caseBody(t))).status).toBe(201);
    const key = { 'idempotency-key': `cache-${crypto.randomUUID()}` };
    expect((await staff.post('/api/cases', await caseBody(t), key)).status).toBe(201);
    expect(generation()).toBe(before);
    const admin = await t.as('admin');
    const user = (await admin.get('/api/users?q=staff.jinxi')).body.items[0];
    expect((await admin.delete(`/api/users/${user.id}/grants/${user.roles[0].id}`)).status).toBe(200);
    expect(generation()).toBeGreaterThan(before);
    expect((await staff.get('/api/org/tree')).status).toBe(401);
  });
});

// Two server processes share one PostgreSQL database: a change committed by one empties the
// other's cache through NOTIFY. PGlite serves one process only, so this runs on PostgreSQL.
describe.runIf(TEST_DATABASE_URL)('two server processes on one PostgreSQL database', () => {
  let a: TestPlatform;
  let b: Awaited<ReturnType<typeof startPlatform>>;
  beforeAll(async () => {
    a = await startTestPlatform();
    b = await startPlatform(a.config, { clock: a.clock, database: { url: a.databaseUrl as string }, seed: false });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a role revoked on one is refused on the other', async () => {
    const worker = await a.as('grid.jinxi01');
    const onB = async () =>
      (await b.app.inject({ method: 'GET', url: '/api/org/tree', headers: { cookie: worker.cookie } })).statusCode;
    expect(await onB()).toBe(200);
    expect(await onB()).toBe(200); // now cached on b
    const admin = await a.as('admin');
    const user = (await admin.get('/api/users?q=grid.jinxi01')).body.items[0];
    expect((await admin.delete(`/api/users/${user.id}/grants/${user.roles[0].id}`)).status).toBe(200);
    // The notification travels over b's listening connection: allow it a moment, no more.
    const deadline = Date.now() + 1_000;
    let status = await onB();
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      status = await onB();
    }
    expect(status).toBe(401);
  });

  it('a grid split on one shows in the tree served by the other', async () => {
    const official = await a.as('street.waihai');
    const treeOnB = async () =>
      JSON.parse(
        (await b.app.inject({ method: 'GET', url: '/api/org/tree', headers: { cookie: official.cookie } })).body,
      );
    const names = (tree: { roots: Array<{ children: Array<{ children: Array<{ name: string }> }> }> }) =>
      tree.roots.flatMap((s) => s.children.flatMap((c) => c.children.map((g) => g.name)));
    expect(names(await treeOnB())).toContain('直冲社区第三网格');
    const grid = await a.unitId('440704002001003');
    const split = await official.post(`/api/org/grids/${grid}/split`, {
      parts: [
        { name: '直冲社区第三网格(南)', code: '440704002001031' },
        { name: '直冲社区第三网格(北)', code: '440704002001032' },
      ],
      reason: '按楼栋重新划分',
    });
    expect(split.status).toBe(200);
    const deadline = Date.now() + 1_000;
    let seen = names(await treeOnB());
    while (seen.includes('直冲社区第三网格') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      seen = names(await treeOnB());
    }
    expect(seen).toContain('直冲社区第三网格(南)');
    expect(seen).not.toContain('直冲社区第三网格');
  });
});
