/**
 * Rankings and their 公示 through the API, in 直冲社区 (the demo's points live in 金溪社区, so
 * this community's numbers are the test's own): residents earn points in November and
 * October, staff read the month's and the quarter's ranking of the community and of a grid,
 * a resident reads it masked, staff publish it as a notice that later awards do not change,
 * a resident objects within the window and is refused after it, staff answer, a notice is
 * withdrawn, the job closes another at its end, and the public board shows only open ones.
 */
import { randomUUID } from 'node:crypto';
import { maskName } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows, createAccount } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { award, deduct, linkResident, type PersonFixture, personsOfGrid } from '../../../test/points-fixtures.ts';

const key = () => ({ 'idempotency-key': `rank-${randomUUID()}` });
const GRID1 = '440704002001001';
const GRID2 = '440704002001002';
const NOV = '2026-11-05';
const OCT = '2026-10-10';

let t: TestPlatform;
let staff: Client; // community staff of 直冲社区
let worker: Client; // grid worker of 直冲's first grid
let resident: Client; // a resident of 直冲's first grid
let residentPerson: PersonFixture | undefined;
let zhichong: string;
let grid1: string;
let grid2: string;
let a: PersonFixture;
let b: PersonFixture;
let c: PersonFixture;
let d: PersonFixture;
let e: PersonFixture;
const passwords = new Map<string, string>();

async function signIn(username: string) {
  return t.as(username, passwords.get(username));
}

async function headName(householdId: number): Promise<string> {
  const { rows } = await sql<{ name: string }>`
    select p.name from household_member m join person p on p.id = m.person_id
     where m.household_id = ${householdId} and m.until is null
     order by (m.relation in ('01', '02')) desc, m.id limit 1`.execute(t.deps.db);
  return rows[0]?.name as string;
}

const publish = (body: Record<string, unknown> = {}, by: Client = staff, headers = key()) =>
  by.post(
    '/api/points/publications',
    { unit: zhichong, subject: 'person', period: 'month', at: '2026-11', title: '2026年11月居民积分排行公示', ...body },
    headers,
  );

beforeAll(async () => {
  t = await startTestPlatform();
  const admin = await t.as('admin');
  for (const [username, unit, role] of [
    ['zc.staff', '440704002001', 'community_staff'],
    ['zc.worker', GRID1, 'grid_worker'],
    ['zc.resident', GRID1, 'resident'],
  ] as const) {
    const account = await createAccount(t, admin, { username, unit, role });
    passwords.set(username, account.password);
  }
  const people = await personsOfGrid(t, GRID1, 5);
  [a, b, c, d] = people as [PersonFixture, PersonFixture, PersonFixture, PersonFixture];
  residentPerson = people[4] as PersonFixture;
  await linkResident(t, 'zc.resident', residentPerson.id);
  e = (await personsOfGrid(t, GRID2, 1))[0] as PersonFixture;
  staff = await signIn('zc.staff');
  worker = await signIn('zc.worker');
  resident = await signIn('zc.resident');
  zhichong = await t.unitId('440704002001');
  grid1 = await t.unitId(GRID1);
  grid2 = await t.unitId(GRID2);

  // November: a 30, e 25, b 20, c 20, d 10. October: a 50, d 40.
  await award(t, a.id, 30, { occurredOn: NOV });
  await award(t, e.id, 25, { occurredOn: NOV });
  await award(t, b.id, 20, { occurredOn: NOV });
  await award(t, c.id, 12, { occurredOn: NOV });
  await award(t, c.id, 8, { occurredOn: '2026-11-20' });
  await award(t, d.id, 10, { occurredOn: NOV });
  await award(t, a.id, 50, { occurredOn: OCT });
  await award(t, d.id, 40, { occurredOn: OCT });
}, 300_000);
afterAll(() => t?.close());

describe(`rankings (${dbLabel})`, () => {
  it('rank a community’s residents by the month’s points, best first, ties sharing a rank', async () => {
    const r = await staff.get(`/api/points/rankings?unit=${zhichong}&subject=person&period=month&at=2026-11`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      unit: { id: zhichong, kind: 'community' },
      subject: 'person',
      period: { kind: 'month', label: '2026-11', start: '2026-11-01', end: '2026-11-30', months: ['2026-11'] },
      total: 5,
      masked: false,
    });
    expect(r.body.rows.map((x: any) => [x.name, x.points, x.rank])).toEqual([
      [a.name, 30, 1],
      [e.name, 25, 2],
      [b.name, 20, 3],
      [c.name, 20, 3],
      [d.name, 10, 4],
    ]);
    // Staff get the account to open, and the grid.
    expect(r.body.rows[0].account).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.rows[1].grid).toContain('网格');
  });

  it('a quarter sums its three months', async () => {
    const r = await staff.get(`/api/points/rankings?unit=${zhichong}&at=2026-Q4`);
    expect(r.body.period).toMatchObject({
      kind: 'quarter',
      label: '2026-Q4',
      months: ['2026-10', '2026-11', '2026-12'],
    });
    expect(r.body.rows.map((x: any) => [x.name, x.points, x.rank])).toEqual([
      [a.name, 80, 1],
      [d.name, 50, 2],
      [e.name, 25, 3],
      [b.name, 20, 4],
      [c.name, 20, 4],
    ]);
    // A month asked for as a quarter is the quarter holding it.
    const same = await staff.get(`/api/points/rankings?unit=${zhichong}&period=quarter&at=2026-11`);
    expect(same.body.rows).toEqual(r.body.rows);
    // October alone.
    const oct = await staff.get(`/api/points/rankings?unit=${zhichong}&at=2026-10`);
    expect(oct.body.rows.map((x: any) => x.points)).toEqual([50, 40]);
  });

  it('a grid’s ranking holds only its residents; pages keep the ranks', async () => {
    const r = await staff.get(`/api/points/rankings?unit=${grid1}&at=2026-11`);
    expect(r.body.rows.map((x: any) => [x.name, x.rank])).toEqual([
      [a.name, 1],
      [b.name, 2],
      [c.name, 2],
      [d.name, 3],
    ]);
    const g2 = await staff.get(`/api/points/rankings?unit=${grid2}&at=2026-11`);
    expect(g2.body.rows.map((x: any) => x.name)).toEqual([e.name]);
    const page2 = await staff.get(`/api/points/rankings?unit=${zhichong}&at=2026-11&pageSize=2&page=2`);
    expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.body.rows.map((x: any) => x.rank)).toEqual([3, 3]);
    const past = await staff.get(`/api/points/rankings?unit=${zhichong}&at=2026-11&pageSize=2&page=9`);
    expect(past.body).toMatchObject({ total: 5, rows: [] });
  });

  it('households are named after their head, masked for residents: 张*明家', async () => {
    const household = a.householdId as number;
    expect(household).not.toBeNull();
    await award(t, { householdId: household }, 15, { occurredOn: NOV });
    const head = await headName(household);
    const forStaff = await staff.get(`/api/points/rankings?unit=${zhichong}&subject=household&at=2026-11`);
    expect(forStaff.body.rows).toEqual([expect.objectContaining({ name: `${head}家`, points: 15, rank: 1 })]);
    const forResident = await resident.get(`/api/points/rankings?subject=household&at=2026-11`);
    expect(forResident.body.rows).toEqual([
      { rank: 1, name: `${maskName(head)}家`, points: 15, grid: expect.any(String) },
    ]);
  });

  it('a resident sees their own community masked (张*明), without accounts, by default', async () => {
    const r = await resident.get('/api/points/rankings?at=2026-11');
    expect(r.status).toBe(200);
    expect(r.body.unit.id).toBe(zhichong);
    expect(r.body.masked).toBe(true);
    expect(r.body.rows.map((x: any) => x.name)).toEqual([a, e, b, c, d].map((p) => maskName(p.name)));
    for (const row of r.body.rows) expect(row).not.toHaveProperty('account');
    const text = JSON.stringify(r.body);
    for (const p of [a, b, c, d, e]) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.uid);
    }
    // Their own line: nothing earned in November, so no rank.
    expect(r.body.mine).toBeNull();
    await award(t, (residentPerson as PersonFixture).id, 15, { occurredOn: '2026-09-10' });
    const september = await resident.get('/api/points/rankings?at=2026-09');
    expect(september.body.mine).toEqual({ rank: 1, points: 15 });
    expect((await staff.get(`/api/points/rankings?unit=${zhichong}&at=2026-09`)).body).not.toHaveProperty('mine');
    // Another grid of their community, yes; another community, no.
    expect((await resident.get(`/api/points/rankings?unit=${grid2}&at=2026-11`)).status).toBe(200);
    const other = await resident.get(`/api/points/rankings?unit=${await t.unitId('440704001001')}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('UNIT_NOT_FOUND');
  });

  it('a grid worker sees their grid, not the community nor another grid', async () => {
    const own = await worker.get('/api/points/rankings?at=2026-11');
    expect(own.body.unit.id).toBe(grid1);
    expect(own.body.rows[0].name).toBe(a.name);
    expect((await worker.get(`/api/points/rankings?unit=${zhichong}`)).status).toBe(404);
    expect((await worker.get(`/api/points/rankings?unit=${grid2}`)).status).toBe(404);
  });

  it('staff of another community get 404, roles without points 403', async () => {
    const jinxi = await t.as('staff.jinxi');
    const r = await jinxi.get(`/api/points/rankings?unit=${zhichong}`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('UNIT_NOT_FOUND');
    expect((await (await t.as('auditor')).get(`/api/points/rankings?unit=${zhichong}`)).status).toBe(403);
  });

  it('refuses a quarter asked for as a month, and a street, naming the field', async () => {
    const bad = await staff.get(`/api/points/rankings?unit=${zhichong}&period=month&at=2026-Q4`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('at');
    const district = await t.as('district');
    const street = await district.get(`/api/points/rankings?unit=${await t.unitId('440704002000')}`);
    expect(street.status).toBe(400);
    expect(street.body.error.details[0].field).toBe('unit');
    expect((await staff.get(`/api/points/rankings?unit=${zhichong}&at=2026-13`)).status).toBe(400);
  });
});

describe(`publications (公示) (${dbLabel})`, () => {
  let pub: any;

  it('publish the top rows (ties kept), masked, without ids; a replay answers the same notice', async () => {
    const before = (await countRows(t, ['points_publication'])).points_publication as number;
    const headers = key();
    const r = await publish({ top: 3 }, staff, headers);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    pub = r.body;
    expect(pub).toMatchObject({
      unit: { id: zhichong },
      subject: 'person',
      period: { label: '2026-11' },
      status: 'open',
      acceptsObjections: true,
      rowCount: 4,
      objections: [],
    });
    // 3rd place is shared: both stay.
    expect(pub.rows).toEqual([
      { rank: 1, name: maskName(a.name), points: 30, grid: expect.any(String) },
      { rank: 2, name: maskName(e.name), points: 25, grid: expect.any(String) },
      { rank: 3, name: maskName(b.name), points: 20, grid: expect.any(String) },
      { rank: 3, name: maskName(c.name), points: 20, grid: expect.any(String) },
    ]);
    expect(new Date(pub.objectionUntil).getTime() - new Date(pub.publishedAt).getTime()).toBe(7 * 86_400_000);
    expect(new Date(pub.endsAt).getTime() - new Date(pub.publishedAt).getTime()).toBe(15 * 86_400_000);
    const replay = await publish({ top: 3 }, staff, headers);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(pub.id);
    expect((await countRows(t, ['points_publication'])).points_publication).toBe(before + 1);
    const audit = await auditRecords(t, { action: 'points.publication.publish', targetId: pub.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ period: '2026-11', rows: 4 });
  });

  it('later awards change the live ranking, never the published one', async () => {
    await award(t, d.id, 100, { occurredOn: NOV });
    const live = await staff.get(`/api/points/rankings?unit=${zhichong}&at=2026-11`);
    expect(live.body.rows[0]).toMatchObject({ name: d.name, points: 110, rank: 1 });
    const again = await staff.get(`/api/points/publications/${pub.id}`);
    expect(again.body.rows).toEqual(pub.rows);
  });

  it('the public board shows the open notice masked, with no ids but its own', async () => {
    const list = await t.anon.get('/api/public/points/publications?community=440704002001');
    expect(list.status).toBe(200);
    expect(list.body.items.map((x: any) => x.id)).toContain(pub.id);
    const one = await t.anon.get(`/api/public/points/publications/${pub.id}`);
    expect(one.status).toBe(200);
    expect(one.body.rows).toEqual(pub.rows);
    expect(one.body.community).toBe('直冲社区');
    const text = JSON.stringify([list.body, one.body]);
    for (const p of [a, b, c, d, e]) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.uid);
    }
    expect(text).not.toContain(zhichong);
    expect(one.body).not.toHaveProperty('objections');
    expect(one.body).not.toHaveProperty('publishedBy');
    expect((await t.anon.get('/api/public/points/publications?community=440704009999')).status).toBe(404);
    expect((await t.anon.get('/api/public/points/publications?community=abc')).status).toBe(400);
  });

  it('lists notices: staff in their area, a resident in their community, others not', async () => {
    const forStaff = await staff.get('/api/points/publications');
    expect(forStaff.body.items.map((x: any) => x.id)).toContain(pub.id);
    const forResident = await resident.get('/api/points/publications');
    expect(forResident.body.items.map((x: any) => x.id)).toContain(pub.id);
    const jinxi = await t.as('staff.jinxi');
    expect((await jinxi.get('/api/points/publications?pageSize=200')).body.items.map((x: any) => x.id)).not.toContain(
      pub.id,
    );
    const got = await jinxi.get(`/api/points/publications/${pub.id}`);
    expect(got.status).toBe(404);
    expect(got.body.error.code).toBe('POINTS_PUBLICATION_NOT_FOUND');
    const demo = await t.as('resident.demo');
    expect((await demo.get(`/api/points/publications/${pub.id}`)).status).toBe(404);
    expect(
      (await demo.post(`/api/points/publications/${pub.id}/objections`, { text: '我不是这个社区的' }, key())).status,
    ).toBe(404);
  });

  it('a resident objects within the window, staff answer once, the resident sees only their own', async () => {
    const mine = await resident.post(
      `/api/points/publications/${pub.id}/objections`,
      { text: '我上月参加了志愿服务,积分未计入' },
      key(),
    );
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body).toMatchObject({ status: 'open', mine: true, answer: null });
    const staffs = await worker.post(
      `/api/points/publications/${pub.id}/objections`,
      { text: '网格员核实:第3名积分有误' },
      key(),
    );
    expect(staffs.status).toBe(404); // a grid worker cannot see a community's notice
    const own = await staff.post(
      `/api/points/publications/${pub.id}/objections`,
      { text: '工作人员记录的异议' },
      key(),
    );
    expect(own.status).toBe(201);

    const seenByResident = await resident.get(`/api/points/publications/${pub.id}`);
    expect(seenByResident.body.objections.map((o: any) => o.id)).toEqual([mine.body.id]);
    expect(seenByResident.body.objectionCount).toBe(1);
    const seenByStaff = await staff.get(`/api/points/publications/${pub.id}`);
    expect(seenByStaff.body.objections).toHaveLength(2);
    expect(seenByStaff.body.openObjections).toBe(2);

    expect(
      (await resident.post(`/api/points/objections/${mine.body.id}/answer`, { answer: '自己答复' }, key())).status,
    ).toBe(403);
    const jinxi = await t.as('staff.jinxi');
    const foreign = await jinxi.post(`/api/points/objections/${mine.body.id}/answer`, { answer: '越权答复' }, key());
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('POINTS_OBJECTION_NOT_FOUND');
    const answered = await staff.post(
      `/api/points/objections/${mine.body.id}/answer`,
      { answer: '经核实,志愿服务积分已于12月补记' },
      key(),
    );
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', answer: '经核实,志愿服务积分已于12月补记' });
    const twice = await staff.post(`/api/points/objections/${mine.body.id}/answer`, { answer: '再答' }, key());
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('POINTS_OBJECTION_ANSWERED');
    expect((await resident.get(`/api/points/publications/${pub.id}`)).body.objections[0].answer).toBe(
      '经核实,志愿服务积分已于12月补记',
    );
    expect(await auditRecords(t, { action: 'points.objection.raise' })).toHaveLength(2);
    expect(await auditRecords(t, { action: 'points.objection.answer', targetId: mine.body.id })).toHaveLength(1);
  });

  it('refuses bad publications, writing nothing', async () => {
    const jinxi = await t.as('staff.jinxi');
    const before = await countRows(t, ['points_publication', 'audit_log']);
    const days = await publish({ objectionDays: 10, days: 5 });
    expect(days.status).toBe(400);
    expect(days.body.error.details[0].field).toBe('days');
    const empty = await publish({ at: '2025-01' });
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('POINTS_RANKING_EMPTY');
    const foreign = await publish({}, jinxi);
    expect(foreign.status).toBe(404);
    expect((await publish({}, worker)).status).toBe(403);
    expect(await countRows(t, ['points_publication', 'audit_log'])).toEqual(before);
  });

  it('a withdrawn notice leaves the public board and takes no objections', async () => {
    const grid = await publish({ unit: grid1, title: '第一网格11月积分排行' });
    expect(grid.status).toBe(201);
    expect(grid.body.unit).toMatchObject({ id: grid1, kind: 'grid' });
    const jinxi = await t.as('staff.jinxi');
    expect(
      (await jinxi.post(`/api/points/publications/${grid.body.id}/withdraw`, { reason: '越权' }, key())).status,
    ).toBe(404);
    const w = await staff.post(
      `/api/points/publications/${grid.body.id}/withdraw`,
      { reason: '数据有误,核实后重新公示' },
      key(),
    );
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({
      status: 'withdrawn',
      withdrawnReason: '数据有误,核实后重新公示',
      acceptsObjections: false,
    });
    const again = await staff.post(`/api/points/publications/${grid.body.id}/withdraw`, { reason: '再撤' }, key());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('POINTS_PUBLICATION_NOT_OPEN');
    expect((await t.anon.get(`/api/public/points/publications/${grid.body.id}`)).status).toBe(404);
    const board = await t.anon.get('/api/public/points/publications?community=440704002001');
    expect(board.body.items.map((x: any) => x.id)).not.toContain(grid.body.id);
    const late = await resident.post(`/api/points/publications/${grid.body.id}/objections`, { text: '异议' }, key());
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('POINTS_OBJECTION_CLOSED');
  });

  it('objections are refused once the window is over; the job closes the notice at its end', async () => {
    // Past the objection window (7 days), still on the board (15 days).
    t.clock.set(new Date(new Date(pub.objectionUntil).getTime() + 60_000));
    resident = await signIn('zc.resident');
    staff = await signIn('zc.staff');
    const late = await resident.post(`/api/points/publications/${pub.id}/objections`, { text: '补充异议' }, key());
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('POINTS_OBJECTION_CLOSED');
    expect((await resident.get(`/api/points/publications/${pub.id}`)).body).toMatchObject({
      status: 'open',
      acceptsObjections: false,
    });
    expect((await t.anon.get(`/api/public/points/publications/${pub.id}`)).status).toBe(200);

    // Its end comes: the job closes it.
    await t.jobs.drain();
    t.clock.set(new Date(new Date(pub.endsAt).getTime() + 60_000));
    expect((await t.anon.get(`/api/public/points/publications/${pub.id}`)).status).toBe(404);
    t.clock.advance(10 * 60_000);
    await t.jobs.drain();
    const { rows } = await sql<{ status: string; closed_at: Date }>`
      select status, closed_at from points_publication where uid = ${pub.id}`.execute(t.deps.db);
    expect(rows[0]?.status).toBe('closed');
    expect(new Date(rows[0]?.closed_at as Date).toISOString()).toBe(pub.endsAt);
    expect(await auditRecords(t, { action: 'points.publication.close', targetId: pub.id })).toHaveLength(1);
    staff = await signIn('zc.staff');
    const closed = await staff.get(`/api/points/publications?status=closed`);
    expect(closed.body.items.map((x: any) => x.id)).toContain(pub.id);
    const open = await staff.get(`/api/points/publications?status=open`);
    expect(open.body.items.map((x: any) => x.id)).not.toContain(pub.id);
  });

  it('deductions lower the month’s points; a holder with nothing earned drops off', async () => {
    staff = await signIn('zc.staff');
    await deduct(t, e.id, 25, { occurredOn: NOV });
    const r = await staff.get(`/api/points/rankings?unit=${zhichong}&at=2026-11`);
    expect(r.body.rows.map((x: any) => x.name)).not.toContain(e.name);
  });
});
