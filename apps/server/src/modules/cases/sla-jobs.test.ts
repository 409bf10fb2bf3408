import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { flagOverdue } from './sla-jobs.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Opened {
  id: number;
  uid: string;
}

describe(`the cases' clocks: overdue, escalation and closing unrated cases (${dbLabel})`, () => {
  let t: TestPlatform;
  let serial = 0;
  let place: { district: number; community: number; grid: number; path: string; category: number };

  /**
   * A case written straight into the table, as intake and the workflow would leave it: created
   * `ageMs` ago with a resolve span of `spanMs` (due `spanMs - ageMs` from now) and a response
   * limit of 24 hours unless said.
   */
  async function openCase(
    status: string,
    o: { ageMs?: number; spanMs?: number; responseMs?: number; resolvedAgoMs?: number; level?: number } = {},
  ): Promise<Opened> {
    const now = t.clock();
    const created = new Date(now.getTime() - (o.ageMs ?? 0));
    const row = await t.deps.db
      .insertInto('cases')
      .values({
        uid: randomUUID(),
        receipt_no: `20261123-SLA${String(++serial).padStart(3, '0')}`,
        district_id: place.district,
        community_id: place.community,
        grid_id: place.grid,
        org_path: place.path,
        category_id: place.category,
        title: `路灯不亮 ${serial}`,
        description: '小区东门路灯连续三晚不亮',
        channel: 'grid',
        origin: 'patrol',
        status,
        handler_unit_id: status === 'reported' || status === 'accepted' ? null : place.community,
        escalation_level: o.level ?? 0,
        response_due_at: new Date(created.getTime() + (o.responseMs ?? DAY)),
        resolve_due_at: new Date(created.getTime() + (o.spanMs ?? 7 * DAY)),
        resolved_at: o.resolvedAgoMs !== undefined ? new Date(now.getTime() - o.resolvedAgoMs) : null,
        created_at: created,
        updated_at: created,
      })
      .returning(['id', 'uid'])
      .executeTakeFirstOrThrow();
    return row;
  }

  const caseRow = (c: Opened) =>
    t.deps.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
  const timeline = async (c: Opened) =>
    t.deps.db
      .selectFrom('case_event')
      .select(['seq', 'action', 'actor_name', 'from_status', 'to_status', 'note', 'detail', 'at'])
      .where('case_id', '=', c.id)
      .orderBy('seq')
      .execute();
  const outbox = async (c: Opened, topic: string) => {
    const { rows } = await sql<{ payload: Record<string, unknown> }>`
      select payload from outbox where topic = ${topic} and payload->>'caseUid' = ${c.uid} order by id`.execute(
      t.deps.db,
    );
    return rows.map((r) => r.payload);
  };
  const tallyOverdueCount = async () => {
    const { rows } = await sql<{ n: number }>`
      select coalesce(sum(overdue), 0)::int as n from case_month_tally
       where community_id = ${place.community} and category_id = ${place.category}`.execute(t.deps.db);
    return rows[0]?.n ?? 0;
  };
  /** Moves the clock and lets the job runner work what fell due (cases.sla runs every 5 minutes). */
  const after = async (ms: number) => {
    t.clock.advance(ms);
    await t.jobs.drain();
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    const { rows } = await sql<typeof place>`
      select d.id as district, c.id as community, g.id as grid, g.path,
             (select k.id from case_category k where k.district_id = d.id and k.code = 'facilities.street-light') as category
        from org_unit g join org_unit c on c.id = g.parent_id join org_unit d on d.id = g.district_id
       where g.code = '440704001001001'`.execute(t.deps.db);
    place = rows[0] as typeof place;
    // the first drain schedules the recurring jobs from the test clock
    await t.jobs.drain();
  });
  afterAll(() => t.close());

  it('a case past its resolve deadline is flagged once and escalated to the street, then the district, never beyond', async () => {
    // created 23 hours ago with a 24-hour span: due in an hour
    const c = await openCase('dispatched', { ageMs: 23 * HOUR, spanMs: DAY });
    const tallied = await tallyOverdueCount();
    await after(30 * 60_000);
    expect((await caseRow(c)).overdue).toBe(false);

    await after(45 * 60_000);
    const flagged = await caseRow(c);
    expect(flagged).toMatchObject({ overdue: true, escalation_level: 1, status: 'dispatched' });
    const events = await timeline(c);
    expect(events.map((e) => e.action)).toEqual(['overdue', 'escalate']);
    expect(events[0]).toMatchObject({ actor_name: '系统', from_status: 'dispatched', to_status: 'dispatched' });
    expect(events[1]).toMatchObject({ note: '超过办结时限,自动升级至街道' });
    expect(events[1]?.detail).toMatchObject({ from: 0, level: 1, reason: 'overdue' });
    expect(await tallyOverdueCount()).toBe(tallied + 1);
    expect(await outbox(c, 'case.escalated')).toEqual([expect.objectContaining({ level: 1, reason: 'overdue' })]);
    expect((await auditRecords(t, { targetId: c.uid })).map((a) => a.action)).toEqual([
      'cases.overdue',
      'cases.escalate',
    ]);

    // later runs within the next span change nothing
    await after(5 * 60_000);
    await after(12 * HOUR);
    expect(await timeline(c)).toHaveLength(2);
    expect(await tallyOverdueCount()).toBe(tallied + 1);

    // a further full span (24 h) after the escalation: the district
    await after(12 * HOUR);
    const again = await caseRow(c);
    expect(again).toMatchObject({ overdue: true, escalation_level: 2 });
    const more = await timeline(c);
    expect(more.map((e) => e.action)).toEqual(['overdue', 'escalate', 'escalate']);
    expect(more[2]?.detail).toMatchObject({ from: 1, level: 2, reason: 'still_overdue' });
    expect(more[2]?.note).toBe('超期后又逾一个办理周期仍未办结,自动升级至区');

    // and never beyond
    await after(3 * DAY);
    expect((await caseRow(c)).escalation_level).toBe(2);
    expect(await timeline(c)).toHaveLength(3);
    expect(await tallyOverdueCount()).toBe(tallied + 1);
    expect(await outbox(c, 'case.escalated')).toHaveLength(2);
  });

  it('a case already at the district is flagged overdue without another escalation', async () => {
    const c = await openCase('in_progress', { ageMs: DAY, spanMs: DAY - 60_000, level: 2 });
    await after(5 * 60_000);
    expect(await caseRow(c)).toMatchObject({ overdue: true, escalation_level: 2 });
    expect((await timeline(c)).map((e) => e.action)).toEqual(['overdue']);
  });

  it('a report nobody accepted past its response deadline is escalated once', async () => {
    // a 2-hour emergency response, 24-hour resolve: reported 1h55 ago
    const c = await openCase('reported', { ageMs: 115 * 60_000, responseMs: 2 * HOUR, spanMs: DAY });
    await after(10 * 60_000);
    const row = await caseRow(c);
    expect(row).toMatchObject({ overdue: false, escalation_level: 1, status: 'reported' });
    const events = await timeline(c);
    expect(events.map((e) => e.action)).toEqual(['escalate']);
    expect(events[0]?.detail).toMatchObject({ from: 0, level: 1, reason: 'response_overdue' });
    expect(events[0]?.note).toBe('超过响应时限仍未受理,自动升级至街道');

    await after(5 * 60_000);
    await after(6 * HOUR);
    expect(await timeline(c)).toHaveLength(1);

    // past its resolve deadline as well: flagged overdue and up to the district
    await after(18 * HOUR);
    expect(await caseRow(c)).toMatchObject({ overdue: true, escalation_level: 2 });
    expect((await timeline(c)).map((e) => e.action)).toEqual(['escalate', 'overdue', 'escalate']);
  });

  it('accepted cases are not escalated for their response deadline; closed ones are never flagged', async () => {
    const accepted = await openCase('accepted', { ageMs: 23 * HOUR, responseMs: 2 * HOUR, spanMs: 7 * DAY });
    const closed = await openCase('closed', { ageMs: 10 * DAY, spanMs: DAY });
    const resolved = await openCase('resolved', { ageMs: 2 * DAY, spanMs: DAY, resolvedAgoMs: 1 * DAY });
    await after(5 * 60_000);
    for (const c of [accepted, closed, resolved]) {
      expect(await timeline(c)).toHaveLength(0);
      expect((await caseRow(c)).overdue).toBe(false);
    }
  });

  it('a case resolved 7 days ago and never rated is closed (未评价自动办结), not a minute before', async () => {
    const c = await openCase('resolved', { ageMs: 3 * DAY, spanMs: 7 * DAY, resolvedAgoMs: 0 });
    await after(7 * DAY - 10 * 60_000);
    expect((await caseRow(c)).status).toBe('resolved');
    await after(10 * 60_000);
    const row = await caseRow(c);
    expect(row.status).toBe('closed');
    expect(row.closed_at?.getTime()).toBe(t.clock().getTime());
    expect(await timeline(c)).toEqual([
      expect.objectContaining({
        action: 'close',
        from_status: 'resolved',
        to_status: 'closed',
        note: '未评价自动办结',
        actor_name: '系统',
      }),
    ]);
    expect(await outbox(c, 'case.closed')).toEqual([expect.objectContaining({ status: 'closed', auto: true })]);
    expect((await auditRecords(t, { targetId: c.uid })).map((a) => a.action)).toEqual(['cases.close']);
    await after(DAY);
    expect(await timeline(c)).toHaveLength(1);
  });

  it('takes at most a batch of cases a run, the longest overdue first, and the rest on the next', async () => {
    const cs = [
      await openCase('in_progress', { ageMs: 3 * DAY, spanMs: 2 * DAY }),
      await openCase('in_progress', { ageMs: 3 * DAY, spanMs: DAY }),
      await openCase('in_progress', { ageMs: 3 * DAY, spanMs: 1.5 * DAY }),
    ];
    expect(await flagOverdue(t.deps.db, t.clock(), 2)).toBe(2);
    expect((await Promise.all(cs.map(caseRow))).map((r) => r.overdue)).toEqual([false, true, true]);
    expect(await flagOverdue(t.deps.db, t.clock(), 2)).toBe(1);
    expect(await flagOverdue(t.deps.db, t.clock(), 2)).toBe(0);
  });
});
