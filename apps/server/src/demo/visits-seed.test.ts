/**
 * The demo's home visits as `npm start` seeds them: 英南村's own rules, two months of
 * must-visit lists built by the module itself, a month of diaries by each grid's worker with
 * overdue items left, one record edited on two devices in 张海峰's grid, and tallies equal to
 * what a from-scratch count of the rows gives.
 */
import { addDays, BUILTIN_TAGS, chinaDate, monthOf } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../test/harness.ts';
import { markDueVisited } from '../modules/visits/due.ts';
import { buildPlans } from '../modules/visits/plans-build.ts';
import { DEMO_DISTRICT } from './district.ts';
import { Rng } from './random.ts';
import { buildTime } from './visit-lists.ts';
import { findingsFor, type StoryContext, summaryFor } from './visit-stories.ts';
import { CONFLICT_GRID, RULES_COMMUNITY, seedVisits, type VisitsSeeded } from './visits-seed.ts';

describe(`demo visits seed (${dbLabel})`, () => {
  let t: TestPlatform;
  let today: string;
  let thisMonth: string;
  let lastMonth: string;
  beforeAll(async () => {
    t = await startTestPlatform();
    today = chinaDate(t.clock());
    thisMonth = monthOf(today);
    lastMonth = monthOf(addDays(`${thisMonth}-01`, -1));
  });
  afterAll(() => t?.close());

  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.deps.db)).rows;
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await rows(query))[0]?.n ?? 0;
  const inMonth = (month: string) =>
    sql`d.period_start >= ${`${month}-01`}::date and d.period_start < ${`${month}-01`}::date + interval '1 month'`;

  it('英南村 visits its 独居老人 weekly and its 老党员 quarterly, as its staff set; everywhere else the defaults', async () => {
    const rules = await rows(sql<{ code: string; tag_code: string; frequency: string; username: string }>`
      select u.code, r.tag_code, r.frequency, a.username from visit_rule r
        join org_unit u on u.id = r.community_id join app_user a on a.id = r.updated_by order by r.tag_code`);
    expect(rules).toEqual([
      { code: RULES_COMMUNITY, tag_code: 'elderly_alone', frequency: 'weekly', username: 'staff.yingnan' },
      { code: RULES_COMMUNITY, tag_code: 'senior_party_member', frequency: 'quarterly', username: 'staff.yingnan' },
    ]);
    const audit = await rows(sql<{ actor_name: string; after: unknown }>`
      select actor_name, after from audit_log where action = 'visits.rules.update'`);
    expect(audit).toEqual([
      { actor_name: 'staff.yingnan', after: { elderly_alone: 'weekly', senior_party_member: 'quarterly' } },
    ]);
    const byFrequency = await rows(sql<{ village: boolean; frequency: string; n: number }>`
      select g.path like ${`%.${RULES_COMMUNITY}.%`} as village, d.frequency, count(*)::int as n
        from visit_due d join org_unit g on g.id = d.grid_id group by 1, 2 order by 1, 2`);
    expect(byFrequency.filter((r) => !r.village).map((r) => r.frequency)).toEqual(['monthly']);
    expect(byFrequency.filter((r) => r.village).map((r) => r.frequency)).toEqual(['monthly', 'quarterly', 'weekly']);
  });

  it('every grid has its lists for last month and this month, exactly as the module’s own build makes them', async () => {
    const perGrid = await rows(sql<{ code: string; last: number; current: number }>`
      select g.code, count(*) filter (where ${inMonth(lastMonth)})::int as last,
             count(*) filter (where ${inMonth(thisMonth)})::int as current
        from org_unit g left join visit_due d on d.grid_id = g.id where g.kind = 'grid' group by g.code`);
    expect(perGrid).toHaveLength(48);
    for (const g of perGrid) {
      expect(g.last, g.code).toBeGreaterThan(0);
      expect(g.current, g.code).toBeGreaterThan(0);
    }
    expect(await count(sql`select count(*)::int as n from visit_due where status = 'cancelled'`)).toBe(0);
    // The module's buildPlans, run as the job ran it on each 1st and again now, finds nothing to
    // add, change or cancel: the seed's lists are the job's.
    const district = await t.deps.db
      .selectFrom('org_unit')
      .select(['id', 'kind', 'path'])
      .where('code', '=', DEMO_DISTRICT.code)
      .executeTakeFirstOrThrow();
    const runs = await t.deps.db
      .transaction()
      .execute(async (trx) => {
        const results = [
          await buildPlans(trx, district, lastMonth, buildTime(lastMonth, t.clock())),
          await buildPlans(trx, district, thisMonth, buildTime(thisMonth, t.clock())),
          await buildPlans(trx, district, thisMonth, t.clock()),
        ];
        throw Object.assign(new Error('rollback'), { results });
      })
      .catch((e: { results?: unknown }) => e.results);
    expect(runs).toEqual([
      { month: lastMonth, created: 0, updated: 0, cancelled: 0 },
      { month: thisMonth, created: 0, updated: 0, cancelled: 0 },
      { month: thisMonth, created: 0, updated: 0, cancelled: 0 },
    ]);
  });

  it('last month is nine in ten done, some overdue; this month done as far as the days gone by allow', async () => {
    const share = async (month: string) => {
      const [r] = await rows(sql<{ done: number; open: number; overdue: number; all: number }>`
        select count(*) filter (where status = 'done')::int as done, count(*) filter (where status = 'open')::int as open,
               count(*) filter (where status = 'open' and period_end < ${today}::date)::int as overdue,
               count(*)::int as all
          from visit_due d where d.frequency = 'monthly' and ${inMonth(month)}`);
      return r as { done: number; open: number; overdue: number; all: number };
    };
    const last = await share(lastMonth);
    expect(last.done / last.all).toBeGreaterThan(0.82);
    expect(last.done / last.all).toBeLessThan(0.96);
    expect(last.overdue).toBe(last.open);
    expect(last.overdue).toBeGreaterThan(0);
    const current = await share(thisMonth);
    const gone = (Number(today.slice(8)) - 1) / 30;
    expect(current.done / current.all).toBeGreaterThan(gone * 0.85 - 0.12);
    expect(current.done / current.all).toBeLessThan(gone * 0.85 + 0.12);
    expect(current.overdue).toBe(0);
    // Weekly items of weeks gone by are overdue when left open, those of this week are not yet.
    expect(
      await count(sql`select count(*)::int as n from visit_due
                       where frequency = 'weekly' and status = 'open' and period_end < ${today}::date`),
    ).toBeGreaterThan(0);
  });

  it('every done item points at a visit of its own home in its period by its worker, and every visit closes one', async () => {
    const wrong = await count(sql`
      select count(*)::int as n from visit_due d left join visit v on v.id = d.visit_id
       where d.status = 'done' and (v.id is null or v.worker_id <> d.assignee_id or v.grid_id <> d.grid_id
          or v.household_id is distinct from d.household_id
          or (d.person_id is not null and not exists (
                select 1 from visit_person vp where vp.visit_id = v.id and vp.person_id = d.person_id))
          or ((v.visited_at at time zone 'UTC') + interval '8 hours')::date not between d.period_start and d.period_end
          or d.closed_at <> v.created_at)`);
    expect(wrong).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from visit_due where status <> 'done' and visit_id is not null`),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*)::int as n from visit v where not exists (select 1 from visit_due d where d.visit_id = v.id)`,
      ),
    ).toBe(0);
    // The persons of a visit are current residents of the home visited.
    expect(
      await count(sql`select count(*)::int as n from visit v join visit_person vp on vp.visit_id = v.id
                       where v.household_id is not null and not exists (
                         select 1 from household_member hm where hm.household_id = v.household_id
                            and hm.person_id = vp.person_id and hm.until is null)`),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*)::int as n from visit v where not exists (select 1 from visit_person vp where vp.visit_id = v.id)`,
      ),
    ).toBe(0);
    // Syncing 张海峰's visits again through the module's own markDueVisited closes nothing more.
    const visits = await rows(sql<{ id: number; household_id: number | null; persons: number[]; day: string }>`
      select v.id, v.household_id, array(select person_id from visit_person where visit_id = v.id) as persons,
             to_char((v.visited_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as day
        from visit v join org_unit g on g.id = v.grid_id where g.code = ${CONFLICT_GRID}`);
    expect(visits.length).toBeGreaterThan(10);
    const marked = await t.deps.db
      .transaction()
      .execute(async (trx) => {
        let n = 0;
        for (const v of visits)
          n += await markDueVisited(
            trx,
            { id: v.id, householdId: v.household_id, personIds: v.persons.map(Number), visitedOn: v.day },
            t.clock(),
          );
        throw Object.assign(new Error('rollback'), { n });
      })
      .catch((e: { n?: number }) => e.n);
    expect(marked).toBe(0);
  });

  it('no visit, save or arrival lies after now; visits fall on past days in working hours', async () => {
    const now = t.clock();
    const [times] = await rows(sql<{ latest: Date; hours: number[]; disorder: number; days: string }>`
      select greatest(max(visited_at), max(recorded_at), max(received_at), max(created_at)) as latest,
             array_agg(distinct extract(hour from (visited_at at time zone 'UTC') + interval '8 hours')::int) as hours,
             count(*) filter (where recorded_at < visited_at or received_at < recorded_at or created_at > received_at)::int
               as disorder,
             max(to_char((visited_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')) as days
        from visit`);
    expect(new Date(times?.latest as Date).getTime()).toBeLessThanOrEqual(now.getTime());
    expect((times?.days ?? '') < today).toBe(true);
    expect(times?.disorder).toBe(0);
    for (const h of times?.hours ?? []) {
      expect(h).toBeGreaterThanOrEqual(8);
      expect(h).toBeLessThanOrEqual(17);
    }
    expect(
      await count(
        sql`select count(*)::int as n from visit_revision where recorded_at > ${now} or received_at > ${now}`,
      ),
    ).toBe(0);
  });

  it('the diaries read like 民情日记: mostly at home, about half with findings of every kind, each with its revision', async () => {
    const methods = Object.fromEntries(
      (
        await rows(sql<{ method: string; n: number }>`select method, count(*)::int as n from visit group by method`)
      ).map((r) => [r.method, r.n]),
    );
    const all = Object.values(methods).reduce((a, b) => a + b, 0);
    expect(all).toBeGreaterThan(500);
    expect((methods.home ?? 0) / all).toBeGreaterThan(0.6);
    for (const m of ['phone', 'video', 'outside']) expect(methods[m], m).toBeGreaterThan(0);
    const [f] = await rows(sql<{ with: number; most: number; kinds: string[] }>`
      select count(*) filter (where jsonb_array_length(findings) > 0)::int as with,
             max(jsonb_array_length(findings))::int as most,
             array(select distinct e->>'kind' from visit, jsonb_array_elements(findings) e order by 1) as kinds
        from visit`);
    expect((f?.with ?? 0) / all).toBeGreaterThan(0.4);
    expect((f?.with ?? 0) / all).toBeLessThan(0.6);
    expect(f?.most).toBe(3);
    expect(f?.kinds).toEqual(['conflict', 'living', 'need', 'other', 'risk']);
    expect(
      await count(sql`select count(*)::int as n from visit
                       where summary !~ '家庭情况:.*人员类别:.*设施:.*隐患矛盾:'`),
    ).toBe(0);
    // A sensitive tag is never named in a diary, nor a disability hinted at.
    expect(
      await count(sql`select count(*)::int as n from visit where summary like '%残%' or findings::text like '%残%'`),
    ).toBe(0);
    for (const tag of BUILTIN_TAGS.filter((x) => x.sensitive)) {
      expect(
        await count(sql`select count(*)::int as n from visit where summary like ${`%${tag.zh}%`}
                          or findings::text like ${`%${tag.zh}%`}`),
        tag.zh,
      ).toBe(0);
    }
    const devices = await rows(sql<{ device_id: string }>`
      select distinct v.device_id from visit v join app_user u on u.id = v.worker_id where u.username = 'grid.jinxi01'`);
    expect(devices.map((d) => d.device_id).sort()).toEqual(['demo-phone-zhanghaifeng', 'demo-tablet-zhanghaifeng']);
    // One applied revision per visit holding what the visit says; the conflicting one has more.
    expect(
      await count(sql`select count(*)::int as n from visit v
                       where v.revision = 1 and not v.conflict and (
                         select count(*) from visit_revision r where r.visit_id = v.id) <> 1`),
    ).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from visit v
                       where (select r.body->>'summary' from visit_revision r
                               where r.visit_id = v.id and r.applied order by r.id desc limit 1) <> v.summary`),
    ).toBe(0);
  });

  it('张海峰’s grid has items done, open and overdue, findings, and the one record edited on two devices', async () => {
    const [g] = await rows(sql<{ done: number; open: number; overdue: number; findings: number }>`
      select count(*) filter (where d.status = 'done')::int as done, count(*) filter (where d.status = 'open')::int as open,
             count(*) filter (where d.status = 'open' and d.period_end < ${today}::date)::int as overdue,
             (select count(*)::int from visit v where v.grid_id = g.id and jsonb_array_length(v.findings) > 0) as findings
        from org_unit g join visit_due d on d.grid_id = g.id where g.code = ${CONFLICT_GRID} group by g.id`);
    expect(g?.done).toBeGreaterThan(10);
    expect(g?.open).toBeGreaterThan(0);
    expect(g?.overdue).toBeGreaterThan(0);
    expect(g?.findings).toBeGreaterThan(2);
    const conflicts = await rows(sql<{ uid: string; code: string }>`
      select v.uid::text as uid, g.code from visit v join org_unit g on g.id = v.grid_id where v.conflict`);
    expect(conflicts.map((c) => c.code)).toEqual([CONFLICT_GRID]);

    const worker = await t.as('grid.jinxi01');
    const detail = await worker.get(`/api/visits/${conflicts[0]?.uid}`);
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body).toMatchObject({ conflict: true, revision: 2, deviceId: 'demo-tablet-zhanghaifeng' });
    const revs = detail.body.revisions as Array<{
      applied: boolean;
      deviceId: string;
      recordedAt: string;
      summary: string;
    }>;
    expect(revs.map((r) => [r.applied, r.deviceId])).toEqual([
      [true, 'demo-phone-zhanghaifeng'],
      [true, 'demo-tablet-zhanghaifeng'],
      [false, 'demo-phone-zhanghaifeng'],
    ]);
    // The two edits of revision 1: the later save (the tablet's) is current, the phone's is kept.
    expect(Date.parse(revs[1]?.recordedAt as string)).toBeGreaterThan(Date.parse(revs[2]?.recordedAt as string));
    expect(detail.body.summary).toBe(revs[1]?.summary);
    expect(revs[2]?.summary).not.toBe(revs[1]?.summary);
  });

  it('the tallies are what the services write: equal to a count of the rows from scratch', async () => {
    const grids = await rows(sql<{ key: string; due: number; done: number; visits: number; findings: unknown }>`
      select grid_id || '|' || month::text as key, due, done, visits, findings from visit_grid_month
       where due <> 0 or done <> 0 or visits <> 0 or findings <> '{}' order by 1`);
    const fromScratch = await rows(sql<{ key: string; due: number; done: number; visits: number; findings: unknown }>`
      with items as (
        select grid_id, date_trunc('month', period_start)::date as month,
               count(*) filter (where status <> 'cancelled')::int as due,
               count(*) filter (where status = 'done')::int as done
          from visit_due group by 1, 2
      ), diaries as (
        select grid_id, date_trunc('month', (visited_at at time zone 'UTC') + interval '8 hours')::date as month,
               count(*)::int as visits
          from visit group by 1, 2
      ), kinds as (
        select grid_id, month, jsonb_object_agg(kind, n) as findings from (
          select grid_id, date_trunc('month', (visited_at at time zone 'UTC') + interval '8 hours')::date as month,
                 e->>'kind' as kind, count(*)::int as n
            from visit, jsonb_array_elements(findings) e group by 1, 2, 3) k
         group by 1, 2
      )
      select coalesce(i.grid_id, d.grid_id) || '|' || coalesce(i.month, d.month)::text as key,
             coalesce(i.due, 0) as due, coalesce(i.done, 0) as done, coalesce(d.visits, 0) as visits,
             coalesce(k.findings, '{}'::jsonb) as findings
        from items i full join diaries d on d.grid_id = i.grid_id and d.month = i.month
        left join kinds k on k.grid_id = coalesce(i.grid_id, d.grid_id) and k.month = coalesce(i.month, d.month)
       order by 1`);
    expect(grids.length).toBeGreaterThan(96);
    expect(grids).toEqual(fromScratch);
    const workers = await rows(sql<{ key: string; visits: number }>`
      select worker_id || '|' || grid_id || '|' || month::text as key, visits from visit_worker_month
       where visits <> 0 order by 1`);
    const workersFromScratch = await rows(sql<{ key: string; visits: number }>`
      select worker_id || '|' || grid_id || '|' || date_trunc('month', (visited_at at time zone 'UTC') + interval '8 hours')::date::text as key,
             count(*)::int as visits
        from visit group by 1 order by 1`);
    expect(workers).toEqual(workersFromScratch);
    // And the coverage page reads them: 金溪社区 last month.
    const staff = await t.as('staff.jinxi');
    const cov = await staff.get(`/api/visits/coverage?unit=${await t.unitId('440704001001')}&month=${lastMonth}`);
    expect(cov.status, JSON.stringify(cov.body)).toBe(200);
    expect(cov.body.total.visits).toBeGreaterThan(0);
    expect(cov.body.total.overdue).toBeGreaterThan(0);
  });

  it('seeded just after midnight on the 1st, nothing lies ahead: the new month is listed and not yet visited', async () => {
    const now = new Date('2026-12-01T00:10:00+08:00');
    const seen = await t.deps.db
      .transaction()
      .execute(async (trx) => {
        for (const table of [
          'visit_due',
          'visit_revision',
          'visit_person',
          'visit',
          'visit_grid_month',
          'visit_worker_month',
          'visit_rule',
        ])
          await sql`delete from ${sql.table(table)}`.execute(trx);
        const seeded = await seedVisits(trx, now);
        const { rows } = await sql<{ latest: Date; december: number; items: number }>`
          select (select greatest(max(visited_at), max(received_at)) from visit) as latest,
                 (select count(*)::int from visit_due where period_start >= '2026-12-01' and status = 'open') as december,
                 (select count(*)::int from visit_due where status = 'done') as items`.execute(trx);
        throw Object.assign(new Error('rollback'), { seen: { seeded, ...rows[0] } });
      })
      .catch((e: { seen?: { seeded: VisitsSeeded; latest: Date; december: number; items: number } }) => e.seen);
    expect(seen?.seeded.visits).toBeGreaterThan(500);
    expect(seen?.items).toBe(seen?.seeded.visits);
    expect(new Date(seen?.latest as Date).getTime()).toBeLessThanOrEqual(now.getTime());
    // December's list is built at once (the job would run at 00:30), and nobody has visited yet.
    expect(seen?.december).toBeGreaterThan(0);
    expect(new Date(seen?.latest as Date).getTime()).toBeLessThan(Date.parse('2026-12-01T00:00:00+08:00'));
  });

  it('the same draws write the same diary, and a phone call sees no gas hose', () => {
    const ctx: StoryContext = {
      method: 'home',
      reasons: ['elderly_alone'],
      subject: { name: '王桂芳', gender: 'female', age: 78 },
      members: 1,
      village: false,
      frequency: 'monthly',
    };
    const write = (label: string, c: StoryContext) => {
      const rng = Rng.stream(20261123, label);
      const findings = findingsFor(rng, c, 3);
      return { findings, summary: summaryFor(rng, c, findings) };
    };
    const a = write('x', ctx);
    expect(write('x', ctx)).toEqual(a);
    expect(a.summary).toMatch(/^入户走访王奶奶家。家庭情况:独居.*人员类别:独居老人,.*设施:.*隐患矛盾:/);
    for (let i = 0; i < 200; i++) {
      const call = write(`call${i}`, { ...ctx, method: 'phone' });
      expect(call.summary).toContain('设施:本次为电话回访,未实地查看');
      expect(call.findings.every((f) => !f.text.includes('燃气软管'))).toBe(true);
    }
  });
});
