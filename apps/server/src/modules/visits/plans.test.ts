/**
 * The must-visit plans (六必访) through the API on a real database: a community changes its
 * rules and its lists follow at once; a rebuild lists each tagged home once and is idempotent;
 * tags set or ended and life events during the month reach the lists through the outbox; a new
 * grid worker takes over the open items; a visit closes its item; the grid worker's own list
 * carries household cards; supervisors see overdue items and coverage; on the 1st the job runner
 * builds the new month everywhere. Bad input is refused with the field named and nothing written.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows, createAccount } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { type PersonFixture, personIn } from '../../../test/people-fixtures.ts';
import { enqueueJob } from '../../platform/jobs/runner.ts';
import { markDueVisited } from './due.ts';

const COMMUNITY = '440704001001'; // 金溪社区
const GRID1 = '440704001001001'; // 张海峰 (grid.jinxi01)
const GRID2 = '440704001001002';
const GRID3 = '440704001001003'; // grid.jinxi03
const ELSEWHERE = '440704002001'; // 直冲社区, another street
const TABLES = ['visit_rule', 'visit_due', 'visit_grid_month', 'audit_log'] as const;

describe(`must-visit plans (${dbLabel})`, () => {
  let t: TestPlatform;
  let grid: Client;
  let staff: Client;
  let street: Client;
  let district: Client;
  let admin: Client;
  let community: string;
  let grid1: string;
  let grid2: string;
  let worker: number; // 张海峰

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    [grid, staff, street, district, admin] = [
      await t.as('grid.jinxi01'),
      await t.as('staff.jinxi'),
      await t.as('street.jiangnan'),
      await t.as('district'),
      await t.as('admin'),
    ];
    community = await t.unitId(COMMUNITY);
    grid1 = await t.unitId(GRID1);
    grid2 = await t.unitId(GRID2);
    worker = (await userId('grid.jinxi01')) as number;
  });
  afterAll(() => t.close());

  const db = () => t.deps.db;
  async function userId(username: string) {
    const row = await db().selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
    return row?.id;
  }
  async function unitRow(code: string) {
    return db()
      .selectFrom('org_unit')
      .select(['id', 'kind', 'path'])
      .where('code', '=', code)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
  }
  /** Delivers the outbox now, as the runner does every minute. */
  async function deliver() {
    await enqueueJob(db(), 'outbox.deliver', {}, t.clock());
    await t.jobs.drain();
  }
  function itemsOf(subject: { household?: number; person?: number }) {
    let q = db().selectFrom('visit_due').selectAll().orderBy('period_start');
    if (subject.household !== undefined) q = q.where('household_id', '=', subject.household);
    if (subject.person !== undefined) q = q.where('person_id', '=', subject.person);
    return q.execute();
  }
  async function tally(code: string, month: string) {
    const unit = await unitRow(code);
    const row = await db()
      .selectFrom('visit_grid_month')
      .select(['due', 'done'])
      .where('grid_id', '=', unit.id)
      .where('month', '=', `${month}-01`)
      .executeTakeFirst();
    const { rows } = await sql<{ due: number; done: number }>`
      select (count(*) filter (where status <> 'cancelled'))::int as due, (count(*) filter (where status = 'done'))::int as done
        from visit_due where grid_id = ${unit.id} and to_char(period_start, 'YYYY-MM') = ${month}`.execute(db());
    return { kept: row ?? { due: 0, done: 0 }, exact: rows[0] ?? { due: 0, done: 0 } };
  }
  async function tagPerson(personId: number, code: string, start = '2020-01-01') {
    const tag = await db().selectFrom('tag_definition').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    const person = await db()
      .selectFrom('person')
      .select('org_path')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('person_tag')
      .values({
        person_id: personId,
        tag_id: tag.id,
        org_path: person.org_path,
        source: '测试',
        start_date: start,
        set_at: t.clock(),
      })
      .execute();
  }
  async function visitRow(f: PersonFixture, at: string) {
    return db()
      .insertInto('visit')
      .values({
        uid: crypto.randomUUID(),
        district_id: f.room.districtId,
        grid_id: f.room.gridId,
        org_path: f.room.path,
        household_id: f.householdId,
        worker_id: worker,
        visited_at: new Date(at),
        method: 'home',
        summary: '独居老人王奶奶反映楼道灯坏了,已报物业',
        recorded_at: new Date(at),
        received_at: t.clock(),
        created_at: t.clock(),
      })
      .returning(['id', 'uid'])
      .executeTakeFirstOrThrow();
  }
  const ruleOf = (body: any, code: string) => body.rules.find((r: { tag: { code: string } }) => r.tag.code === code);

  it('a community follows the 六必访 defaults until it changes them, and its grid worker may read them', async () => {
    const res = await grid.get(`/api/visits/rules?community=${community}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.community).toEqual({ id: community, name: '金溪社区' });
    expect(ruleOf(res.body, 'hardship')).toEqual({
      tag: { code: 'hardship', name: '困难群众' },
      frequency: 'monthly',
      defaultFrequency: 'monthly',
      source: 'default',
    });
    expect(ruleOf(res.body, 'veteran')).toMatchObject({ frequency: 'none', defaultFrequency: 'none' });
    // The tags that put someone on the list come first.
    const frequencies: string[] = res.body.rules.map((r: { frequency: string }) => r.frequency);
    expect(frequencies.indexOf('none')).toBe(frequencies.filter((f) => f !== 'none').length);
    const en = await staff.get(`/api/visits/rules?community=${community}`, { 'accept-language': 'en' });
    expect(ruleOf(en.body, 'elderly_alone').tag.name).toBe('Elderly living alone');
  });

  it('community staff make 独居老人 weekly: audited, and the lists are rebuilt in the same request', async () => {
    const elder = await personIn(t, GRID1, { tag: 'elderly_alone' });
    const res = await staff.put('/api/visits/rules', {
      community,
      rules: [
        { tag: 'elderly_alone', frequency: 'weekly' },
        { tag: 'veteran', frequency: 'quarterly' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(ruleOf(res.body, 'elderly_alone')).toMatchObject({
      frequency: 'weekly',
      defaultFrequency: 'monthly',
      source: 'community',
    });
    expect(ruleOf(res.body, 'veteran')).toMatchObject({ frequency: 'quarterly', source: 'community' });

    // Today is Monday 23 November: the weeks still to come in November are listed, weekly.
    const weekly = await itemsOf({ household: elder.householdId });
    expect(weekly.map((i) => [i.frequency, i.period_start, i.period_end, i.status, i.assignee_id])).toEqual([
      ['weekly', '2026-11-23', '2026-11-29', 'open', worker],
      ['weekly', '2026-11-30', '2026-12-06', 'open', worker],
    ]);
    const [audit] = await auditRecords(t, { action: 'visits.rules.update', targetId: community });
    expect(audit?.after).toEqual({ elderly_alone: 'weekly', veteran: 'quarterly' });
    expect(audit?.before).toEqual({});

    // Back to the default: the community's own row goes, the weekly items are cancelled, the month's comes back.
    const back = await staff.put('/api/visits/rules', {
      community,
      rules: [
        { tag: 'elderly_alone', frequency: 'monthly' },
        { tag: 'veteran', frequency: 'none' },
      ],
    });
    expect(back.status).toBe(200);
    expect(ruleOf(back.body, 'elderly_alone')).toMatchObject({ frequency: 'monthly', source: 'default' });
    const communityRow = await unitRow(COMMUNITY);
    expect(
      await db().selectFrom('visit_rule').selectAll().where('community_id', '=', communityRow.id).execute(),
    ).toEqual([]);
    const monthly = await itemsOf({ household: elder.householdId });
    expect(monthly.map((i) => [i.frequency, i.period_start, i.status])).toEqual([
      ['monthly', '2026-11-01', 'open'],
      ['weekly', '2026-11-23', 'cancelled'],
      ['weekly', '2026-11-30', 'cancelled'],
    ]);
    const { kept, exact } = await tally(GRID1, '2026-11');
    expect(kept).toEqual(exact);
  });

  it('refuses rules naming an unknown tag, a bad frequency or a tag twice, naming the field, writing nothing', async () => {
    const before = await countRows(t, TABLES);
    const unknown = await staff.put('/api/visits/rules', {
      community,
      rules: [{ tag: 'no_such_tag', frequency: 'weekly' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      expect.objectContaining({ field: 'rules[0].tag', rule: 'TAG_UNKNOWN' }),
    ]);
    expect(unknown.body.error.message).toContain('rules[0].tag');
    const frequency = await staff.put(
      '/api/visits/rules',
      { community, rules: [{ tag: 'hardship', frequency: 'daily' }] },
      { 'accept-language': 'en' },
    );
    expect(frequency.status).toBe(400);
    expect(frequency.body.error.details).toEqual([expect.objectContaining({ field: 'rules[0].frequency' })]);
    const twice = await staff.put('/api/visits/rules', {
      community,
      rules: [
        { tag: 'hardship', frequency: 'weekly' },
        { tag: 'hardship', frequency: 'quarterly' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual([expect.objectContaining({ field: 'rules[1].tag', rule: 'DUPLICATE' })]);
    const notCommunity = await staff.put('/api/visits/rules', {
      community: grid1,
      rules: [{ tag: 'hardship', frequency: 'weekly' }],
    });
    expect(notCommunity.status).toBe(400);
    expect(notCommunity.body.error.details[0].field).toBe('community');
    const empty = await staff.put('/api/visits/rules', { community, rules: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].field).toBe('rules');
    expect(await countRows(t, TABLES)).toEqual(before);
  });

  it('keeps rules and lists to the caller’s area: a grid worker may not change rules, other areas are not found', async () => {
    const before = await countRows(t, TABLES);
    const elsewhere = await t.unitId(ELSEWHERE);
    const byWorker = await grid.put('/api/visits/rules', {
      community,
      rules: [{ tag: 'hardship', frequency: 'weekly' }],
    });
    expect(byWorker.status).toBe(403);
    expect(byWorker.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'visits:manage' } });
    const foreign = await staff.put('/api/visits/rules', {
      community: elsewhere,
      rules: [{ tag: 'hardship', frequency: 'weekly' }],
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('UNIT_NOT_FOUND');
    expect((await grid.get(`/api/visits/rules?community=${elsewhere}`)).status).toBe(404);
    expect((await grid.get(`/api/visits/rules?community=${grid1}`)).status).toBe(400);
    expect((await staff.post('/api/visits/plans/rebuild', { unit: await t.unitId(`${ELSEWHERE}001`) })).status).toBe(
      404,
    );
    expect((await grid.get(`/api/visits/due?unit=${grid2}`)).status).toBe(404);
    expect((await grid.get(`/api/visits/coverage?unit=${grid2}`)).status).toBe(404);
    const wholeDistrict = await district.post('/api/visits/plans/rebuild', { unit: await t.unitId('440704000000') });
    expect(wholeDistrict.status).toBe(400);
    expect(wholeDistrict.body.error.details[0].field).toBe('unit');
    const badMonth = await staff.post('/api/visits/plans/rebuild', { unit: grid1, month: '2026-13' });
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.error.details[0].field).toBe('month');
    expect((await grid.get('/api/visits/due?status=late')).status).toBe(400);
    expect(await countRows(t, TABLES)).toEqual(before);
  });

  it('a rebuild lists a home once with all its reasons, a person without a home alone, and leaves out the moved and the ended; twice creates nothing', async () => {
    const family = await personIn(t, GRID2, { tag: 'hardship', spouse: true });
    const spouse = await db()
      .selectFrom('person')
      .select('id')
      .where('uid', '=', family.spouseUid as string)
      .executeTakeFirstOrThrow();
    await tagPerson(spouse.id, 'senior_party_member');
    const loner = await personIn(t, GRID2, { tag: 'assisted' });
    await db().updateTable('household_member').set({ until: '2026-11-01' }).where('person_id', '=', loner.id).execute();
    const moved = await personIn(t, GRID2, { tag: 'hardship' });
    await db().updateTable('person').set({ status: 'moved_out' }).where('id', '=', moved.id).execute();
    const ended = await personIn(t, GRID2, { tag: 'hardship' });
    await db()
      .updateTable('person_tag')
      .set({ end_date: '2026-10-31', ended_at: t.clock() })
      .where('person_id', '=', ended.id)
      .execute();

    const first = await staff.post('/api/visits/plans/rebuild', { unit: grid2 });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.month).toBe('2026-11');
    expect(first.body.created).toBeGreaterThanOrEqual(2);
    const grid2Worker = await userId('grid.jinxi02');
    const [home] = await itemsOf({ household: family.householdId });
    expect(home).toMatchObject({
      person_id: null,
      reasons: ['hardship', 'senior_party_member'],
      frequency: 'monthly',
      period_start: '2026-11-01',
      period_end: '2026-11-30',
      status: 'open',
      assignee_id: grid2Worker,
    });
    expect(home?.person_ids.map(Number)).toEqual([family.id, spouse.id].sort((a, b) => a - b));
    const alone = await itemsOf({ person: loner.id });
    expect(alone).toEqual([expect.objectContaining({ household_id: null, reasons: ['assisted'] })]);
    expect(alone[0]?.person_ids.map(Number)).toEqual([loner.id]);
    expect(await itemsOf({ household: moved.householdId })).toEqual([]);
    expect(await itemsOf({ household: ended.householdId })).toEqual([]);

    const again = await staff.post('/api/visits/plans/rebuild', { unit: grid2 });
    expect(again.body).toEqual({ month: '2026-11', created: 0, updated: 0, cancelled: 0 });
    const whole = await staff.post('/api/visits/plans/rebuild', { unit: community, month: '2026-11' });
    expect(whole.status).toBe(200);
    const wholeAgain = await staff.post('/api/visits/plans/rebuild', { unit: community });
    expect(wholeAgain.body).toEqual({ month: '2026-11', created: 0, updated: 0, cancelled: 0 });
    const [audit] = await auditRecords(t, { action: 'visits.plans.rebuild', targetId: community });
    expect(audit?.after).toMatchObject({ month: '2026-11' });
    for (const code of [GRID1, GRID2, GRID3]) {
      const { kept, exact } = await tally(code, '2026-11');
      expect(kept, code).toEqual(exact);
      expect(kept.due, code).toBeGreaterThan(0);
    }
  });

  it('a tag set mid-month puts the home on the list through the outbox, and ending it cancels the open item', async () => {
    const p = await personIn(t, GRID1);
    const { kept: before } = await tally(GRID1, '2026-11');
    const tagged = await grid.post(`/api/registry/persons/${p.uid}/tags`, {
      tag: 'subsistence_allowance',
      source: '民政低保名单',
      startDate: '2026-11-20',
    });
    expect(tagged.status, JSON.stringify(tagged.body)).toBe(201);
    expect(await itemsOf({ household: p.householdId })).toEqual([]);
    await deliver();
    const [item] = await itemsOf({ household: p.householdId });
    expect(item).toMatchObject({ status: 'open', reasons: ['subsistence_allowance'], assignee_id: worker });
    expect((await tally(GRID1, '2026-11')).kept.due).toBe(before.due + 1);
    await deliver(); // delivered once only; a second run changes nothing
    expect(await itemsOf({ household: p.householdId })).toHaveLength(1);

    const personTag = tagged.body.tags.find((x: { code: string }) => x.code === 'subsistence_allowance');
    const ended = await grid.post(`/api/registry/person-tags/${personTag.id}/end`, {
      endDate: '2026-11-23',
      reason: '收入已超过低保标准',
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    await deliver();
    expect((await itemsOf({ household: p.householdId })).map((i) => i.status)).toEqual(['cancelled']);
    const after = await tally(GRID1, '2026-11');
    expect(after.kept).toEqual(after.exact);
    expect(after.kept.due).toBe(before.due);
  });

  it('a resident who moves away leaves the list when the life event is delivered', async () => {
    const p = await personIn(t, GRID1);
    expect(
      (
        await grid.post(`/api/registry/persons/${p.uid}/tags`, {
          tag: 'hardship',
          source: '走访',
          startDate: '2026-11-01',
        })
      ).status,
    ).toBe(201);
    await deliver();
    expect((await itemsOf({ household: p.householdId })).map((i) => i.status)).toEqual(['open']);
    const moved = await grid.post(`/api/registry/persons/${p.uid}/events`, {
      event: 'move_out',
      effectiveDate: '2026-11-22',
      destination: '广州市天河区',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await deliver();
    expect((await itemsOf({ household: p.householdId })).map((i) => i.status)).toEqual(['cancelled']);
  });

  it('a visit closes its item once and the tally follows; a visit to a member covers the home', async () => {
    const home = await personIn(t, GRID1, { tag: 'hardship', spouse: true });
    const other = await personIn(t, GRID1, { tag: 'assisted', spouse: true });
    await staff.post('/api/visits/plans/rebuild', { unit: grid1 });
    const { kept: before } = await tally(GRID1, '2026-11');
    const visit = await visitRow(home, '2026-11-22T03:00:00Z');
    const now = t.clock();
    const mark = (v: Parameters<typeof markDueVisited>[1]) =>
      db()
        .transaction()
        .execute((trx) => markDueVisited(trx, v, now));
    expect(await mark({ id: visit.id, householdId: home.householdId, personIds: [], visitedOn: '2026-11-22' })).toBe(1);
    expect(await mark({ id: visit.id, householdId: home.householdId, personIds: [], visitedOn: '2026-11-22' })).toBe(0);
    expect(await mark({ id: visit.id, householdId: other.householdId, personIds: [], visitedOn: '2026-10-31' })).toBe(
      0,
    );
    const [item] = await itemsOf({ household: home.householdId });
    expect(item).toMatchObject({ status: 'done', visit_id: visit.id, assignee_id: worker });
    expect(item?.closed_at).not.toBeNull();

    const spouse = await db()
      .selectFrom('person')
      .select('id')
      .where('uid', '=', other.spouseUid as string)
      .executeTakeFirstOrThrow();
    const call = await visitRow(other, '2026-11-23T01:00:00Z');
    expect(await mark({ id: call.id, householdId: null, personIds: [spouse.id], visitedOn: '2026-11-23' })).toBe(1);
    const after = await tally(GRID1, '2026-11');
    expect(after.kept).toEqual(after.exact);
    expect(after.kept.done).toBe(before.done + 2);
    expect(await mark({ id: call.id, householdId: null, personIds: [], visitedOn: '2026-11-23' })).toBe(0);
  });

  it('a new grid worker takes over the open items of the grid; done ones keep their worker; revoking hands them back', async () => {
    const done = await db()
      .selectFrom('visit_due')
      .select('id')
      .where('grid_id', '=', (await unitRow(GRID1)).id)
      .where('status', '=', 'done')
      .execute();
    expect(done.length).toBeGreaterThan(0);
    const newcomer = await createAccount(t, admin, {
      username: 'grid.jinxi01b',
      displayName: '陈志明',
      unit: GRID1,
      role: 'grid_worker',
    });
    const newcomerId = await userId('grid.jinxi01b');
    await deliver();
    const byAssignee = async () => {
      const { rows } = await sql<{ status: string; assignee_id: number; n: number }>`
        select status, assignee_id, count(*)::int as n from visit_due
         where grid_id = ${(await unitRow(GRID1)).id} and period_end >= '2026-11-23'
         group by 1, 2 order by 1, 2`.execute(db());
      return rows;
    };
    const handed = await byAssignee();
    expect(handed.filter((r) => r.status === 'open').map((r) => r.assignee_id)).toEqual([newcomerId]);
    expect(handed.filter((r) => r.status === 'done').map((r) => r.assignee_id)).toEqual([worker]);
    const list = await (await t.as('grid.jinxi01b', newcomer.password)).get('/api/visits/mine');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((i: { assignee: { name: string } }) => i.assignee.name === '陈志明')).toBe(true);

    const revoked = await admin.delete(`/api/users/${newcomer.id}/grants/${newcomer.grantId}`);
    expect(revoked.status).toBe(200);
    await deliver();
    const back = await byAssignee();
    expect(back.filter((r) => r.status === 'open').map((r) => r.assignee_id)).toEqual([worker]);
  });

  it('the grid worker’s list carries household cards: masked members with age and relation, the tags they may see, the last visit', async () => {
    const home = await personIn(t, GRID1, { tag: 'disabled', spouse: true, phone: '13812345678', name: '黄秀英' });
    await staff.post('/api/visits/plans/rebuild', { unit: grid1 });
    await visitRow(home, '2026-11-02T02:00:00Z');
    const latest = await visitRow(home, '2026-11-10T02:00:00Z');
    const res = await grid.get('/api/visits/mine');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ month: '2026-11', today: '2026-11-23' });
    const item = res.body.items.find(
      (i: { card: { householdId: string } }) => i.card.householdId === home.householdUid,
    );
    expect(item).toMatchObject({
      grid: { id: grid1, name: expect.any(String) },
      assignee: { name: '张海峰' },
      reasons: [{ code: 'disabled', name: '残疾人' }],
      frequency: 'monthly',
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      status: 'open',
      overdue: false,
      visitId: null,
    });
    expect(item.card.address).toMatch(/^测试路 \d+ 号 测试楼\d+ 101$/);
    const [head, spouse] = item.card.members;
    expect(head).toMatchObject({
      id: home.uid,
      name: '黄秀英',
      relationName: '户主',
      phone: '138****5678',
      tags: [{ code: 'disabled', name: '残疾人' }],
    });
    expect(spouse).toMatchObject({ id: home.spouseUid, relationName: '配偶', tags: [] });
    expect(item.card.lastVisit).toEqual({
      id: latest.uid,
      visitedAt: '2026-11-10T02:00:00.000Z',
      method: 'home',
      worker: '张海峰',
      summary: '独居老人王奶奶反映楼道灯坏了,已报物业',
    });
    expect(JSON.stringify(res.body)).not.toContain('13812345678');
    // Done items stay on the list; cancelled ones do not; nobody else's items are there.
    const statuses = new Set(res.body.items.map((i: { status: string }) => i.status));
    expect([...statuses].sort()).toEqual(['done', 'open']);
    expect(res.body.items.every((i: { grid: { id: string } }) => i.grid.id === grid1)).toBe(true);
    expect((await grid.get('/api/visits/mine?month=2027-03')).body.items).toEqual([]);
    expect((await grid.get('/api/visits/mine?month=2026-3')).status).toBe(400);
  });

  it('supervisors list a past month’s overdue items, and coverage reads the tallies', async () => {
    // The demo built October's lists and left some of them undone.
    const unit = await unitRow(COMMUNITY);
    const overdue = await staff.get(`/api/visits/due?unit=${community}&month=2026-10&status=overdue&pageSize=200`);
    expect(overdue.status, JSON.stringify(overdue.body)).toBe(200);
    expect(overdue.body.total).toBeGreaterThan(0);
    expect(
      overdue.body.items.every((i: { overdue: boolean; status: string }) => i.overdue && i.status === 'open'),
    ).toBe(true);
    const page2 = await staff.get(`/api/visits/due?unit=${community}&month=2026-10&status=overdue&page=2&pageSize=5`);
    expect(page2.body).toMatchObject({ page: 2, pageSize: 5, total: overdue.body.total });
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual(
      overdue.body.items.slice(5, 10).map((i: { id: string }) => i.id),
    );
    // Without a month, the overdue list holds every month's leftovers.
    const allOverdue = await staff.get(`/api/visits/due?unit=${community}&status=overdue&pageSize=200`);
    expect(allOverdue.body.total).toBeGreaterThanOrEqual(overdue.body.total);
    const open = await grid.get('/api/visits/due?month=2026-11&status=open&pageSize=200');
    expect(open.body.items.every((i: { grid: { id: string } }) => i.grid.id === grid1)).toBe(true);

    const cov = await staff.get(`/api/visits/coverage?unit=${community}&month=2026-10`);
    expect(cov.status, JSON.stringify(cov.body)).toBe(200);
    expect(cov.body.unit).toEqual({ id: community, name: '金溪社区', kind: 'community' });
    expect(cov.body.rows).toHaveLength(4);
    expect(cov.body.total.overdue).toBe(overdue.body.total);
    expect(cov.body.total.due).toBe(cov.body.rows.reduce((n: number, r: { due: number }) => n + r.due, 0));
    expect(cov.body.total.due).toBeGreaterThanOrEqual(overdue.body.total);

    // Visits and findings are the records' tallies; coverage only reads them.
    const g1 = await unitRow(GRID1);
    await db()
      .updateTable('visit_grid_month')
      .set({ visits: 3, findings: JSON.stringify({ need: 2, risk: 1 }) })
      .where('grid_id', '=', g1.id)
      .where('month', '=', '2026-11-01')
      .execute();
    await db()
      .updateTable('visit_worker_month')
      .set({ visits: 3 })
      .where('worker_id', '=', worker)
      .where('grid_id', '=', g1.id)
      .where('month', '=', '2026-11-01')
      .execute();
    const nov = await staff.get(`/api/visits/coverage?unit=${community}`);
    expect(nov.body.month).toBe('2026-11');
    const row1 = nov.body.rows.find((r: { unit: { id: string } }) => r.unit.id === grid1);
    const exact = await tally(GRID1, '2026-11');
    expect(row1).toMatchObject({ due: exact.exact.due, done: exact.exact.done, visits: 3, overdue: 0 });
    expect(row1.rate).toBeCloseTo(exact.exact.done / exact.exact.due);
    expect(nov.body.workers).toContainEqual({
      worker: { id: expect.any(String), name: '张海峰' },
      grid: expect.any(String),
      visits: 3,
    });
    const findings = Object.fromEntries(
      nov.body.findings.map((f: { kind: string; count: number }) => [f.kind, f.count]),
    );
    const others = await db()
      .selectFrom('visit_grid_month')
      .select('findings')
      .where('org_path', 'like', `${unit.path}.%`)
      .where('grid_id', '!=', g1.id)
      .where('month', '=', '2026-11-01')
      .execute();
    const sum = (kind: string) =>
      others.reduce((n, r) => n + Number((r.findings as Record<string, number>)[kind] ?? 0), 0);
    expect(findings).toEqual({
      need: 2 + sum('need'),
      risk: 1 + sum('risk'),
      conflict: sum('conflict'),
      living: sum('living'),
      other: sum('other'),
    });
    // A street official sees the street's communities; the district's other streets are not theirs.
    const byStreet = await street.get('/api/visits/coverage');
    expect(byStreet.status).toBe(200);
    expect(byStreet.body.unit.kind).toBe('street');
    expect(byStreet.body.rows.map((r: { unit: { kind: string } }) => r.unit.kind)).toContain('community');
    const streetRow = byStreet.body.rows.find((r: { unit: { name: string } }) => r.unit.name === '金溪社区');
    expect(streetRow.visits).toBe(nov.body.total.visits);
  });

  it('a 200-household grid’s list and cards answer in one round of set-based reads', async () => {
    const g3 = await unitRow(GRID3);
    const tag = await db()
      .selectFrom('tag_definition')
      .select('id')
      .where('code', '=', 'elderly_alone')
      .executeTakeFirstOrThrow();
    const now = t.clock();
    await sql`
      with b as (
        insert into building (district_id, grid_id, org_path, name, address, created_at)
        select coalesce(u.district_id, u.id), u.id, u.path, '批量楼', '批量路 1 号', ${now} from org_unit u where u.id = ${g3.id}
        returning id, district_id, grid_id, org_path),
      r as (
        insert into room (building_id, org_path, floor, number)
        select b.id, b.org_path, 1 + n / 10, (1000 + n)::text from b, generate_series(1, 200) n
        returning id, number, org_path),
      p as (
        insert into person (district_id, grid_id, org_path, name, name_grams, room_id, phone_masked, birth_date, created_at, updated_at)
        select b.district_id, b.grid_id, r.org_path, '批量' || r.number, '{}', r.id, '139****0000', '1940-05-01', ${now}, ${now}
          from r, b returning id, room_id, district_id, grid_id, org_path),
      h as (
        insert into household (district_id, grid_id, org_path, room_id, created_at)
        select p.district_id, p.grid_id, p.org_path, p.room_id, ${now} from p returning id, room_id),
      m as (
        insert into household_member (household_id, person_id, relation, org_path, since)
        select h.id, p.id, '02', p.org_path, '2020-01-01' from h join p on p.room_id = h.room_id)
      insert into person_tag (person_id, tag_id, org_path, source, start_date, set_at)
      select p.id, ${tag.id}, p.org_path, '测试', '2020-01-01', ${now} from p`.execute(db());
    const built = await staff.post('/api/visits/plans/rebuild', { unit: await t.unitId(GRID3) });
    expect(built.body.created).toBeGreaterThanOrEqual(200);
    const worker3 = await t.as('grid.jinxi03');
    const started = performance.now();
    const res = await worker3.get('/api/visits/mine');
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(200);
    const bulk = res.body.items.filter((i: { card: { address: string | null } }) =>
      i.card.address?.startsWith('批量路'),
    );
    expect(bulk).toHaveLength(200);
    expect(bulk[0].card.members[0]).toMatchObject({ age: 86, phone: '139****0000', relationName: '户主' });
    console.info(`GET /api/visits/mine with ${res.body.items.length} items: ${ms.toFixed(0)} ms (${dbLabel})`);
    expect(ms).toBeLessThan(3000);
  });

  it('on the 1st at 00:30 the job runner builds the new month for every community, one job each', async () => {
    const communities = await db()
      .selectFrom('org_unit')
      .select('id')
      .where('kind', 'in', ['community', 'village'])
      .where('status', '=', 'active')
      .execute();
    t.clock.set('2026-11-30T16:30:00Z'); // 1 December, 00:30 in China
    await t.jobs.drain();
    const jobs = await db()
      .selectFrom('job')
      .select(['name', 'status'])
      .where('name', '=', 'visits.build_community')
      .execute();
    expect(jobs).toHaveLength(communities.length);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    const { rows } = await sql<{ n: number; grids: number }>`
      select count(*)::int as n, count(distinct grid_id)::int as grids from visit_due
       where period_start = '2026-12-01' and frequency = 'monthly'`.execute(db());
    expect(rows[0]?.grids).toBe(communities.length * 4);
    const { kept, exact } = await tally(GRID1, '2026-12');
    expect(kept).toEqual(exact);
    expect(kept.due).toBeGreaterThan(0);
    // November's open items are now overdue.
    const { rows: late } = await sql<{ n: number }>`
      select count(*)::int as n from visit_due where status = 'open' and period_end < '2026-12-01'`.execute(db());
    expect(late[0]?.n).toBeGreaterThan(0);
  });
});
