import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { demoResident, personOfGrid, userIdOf } from '../../../test/points-fixtures.ts';
import { notify } from './notices-service.ts';

describe(`in-app notices (${dbLabel})`, () => {
  let t: TestPlatform;
  let resident: Client;
  let staff: Client;
  let residentUser: number;
  let residentPerson: number;
  let staffUser: number;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `notices-test-${++serial}` });

  const send = (input: Parameters<typeof notify>[1]) =>
    t.deps.db.transaction().execute((trx) => notify(trx, input, t.clock()));

  beforeAll(async () => {
    t = await startTestPlatform();
    residentPerson = (await demoResident(t)).id;
    residentUser = await userIdOf(t, 'resident.demo');
    staffUser = await userIdOf(t, 'staff.jinxi');
    resident = await t.as('resident.demo');
    staff = await t.as('staff.jinxi');
  }, 600_000);
  afterAll(() => t?.close());

  it('reaches accounts by user id and by person, once each, and skips persons without an account', async () => {
    const noAccount = await personOfGrid(t, '440704001001002');
    const before = (await resident.get('/api/notices')).body;
    const told = await send({
      userIds: [residentUser, residentUser],
      personIds: [residentPerson, noAccount.id],
      kind: 'meeting_called',
      title: '会议通知:小区加装电梯议事会',
      body: '时间:2026年11月25日 19:30–21:00\n地点:金溪社区党群服务中心',
      link: '/r/deliberation/meetings/x',
    });
    expect(told).toEqual([residentUser]);
    const after = (await resident.get('/api/notices')).body;
    expect(after.total).toBe(before.total + 1);
    expect(after.unread).toBe(before.unread + 1);
    expect(after.items[0]).toMatchObject({
      kind: 'meeting_called',
      title: '会议通知:小区加装电梯议事会',
      link: '/r/deliberation/meetings/x',
      readAt: null,
    });
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from notice where user_id in (select id from app_user where person_id = ${noAccount.id})`.execute(
      t.deps.db,
    );
    expect(rows[0]?.n).toBe(0);
    expect(await send({ personIds: [noAccount.id], kind: 'x', title: 'nobody' })).toEqual([]);
    expect(await send({ kind: 'x', title: 'nobody' })).toEqual([]);
  });

  it('cuts a title that is too long instead of failing the sender’s transaction', async () => {
    await send({ userIds: [staffUser], kind: 'long', title: '长'.repeat(200), body: '文'.repeat(3000) });
    const list = (await staff.get('/api/notices?pageSize=1')).body;
    expect(Array.from(list.items[0].title as string)).toHaveLength(120);
    expect(Array.from(list.items[0].body as string)).toHaveLength(2000);
  });

  it('lists newest first, filters the unread, and marks one or all read; each reads only their own', async () => {
    t.clock.advance(60_000);
    await send({ userIds: [residentUser], kind: 'a', title: '第一条' });
    t.clock.advance(60_000);
    await send({ userIds: [residentUser], kind: 'b', title: '第二条' });
    const list = (await resident.get('/api/notices?pageSize=2')).body;
    expect(list.items.map((n: { title: string }) => n.title)).toEqual(['第二条', '第一条']);
    const [second, first] = list.items;

    // Another account cannot read or mark it: 404.
    const theirs = await staff.post(`/api/notices/${second.uid}/read`, undefined, key());
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('NOTICE_NOT_FOUND');
    expect((await staff.get('/api/notices?pageSize=200')).body.items.map((n: { uid: string }) => n.uid)).not.toContain(
      second.uid,
    );

    const read = await resident.post(`/api/notices/${second.uid}/read`, undefined, key());
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBe(t.clock().toISOString());
    // Reading it again keeps the first time.
    t.clock.advance(1000);
    const again = await resident.post(`/api/notices/${second.uid}/read`, undefined, key());
    expect(again.body.readAt).toBe(read.body.readAt);

    const unread = (await resident.get('/api/notices?unread=true&pageSize=200')).body;
    expect(unread.items.map((n: { uid: string }) => n.uid)).toContain(first.uid);
    expect(unread.items.map((n: { uid: string }) => n.uid)).not.toContain(second.uid);
    expect(unread.total).toBe(unread.unread);

    const all = await resident.post('/api/notices/read-all', undefined, key());
    expect(all.status).toBe(200);
    expect(all.body.marked).toBe(unread.unread);
    expect(all.body.unread).toBe(0);
    const empty = (await resident.get('/api/notices?unread=true')).body;
    expect(empty).toMatchObject({ items: [], total: 0, unread: 0 });
    // Staff's own notice is untouched by the resident's read-all.
    expect((await staff.get('/api/notices')).body.unread).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown notice and 401 without a session', async () => {
    const res = await resident.post('/api/notices/00000000-0000-4000-8000-000000000000/read', undefined, key());
    expect(res.status).toBe(404);
    expect((await t.anon.get('/api/notices')).status).toBe(401);
  });
});
