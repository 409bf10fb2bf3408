/**
 * Party members' points through the API, in 直冲社区 (its party members are set by the test):
 * staff set up a duty post (党员责任岗) of capacity 2, a member claims it from their phone,
 * staff assign a second, a third is refused, a non-member cannot claim; the quarter's scores
 * rank and grade the members (优秀 only for the best with ≥ 80), and the 评优评先 report
 * parses back with the same rows.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, createAccount } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { award, linkResident, type PersonFixture, personsOfGrid } from '../../../test/points-fixtures.ts';

const key = () => ({ 'idempotency-key': `party-${randomUUID()}` });
const GRID1 = '440704002001001';
const GRID2 = '440704002001002';

let t: TestPlatform;
let staff: Client;
let member: Client; // m1's phone
let nonMember: Client;
let zhichong: string;
let grid1: string;
let m: PersonFixture[]; // m[0..4] in grid 1, m[5] in grid 2
let outsider: PersonFixture; // not a party member, grid 1
let post: any;

beforeAll(async () => {
  t = await startTestPlatform();
  const admin = await t.as('admin');
  const passwords = new Map<string, string>();
  for (const [username, unit, role] of [
    ['party.staff', '440704002001', 'community_staff'],
    ['party.member', GRID1, 'resident'],
    ['party.outsider', GRID1, 'resident'],
  ] as const) {
    passwords.set(username, (await createAccount(t, admin, { username, unit, role })).password);
  }
  const inGrid1 = await personsOfGrid(t, GRID1, 6);
  m = [...inGrid1.slice(0, 5), (await personsOfGrid(t, GRID2, 1))[0] as PersonFixture];
  outsider = inGrid1[5] as PersonFixture;
  // 直冲社区's party members are exactly these six.
  const community = await sql<{ path: string }>`select path from org_unit where code = '440704002001'`.execute(
    t.deps.db,
  );
  const path = community.rows[0]?.path as string;
  await sql`update person set party_member = false where org_path like ${`${path}.%`}`.execute(t.deps.db);
  await sql`update person set party_member = true where id in (${sql.join(m.map((p) => p.id))})`.execute(t.deps.db);
  await linkResident(t, 'party.member', (m[0] as PersonFixture).id);
  await linkResident(t, 'party.outsider', outsider.id);
  staff = await t.as('party.staff', passwords.get('party.staff'));
  member = await t.as('party.member', passwords.get('party.member'));
  nonMember = await t.as('party.outsider', passwords.get('party.outsider'));
  zhichong = await t.unitId('440704002001');
  grid1 = await t.unitId(GRID1);

  // Q4 party points: 95, 90, 85, 60, 40, 0 — and person points that must not count.
  const party = (i: number) => ({ personId: (m[i] as PersonFixture).id, kind: 'party_member' as const });
  await award(t, party(0), 50, { occurredOn: '2026-10-12' });
  await award(t, party(0), 45, { occurredOn: '2026-11-02' });
  await award(t, party(1), 90, { occurredOn: '2026-11-03' });
  await award(t, party(2), 85, { occurredOn: '2026-11-04' });
  await award(t, party(3), 60, { occurredOn: '2026-10-20' });
  await award(t, party(4), 40, { occurredOn: '2026-11-05' });
  await award(t, party(4), 70, { occurredOn: '2026-09-30' }); // Q3: not this quarter
  await award(t, (m[5] as PersonFixture).id, 500, { occurredOn: '2026-11-06' }); // person account
}, 300_000);
afterAll(() => t?.close());

describe(`duty posts (党员责任岗) (${dbLabel})`, () => {
  it('staff create a post in their community; others cannot', async () => {
    const r = await staff.post(
      '/api/points/party/posts',
      { community: zhichong, name: '政策宣传岗', duties: '向居民宣传政策,每月入户不少于 10 户', capacity: 2 },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    post = r.body;
    expect(post).toMatchObject({
      community: { id: zhichong },
      name: '政策宣传岗',
      capacity: 2,
      active: true,
      quarter: '2026-Q4',
      held: 0,
      holders: [],
    });
    expect(await auditRecords(t, { action: 'points.duty_post.create', targetId: post.id })).toHaveLength(1);

    const jinxi = await t.as('staff.jinxi');
    const foreign = await jinxi.post(
      '/api/points/party/posts',
      { community: zhichong, name: '越权岗', duties: '越权' },
      key(),
    );
    expect(foreign.status).toBe(404);
    const grid = await staff.post(
      '/api/points/party/posts',
      { community: grid1, name: '网格岗', duties: '职责' },
      key(),
    );
    expect(grid.status).toBe(400);
    expect(grid.body.error.details[0].field).toBe('community');
    expect((await jinxi.get('/api/points/party/posts')).body.items.map((p: any) => p.id)).not.toContain(post.id);
    expect((await staff.get('/api/points/party/posts')).body.items.map((p: any) => p.id)).toContain(post.id);
    expect((await staff.get(`/api/points/party/posts?unit=${grid1}`)).body.items.map((p: any) => p.id)).toContain(
      post.id,
    );
  });

  it('a member claims it from their phone; twice is refused', async () => {
    const mine = await member.get('/api/points/me/party/posts');
    expect(mine.body.items.map((p: any) => [p.id, p.mine])).toContainEqual([post.id, false]);
    const r = await member.post(`/api/points/me/party/posts/${post.id}/claim`, {}, key());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ held: 1, mine: true, holders: [] });
    const twice = await member.post(`/api/points/me/party/posts/${post.id}/claim`, {}, key());
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('POINTS_POST_ALREADY_HELD');
    expect(await auditRecords(t, { action: 'points.duty_post.claim', targetId: post.id })).toHaveLength(1);
  });

  it('a resident who is not a party member cannot claim; one of another community does not see it', async () => {
    const r = await nonMember.post(`/api/points/me/party/posts/${post.id}/claim`, {}, key());
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('POINTS_NOT_PARTY_MEMBER');
    const demo = await t.as('resident.demo');
    const foreign = await demo.post(`/api/points/me/party/posts/${post.id}/claim`, {}, key());
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('POINTS_POST_NOT_FOUND');
  });

  it('staff assign a second member; a third is refused at capacity, and a non-member always', async () => {
    const headers = key();
    const r = await staff.post(`/api/points/party/posts/${post.id}/assign`, { person: m[1]?.uid }, headers);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.held).toBe(2);
    expect(r.body.holders.map((h: any) => [h.name, h.selfClaimed])).toEqual([
      [m[0]?.name, true],
      [m[1]?.name, false],
    ]);
    const replay = await staff.post(`/api/points/party/posts/${post.id}/assign`, { person: m[1]?.uid }, headers);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const full = await staff.post(`/api/points/party/posts/${post.id}/assign`, { person: m[2]?.uid }, key());
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('POINTS_POST_FULL');
    const notMember = await staff.post(`/api/points/party/posts/${post.id}/assign`, { person: outsider.uid }, key());
    expect(notMember.status).toBe(409);
    expect(notMember.body.error.code).toBe('POINTS_NOT_PARTY_MEMBER');
    const jinxiPerson = (await personsOfGrid(t, '440704001001002', 1))[0] as PersonFixture;
    const foreign = await staff.post(`/api/points/party/posts/${post.id}/assign`, { person: jinxiPerson.uid }, key());
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('PERSON_NOT_FOUND');
  });

  it('capacity cannot drop below the holders; raised, it takes one more', async () => {
    const low = await staff.patch(`/api/points/party/posts/${post.id}`, { capacity: 1 }, key());
    expect(low.status).toBe(409);
    expect(low.body.error.code).toBe('POINTS_POST_CAPACITY_BELOW_HELD');
    const raised = await staff.patch(`/api/points/party/posts/${post.id}`, { capacity: 3 }, key());
    expect(raised.status).toBe(200);
    expect(raised.body.capacity).toBe(3);
    const third = await staff.post(`/api/points/party/posts/${post.id}/assign`, { person: m[2]?.uid }, key());
    expect(third.body.held).toBe(3);
    const jinxi = await t.as('staff.jinxi');
    const foreign = await jinxi.patch(`/api/points/party/posts/${post.id}`, { capacity: 9 }, key());
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('POINTS_POST_NOT_FOUND');
  });

  it('many assignments at once never pass the capacity', async () => {
    const small = await staff.post(
      '/api/points/party/posts',
      { community: zhichong, name: '环境整治岗', duties: '每周巡查环境卫生', capacity: 1 },
      key(),
    );
    const results = await Promise.all(
      m.map((p) => staff.post(`/api/points/party/posts/${small.body.id}/assign`, { person: p.uid }, key())),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(
      Array(m.length - 1).fill('POINTS_POST_FULL'),
    );
  });

  it('a member may claim the next quarter, not a past one, nor an inactive post', async () => {
    const next = await member.post(`/api/points/me/party/posts/${post.id}/claim`, { quarter: '2027-Q1' }, key());
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ quarter: '2027-Q1', held: 1, mine: true });
    const past = await member.post(`/api/points/me/party/posts/${post.id}/claim`, { quarter: '2026-Q3' }, key());
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].field).toBe('quarter');
    const off = await staff.post(
      '/api/points/party/posts',
      { community: zhichong, name: '停用岗', duties: '已停用' },
      key(),
    );
    expect((await staff.patch(`/api/points/party/posts/${off.body.id}`, { active: false }, key())).status).toBe(200);
    const inactive = await member.post(`/api/points/me/party/posts/${off.body.id}/claim`, {}, key());
    expect(inactive.status).toBe(409);
    expect(inactive.body.error.code).toBe('POINTS_POST_INACTIVE');
  });
});

describe(`quarterly scores and the 评优评先 report (${dbLabel})`, () => {
  it('rank and grade the community’s members on their party points of the quarter', async () => {
    const r = await staff.get(`/api/points/party/scores?unit=${zhichong}&quarter=2026-Q4`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.quarter).toMatchObject({ label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
    expect(r.body.members.map((x: any) => [x.name, x.score, x.rank, x.grade, x.gradeName])).toEqual([
      [m[0]?.name, 95, 1, 'excellent', '优秀'],
      [m[1]?.name, 90, 2, 'excellent', '优秀'],
      [m[2]?.name, 85, 3, 'qualified', '合格'], // ≥ 80 but outside the top ⌈20% × 6⌉ = 2
      [m[3]?.name, 60, 4, 'qualified', '合格'],
      [m[4]?.name, 40, 5, 'basic', '基本合格'],
      [m[5]?.name, 0, 6, 'unqualified', '不合格'],
    ]);
    expect(r.body.counts).toEqual({ excellent: 2, qualified: 2, basic: 1, unqualified: 1 });
    expect(r.body.members[0].posts).toEqual(expect.arrayContaining(['政策宣传岗']));
    expect(r.body.rule).toContain('优秀');
  });

  it('a grid shows its members with the grades of the whole community', async () => {
    const r = await staff.get(`/api/points/party/scores?unit=${grid1}&quarter=2026-Q4`);
    expect(r.body.members.map((x: any) => [x.name, x.grade])).toEqual([
      [m[0]?.name, 'excellent'],
      [m[1]?.name, 'excellent'],
      [m[2]?.name, 'qualified'],
      [m[3]?.name, 'qualified'],
      [m[4]?.name, 'basic'],
    ]);
  });

  it('the report .xlsx parses back with the same rows, and is audited', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/points/party/report.xlsx?unit=${zhichong}&quarter=2026-Q4`,
      headers: { cookie: staff.cookie },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('party-scores-2026-Q4.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(2).values).toEqual([undefined, '排名', '姓名', '网格', '季度积分', '责任岗', '等级']);
    const rows = [3, 4, 5, 6, 7, 8].map((n) => {
      const v = sheet.getRow(n).values as unknown[];
      return [v[1], v[2], v[4], v[6]];
    });
    expect(rows).toEqual([
      [1, m[0]?.name, 95, '优秀'],
      [2, m[1]?.name, 90, '优秀'],
      [3, m[2]?.name, 85, '合格'],
      [4, m[3]?.name, 60, '合格'],
      [5, m[4]?.name, 40, '基本合格'],
      [6, m[5]?.name, 0, '不合格'],
    ]);
    expect(String(sheet.getRow(3).getCell(5).value)).toContain('政策宣传岗');
    expect(await auditRecords(t, { action: 'points.party.report', targetId: zhichong })).toHaveLength(1);
  });

  it('out of scope is not found; a resident may not read scores', async () => {
    const jinxi = await t.as('staff.jinxi');
    const r = await jinxi.get(`/api/points/party/scores?unit=${zhichong}`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('UNIT_NOT_FOUND');
    expect((await jinxi.get(`/api/points/party/report.xlsx?unit=${zhichong}`)).status).toBe(404);
    expect((await member.get(`/api/points/party/scores?unit=${zhichong}`)).status).toBe(403);
  });
});
