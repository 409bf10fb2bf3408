/**
 * The demo district's home visits (六必访, 民情日记), so that a newcomer sees them in use: 英南村's
 * own rules (独居老人 weekly, 老党员 quarterly, set by its community staff), the must-visit lists
 * of last month and this month as the monthly job builds them, and the diaries the grid
 * workers wrote — last month nearly all done (a few overdue), this month as far as the days
 * gone by allow — with findings, and one record edited on two devices.
 *
 * Everything relative to the seed's `now` (Asia/Shanghai months and days). The lists are built
 * as the monthly job builds them (visit-lists.ts); the diaries are written set-based (a
 * statement per table), and the items they cover are closed, and the tallies kept, as the
 * sync's markDueVisited and applyTallies would: an item is done by the first visit synced after
 * it existed that covers it (its household, or the person; its period holding the visit's China
 * date). The texts are visit-stories.ts's. Not audited visit by visit, as the registry's seed is
 * not person by person; the rules change is, as its staff made it.
 */
import { randomUUID } from 'node:crypto';
import { addDays, ageOn, chinaDate, isoWeekday, monthOf, monthPeriod, type VisitBody } from '@gongzhi/domain';
import { sql } from 'kysely';
import { recountGridMonths } from '../modules/visits/plans-repo.ts';
import { applyTallies, TallyChanges, monthOf as tallyMonth } from '../modules/visits/tallies.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { POPULATION_SEED } from './population.ts';
import { Rng } from './random.ts';
import { buildLists, chinaAt, type DueRow } from './visit-lists.ts';
import {
  type DrawnFinding,
  findingsFor,
  pinyinOf,
  quickNoteFor,
  type StoryContext,
  summaryFor,
  type VisitMethod,
} from './visit-stories.ts';

/** 英南村 changed its rules: its 独居老人 weekly, its 老党员 once a quarter. */
export const RULES_COMMUNITY = '440704003201';
export const CHANGED_RULES = [
  { tag: 'elderly_alone', frequency: 'weekly' },
  { tag: 'senior_party_member', frequency: 'quarterly' },
] as const;
const RULES_BY = 'staff.yingnan';
/** The grid of the demo grid worker 张海峰: its one record edited on two devices. */
export const CONFLICT_GRID = '440704001001001';

const MINUTE = 60_000;
const daysFrom = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

interface Revision {
  base_revision: number;
  applied: boolean;
  body: VisitBody;
  device_id: string;
  recorded_at: string;
  received_at: string;
}

interface Diary {
  uid: string;
  item: DueRow;
  visited_at: string;
  method: VisitMethod;
  findings: Array<{ kind: string; text: string }>;
  summary: string;
  lng: number | null;
  lat: number | null;
  revision: number;
  conflict: boolean;
  device_id: string;
  recorded_at: string;
  received_at: string;
  created_at: string;
  personIds: number[];
  revisions: Revision[];
}

const METHODS: ReadonlyArray<readonly [VisitMethod, number]> = [
  ['home', 70],
  ['phone', 14],
  ['video', 5],
  ['outside', 11],
];

function method(rng: Rng): VisitMethod {
  let x = rng.float() * 100;
  for (const [m, w] of METHODS) {
    x -= w;
    if (x < 0) return m;
  }
  return 'home';
}

/** The month before 'YYYY-MM'. */
const monthBefore = (month: string) => monthOf(addDays(`${month}-01`, -1));

/** What the diary's texts are about: the first person on the list, their home, the way of the visit. */
function storyOf(item: DueRow, method: VisitMethod, today: string): StoryContext {
  const main = item.persons[0];
  return {
    method,
    reasons: item.reasons,
    subject: {
      name: main?.name ?? '',
      gender: main?.gender ?? null,
      age: main?.birth_date ? ageOn(main.birth_date, today) : null,
    },
    members: item.household_id === null ? 0 : item.members,
    village: item.village,
    frequency: item.frequency,
  };
}

/** A visit made on a working day of [from, to], in working hours, by the item's grid worker. */
function diaryOf(rng: Rng, item: DueRow, from: string, to: string, now: Date, today: string): Diary {
  const span = daysFrom(from, to) + 1;
  let day = addDays(from, rng.int(span));
  // Mostly on weekdays: a weekend draw is drawn again, once, most of the time.
  if (isoWeekday(day) >= 6 && rng.chance(0.7)) day = addDays(from, rng.int(span));
  const minutes = rng.chance(0.55) ? rng.between(510, 705) : rng.between(870, 1050);
  const visited = chinaAt(day, minutes);
  const recorded = new Date(visited.getTime() + rng.between(3, 40) * MINUTE);
  // Most records sync at once; some wait until the phone has signal again.
  const delay = rng.chance(0.8) ? rng.between(0, 180) * 1000 : rng.between(60, 360) * MINUTE;
  const received = new Date(Math.min(recorded.getTime() + delay, now.getTime()));
  const m = method(rng);
  const ctx = storyOf(item, m, today);
  const drawn: DrawnFinding[] = rng.chance(0.5) ? findingsFor(rng, ctx, rng.pick([1, 1, 1, 2, 2, 3])) : [];
  const summary = summaryFor(rng, ctx, drawn);
  const findings = drawn.map((f) => ({ kind: f.kind, text: f.text }));
  const located = (m === 'home' || m === 'outside') && item.lng !== null && rng.chance(0.85);
  const jitter = () => Math.round((rng.float() - 0.5) * 600) / 1_000_000;
  const lng = located ? Math.round(((item.lng as number) + jitter()) * 1e6) / 1e6 : null;
  const lat = located ? Math.round(((item.lat as number) + jitter()) * 1e6) / 1e6 : null;
  const device = `demo-phone-${pinyinOf(item.worker_name, item.username.replace(/^grid\./, ''))}`;
  const uid = randomUUID();
  const body: VisitBody = {
    householdId: item.household_uid,
    personIds: item.persons.map((p) => p.uid),
    visitedAt: visited.toISOString(),
    method: m,
    summary,
    findings,
    location: lng === null || lat === null ? null : { lng, lat },
    photoIds: [],
  };
  return {
    uid,
    item,
    visited_at: visited.toISOString(),
    method: m,
    findings,
    summary,
    lng,
    lat,
    revision: 1,
    conflict: false,
    device_id: device,
    recorded_at: recorded.toISOString(),
    received_at: received.toISOString(),
    created_at: received.toISOString(),
    personIds: item.persons.map((p) => p.id),
    revisions: [
      {
        base_revision: 0,
        applied: true,
        body,
        device_id: device,
        recorded_at: recorded.toISOString(),
        received_at: received.toISOString(),
      },
    ],
  };
}

/**
 * 张海峰 notes a visit at the door on his phone, later writes it out on the phone in a
 * basement without signal, and in the evening writes it out again on the office tablet. The
 * tablet's edit (saved later) reaches the server first and applies; the phone's, saved earlier
 * on a stale revision, arrives after and is kept unapplied: a conflict for him to look at.
 */
function makeConflict(rng: Rng, d: Diary, today: string): void {
  const first = d.revisions[0] as Revision;
  const ctx = storyOf(d.item, d.method, today);
  const visited = Date.parse(d.visited_at);
  const at = (minutes: number) => new Date(visited + minutes * MINUTE).toISOString();
  const phone = first.device_id;
  const tablet = phone.replace('demo-phone-', 'demo-tablet-');
  const phoneDrawn = findingsFor(rng, ctx, 1);
  const tabletDrawn = findingsFor(rng, ctx, 2);
  const note: VisitBody = { ...first.body, summary: quickNoteFor(ctx), findings: [] };
  const phoneEdit: VisitBody = {
    ...first.body,
    summary: summaryFor(rng, ctx, phoneDrawn),
    findings: phoneDrawn.map((f) => ({ kind: f.kind, text: f.text })),
  };
  const tabletEdit: VisitBody = {
    ...first.body,
    summary: summaryFor(rng, ctx, tabletDrawn),
    findings: tabletDrawn.map((f) => ({ kind: f.kind, text: f.text })),
  };
  d.revisions = [
    { base_revision: 0, applied: true, body: note, device_id: phone, recorded_at: at(10), received_at: at(11) },
    {
      base_revision: 1,
      applied: true,
      body: tabletEdit,
      device_id: tablet,
      recorded_at: at(330),
      received_at: at(331),
    },
    { base_revision: 1, applied: false, body: phoneEdit, device_id: phone, recorded_at: at(240), received_at: at(370) },
  ];
  Object.assign(d, {
    summary: tabletEdit.summary,
    findings: tabletEdit.findings,
    revision: 2,
    conflict: true,
    device_id: tablet,
    recorded_at: at(330),
    received_at: at(331),
    created_at: at(11),
  });
}

/** 英南村's rules, as its community staff set them a few days before last month began. */
async function changeRules(trx: Db, at: Date): Promise<number> {
  const community = await trx
    .selectFrom('org_unit')
    .select(['id', 'uid', 'path', 'district_id'])
    .where('code', '=', RULES_COMMUNITY)
    .executeTakeFirstOrThrow();
  const staff = await trx
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', RULES_BY)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('visit_rule')
    .values(
      CHANGED_RULES.map((r) => ({
        community_id: community.id,
        district_id: community.district_id as number,
        org_path: community.path,
        tag_code: r.tag,
        frequency: r.frequency,
        updated_by: staff.id,
        updated_at: at,
      })),
    )
    .execute();
  await recordAudit(
    trx,
    { id: staff.id, name: RULES_BY, roles: ['community_staff'], ip: null, requestId: null },
    {
      action: 'visits.rules.update',
      orgPath: community.path,
      targetType: 'unit',
      targetId: community.uid,
      before: {},
      after: Object.fromEntries(CHANGED_RULES.map((r) => [r.tag, r.frequency])),
    },
    at,
  );
  return CHANGED_RULES.length;
}

export interface VisitsSeeded {
  rules: number;
  items: number;
  visits: number;
  done: number;
}

export async function seedVisits(trx: Db, now: Date, seed: number = POPULATION_SEED): Promise<VisitsSeeded> {
  // As writePopulation does: on PGlite (a superuser) rows made from rows already there skip the
  // per-row foreign-key triggers; elsewhere they run as usual.
  const { rows: role } = await sql<{ su: boolean }>`
    select rolsuper as su from pg_roles where rolname = current_user`.execute(trx);
  const superuser = role[0]?.su === true;
  if (superuser) await sql`set local session_replication_role = replica`.execute(trx);
  const today = chinaDate(now);
  const thisMonth = monthOf(today);
  const lastMonth = monthBefore(thisMonth);
  const rules = await changeRules(trx, chinaAt(addDays(`${lastMonth}-01`, -6), 15 * 60 + 20));
  const items = await buildLists(trx, now, [lastMonth, thisMonth]);

  // Which items were visited, when: a period over is done nine times in ten; one under way in
  // proportion to the days gone by. Only past days: today's visits are still to be made.
  const yesterday = addDays(today, -1);
  const diaries: Diary[] = [];
  for (const item of items) {
    const rng = Rng.stream(
      seed,
      `visit:${item.grid_code}:${item.period_start}:${item.household_id ?? `p${item.person_id}`}`,
    );
    const from = later(item.period_start, chinaDate(item.created_at));
    const to = earlier(item.period_end, yesterday);
    if (from > to) continue;
    const length = daysFrom(item.period_start, item.period_end) + 1;
    const p = item.period_end < today ? 0.9 : (0.85 * (daysFrom(item.period_start, to) + 1)) / length;
    if (!rng.chance(p)) continue;
    diaries.push(diaryOf(rng, item, from, to, now, today));
  }
  // The conflict: the grid's latest home visit with two days behind it (so every edit is past),
  // to an elderly person living alone when there is one.
  const candidates = diaries
    .filter(
      (d) =>
        d.item.grid_code === CONFLICT_GRID &&
        d.item.household_id !== null &&
        d.method === 'home' &&
        chinaDate(new Date(d.visited_at)) <= addDays(today, -2),
    )
    .sort(
      (a, b) =>
        Number(b.item.reasons.includes('elderly_alone')) - Number(a.item.reasons.includes('elderly_alone')) ||
        b.visited_at.localeCompare(a.visited_at),
    );
  const conflicted = candidates[0];
  if (conflicted) makeConflict(Rng.stream(seed, 'visit:conflict'), conflicted, today);

  const ids = await insertDiaries(trx, diaries);
  const done = await closeCovered(trx, diaries, ids);
  const gridIds = [...new Set(items.map((i) => i.grid_id))];
  const firstStart = items.map((i) => i.period_start).sort()[0];
  if (firstStart) await recountGridMonths(trx, gridIds, firstStart.slice(0, 7), monthPeriod(thisMonth).end);
  const tallies = new TallyChanges();
  for (const d of diaries)
    tallies.add({
      workerId: d.item.assignee_id,
      gridId: d.item.grid_id,
      month: tallyMonth(d.visited_at),
      findings: d.findings,
    });
  await applyTallies(trx, tallies);
  if (superuser) await sql`set local session_replication_role = origin`.execute(trx);
  return { rules, items: items.length, visits: diaries.length, done };
}

/** The diaries, their persons and revisions: a statement per table. Returns visit ids by uid. */
async function insertDiaries(trx: Db, diaries: Diary[]): Promise<Map<string, number>> {
  if (diaries.length === 0) return new Map();
  const rows = diaries.map((d) => ({
    uid: d.uid,
    district_id: d.item.district_id,
    grid_id: d.item.grid_id,
    org_path: d.item.org_path,
    household_id: d.item.household_id,
    worker_id: d.item.assignee_id,
    visited_at: d.visited_at,
    method: d.method,
    findings: d.findings,
    summary: d.summary,
    lng: d.lng,
    lat: d.lat,
    revision: d.revision,
    conflict: d.conflict,
    device_id: d.device_id,
    recorded_at: d.recorded_at,
    received_at: d.received_at,
    created_at: d.created_at,
  }));
  const { rows: made } = await sql<{ id: number; uid: string }>`
    insert into visit (uid, district_id, grid_id, org_path, household_id, worker_id, visited_at, method, findings,
                       summary, lng, lat, revision, conflict, device_id, recorded_at, received_at, created_at)
    select x.uid, x.district_id, x.grid_id, x.org_path, x.household_id, x.worker_id, x.visited_at, x.method,
           x.findings, x.summary, x.lng, x.lat, x.revision, x.conflict, x.device_id, x.recorded_at, x.received_at,
           x.created_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
             uid uuid, district_id bigint, grid_id bigint, org_path text, household_id bigint, worker_id bigint,
             visited_at timestamptz, method text, findings jsonb, summary text, lng float8, lat float8, revision int,
             conflict boolean, device_id text, recorded_at timestamptz, received_at timestamptz,
             created_at timestamptz)
    returning id, uid::text as uid`.execute(trx);
  const ids = new Map(made.map((r) => [r.uid, r.id]));
  const idOf = (d: Diary) => ids.get(d.uid) as number;
  const persons = diaries.flatMap((d) => d.personIds.map((p) => [idOf(d), p] as const));
  await sql`
    insert into visit_person (visit_id, person_id)
    select * from unnest(${persons.map(([v]) => v)}::bigint[], ${persons.map(([, p]) => p)}::bigint[])`.execute(trx);
  const revisions = diaries.flatMap((d) =>
    d.revisions.map((r) => ({ visit_id: idOf(d), worker_id: d.item.assignee_id, ...r })),
  );
  await sql`
    insert into visit_revision (visit_id, base_revision, applied, body, worker_id, device_id, recorded_at, received_at)
    select x.visit_id, x.base_revision, x.applied, x.body, x.worker_id, x.device_id, x.recorded_at, x.received_at
      from jsonb_to_recordset(${JSON.stringify(revisions)}::jsonb)
        as x(visit_id bigint, base_revision int, applied boolean, body jsonb, worker_id bigint, device_id text,
             recorded_at timestamptz, received_at timestamptz)
     order by x.visit_id, x.received_at`.execute(trx);
  return ids;
}

/**
 * markDueVisited for a set of visits at once: each open item goes to the first visit (in the
 * order they reached the server, after the item was made) that covers it — the visited
 * household (the persons named all live there), or the named person's own item — on a China
 * date within its period.
 */
async function closeCovered(trx: Db, diaries: Diary[], ids: Map<string, number>): Promise<number> {
  const covers = diaries.flatMap((d) => {
    const at = { visit_id: ids.get(d.uid) as number, day: chinaDate(new Date(d.visited_at)), created_at: d.created_at };
    return [
      ...(d.item.household_id === null ? [] : [{ ...at, household_id: d.item.household_id, person_id: null }]),
      ...d.personIds.map((p) => ({ ...at, household_id: null, person_id: p })),
    ];
  });
  if (covers.length === 0) return 0;
  const result = await sql`
    with c as (
      select * from jsonb_to_recordset(${JSON.stringify(covers)}::jsonb)
        as x(visit_id bigint, day date, created_at timestamptz, household_id bigint, person_id bigint)
    ), hits as (
      select d.id, c.visit_id, c.created_at from c join visit_due d on d.household_id = c.household_id
       where d.status = 'open' and d.period_start <= c.day and d.period_end >= c.day and d.created_at <= c.created_at
      union all
      select d.id, c.visit_id, c.created_at from c join visit_due d on d.person_id = c.person_id
       where d.status = 'open' and d.period_start <= c.day and d.period_end >= c.day and d.created_at <= c.created_at
    ), firsts as (
      select distinct on (id) id, visit_id, created_at from hits order by id, created_at, visit_id
    )
    update visit_due d set status = 'done', visit_id = f.visit_id, closed_at = f.created_at
      from firsts f where d.id = f.id`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
