/**
 * The cases (事件) of the generated district: the starter categories (the demo's, seedDefaultCategories)
 * and the district's outline, then 10,000 cases per scale unit (2,000,000 at --scale 200) spread over
 * the last 24 months and every grid, each with its timeline of 1–5 steps as the services write them —
 * reported, accepted or dispatched straight away (to 区城管局 for its categories where it has a handler,
 * else to the community, 兜底), started, resolved within the deadline, rated 3–5 or closed unrated by the
 * job after 7 days or by the dispatcher; some turned away, some merged into the grid's previous report,
 * about 1 % stalled past their deadline (flagged overdue and escalated as the SLA job does). Whatever
 * would happen after `now` has not happened yet, so the most recent cases are still open (≈ 3 %).
 * Texts and places come from the demo's stories (cases-stories.ts) at the registry's buildings.
 *
 * The month tallies (case_month_tally) are rebuilt from the written cases by one statement at the
 * end, as tally.ts would have kept them (resolutions in the month resolved, ratings in the month
 * rated, overdue in the month flagged). Rows carry ids taken past the tables' maxima (OVERRIDING
 * SYSTEM VALUE, sequences moved on after), so events reference their case without a round trip;
 * statements of 10,000 rows (unnest arrays, one in flight while the next is built). For a large
 * load the secondary indexes and unique constraints are dropped and rebuilt, and as a superuser the
 * per-row foreign-key triggers are skipped and every reference checked set-based afterwards, as the
 * registry and points steps do. Reporters' phones are left out (sealing two million would only cost
 * time); notes are written where the services require one (reasons), not for every step.
 */
import { randomUUID } from 'node:crypto';
import {
  type CalendarExceptions,
  CROCKFORD_ALPHABET,
  calendarExceptions,
  chinaDate,
  dueAt,
  isWorkingDay,
  RESOLVE_HOUR_BUCKETS,
} from '@gongzhi/domain';
import { sql } from 'kysely';
import { DEMO_DISTRICT_BBOX } from '../../../apps/server/src/demo/cases-basics.ts';
import {
  CASE_STORIES,
  type CaseStory,
  JOB_NOTES,
  RATING_COMMENTS,
} from '../../../apps/server/src/demo/cases-stories.ts';
import type { Rng } from '../../../apps/server/src/demo/random.ts';
import { seedDefaultCategories } from '../../../apps/server/src/modules/cases/categories-repo.ts';
import type { Db } from '../../../apps/server/src/platform/db/database.ts';
import { personName } from '../names.ts';
import type { Step } from '../step.ts';

/** Cases per scale unit. */
export const CASES_PER_SCALE = 10_000;
const HISTORY_DAYS = 730;
/** Share of cases that stall past their deadline (the SLA job's work), drawn from the last 60 days. */
const STALLED = 0.012;
const REJECTED = 0.04;
const MERGED = 0.02;
const ROWS_PER_STATEMENT = 10_000;
/** From this many cases on, the load drops and rebuilds the secondary indexes. */
const bulkFromCases = () => Number(process.env.GONGZHI_GENERATE_CASES_BULK_FROM) || 200_000;

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TICK = 5 * MIN;
const nextTick = (ms: number) => Math.ceil(ms / TICK) * TICK;

type ColType = 'bigint' | 'int' | 'smallint' | 'text' | 'uuid' | 'timestamptz' | 'float8' | 'boolean' | 'jsonb';

/** Column-wise buffered rows of one table, inserted with unnest arrays (ids given: OVERRIDING SYSTEM VALUE). */
class Table {
  readonly cols: unknown[][];
  constructor(
    readonly name: string,
    readonly columns: ReadonlyArray<readonly [string, ColType]>,
    readonly overriding: boolean,
  ) {
    this.cols = columns.map(() => []);
  }
  get length() {
    return (this.cols[0] as unknown[]).length;
  }
  push(...values: unknown[]) {
    for (let i = 0; i < values.length; i++) (this.cols[i] as unknown[]).push(values[i]);
  }
  take(n: number) {
    const out = this.cols.map((c) => c.splice(0, n));
    const arrays = this.columns.map(([, type], i) => sql`${out[i]}::${sql.raw(type === 'jsonb' ? 'text' : type)}[]`);
    const aliases = this.columns.map((_, i) => sql.ref(`c${i}`));
    const selected = this.columns.map(([, type], i) =>
      type === 'jsonb' ? sql`${sql.ref(`c${i}`)}::jsonb` : sql.ref(`c${i}`),
    );
    return sql`insert into ${sql.table(this.name)} (${sql.join(this.columns.map(([n]) => sql.ref(n)))})
      ${this.overriding ? sql`overriding system value` : sql``}
      select ${sql.join(selected)} from unnest(${sql.join(arrays)}) as u(${sql.join(aliases)})`;
  }
}

/** Parents first; one statement in flight while the next is built. */
class Writer {
  #inFlight: Promise<unknown> = Promise.resolve();
  constructor(readonly db: Db) {}
  async flush(tables: Table[], all = false) {
    if (!all && !tables.some((t) => t.length >= ROWS_PER_STATEMENT)) return;
    for (const t of tables) {
      while (t.length > 0) {
        const query = t.take(ROWS_PER_STATEMENT);
        await this.#inFlight;
        this.#inFlight = query.execute(this.db);
      }
    }
    if (all) await this.#inFlight;
  }
}

/** Whether the database already holds cases (the step then has nothing to add). */
export async function hasCases(db: Db): Promise<boolean> {
  const { rows } = await sql`select 1 from cases limit 1`.execute(db);
  return rows.length > 0;
}

async function maxId(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: string | null }>`select max(id)::text as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

const DEFERRED_INDEXES = [
  'cases_open',
  'cases_path',
  'cases_handler',
  'cases_due',
  'cases_response_due',
  'cases_resolved',
  'cases_nearby',
  'cases_reporter',
  'cases_merged_into',
];
const DEFERRED_CONSTRAINTS: Array<[table: string, name: string, def: string]> = [
  ['cases', 'cases_uid_key', 'UNIQUE (uid)'],
  ['cases', 'cases_receipt_no_key', 'UNIQUE (receipt_no)'],
  ['case_event', 'case_event_case_id_seq_key', 'UNIQUE (case_id, seq)'],
];
/** Every reference the skipped foreign-key triggers would have checked. */
const REFERENCES: Array<[string, string, string]> = [
  ['cases', 'community_id', 'org_unit'],
  ['cases', 'grid_id', 'org_unit'],
  ['cases', 'handler_unit_id', 'org_unit'],
  ['cases', 'category_id', 'case_category'],
  ['cases', 'owner_id', 'app_user'],
  ['cases', 'assignee_id', 'app_user'],
  ['cases', 'building_id', 'building'],
  ['cases', 'merged_into_id', 'cases'],
  ['case_event', 'case_id', 'cases'],
  ['case_event', 'actor_id', 'app_user'],
  ['case_reporter', 'case_id', 'cases'],
  ['case_reporter', 'source_case_id', 'cases'],
];

interface Category {
  id: number;
  code: string;
  story: CaseStory[];
  respond: [number, 'hours' | 'working_days'];
  resolve: [number, 'hours' | 'working_days'];
  departmentId: number | null;
}
interface Grid {
  id: number;
  path: string;
  communityId: number;
  communityPath: string;
  communityName: string;
  worker: number | null;
  buildings: Array<[id: number, label: string, lng: number, lat: number]>;
}

/**
 * dueAt for millions of cases: a span in working days depends only on the start's China day (a
 * working day keeps the time of day, a day off starts at 09:00 of the next one), so the domain's
 * own dueAt is asked once per day and amount and the answer reused.
 */
function dueClock(exceptions: CalendarExceptions) {
  const cache = new Map<string, { shift: number } | { at: number }>();
  return (start: number, amount: number, unit: 'hours' | 'working_days'): number => {
    if (unit === 'hours') return start + amount * HOUR;
    const day = chinaDate(new Date(start));
    const key = `${day}|${amount}`;
    let hit = cache.get(key);
    if (!hit) {
      const at = dueAt(new Date(start), amount, unit, exceptions).getTime();
      hit = isWorkingDay(day, exceptions) ? { shift: at - start } : { at };
      cache.set(key, hit);
    }
    return 'shift' in hit ? start + hit.shift : hit.at;
  };
}

/** Receipt numbers unique by construction: the day and its counter scrambled by an odd multiplier mod 32⁶. */
function receipts() {
  const perDay = new Map<string, number>();
  return (at: number): string => {
    const day = chinaDate(new Date(at)).replaceAll('-', '');
    const n = perDay.get(day) ?? 0;
    perDay.set(day, n + 1);
    let x = (Math.imul(n + 7, 0x2f0a3c9d) >>> 0) % 2 ** 30;
    let tail = '';
    for (let i = 0; i < 6; i++) {
      tail = CROCKFORD_ALPHABET[x & 31] + tail;
      x >>>= 5;
    }
    return `${day}-${tail}`;
  };
}

const between = (rng: Rng, lo: number, hi: number) => lo + rng.float() * (hi - lo);

export const casesStep: Step = {
  name: 'cases',
  async run(ctx) {
    const { db, now } = ctx;
    const started = performance.now();
    const end = now.getTime() - MIN;
    const { rows: districts } = await sql<{ id: number; path: string }>`
      select id, path from org_unit where kind = 'district' order by id limit 1`.execute(db);
    const district = districts[0];
    if (!district) throw new Error('cases step: no district');
    await sql`update org_unit set bbox = ${DEMO_DISTRICT_BBOX}::double precision[]
               where id = ${district.id} and bbox is null`.execute(db);
    await seedDefaultCategories(db, district.id, now);

    // ── What the cases refer to ───────────────────────────────────────────────────────────────
    const { rows: catRows } = await sql<{
      id: number;
      code: string;
      department_id: number | null;
      response_amount: number;
      response_unit: 'hours' | 'working_days';
      resolve_amount: number;
      resolve_unit: 'hours' | 'working_days';
    }>`
      select c.id, c.code, c.department_id, c.response_amount, c.response_unit, c.resolve_amount, c.resolve_unit
        from case_category c
       where c.district_id = ${district.id} and c.active
         and not exists (select 1 from case_category k where k.parent_id = c.id)`.execute(db);
    const stories = Object.values(CASE_STORIES) as CaseStory[];
    const categories: Category[] = catRows
      .map((c) => ({
        id: c.id,
        code: c.code,
        story: stories.filter((s) => s.category === c.code && !s.reject),
        respond: [c.response_amount, c.response_unit] as Category['respond'],
        resolve: [c.resolve_amount, c.resolve_unit] as Category['resolve'],
        departmentId: c.department_id,
      }))
      .filter((c) => c.story.length > 0);
    const rejections = stories.filter((s) => s.reject);
    if (categories.length === 0) throw new Error('cases step: no categories with stories');
    // A department handles its categories only where someone holds its handling role; else 兜底.
    const { rows: handlers } = await sql<{ unit_id: number; user_id: number }>`
      select distinct on (g.unit_id) g.unit_id, g.user_id from role_grant g join org_unit u on u.id = g.unit_id
       where u.kind = 'department' and g.role = 'dept_handler' and g.revoked_at is null order by g.unit_id, g.user_id`.execute(
      db,
    );
    const departmentHandler = new Map(handlers.map((h) => [h.unit_id, h.user_id]));
    const { rows: deptRows } = await sql<{ id: number; path: string }>`
      select id, path from org_unit where kind = 'department'`.execute(db);
    const deptPath = new Map(deptRows.map((d) => [d.id, d.path]));
    const { rows: users } = await sql<{ id: number; name: string; role: string; unit_id: number }>`
      select u.id, u.display_name as name, g.role, g.unit_id from app_user u join role_grant g on g.user_id = u.id
       where g.revoked_at is null and g.role in ('grid_worker', 'community_staff', 'street_official', 'district_admin',
                                                  'dept_handler')
       order by u.id`.execute(db);
    const nameOf = new Map(users.map((u) => [u.id, u.name]));
    const byUnit = (role: string) => {
      const m = new Map<number, number>();
      for (const u of users) if (u.role === role && !m.has(u.unit_id)) m.set(u.unit_id, u.id);
      return m;
    };
    const workers = byUnit('grid_worker');
    const staff = byUnit('community_staff');
    const officials = byUnit('street_official');
    const admin = users.find((u) => u.role === 'district_admin')?.id ?? null;
    const { rows: gridRows } = await sql<{
      id: number;
      path: string;
      community_id: number;
      community_path: string;
      community_name: string;
      street_id: number;
    }>`
      select g.id, g.path, c.id as community_id, c.path as community_path, c.name as community_name,
             c.parent_id as street_id
        from org_unit g join org_unit c on c.id = g.parent_id
       where g.kind = 'grid' and g.status = 'active' and g.district_id = ${district.id} order by g.id`.execute(db);
    if (gridRows.length === 0) throw new Error('cases step: no grids');
    const grids = new Map<number, Grid>();
    for (const g of gridRows)
      grids.set(g.id, {
        id: g.id,
        path: g.path,
        communityId: g.community_id,
        communityPath: g.community_path,
        communityName: g.community_name,
        worker: workers.get(g.id) ?? null,
        buildings: [],
      });
    const dispatcherOf = new Map<number, number | null>();
    for (const g of gridRows)
      if (!dispatcherOf.has(g.community_id))
        dispatcherOf.set(g.community_id, staff.get(g.community_id) ?? officials.get(g.street_id) ?? admin);
    const { rows: buildingRows } = await sql<{
      id: number;
      grid_id: number;
      name: string;
      address: string;
      lng: number;
      lat: number;
    }>`
      select id, grid_id, name, address, lng, lat from building
       where status = 'active' and lng is not null and lat is not null order by id`.execute(db);
    for (const b of buildingRows)
      grids
        .get(b.grid_id)
        ?.buildings.push([b.id, b.address === b.name ? b.name : `${b.address}${b.name}`, b.lng, b.lat]);
    const { rows: days } = await sql<{ day: string; kind: 'holiday' | 'workday' }>`
      select to_char(day, 'YYYY-MM-DD') as day, kind from work_calendar_day where district_id = ${district.id}`.execute(
      db,
    );
    const due = dueClock(calendarExceptions(days));
    const receipt = receipts();
    const [west, south, east, north] = DEMO_DISTRICT_BBOX;

    // ── A large load: deferred indexes, no per-row triggers ──────────────────────────────────
    const total = Math.round(CASES_PER_SCALE * ctx.plan.scale);
    const large = total >= bulkFromCases();
    const { rows: su } = await sql<{ su: boolean }>`
      select rolsuper as su from pg_roles where rolname = current_user`.execute(db);
    const unchecked = large && su[0]?.su === true;
    const rebuild: string[] = [];
    if (large) {
      // Empty already (the step runs only where there are no cases); emptied in this transaction, they
      // are written without WAL where wal_level is minimal, as the registry and points steps do.
      // CASCADE takes along the later modules' tables that point at cases (deliberation topics),
      // empty as well in a district being generated.
      await sql`truncate cases, case_event, case_photo, case_reporter, case_task, case_month_tally cascade`.execute(db);
      const { rows: defs } = await sql<{ name: string; def: string }>`
        select indexname as name, indexdef as def from pg_indexes
         where schemaname = 'public' and indexname in (${sql.join(DEFERRED_INDEXES)})`.execute(db);
      for (const d of defs) {
        await sql`drop index ${sql.ref(d.name)}`.execute(db);
        rebuild.push(d.def);
      }
      for (const [table, name, def] of DEFERRED_CONSTRAINTS) {
        await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(name)}`.execute(db);
        rebuild.push(`ALTER TABLE ${table} ADD CONSTRAINT ${name} ${def}`);
      }
    }
    if (unchecked) await sql`set local session_replication_role = replica`.execute(db);

    const cases = new Table(
      'cases',
      [
        ['id', 'bigint'],
        ['uid', 'uuid'],
        ['receipt_no', 'text'],
        ['district_id', 'bigint'],
        ['community_id', 'bigint'],
        ['grid_id', 'bigint'],
        ['org_path', 'text'],
        ['category_id', 'bigint'],
        ['title', 'text'],
        ['description', 'text'],
        ['channel', 'text'],
        ['origin', 'text'],
        ['status', 'text'],
        ['reporter_name', 'text'],
        ['owner_id', 'bigint'],
        ['handler_unit_id', 'bigint'],
        ['handler_path', 'text'],
        ['assignee_id', 'bigint'],
        ['lng', 'float8'],
        ['lat', 'float8'],
        ['address', 'text'],
        ['building_id', 'bigint'],
        ['escalation_level', 'smallint'],
        ['response_due_at', 'timestamptz'],
        ['resolve_due_at', 'timestamptz'],
        ['accepted_at', 'timestamptz'],
        ['dispatched_at', 'timestamptz'],
        ['resolved_at', 'timestamptz'],
        ['closed_at', 'timestamptz'],
        ['overdue', 'boolean'],
        ['result', 'text'],
        ['rating', 'smallint'],
        ['rating_comment', 'text'],
        ['rated_at', 'timestamptz'],
        ['merged_into_id', 'bigint'],
        ['event_seq', 'int'],
        ['created_at', 'timestamptz'],
        ['updated_at', 'timestamptz'],
      ],
      true,
    );
    const events = new Table(
      'case_event',
      [
        ['id', 'bigint'],
        ['case_id', 'bigint'],
        ['seq', 'int'],
        ['at', 'timestamptz'],
        ['actor_id', 'bigint'],
        ['actor_name', 'text'],
        ['action', 'text'],
        ['from_status', 'text'],
        ['to_status', 'text'],
        ['note', 'text'],
        ['detail', 'jsonb'],
      ],
      true,
    );
    const reporters = new Table(
      'case_reporter',
      [
        ['case_id', 'bigint'],
        ['source_case_id', 'bigint'],
        ['added_at', 'timestamptz'],
      ],
      false,
    );
    const writer = new Writer(db);
    const firstCase = (await maxId(db, 'cases')) + 1;
    let nextCase = firstCase;
    let nextEvent = (await maxId(db, 'case_event')) + 1;
    const rng = ctx.rng('cases');
    const gridList = [...grids.values()];
    /** Each grid's latest report so far, which the next duplicate joins. */
    const lastOfGrid = new Map<
      number,
      { id: number; created: number; category: Category; story: CaseStory; building: Grid['buildings'][0] | null }
    >();
    let open = 0;
    let overdue = 0;
    let eventCount = 0;

    for (let n = 0; n < total; n++) {
      // Every grid in turn, so each has its share (the district's big grids no more than the small).
      const g = gridList[n % gridList.length] as Grid;
      const x = rng.float();
      const kind =
        x < STALLED
          ? 'stalled'
          : x < STALLED + REJECTED
            ? 'rejected'
            : x < STALLED + REJECTED + MERGED
              ? 'merged'
              : 'normal';
      // A duplicate: the grid's latest report again, a few hours to two days later, at the same place.
      const target = kind === 'merged' ? lastOfGrid.get(g.id) : undefined;
      const created =
        kind === 'stalled'
          ? end - between(rng, 1, 60) * DAY
          : target
            ? target.created + between(rng, HOUR, 2 * DAY)
            : end - rng.float() * HISTORY_DAYS * DAY;
      const createdAt = Math.floor(Math.min(created, end - MIN) / 1000) * 1000;
      const story = kind === 'rejected' ? rng.pick(rejections) : null;
      const category = target
        ? target.category
        : story
          ? (categories.find((c) => c.code === story.category) ?? (categories[0] as Category))
          : (categories[rng.int(categories.length)] as Category);
      const s = target ? target.story : (story ?? rng.pick(category.story));
      const b = target ? target.building : g.buildings.length ? g.buildings[rng.int(g.buildings.length)] : null;
      const channelDraw = rng.float();
      const channel =
        channelDraw < 0.35 ? 'grid' : channelDraw < 0.5 ? 'window' : channelDraw < 0.8 ? 'hotline' : 'open311';
      const origin = channel === 'grid' ? rng.pick(['on_behalf', 'patrol', 'patrol', 'visit']) : null;
      const reporterName = origin === 'patrol' || origin === 'visit' ? null : personName(rng).name;
      const dispatcher = dispatcherOf.get(g.communityId) ?? null;
      const owner =
        channel === 'grid' ? g.worker : channel === 'open311' ? null : (staff.get(g.communityId) ?? g.worker);
      const responseDue = due(createdAt, category.respond[0], category.respond[1]);
      const resolveDue = due(createdAt, category.resolve[0], category.resolve[1]);
      const handlerUnit =
        category.departmentId !== null && departmentHandler.has(category.departmentId) ? category.departmentId : null;
      const handlerId = handlerUnit ?? g.communityId;
      const handlerPath = handlerUnit !== null ? (deptPath.get(handlerUnit) as string) : g.communityPath;
      const doer = handlerUnit !== null ? (departmentHandler.get(handlerUnit) as number) : (g.worker ?? dispatcher);
      const id = nextCase++;
      const place = s.at === 'building' ? (b ? b[1] : g.communityName) : `${b ? b[1] : g.communityName}附近`;
      const jitter = s.at === 'building' ? 0 : (rng.float() - 0.5) * 0.0004;
      const lng = b ? b[2] + jitter : west + rng.float() * (east - west);
      const lat = b ? b[3] + jitter : south + rng.float() * (north - south);

      // The timeline, as far as `end`.
      const steps: Array<
        [at: number, actor: number | null, action: string, to: string, note: string | null, detail: string | null]
      > = [];
      let status = 'reported';
      const row = {
        accepted: null as number | null,
        dispatched: null as number | null,
        resolved: null as number | null,
        closed: null as number | null,
        rated: null as number | null,
        rating: null as number | null,
        comment: null as string | null,
        result: null as string | null,
        assignee: null as number | null,
        handler: false,
        level: 0,
        overdue: false,
        merged: null as number | null,
      };
      const go = (
        at: number,
        actor: number | null,
        action: string,
        to: string,
        note: string | null = null,
        detail: string | null = null,
      ) => {
        if (at >= end) return false;
        steps.push([at, actor, action, to, note, detail]);
        status = to;
        return true;
      };
      go(
        createdAt,
        channel === 'open311' ? null : owner,
        'report',
        'reported',
        null,
        JSON.stringify({ channel, origin }),
      );
      const respondAt = createdAt + between(rng, 10 * MIN, Math.max(15 * MIN, 0.8 * (responseDue - createdAt)));
      if (kind === 'rejected') {
        if (go(respondAt, dispatcher, 'reject', 'rejected', s.reject ?? null)) row.closed = respondAt;
      } else if (target) {
        if (go(createdAt + between(rng, 15 * MIN, 3 * HOUR), dispatcher, 'merge', 'merged')) row.merged = target.id;
      } else {
        const separateAccept = rng.chance(0.3);
        let t = respondAt;
        let ok = true;
        if (separateAccept) {
          ok = go(t, dispatcher, 'accept', 'accepted');
          if (ok) row.accepted = t;
          t += between(rng, 5 * MIN, 2 * HOUR);
        }
        if (ok && go(t, dispatcher, 'dispatch', 'dispatched')) {
          row.dispatched = t;
          row.accepted = row.accepted ?? t;
          row.handler = true;
          row.assignee = rng.chance(0.5) ? doer : null;
        } else ok = false;
        const withStart = ok && !separateAccept && rng.chance(0.5);
        if (withStart) {
          t += between(rng, 30 * MIN, 0.2 * Math.max(HOUR, resolveDue - t));
          ok = go(t, doer, 'start', 'in_progress');
          if (ok) row.assignee = row.assignee ?? doer;
        }
        if (ok && kind === 'stalled') {
          // Past the deadline: flagged and escalated at the job's tick, again a full span later.
          const flag = nextTick(Math.max(resolveDue, t + 1));
          if (go(flag, null, 'overdue', status, JOB_NOTES.overdue)) {
            row.overdue = true;
            if (go(flag + 1000, null, 'escalate', status, JOB_NOTES.escalate[0] as string, '{"from":0,"level":1}'))
              row.level = 1;
            const again = nextTick(flag + (resolveDue - createdAt));
            if (
              !withStart &&
              go(again, null, 'escalate', status, JOB_NOTES.escalate[1] as string, '{"from":1,"level":2}')
            )
              row.level = 2;
          }
        } else if (ok) {
          t += Math.max(20 * MIN, between(rng, 0.1, 0.9) * (resolveDue - t));
          if (go(t, doer, 'resolve', 'resolved', null, '{"photos":0}')) {
            row.resolved = t;
            row.result = s.result;
            const r = rng.float();
            if (r < 0.7) {
              const rating = r < 0.33 ? 5 : r < 0.58 ? 4 : 3;
              const at = t + between(rng, HOUR, 72 * HOUR);
              const comment = rng.chance(0.4) ? rng.pick(RATING_COMMENTS[rating] as string[]) : null;
              if (go(at, null, 'rate', 'closed', comment, `{"rating":${rating}}`)) {
                row.rated = at;
                row.closed = at;
                row.rating = rating;
                row.comment = comment;
              }
            } else if (r < 0.8) {
              const at = t + between(rng, DAY, 5 * DAY);
              if (go(at, dispatcher, 'close', 'closed')) row.closed = at;
            } else {
              const at = nextTick(t + 7 * DAY);
              if (go(at, null, 'close', 'closed', JOB_NOTES.autoClose)) row.closed = at;
            }
          }
        }
      }
      if (!['closed', 'rejected', 'merged'].includes(status)) open++;
      if (row.overdue) overdue++;
      if (!target) lastOfGrid.set(g.id, { id, created: createdAt, category, story: s, building: b ?? null });

      let prev: string | null = null;
      for (const [i, [at, actor, action, to, note, detail]] of steps.entries()) {
        events.push(
          nextEvent++,
          id,
          i + 1,
          new Date(at).toISOString(),
          actor,
          actor === null ? (action === 'report' ? '江门12345热线' : '系统') : (nameOf.get(actor) ?? null),
          action,
          prev,
          to,
          note,
          detail,
        );
        prev = to;
      }
      eventCount += steps.length;
      if (row.merged !== null) reporters.push(row.merged, id, new Date(steps[1]?.[0] ?? createdAt).toISOString());
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      cases.push(
        id,
        randomUUID(),
        receipt(createdAt),
        district.id,
        g.communityId,
        g.id,
        g.path,
        category.id,
        s.title,
        s.description.replaceAll('{place}', place),
        channel,
        origin,
        status,
        reporterName,
        owner,
        row.handler ? handlerId : null,
        row.handler ? handlerPath : null,
        row.assignee,
        Math.round(lng * 1e6) / 1e6,
        Math.round(lat * 1e6) / 1e6,
        `${b ? b[1] : g.communityName}${s.spot}`.slice(0, 128),
        s.at === 'building' && b ? b[0] : null,
        row.level,
        new Date(responseDue).toISOString(),
        new Date(resolveDue).toISOString(),
        iso(row.accepted),
        iso(row.dispatched),
        iso(row.resolved),
        iso(row.closed),
        row.overdue,
        row.result,
        row.rating,
        row.comment,
        iso(row.rated),
        row.merged,
        steps.length,
        new Date(createdAt).toISOString(),
        new Date((steps[steps.length - 1] as (typeof steps)[0])[0]).toISOString(),
      );
      await writer.flush([cases, events, reporters]);
    }
    await writer.flush([cases, events, reporters], true);
    const loaded = performance.now();

    for (const def of rebuild) await sql.raw(def).execute(db);
    if (unchecked) {
      await sql`set local session_replication_role = origin`.execute(db);
      for (const [table, column, parent] of REFERENCES) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from ${sql.table(table)} t
           where t.${sql.ref(column)} is not null
             and not exists (select 1 from ${sql.table(parent)} p where p.id = t.${sql.ref(column)})`.execute(db);
        if (rows[0]?.n) throw new Error(`cases step: ${rows[0].n} rows of ${table}.${column} point at no ${parent}`);
      }
    }
    for (const [table, next] of [
      ['cases', nextCase],
      ['case_event', nextEvent],
    ] as const) {
      if (next > 1) await sql`select setval(pg_get_serial_sequence(${table}, 'id'), ${next - 1})`.execute(db);
    }
    const indexed = performance.now();
    await rebuildTallies(db);
    if (process.env.GONGZHI_GENERATE_TRACE)
      console.error(
        JSON.stringify({
          cases: {
            loadMs: Math.round(loaded - started),
            indexMs: Math.round(indexed - loaded),
            tallyMs: Math.round(performance.now() - indexed),
          },
        }),
      );
    return { cases: nextCase - firstCase, caseEvents: eventCount, casesOpen: open, casesOverdue: overdue };
  },
};

/**
 * case_month_tally from the cases, in one statement, as tally.ts keeps it on write: a resolution in
 * the China month it happened (with its hours since the report in RESOLVE_HOUR_BUCKETS), a rating in
 * the month rated, an overdue case in the month its deadline passed; per community × handler unit
 * (the community itself before dispatch) × category.
 */
export async function rebuildTallies(db: Db): Promise<void> {
  const bounds = `{${RESOLVE_HOUR_BUCKETS.map((b) => (Number.isFinite(b) ? String(b) : 'Infinity')).join(',')}}`;
  const buckets = RESOLVE_HOUR_BUCKETS.length;
  await sql`delete from case_month_tally`.execute(db);
  await sql`
    insert into case_month_tally (district_id, month, community_id, handler_unit_id, category_id, org_path,
                                  resolved, overdue, rated, rating_sum, satisfied, resolve_hours)
    with facts as (
      select c.district_id, c.community_id, coalesce(c.handler_unit_id, c.community_id) as handler_unit_id,
             c.category_id, date_trunc('month', c.resolved_at at time zone 'Asia/Shanghai')::date as month,
             1 as resolved, 0 as overdue, 0 as rated, 0 as rating_sum, 0 as satisfied,
             (select count(*) from unnest(${bounds}::float8[]) b
               where b < extract(epoch from c.resolved_at - c.created_at) / 3600)::int as bucket
        from cases c where c.resolved_at is not null
      union all
      select c.district_id, c.community_id, coalesce(c.handler_unit_id, c.community_id), c.category_id,
             date_trunc('month', c.rated_at at time zone 'Asia/Shanghai')::date, 0, 0, 1, c.rating,
             (c.rating >= 4)::int, null
        from cases c where c.rated_at is not null
      union all
      select c.district_id, c.community_id, coalesce(c.handler_unit_id, c.community_id), c.category_id,
             date_trunc('month', e.at at time zone 'Asia/Shanghai')::date, 0, 1, 0, 0, 0, null
        from cases c join case_event e on e.case_id = c.id and e.action = 'overdue'
       where c.overdue
    ), totals as (
      select district_id, month, community_id, handler_unit_id, category_id, sum(resolved)::int as resolved,
             sum(overdue)::int as overdue, sum(rated)::int as rated, sum(rating_sum)::int as rating_sum,
             sum(satisfied)::int as satisfied
        from facts group by 1, 2, 3, 4, 5
    ), hist as (
      select month, community_id, handler_unit_id, category_id, bucket, count(*)::int as n
        from facts where bucket is not null group by 1, 2, 3, 4, 5
    ), arrays as (
      select t.month, t.community_id, t.handler_unit_id, t.category_id, array_agg(coalesce(h.n, 0) order by i) as hours
        from totals t cross join generate_series(0, ${buckets - 1}) i
        left join hist h on h.month = t.month and h.community_id = t.community_id
                        and h.handler_unit_id = t.handler_unit_id and h.category_id = t.category_id and h.bucket = i
       where t.resolved > 0
       group by 1, 2, 3, 4
    )
    select t.district_id, t.month, t.community_id, t.handler_unit_id, t.category_id, u.path, t.resolved, t.overdue,
           t.rated, t.rating_sum, t.satisfied, coalesce(a.hours, '{}'::integer[])
      from totals t join org_unit u on u.id = t.community_id
      left join arrays a on a.month = t.month and a.community_id = t.community_id
                        and a.handler_unit_id = t.handler_unit_id and a.category_id = t.category_id`.execute(db);
}
