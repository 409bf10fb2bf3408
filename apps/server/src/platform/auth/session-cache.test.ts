import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_DATABASE_URL, type TestPlatform } from '../../../test/harness.ts';
import { startPlatform } from '../boot.ts';
import { type CachedSession, createSessionCache } from './session-cache.ts';

const session = (tokenHash: string) => ({ tokenHash }) as CachedSession;

describe('the session cache', () => {
  it('serves an entry until its time is up', () => {
    const cache = createSessionCache(5_000);
    cache.set(session('a'), cache.generation(), 1_000);
    expect(cache.get('a', 5_999)?.tokenHash).toBe('a');
    expect(cache.get('a', 6_000)).toBeUndefined();
  });

  it('does not keep a session loaded before a clear: it may predate the change', () => {
    const cache = createSessionCache();
    const loadedIn = cache.generation();
    cache.clear();
    cache.set(session('a'), loadedIn, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    cache.set(session('a'), cache.generation(), 0);
    expect(cache.get('a', 1)).toBeDefined();
  });

  it('caches nothing once disabled', () => {
    const cache = createSessionCache();
    cache.disable();
    cache.set(session('a'), cache.generation(), 0);
    expect(cache.get('a', 1)).toBeUndefined();
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
});
