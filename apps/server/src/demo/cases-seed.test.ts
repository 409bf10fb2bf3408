/**
 * The demo's cases as `npm start` seeds them: every status and channel, timelines that read as the
 * services write them (numbered, each step from the status the last one left, the last one naming
 * the case's status), the services' invariants on the rows (due times from the calendar, the handler
 * set once dispatched, merged cases pointing at their target), tallies equal to a recount of the
 * timelines, 城管's cases handled by 何志勇, and 王桂芳's three reports.
 */
import {
  CASE_STATUSES,
  type CaseStatus,
  calendarExceptions,
  dueAt,
  isOpen,
  RESOLVE_HOUR_BUCKETS,
  transition,
} from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../test/harness.ts';
import { chinaMonthOf } from '../modules/cases/tally.ts';
import { CASE_PLAN, DEMO_RESIDENT_CASES } from './cases-stories.ts';

interface CaseRow {
  id: number;
  uid: string;
  status: CaseStatus;
  channel: string;
  origin: string | null;
  org_path: string;
  grid_path: string;
  community_id: number;
  category_id: number;
  handler_unit_id: number | null;
  handler_path: string | null;
  handler_unit_path: string | null;
  merged_into_id: number | null;
  event_seq: number;
  created_at: Date;
  updated_at: Date;
  accepted_at: Date | null;
  dispatched_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  response_due_at: Date;
  resolve_due_at: Date;
  response_amount: number;
  response_unit: 'hours' | 'working_days';
  resolve_amount: number;
  resolve_unit: 'hours' | 'working_days';
  deliberable: boolean;
  overdue: boolean;
  escalation_level: number;
  result: string | null;
  rating: number | null;
  reopen_count: number;
  lng: number;
  lat: number;
}

interface EventRow {
  case_id: number;
  seq: number;
  at: Date;
  actor_name: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  detail: Record<string, unknown> | null;
}

describe(`demo cases seed (${dbLabel})`, () => {
  let t: TestPlatform;
  let cases: CaseRow[];
  let events: Map<number, EventRow[]>;
  beforeAll(async () => {
    t = await startTestPlatform();
    cases = await rows(sql<CaseRow>`
      select c.id, c.uid::text as uid, c.status, c.channel, c.origin, c.org_path, g.path as grid_path,
             c.community_id, c.category_id, c.handler_unit_id, c.handler_path, h.path as handler_unit_path,
             c.merged_into_id, c.event_seq, c.created_at, c.updated_at, c.accepted_at, c.dispatched_at,
             c.resolved_at, c.closed_at, c.response_due_at, c.resolve_due_at, k.response_amount, k.response_unit,
             k.resolve_amount, k.resolve_unit, k.deliberable, c.overdue, c.escalation_level, c.result, c.rating,
             c.reopen_count, c.lng, c.lat
        from cases c join org_unit g on g.id = c.grid_id join case_category k on k.id = c.category_id
        left join org_unit h on h.id = c.handler_unit_id
       order by c.id`);
    const all = await rows(sql<EventRow>`
      select case_id, seq, at, actor_name, action, from_status, to_status, detail from case_event order by case_id, seq`);
    events = new Map();
    for (const e of all) events.set(e.case_id, [...(events.get(e.case_id) ?? []), e]);
  });
  afterAll(() => t?.close());

  async function rows<T>(query: ReturnType<typeof sql<T>>) {
    return (await query.execute(t.deps.db)).rows;
  }

  it('has the planned cases in every status, from every channel, all over the district', async () => {
    expect(cases).toHaveLength(CASE_PLAN.length);
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(CASE_STATUSES));
    expect(new Set(cases.map((c) => c.channel))).toEqual(new Set(['resident', 'grid', 'window', 'hotline', 'open311']));
    expect(new Set(cases.map((c) => c.origin))).toEqual(new Set([null, 'on_behalf', 'patrol', 'visit']));
    expect(new Set(cases.map((c) => c.community_id)).size).toBe(12);
    const overdueOpen = cases.filter((c) => c.overdue && isOpen(c.status));
    expect(overdueOpen.length).toBeGreaterThanOrEqual(3);
    expect(overdueOpen.every((c) => c.escalation_level > 0)).toBe(true);
    const supervised = await rows(sql<{ n: number }>`select count(*)::int as n from cases where supervised`);
    expect(supervised[0]?.n).toBeGreaterThanOrEqual(3);
    // Each case where it happened: its grid, inside the district, near a registry building of that grid.
    expect(cases.every((c) => c.org_path === c.grid_path)).toBe(true);
    const far = await rows(sql<{ uid: string }>`
      select c.uid::text as uid from cases c where not exists (
        select 1 from building b where b.grid_id = c.grid_id
           and abs(b.lng - c.lng) < 0.001 and abs(b.lat - c.lat) < 0.001)`);
    expect(far).toEqual([]);
    const [district] = await rows(sql<{ bbox: number[] }>`select bbox from org_unit where kind = 'district'`);
    const [west, south, east, north] = district?.bbox ?? [];
    for (const c of cases) {
      expect(c.lng).toBeGreaterThan(west as number);
      expect(c.lng).toBeLessThan(east as number);
      expect(c.lat).toBeGreaterThan(south as number);
      expect(c.lat).toBeLessThan(north as number);
    }
  });

  it('numbers every timeline from 1, each step leaving from where the last one ended, the domain allowing it', () => {
    const now = t.clock().getTime();
    for (const c of cases) {
      const list = events.get(c.id) ?? [];
      expect(list.map((e) => e.seq)).toEqual(list.map((_, i) => i + 1));
      expect(list.length).toBe(c.event_seq);
      const [first] = list;
      expect(first).toMatchObject({ action: 'report', from_status: null, to_status: 'reported' });
      expect(first?.at.getTime()).toBe(c.created_at.getTime());
      let status: string = 'reported';
      let level = 0;
      for (const e of list.slice(1)) {
        expect(e.from_status, `${c.uid} ${e.seq} ${e.action}`).toBe(status);
        expect(e.at.getTime()).toBeGreaterThanOrEqual((list[e.seq - 2] as EventRow).at.getTime());
        expect(e.at.getTime()).toBeLessThan(now);
        // The jobs' and the follow-up call's rows, and a merge as the target sees it, change no status.
        const note = ['overdue', 'follow_up'].includes(e.action) || (e.action === 'merge' && e.to_status === status);
        if (!note) {
          const rating = (e.detail as { rating?: number } | null)?.rating;
          const step = transition(status as CaseStatus, e.action as never, {
            deliberable: c.deliberable,
            escalationLevel: level,
            ...(rating === undefined ? {} : { rating }),
          });
          expect(step, `${c.uid} ${e.seq} ${e.action} from ${status}`).toEqual({ ok: true, to: e.to_status });
        } else {
          expect(e.to_status).toBe(status);
        }
        if (e.action === 'escalate') level = (e.detail as { level: number }).level;
        status = e.to_status as string;
      }
      // The last step names the case's status, and the case moved when it did.
      expect(status, c.uid).toBe(c.status);
      expect(c.escalation_level).toBe(level);
      expect(c.updated_at.getTime()).toBe((list[list.length - 1] as EventRow).at.getTime());
    }
  });

  it('keeps the services’ invariants on every row', async () => {
    const days = await rows(sql<{ day: string; kind: 'holiday' | 'workday' }>`
      select to_char(day, 'YYYY-MM-DD') as day, kind from work_calendar_day`);
    const exceptions = calendarExceptions(days);
    const now = t.clock().getTime();
    for (const c of cases) {
      expect(c.response_due_at).toEqual(dueAt(c.created_at, c.response_amount, c.response_unit, exceptions));
      expect(c.resolve_due_at).toEqual(dueAt(c.created_at, c.resolve_amount, c.resolve_unit, exceptions));
      // The handler's path is the handler unit's, from dispatch until it is handed back.
      const handled = ['dispatched', 'in_progress', 'resolved', 'closed'].includes(c.status) && c.dispatched_at;
      if (['dispatched', 'in_progress', 'resolved'].includes(c.status)) expect(c.handler_unit_id, c.uid).not.toBeNull();
      if (handled || c.handler_unit_id !== null) expect(c.handler_path).toBe(c.handler_unit_path);
      if (c.dispatched_at) expect(c.accepted_at).not.toBeNull();
      expect(c.merged_into_id !== null).toBe(c.status === 'merged');
      if (c.status === 'resolved') {
        expect(c.resolved_at).not.toBeNull();
        expect(c.result).not.toBeNull();
        // Not yet 7 days: the auto-close job has nothing to do.
        expect(now - (c.resolved_at as Date).getTime()).toBeLessThan(7 * 86_400_000);
      }
      if (c.status === 'closed' || c.status === 'rejected') expect(c.closed_at).not.toBeNull();
      if (c.status === 'closed' && c.rating !== null) expect(c.rating).toBeGreaterThanOrEqual(3);
      // Overdue exactly when an open case's deadline passed (or a closed one's did before it was resolved).
      if (isOpen(c.status)) expect(c.overdue, c.uid).toBe(c.resolve_due_at.getTime() < now);
      if (c.status === 'reported') expect(c.response_due_at.getTime()).toBeGreaterThan(now);
    }
  });

  it('rates 1 to 5; a bad rating reopens the case with a follow-up call, made or still due', async () => {
    const rates = [...events.values()].flat().filter((e) => e.action === 'rate');
    expect(new Set(rates.map((e) => (e.detail as { rating: number }).rating))).toEqual(new Set([1, 2, 3, 4, 5]));
    const tasks = await rows(sql<{ case_id: number; status: string; org_path: string; community_path: string }>`
      select k.case_id, k.status, k.org_path, u.path as community_path
        from case_task k join cases c on c.id = k.case_id join org_unit u on u.id = c.community_id`);
    expect(new Set(tasks.map((k) => k.status))).toEqual(new Set(['open', 'done']));
    for (const k of tasks) {
      expect(k.org_path).toBe(k.community_path);
      const c = cases.find((x) => x.id === k.case_id) as CaseRow;
      expect(c.reopen_count).toBeGreaterThan(0);
      if (k.status === 'open') expect(c.status).toBe('in_progress');
      else expect((events.get(c.id) ?? []).some((e) => e.action === 'follow_up')).toBe(true);
    }
    expect(rates.filter((e) => (e.detail as { reopened?: boolean }).reopened).length).toBe(tasks.length);
  });

  it('sends 城管’s cases to 区城市管理和综合执法局, where 何志勇 handles them; the rest fall to the community', async () => {
    const city = await rows(sql<{ id: number; path: string }>`
      select id, path from org_unit where kind = 'department' and code = '001'`);
    const handled = cases.filter((c) => c.handler_unit_id === city[0]?.id);
    expect(handled.length).toBeGreaterThanOrEqual(5);
    for (const c of handled) {
      expect(c.handler_path).toBe(city[0]?.path);
      for (const e of events.get(c.id) ?? [])
        if (e.action === 'start' || e.action === 'resolve') expect(e.actor_name).toBe('何志勇');
    }
    const all = [...events.values()].flat();
    expect(all.some((e) => e.action === 'return' && e.actor_name === '何志勇')).toBe(true);
    expect(all.some((e) => e.action === 'transfer')).toBe(true);
    expect(
      all.some((e) => e.action === 'dispatch' && (e.detail as { fallback?: string }).fallback === 'no_handler'),
    ).toBe(true);
    expect(all.some((e) => e.action === 'accept' && e.actor_name === '李晓燕')).toBe(true);
  });

  it('merges duplicates into their target, whose reporters then hear the result', async () => {
    const merged = cases.filter((c) => c.status === 'merged');
    expect(merged.length).toBeGreaterThanOrEqual(2);
    const reporters = await rows(sql<{ case_id: number; source_case_id: number }>`
      select case_id, source_case_id from case_reporter`);
    expect(reporters.map((r) => [r.source_case_id, r.case_id]).sort()).toEqual(
      merged.map((c) => [c.id, c.merged_into_id]).sort(),
    );
    for (const c of merged) {
      const target = cases.find((x) => x.id === c.merged_into_id) as CaseRow;
      expect(target.category_id).toBe(c.category_id);
      expect(Math.abs(target.lng - c.lng)).toBeLessThan(0.0005);
      expect((events.get(target.id) ?? []).some((e) => e.action === 'merge')).toBe(true);
    }
  });

  it('keeps the month tallies equal to a recount of the timelines', async () => {
    const tallies = await rows(sql<{
      month: string;
      community_id: number;
      category_id: number;
      resolved: number;
      overdue: number;
      rated: number;
      rating_sum: number;
      satisfied: number;
      resolve_hours: number[];
    }>`
      select to_char(month, 'YYYY-MM-DD') as month, community_id, category_id, sum(resolved)::int as resolved,
             sum(overdue)::int as overdue, sum(rated)::int as rated, sum(rating_sum)::int as rating_sum,
             sum(satisfied)::int as satisfied, array_agg(cardinality(resolve_hours)) as resolve_hours
        from case_month_tally group by 1, 2, 3 order by 1, 2, 3`);
    const expected = new Map<string, { resolved: number; overdue: number; rated: number; sum: number; sat: number }>();
    const add = (
      c: CaseRow,
      at: Date,
      f: (x: { resolved: number; overdue: number; rated: number; sum: number; sat: number }) => void,
    ) => {
      const key = `${chinaMonthOf(at)}|${c.community_id}|${c.category_id}`;
      const x = expected.get(key) ?? { resolved: 0, overdue: 0, rated: 0, sum: 0, sat: 0 };
      f(x);
      expected.set(key, x);
    };
    for (const c of cases) {
      const list = events.get(c.id) ?? [];
      const firstResolve = list.find((e) => e.action === 'resolve');
      if (firstResolve) add(c, firstResolve.at, (x) => x.resolved++);
      for (const e of list) {
        if (e.action === 'overdue') add(c, e.at, (x) => x.overdue++);
        if (e.action === 'rate') {
          const r = (e.detail as { rating: number }).rating;
          add(c, e.at, (x) => {
            x.rated++;
            x.sum += r;
            if (r >= 4) x.sat++;
          });
        }
      }
    }
    const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
    expect(
      tallies
        .map((r): [string, unknown] => [
          `${r.month}|${r.community_id}|${r.category_id}`,
          { resolved: r.resolved, overdue: r.overdue, rated: r.rated, sum: r.rating_sum, sat: r.satisfied },
        ])
        .sort(byKey),
    ).toEqual([...expected.entries()].sort(byKey));
    expect(tallies.every((r) => r.resolve_hours.every((n) => n === 0 || n === RESOLVE_HOUR_BUCKETS.length))).toBe(true);
    // Every overdue case was counted once.
    expect(tallies.reduce((n, r) => n + r.overdue, 0)).toBe(cases.filter((c) => c.overdue).length);
  });

  it('gives 王桂芳 three reports of her own, one of them waiting for her rating', async () => {
    const mine = await rows(sql<{ status: string; channel: string; org_path: string }>`
      select c.status, c.channel, c.org_path from cases c join app_user u on u.id = c.reporter_user_id
       where u.username = 'resident.demo' order by c.created_at`);
    expect(mine).toHaveLength(DEMO_RESIDENT_CASES.length);
    expect(mine.map((c) => c.status).sort()).toEqual(['closed', 'in_progress', 'resolved']);
    expect(mine.every((c) => c.channel === 'resident' && c.org_path.endsWith('.g001'))).toBe(true);
  });
});
