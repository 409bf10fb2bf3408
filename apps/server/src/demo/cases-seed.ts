/**
 * The demo district's cases (事件), so that a newcomer finds the consoles in use: 84 cases over the
 * last four months in every status — just reported, accepted, turned away, dispatched to 区城管局 or
 * handled by the community itself, in progress, resolved and waiting for a rating, closed with ratings
 * 1–5 (one reopened after a bad rating, its follow-up call made; another reopened and still open with
 * its follow-up task), closed unrated by the job or by the dispatcher, merged into an earlier report,
 * overdue and escalated, supervised — from every channel (the resident's phone, grid workers on behalf
 * of residents, on patrol and on visits, the community window and hotline, and 12345 through Open311).
 * resident.demo (王桂芳) has three reports of her own: one waiting for her rating.
 *
 * Each case is played out as the services would have written it (cases-stories.ts holds the plan and
 * the texts): every step is checked against the domain's `transition`, its row changes are the
 * workflow service's, its timeline row goes through timeline.ts `appendEvents` at the step's own time,
 * and the tallies through tally.ts at that time. The SLA job is simulated too: a case still open when
 * its resolve deadline passes is flagged overdue and escalated at the next five-minute tick (and once
 * more a full SLA span later), a case resolved seven days unrated is closed — so the seeded state is
 * one the jobs have nothing to add to. Due times come from the domain's `dueAt` with the district's
 * calendar. Everything relative to `now`; each case's timing is drawn from its own random stream and
 * drawn again until its timeline fits the plan (the right status at `now`, overdue only where planned).
 *
 * Not audited step by step and no outbox events, as the registry's seed is not person by person:
 * these are the history a district brings along, not work done now. Photos are left out (no files).
 */
import { randomUUID } from 'node:crypto';
import {
  type CaseAction,
  type CaseStatus,
  calendarExceptions,
  dueAt,
  isOpen,
  maskName,
  maskPhone,
  nextEscalationLevel,
  receiptNo,
  transition,
  UNRATED_CLOSE_DAYS,
} from '@gongzhi/domain';
import { sql } from 'kysely';
import { tallyOverdue, tallyRated, tallyResolved } from '../modules/cases/tally.ts';
import { appendEvents, type TimelineEvent } from '../modules/cases/timeline.ts';
import { type Keys, seal } from '../platform/crypto.ts';
import type { Db } from '../platform/db/database.ts';
import {
  ACCEPT_NOTES,
  CASE_PLAN,
  CASE_STORIES,
  type CaseStory,
  CHANNEL_PREFIX,
  COMMENT_NOTES,
  JOB_NOTES,
  type PlannedCase,
  RATING_COMMENTS,
  RETURN_REASONS,
  SUPERVISE_NOTES,
  TRANSFER_REASONS,
} from './cases-stories.ts';
import { DEMO_DISTRICT } from './district.ts';
import { POPULATION_SEED } from './population.ts';
import { Rng } from './random.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The SLA and auto-close jobs run every five minutes. */
const TICK = 5 * MIN;
const nextTick = (ms: number) => Math.ceil(ms / TICK) * TICK;
/** Follow-up call after a bad rating: due in two working days (the workflow's FOLLOW_UP_WORKING_DAYS). */
const FOLLOW_UP_DAYS = 2;
/** The department whose handler the demo has (区城市管理和综合执法局). */
const CITY = '001';
/** The name Open311 reports from 12345 carry on the timeline. */
const OPEN311_NAME = '江门12345热线';
const SYSTEM = { id: null, name: '系统' };
const MERGE_NOTE = '与已受理事件为同一问题,合并办理,办理结果将同步告知。';
/** The communities whose own staff the demo has: they take reports in and dispatch themselves. */
const COMMUNITY_STAFF: Record<string, string> = { '440704001001': 'staff.jinxi', '440704003201': 'staff.yingnan' };

interface Actor {
  id: number | null;
  name: string | null;
}
interface Unit {
  id: number;
  uid: string;
  name: string;
  kind: string;
  code: string;
  path: string;
}
interface User {
  id: number;
  uid: string;
  name: string;
}
interface Category {
  id: number;
  code: string;
  handler_kind: 'community' | 'department';
  department_id: number | null;
  response_amount: number;
  response_unit: 'hours' | 'working_days';
  resolve_amount: number;
  resolve_unit: 'hours' | 'working_days';
  deliberable: boolean;
}
interface Building {
  id: number;
  name: string;
  address: string;
  lng: number;
  lat: number;
}
interface Person {
  id: number;
  name: string;
}

/** What the seed reads once: the district as the earlier seeds left it. */
interface World {
  district: Unit;
  units: Map<string, Unit & { parent_id: number | null }>;
  unitsById: Map<number, Unit>;
  departments: Map<string, Unit & { handled: boolean }>;
  categories: Map<string, Category>;
  users: Map<string, User>;
  gridWorkers: Map<number, User>;
  buildings: Map<number, Building[]>;
  persons: Map<number, Person[]>;
  resident: { user: User; personId: number; name: string; buildingId: number | null };
  exceptions: Map<string, 'holiday' | 'workday'>;
}

/** The row as the services keep it, while the case is played out. */
interface Row {
  uid: string;
  receipt_no: string;
  district_id: number;
  community_id: number;
  grid_id: number;
  org_path: string;
  category_id: number;
  title: string;
  description: string;
  channel: string;
  origin: string | null;
  status: CaseStatus;
  reporter_user_id: number | null;
  reporter_person_id: number | null;
  reporter_name: string | null;
  reporter_phone_sealed: string | null;
  reporter_phone_masked: string | null;
  anonymous: boolean;
  owner_id: number | null;
  handler_unit_id: number | null;
  handler_path: string | null;
  assignee_id: number | null;
  lng: number;
  lat: number;
  address: string;
  building_id: number | null;
  escalation_level: number;
  supervised: boolean;
  response_due_at: Date;
  resolve_due_at: Date;
  accepted_at: Date | null;
  dispatched_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  overdue: boolean;
  result: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  reopen_count: number;
  created_at: Date;
}

interface Step extends TimelineEvent {
  at: number;
  actor: Actor;
}

type Tally =
  | { kind: 'resolved'; row: Row; at: number }
  | { kind: 'rated'; row: Row; rating: number; at: number }
  | { kind: 'overdue'; row: Row; at: number };

interface Task {
  uid: string;
  due: Date;
  created: number;
  done: { at: number; by: User; note: string } | null;
}

/** One case played out: its row, timeline, tallies and tasks. */
class Played {
  steps: Step[] = [];
  tallies: Tally[] = [];
  tasks: Task[] = [];
  /** when the SLA job flagged it (overdue), for its second escalation */
  flaggedAt: number | null = null;
  mergedInto: string | null = null;
  /** the merge row the target's timeline gets, added once this case's draw fits */
  targetStep: Step | null = null;
  constructor(
    readonly plan: PlannedCase,
    readonly row: Row,
    readonly category: Category,
    readonly community: Unit,
  ) {}
  get last(): number {
    return (this.steps[this.steps.length - 1] as Step).at;
  }
}

class Unplayable extends Error {}

async function loadWorld(trx: Db): Promise<World> {
  const units = await trx
    .selectFrom('org_unit')
    .select(['id', sql<string>`uid::text`.as('uid'), 'name', 'kind', 'code', 'path', 'parent_id'])
    .execute();
  const district = units.find((u) => u.kind === 'district' && u.code === DEMO_DISTRICT.code);
  if (!district) throw new Error('cases seed: the demo district is not there');
  const { rows: handled } = await sql<{ unit_id: number }>`
    select distinct g.unit_id from role_grant g join app_user u on u.id = g.user_id
     where g.role = 'dept_handler' and g.revoked_at is null and u.status = 'active'`.execute(trx);
  const handledIds = new Set(handled.map((h) => h.unit_id));
  const categories = await trx
    .selectFrom('case_category')
    .select([
      'id',
      'code',
      'handler_kind',
      'department_id',
      'response_amount',
      'response_unit',
      'resolve_amount',
      'resolve_unit',
      'deliberable',
    ])
    .where('district_id', '=', district.id)
    .execute();
  if (categories.length === 0) throw new Error('cases seed: no categories (seedCaseBasics runs first)');
  const { rows: users } = await sql<User & { username: string; role: string; unit_id: number }>`
    select u.id, u.uid::text as uid, u.display_name as name, u.username::text as username, g.role, g.unit_id
      from app_user u join role_grant g on g.user_id = u.id where g.revoked_at is null order by u.id`.execute(trx);
  const { rows: buildings } = await sql<Building & { grid_id: number }>`
    select id, grid_id, name, address, lng, lat from building
     where status = 'active' and lng is not null and lat is not null and district_id = ${district.id}
     order by id`.execute(trx);
  const { rows: persons } = await sql<Person & { grid_id: number }>`
    select id, grid_id, name from person
     where status = 'resident' and district_id = ${district.id} and birth_date <= ${'1998-01-01'}::date
     order by id`.execute(trx);
  const { rows: residents } = await sql<{ person_id: number | null; name: string | null; building_id: number | null }>`
    select u.person_id, p.name, r.building_id from app_user u
      left join person p on p.id = u.person_id left join room r on r.id = p.room_id
     where u.username = 'resident.demo'`.execute(trx);
  const { rows: days } = await sql<{ day: string; kind: 'holiday' | 'workday' }>`
    select to_char(day, 'YYYY-MM-DD') as day, kind from work_calendar_day where district_id = ${district.id}`.execute(
    trx,
  );

  const byUsername = new Map(users.map((u) => [u.username, { id: u.id, uid: u.uid, name: u.name }]));
  const gridWorkers = new Map<number, User>();
  for (const u of users)
    if (u.role === 'grid_worker' && !gridWorkers.has(u.unit_id))
      gridWorkers.set(u.unit_id, { id: u.id, uid: u.uid, name: u.name });
  const group = <T extends { grid_id: number }>(rows: T[]) => {
    const out = new Map<number, T[]>();
    for (const r of rows) {
      const list = out.get(r.grid_id) ?? [];
      list.push(r);
      out.set(r.grid_id, list);
    }
    return out;
  };
  const resident = byUsername.get('resident.demo');
  const home = residents[0];
  if (!resident || !home?.person_id) throw new Error('cases seed: resident.demo has no person (points seed first)');
  return {
    district,
    units: new Map(units.map((u) => [u.code, u])),
    unitsById: new Map(units.map((u) => [u.id, u])),
    departments: new Map(
      units
        .filter((u) => u.kind === 'department' && u.parent_id === district.id)
        .map((u) => [u.code, { ...u, handled: handledIds.has(u.id) }]),
    ),
    categories: new Map(categories.map((c) => [c.code, c as Category])),
    users: byUsername,
    gridWorkers,
    buildings: group(buildings),
    persons: group(persons),
    resident: {
      user: resident,
      personId: home.person_id,
      name: home.name ?? resident.name,
      buildingId: home.building_id,
    },
    exceptions: calendarExceptions(days),
  };
}

/** Who dispatches in a community: its own staff where the demo has them, else the street, else the district. */
function dispatcherOf(w: World, communityCode: string): User {
  const username =
    COMMUNITY_STAFF[communityCode] ??
    (communityCode.startsWith('440704001')
      ? 'street.jiangnan'
      : communityCode.startsWith('440704002')
        ? 'street.waihai'
        : 'district');
  return w.users.get(username) as User;
}

/** 督办 comes from the street where it has an official in the demo, else the district. */
function supervisorOf(w: World, communityCode: string): User {
  const username = communityCode.startsWith('440704001')
    ? 'street.jiangnan'
    : communityCode.startsWith('440704002')
      ? 'street.waihai'
      : 'district';
  return w.users.get(username) as User;
}

const between = (rng: Rng, lo: number, hi: number) => lo + rng.float() * (hi - lo);
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const unitRef = (u: Unit) => ({ uid: u.uid, name: u.name, kind: u.kind });

function phoneOf(rng: Rng): string {
  const prefix = rng.pick(['138', '139', '135', '136', '137', '150', '158', '159', '186', '188', '177', '199']);
  let tail = '';
  for (let i = 0; i < 8; i++) tail += String(rng.int(10));
  return `${prefix}${tail}`;
}

/**
 * Plays one planned case out from `created`: the row it starts as, each step checked by the domain
 * and applied as the service applies it, the jobs between steps. Throws Unplayable when the draw
 * does not give the planned outcome (the caller draws again).
 */
function play(
  w: World,
  keys: Keys,
  p: PlannedCase,
  rng: Rng,
  created: number,
  now: number,
  targets: Map<string, Played>,
): Played {
  const story: CaseStory = CASE_STORIES[p.story];
  const category = w.categories.get(story.category);
  if (!category) throw new Error(`cases seed: no category ${story.category}`);
  const community = w.units.get(p.community);
  const grid = w.units.get(`${p.community}${String(p.grid).padStart(3, '0')}`);
  if (!community || !grid) throw new Error(`cases seed: no grid ${p.grid} in ${p.community}`);
  const worker = w.gridWorkers.get(grid.id);
  if (!worker) throw new Error(`cases seed: no grid worker on ${grid.code}`);
  const dispatcher = dispatcherOf(w, p.community);
  const target = p.into ? targets.get(p.into) : undefined;
  if (p.into && !target) throw new Error(`cases seed: ${p.key} merges into ${p.into}, not played yet`);

  // Where: the merged report at its target's place; 王桂芳's at her home; else a building of the grid.
  const mine = p.channel === 'resident';
  const buildings = w.buildings.get(grid.id) ?? [];
  if (buildings.length === 0) throw new Error(`cases seed: no buildings on ${grid.code}`);
  let building = rng.pick(buildings);
  if (mine && w.resident.buildingId) building = buildings.find((b) => b.id === w.resident.buildingId) ?? building;
  if (target?.row.building_id) building = buildings.find((b) => b.id === target.row.building_id) ?? building;
  const estate = building.address !== building.name;
  const place = story.at === 'building' ? building.name : `${building.name}附近`;
  const address = `${estate ? building.address : ''}${building.name}${story.spot}`.slice(0, 128);
  const jitter = () => (story.at === 'building' ? 0 : (rng.float() - 0.5) * 0.0004);
  const lng = round6((target?.row.lng ?? building.lng) + jitter() / 2);
  const lat = round6((target?.row.lat ?? building.lat) + jitter() / 2);

  // Who: the resident's account; a registry person of the grid told the window, hotline or grid worker.
  const persons = w.persons.get(grid.id) ?? [];
  const named = !['patrol', 'visit'].includes(p.channel);
  const person = named && !mine && persons.length ? rng.pick(persons) : null;
  const reporterName = mine ? w.resident.name : (person?.name ?? null);
  const phone = named && !mine ? phoneOf(rng) : null;
  // 首问负责: at the window and on the hotline the community's staff where the demo has them, else the
  // grid's worker on duty; a grid worker for what they bring in; no one for the resident's phone and 12345.
  const ownStaff = COMMUNITY_STAFF[p.community];
  const receiver: User | null =
    p.channel === 'window' || p.channel === 'hotline'
      ? ownStaff
        ? (w.users.get(ownStaff) as User)
        : worker
      : ['on_behalf', 'patrol', 'visit'].includes(p.channel)
        ? worker
        : null;
  const channel = mine
    ? 'resident'
    : p.channel === 'open311'
      ? 'open311'
      : p.channel === 'window' || p.channel === 'hotline'
        ? p.channel
        : 'grid';
  const origin = ['on_behalf', 'patrol', 'visit'].includes(p.channel) ? p.channel : null;
  const prefix = mine ? '' : (CHANNEL_PREFIX[p.channel] ?? '');
  const description = `${prefix}${story.description.replaceAll('{place}', place)}`.slice(0, 2000);

  const start = new Date(created);
  const row: Row = {
    uid: randomUUID(),
    receipt_no: receiptNo(start, () => rng.float()),
    district_id: w.district.id,
    community_id: community.id,
    grid_id: grid.id,
    org_path: grid.path,
    category_id: category.id,
    title: story.title,
    description,
    channel,
    origin,
    status: 'reported',
    reporter_user_id: mine ? w.resident.user.id : null,
    reporter_person_id: mine ? w.resident.personId : (person?.id ?? null),
    reporter_name: reporterName,
    reporter_phone_sealed: phone ? seal(keys, phone) : null,
    reporter_phone_masked: phone ? maskPhone(phone) : null,
    anonymous: p.anonymous ?? false,
    owner_id: receiver?.id ?? null,
    handler_unit_id: null,
    handler_path: null,
    assignee_id: null,
    lng,
    lat,
    address,
    building_id: story.at === 'building' ? building.id : null,
    escalation_level: 0,
    supervised: false,
    response_due_at: dueAt(start, category.response_amount, category.response_unit, w.exceptions),
    resolve_due_at: dueAt(start, category.resolve_amount, category.resolve_unit, w.exceptions),
    accepted_at: null,
    dispatched_at: null,
    resolved_at: null,
    closed_at: null,
    overdue: false,
    result: null,
    rating: null,
    rating_comment: null,
    rated_at: null,
    reopen_count: 0,
    created_at: start,
  };
  const c = new Played(p, row, category, community);
  const due = row.resolve_due_at.getTime();
  const responseDue = row.response_due_at.getTime();
  const span = due - created;
  const snapshot = (): Row => ({ ...row });

  /** One timeline row at `at`; a workflow action is checked by the domain first. */
  const step = (
    at: number,
    actor: Actor,
    action: string,
    opts: { note?: string | null; detail?: Record<string, unknown> | null; rating?: number } = {},
  ) => {
    if (c.steps.length && at <= c.last) at = c.last + MIN;
    if (at >= now) throw new Unplayable(`${p.key}: ${action} would be in the future`);
    const from = row.status;
    let to = from;
    if (action !== 'report' && action !== 'overdue' && action !== 'follow_up') {
      const t = transition(from, action as CaseAction, {
        deliberable: category.deliberable,
        escalationLevel: row.escalation_level,
        ...(opts.rating === undefined ? {} : { rating: opts.rating }),
      });
      if (!t.ok) throw new Error(`cases seed: ${p.key} may not ${action} when ${from} (allowed ${t.allowed})`);
      to = t.to;
    }
    row.status = to;
    c.steps.push({
      at,
      actor,
      action,
      fromStatus: action === 'report' ? null : from,
      toStatus: to,
      note: opts.note ?? null,
      detail: opts.detail ?? null,
    });
    return at;
  };

  /**
   * What the jobs do before `until`, at their five-minute ticks: a case open past its resolve deadline
   * is flagged overdue and escalated, and escalated again a full SLA span later; a case still reported
   * past its response deadline is escalated; a case resolved seven days unrated is closed.
   */
  const jobs = (until: number) => {
    for (;;) {
      const after = (ms: number) => nextTick(Math.max(ms, c.last + 1));
      const due_: Array<[number, (at: number) => void]> = [];
      const open = isOpen(row.status);
      if (open && !row.overdue) {
        due_.push([
          after(due),
          (at) => {
            row.overdue = true;
            step(at, SYSTEM, 'overdue', {
              note: JOB_NOTES.overdue,
              detail: { resolveDueAt: row.resolve_due_at.toISOString() },
            });
            c.tallies.push({ kind: 'overdue', row: snapshot(), at });
            c.flaggedAt = at;
            escalate(at);
          },
        ]);
      } else if (open && c.flaggedAt !== null && row.escalation_level < 2) {
        due_.push([after(c.flaggedAt + span), escalate]);
      }
      if (row.status === 'reported' && row.escalation_level === 0 && !row.overdue)
        due_.push([after(responseDue), escalate]);
      if (row.status === 'resolved' && row.resolved_at) {
        due_.push([
          after(row.resolved_at.getTime() + UNRATED_CLOSE_DAYS * DAY),
          (at) => {
            row.closed_at = new Date(step(at, SYSTEM, 'close', { note: JOB_NOTES.autoClose }));
          },
        ]);
      }
      const next = due_.filter(([at]) => at < until).sort((a, b) => a[0] - b[0])[0];
      if (!next) return;
      next[1](next[0]);
    }
  };
  const escalate = (at: number) => {
    const level = nextEscalationLevel(row.escalation_level);
    if (level === null) return;
    const from = row.escalation_level;
    step(Math.max(at, c.last + MIN), SYSTEM, 'escalate', {
      note: JOB_NOTES.escalate[level - 1] ?? null,
      detail: { from, level },
    });
    row.escalation_level = level;
  };
  /** A workflow step at `at`, after whatever the jobs did before it. */
  const act = (at: number, actor: Actor, action: string, opts: Parameters<typeof step>[3] = {}) => {
    jobs(at);
    return step(at, actor, action, opts);
  };

  // ── 说事: the report ────────────────────────────────────────────────────────────────────────
  const reportActor: Actor =
    channel === 'open311'
      ? { id: null, name: OPEN311_NAME }
      : mine
        ? { id: null, name: row.anonymous ? null : maskName(reporterName ?? '') }
        : { id: (receiver as User).id, name: (receiver as User).name };
  if (mine) reportActor.id = w.resident.user.id;
  let t = step(created, reportActor, 'report', { detail: { channel, origin } });

  if (p.outcome === 'reported') {
    jobs(now);
    return c;
  }
  if (p.outcome === 'merged') {
    if (!target) throw new Error(`cases seed: ${p.key} has nothing to merge into`);
    const at = act(t + between(rng, 15 * MIN, 3 * HOUR), dispatcher, 'merge', {
      note: MERGE_NOTE,
      detail: { into: { uid: target.row.uid, receiptNo: target.row.receipt_no } },
    });
    c.mergedInto = target.row.uid;
    // The target's own timeline row, at the same moment, in the status it then had.
    const before = target.steps.filter((s) => s.at <= at);
    const status = (before[before.length - 1] as Step).toStatus;
    c.targetStep = {
      at,
      actor: dispatcher,
      action: 'merge',
      fromStatus: status,
      toStatus: status,
      note: MERGE_NOTE,
      detail: { from: { uid: row.uid, receiptNo: row.receipt_no } },
    };
    jobs(now);
    return c;
  }

  // ── 受理 / 不予受理 ─────────────────────────────────────────────────────────────────────────
  const responseSpan = responseDue - created;
  const acceptAt = t + between(rng, 8 * MIN, Math.max(10 * MIN, Math.min(3 * HOUR, 0.6 * responseSpan)));
  if (p.outcome === 'rejected') {
    t = act(acceptAt, dispatcher, 'reject', { note: story.reject ?? '不属于受理范围。' });
    row.closed_at = new Date(t);
    jobs(now);
    return c;
  }
  if (!p.direct) {
    t = act(acceptAt, dispatcher, 'accept', { note: rng.chance(0.5) ? rng.pick(ACCEPT_NOTES) : null });
    row.accepted_at = new Date(t);
  }
  if (p.comment && p.outcome === 'accepted') {
    t = act(t + between(rng, 1 * HOUR, 6 * HOUR), dispatcher, 'comment', { note: rng.pick(COMMENT_NOTES) });
  }
  if (p.outcome === 'accepted') {
    jobs(now);
    return c;
  }

  // ── 分拨: to the category's handler, or the community when that department has no one (兜底) ───
  const city = w.departments.get(CITY) as Unit & { handled: boolean };
  const chengguan = w.users.get('dept.chengguan') as User;
  const wanted = category.department_id === null ? null : (w.unitsById.get(category.department_id) ?? null);
  const wantedDept = wanted ? [...w.departments.values()].find((d) => d.id === wanted.id) : undefined;
  type Handler = { unit: Unit; fallback: string | null; wanted: Unit | null };
  const natural: Handler =
    category.handler_kind === 'department' && wantedDept
      ? wantedDept.handled
        ? { unit: wantedDept, fallback: null, wanted: null }
        : { unit: community, fallback: 'no_handler', wanted: wantedDept }
      : { unit: community, fallback: null, wanted: null };
  const handlerPerson = (h: Unit): User => {
    if (h.id === city.id) return chengguan;
    // The community's own staff take some themselves; its grid worker the rest.
    if (ownStaff && rng.chance(0.3)) return dispatcher;
    return worker;
  };
  const dispatchTo = (at: number, h: Handler, action: 'dispatch' | 'transfer', reason?: string) => {
    const assignee = rng.chance(0.6) ? handlerPerson(h.unit) : null;
    const previous = row.handler_unit_id ? w.unitsById.get(row.handler_unit_id) : undefined;
    const owner = row.owner_id === null ? undefined : [...w.users.values()].find((u) => u.id === row.owner_id);
    const handlerDetail = {
      handler: unitRef(h.unit),
      ...(assignee ? { assignee: { uid: assignee.uid, name: assignee.name } } : {}),
      ...(h.fallback ? { fallback: h.fallback, ...(h.wanted ? { wanted: unitRef(h.wanted) } : {}) } : {}),
    };
    const detail =
      action === 'dispatch'
        ? {
            ...handlerDetail,
            ...(owner ? { handOff: { from: { uid: owner.uid, name: owner.name }, to: unitRef(h.unit) } } : {}),
          }
        : { ...handlerDetail, ...(previous ? { from: unitRef(previous) } : {}) };
    const done = act(at, dispatcher, action, { note: reason ?? null, detail });
    row.handler_unit_id = h.unit.id;
    row.handler_path = h.unit.path;
    row.assignee_id = assignee?.id ?? null;
    row.dispatched_at = new Date(done);
    if (action === 'dispatch') row.accepted_at = row.accepted_at ?? new Date(done);
    return done;
  };
  const toCommunity: Handler = { unit: community, fallback: null, wanted: null };
  const toCity: Handler = { unit: city, fallback: null, wanted: null };
  const dispatchAt = p.direct ? acceptAt : t + between(rng, 5 * MIN, 2 * HOUR);
  if (p.returned) {
    // To 城管 first; 何志勇 finds it is not theirs and gives it back; dispatch sends it to the community.
    t = dispatchTo(dispatchAt, toCity, 'dispatch');
    t = act(t + between(rng, 2 * HOUR, 20 * HOUR), chengguan, 'return', {
      note: rng.pick(RETURN_REASONS),
      detail: { from: unitRef(city) },
    });
    row.handler_unit_id = null;
    row.handler_path = null;
    row.assignee_id = null;
    row.dispatched_at = null;
    t = dispatchTo(t + between(rng, 20 * MIN, 3 * HOUR), toCommunity, 'dispatch');
  } else if (p.transferred) {
    t = dispatchTo(dispatchAt, toCommunity, 'dispatch');
    t = dispatchTo(t + between(rng, 1 * HOUR, 20 * HOUR), toCity, 'transfer', rng.pick(TRANSFER_REASONS));
  } else {
    t = dispatchTo(dispatchAt, natural, 'dispatch');
  }
  const handler = w.unitsById.get(row.handler_unit_id as number) as Unit;

  const supervise = (after: number) => {
    // 督办: after the escalation when it is overdue, else a while into the work.
    const from = p.overdue ? Math.max(after, nextTick(due)) : after;
    const at = from + between(rng, 1 * HOUR, 30 * HOUR);
    t = act(at, supervisorOf(w, p.community), 'supervise', {
      note: p.overdue ? (SUPERVISE_NOTES[0] as string) : rng.pick(SUPERVISE_NOTES.slice(1)),
    });
    row.supervised = true;
  };
  if (p.outcome === 'dispatched') {
    if (p.supervise) supervise(t);
    jobs(now);
    return c;
  }

  // ── 办事: start, resolve ──────────────────────────────────────────────────────────────────
  const doer = row.assignee_id
    ? ([...w.users.values()].find((u) => u.id === row.assignee_id) as User)
    : handlerPerson(handler);
  const emergency = category.resolve_unit === 'hours';
  t = act(t + between(rng, emergency ? 15 * MIN : 40 * MIN, emergency ? 2 * HOUR : 20 * HOUR), doer, 'start', {
    note: story.start && rng.chance(0.6) ? story.start : null,
  });
  row.assignee_id = row.assignee_id ?? doer.id;
  if (p.comment) t = act(t + between(rng, 1 * HOUR, 10 * HOUR), doer, 'comment', { note: rng.pick(COMMENT_NOTES) });
  if (p.supervise && p.outcome === 'in_progress' && !p.overdue) supervise(t);

  const resolve = () => {
    // On time: within the deadline; planned overdue: after it (the job has flagged it by then).
    const left = due - t;
    const at =
      p.overdue && p.outcome !== 'in_progress'
        ? Math.max(t, due) + between(rng, 2 * HOUR, 4 * DAY)
        : t + Math.max(30 * MIN, between(rng, 0.15, 0.85) * left);
    const result = story.result;
    t = act(at, doer, 'resolve', { note: result, detail: { photos: 0 } });
    row.result = result;
    row.resolved_at = new Date(t);
    // Counted once, at the first resolution (as the workflow does).
    if (row.reopen_count === 0) c.tallies.push({ kind: 'resolved', row: snapshot(), at: t });
  };

  if (p.outcome === 'in_progress' && !(p.ratings && p.ratings.length > 0)) {
    if (p.supervise && p.overdue) supervise(t);
    jobs(now);
    return c;
  }
  resolve();
  if (p.outcome === 'resolved') {
    jobs(now);
    return c;
  }

  // ── 评事: ratings (a bad one reopens), or closed unrated ───────────────────────────────────
  const ratings = p.ratings ?? [];
  const rater: Actor = mine
    ? { id: w.resident.user.id, name: w.resident.user.name }
    : { id: null, name: row.anonymous ? null : maskName(reporterName ?? '') };
  for (const [i, rating] of ratings.entries()) {
    const comment = rng.pick(RATING_COMMENTS[rating] ?? ['']) || null;
    const at = act(t + between(rng, 1 * HOUR, 60 * HOUR), rater, 'rate', {
      rating,
      note: comment,
      detail: {
        rating,
        ...(mine ? {} : { via: 'phone' }),
      },
    });
    t = at;
    c.tallies.push({ kind: 'rated', row: snapshot(), rating, at });
    row.rating = rating;
    row.rating_comment = comment;
    row.rated_at = new Date(at);
    if (row.status === 'closed') {
      row.closed_at = new Date(at);
      break;
    }
    // Reopened: the same handler again, a follow-up call for the community within 2 working days.
    row.reopen_count += 1;
    row.resolved_at = null;
    const task: Task = {
      uid: randomUUID(),
      due: dueAt(new Date(at), FOLLOW_UP_DAYS, 'working_days', w.exceptions),
      created: at,
      done: null,
    };
    c.tasks.push(task);
    const last = c.steps[c.steps.length - 1] as Step;
    last.detail = {
      rating,
      reopened: true,
      reopenCount: row.reopen_count,
      followUp: { uid: task.uid, dueAt: task.due.toISOString() },
    };
    if (i === ratings.length - 1) {
      // Still open: the follow-up call not made yet.
      jobs(now);
      return c;
    }
    const staff = dispatcher;
    const callAt = at + between(rng, 2 * HOUR, 20 * HOUR);
    t = act(callAt, staff, 'follow_up', {
      note: '已电话回访反映人,说明了整改安排,反映人表示理解并同意再观察处理效果。',
      detail: { task: task.uid },
    });
    task.done = { at: t, by: staff, note: '已电话回访反映人,说明了整改安排,反映人表示理解并同意再观察处理效果。' };
    resolve();
  }
  if (row.status === 'resolved' && p.close === 'staff') {
    t = act(t + between(rng, 1 * DAY, 5 * DAY), dispatcher, 'close', { note: '已办结,反映人未留联系方式,归档。' });
    row.closed_at = new Date(t);
  }
  jobs(now);
  return c;
}

function check(c: Played, now: number): void {
  const p = c.plan;
  const want = p.outcome;
  if (c.row.status !== want) throw new Unplayable(`${p.key}: ${c.row.status}, planned ${want}`);
  if (c.row.overdue !== (p.overdue ?? false)) throw new Unplayable(`${p.key}: overdue ${c.row.overdue}`);
  if (!p.overdue && c.steps.some((s) => s.action === 'escalate')) throw new Unplayable(`${p.key}: escalated`);
  if (p.supervise && !c.row.supervised) throw new Unplayable(`${p.key}: not supervised`);
  const autoClosed = c.steps.some((s) => s.actor === SYSTEM && s.action === 'close');
  if (want === 'closed' && (p.close === 'auto') !== autoClosed)
    throw new Unplayable(`${p.key}: closed by the wrong hand`);
  if (c.last >= now) throw new Unplayable(`${p.key}: ends in the future`);
}

export interface CasesSeeded {
  cases: number;
  events: number;
  tasks: number;
}

/** Writes the demo's cases; `seedCaseBasics` (categories, the district's outline) ran first. */
export async function seedCases(trx: Db, keys: Keys, now: Date, seed: number = POPULATION_SEED): Promise<CasesSeeded> {
  const w = await loadWorld(trx);
  const end = now.getTime();
  const played = new Map<string, Played>();
  // Targets first: a merged report needs the case it joins.
  const order = [...CASE_PLAN].sort((a, b) => Number(a.into !== undefined) - Number(b.into !== undefined));
  for (const p of order) {
    const rng = Rng.stream(seed, `case:${p.key}`);
    let done: Played | null = null;
    let lastError: unknown = null;
    const target = p.into ? played.get(p.into) : undefined;
    for (let attempt = 0; attempt < 400 && !done; attempt++) {
      // Around the planned age at first, then further and further from it until the timeline fits.
      const spread = 1 + Math.floor(attempt / 40) * 0.5;
      const factor = attempt < 40 ? between(rng, 0.85, 1.15) : between(rng, 1 / (1 + spread), 1 + spread);
      let created = end - p.ageDays * DAY * factor;
      if (target) {
        const gap = Math.max(10 * MIN, (target.plan.ageDays - p.ageDays) * DAY * between(rng, 0.5, 1.2));
        created = target.row.created_at.getTime() + gap;
      }
      created = Math.floor(created / 1000) * 1000;
      try {
        const c = play(w, keys, p, rng, created, end, played);
        check(c, end);
        done = c;
      } catch (err) {
        if (!(err instanceof Unplayable)) throw err;
        lastError = err;
      }
    }
    if (!done) throw new Error(`cases seed: cannot play ${p.key} out: ${(lastError as Error)?.message}`);
    if (target && done.targetStep) {
      target.steps.push(done.targetStep);
      target.steps.sort((a, b) => a.at - b.at);
    }
    played.set(p.key, done);
  }
  return writeCases(trx, [...played.values()]);
}

async function writeCases(trx: Db, cases: Played[]): Promise<CasesSeeded> {
  const columns = (c: Played) => {
    const { status, ...rest } = c.row;
    return { ...rest, status, event_seq: 0, updated_at: c.row.created_at, merged_into_id: null as number | null };
  };
  const plain = cases.filter((c) => c.mergedInto === null);
  const ids = new Map<string, number>();
  if (plain.length) {
    const made = await trx
      .insertInto('cases')
      .values(plain.map(columns))
      .returning(['id', sql<string>`uid::text`.as('uid')])
      .execute();
    for (const m of made) ids.set(m.uid, m.id);
  }
  const merged = cases.filter((c) => c.mergedInto !== null);
  if (merged.length) {
    const made = await trx
      .insertInto('cases')
      .values(merged.map((c) => ({ ...columns(c), merged_into_id: ids.get(c.mergedInto as string) as number })))
      .returning(['id', sql<string>`uid::text`.as('uid')])
      .execute();
    for (const m of made) ids.set(m.uid, m.id);
  }
  // One appendEvents call per case numbers its whole timeline and leaves updated_at at its last
  // step; the steps then get their own times and actors, all cases in one statement (a call per
  // step made the demo's first start four seconds slower on PGlite).
  let events = 0;
  const times: Array<{ case_id: number; seq: number; at: string; actor_id: number | null; actor_name: string | null }> =
    [];
  for (const c of cases) {
    const id = ids.get(c.row.uid) as number;
    const steps = [...c.steps].sort((a, b) => a.at - b.at);
    const seqs = await appendEvents(
      trx,
      id,
      (steps[steps.length - 1] as Step).actor,
      steps.map((s) => ({
        action: s.action,
        fromStatus: s.fromStatus,
        toStatus: s.toStatus,
        note: s.note ?? null,
        detail: s.detail ?? null,
      })),
      new Date((steps[steps.length - 1] as Step).at),
    );
    steps.forEach((s, i) => {
      const at = new Date(s.at).toISOString();
      times.push({ case_id: id, seq: seqs[i] as number, at, actor_id: s.actor.id, actor_name: s.actor.name });
    });
    events += steps.length;
  }
  await sql`
    update case_event e set at = x.at, actor_id = x.actor_id, actor_name = x.actor_name
      from jsonb_to_recordset(${JSON.stringify(times)}::jsonb)
        as x(case_id bigint, seq int, at timestamptz, actor_id bigint, actor_name text)
     where e.case_id = x.case_id and e.seq = x.seq`.execute(trx);
  // Reporters of merged reports hear the result of the case they joined.
  const reporters = merged.map((c) => ({
    case_id: ids.get(c.mergedInto as string) as number,
    source_case_id: ids.get(c.row.uid) as number,
    reporter_user_id: c.row.reporter_user_id,
    reporter_person_id: c.row.reporter_person_id,
    added_at: new Date(c.steps.find((s) => s.action === 'merge')?.at ?? c.row.created_at.getTime()),
  }));
  if (reporters.length) await trx.insertInto('case_reporter').values(reporters).execute();
  const tasks = cases.flatMap((c) =>
    c.tasks.map((k) => ({
      uid: k.uid,
      case_id: ids.get(c.row.uid) as number,
      org_path: c.community.path,
      kind: 'follow_up',
      due_at: k.due,
      status: k.done ? 'done' : 'open',
      note: k.done?.note ?? null,
      done_by: k.done?.by.id ?? null,
      done_at: k.done ? new Date(k.done.at) : null,
      created_at: new Date(k.created),
    })),
  );
  if (tasks.length) await trx.insertInto('case_task').values(tasks).execute();
  for (const c of cases) {
    for (const k of c.tallies) {
      const at = new Date(k.at);
      if (k.kind === 'resolved') await tallyResolved(trx, k.row, at);
      else if (k.kind === 'rated') await tallyRated(trx, k.row, k.rating, at);
      else await tallyOverdue(trx, k.row, at);
    }
  }
  return { cases: cases.length, events, tasks: tasks.length };
}
