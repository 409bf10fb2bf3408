/**
 * SQL of the must-visit plans: visit rules, the register as the plans read it (read-only:
 * persons, households, tags and rooms belong to the registry), the visit_due rows and the
 * due/done tallies of visit_grid_month. Every statement works on a set — a community's
 * tagged persons, a page of items and their cards — never one query per person.
 */
import { type RawBuilder, sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';

// ── Rules and tags ────────────────────────────────────────────────────────────────────────
export interface TagRow {
  code: string;
  zh: string;
  en: string;
  sensitive: boolean;
  must_visit: boolean;
  status: string;
}

export async function tagDefinitions(db: Db): Promise<TagRow[]> {
  return db
    .selectFrom('tag_definition')
    .select(['code', 'zh', 'en', 'sensitive', 'must_visit', 'status'])
    .orderBy('id')
    .execute();
}

export async function ruleRows(db: Db, communityId: number) {
  return db
    .selectFrom('visit_rule')
    .select(['tag_code', 'frequency'])
    .where('community_id', '=', communityId)
    .orderBy('tag_code')
    .execute();
}

// ── Units ─────────────────────────────────────────────────────────────────────────────────
export interface UnitRow {
  id: number;
  uid: string;
  kind: string;
  name: string;
  path: string;
  parent_id: number | null;
  district_id: number;
  status: string;
}

const unitColumns = sql`u.id, u.uid, u.kind, u.name, u.path, u.parent_id, coalesce(u.district_id, u.id) as district_id,
  u.status`;

/** Active communities and villages in a subtree (the subtree's root included). */
export async function communitiesIn(db: Db, path: string): Promise<UnitRow[]> {
  const { rows } = await sql<UnitRow>`
    select ${unitColumns} from org_unit u
     where ${inSubtrees('u.path', [path])} and u.kind in ('community', 'village') and u.status = 'active'
     order by u.path`.execute(db);
  return rows;
}

/** Every active community and village, in every district: the monthly job's work list. */
export async function allCommunities(db: Db): Promise<UnitRow[]> {
  const { rows } = await sql<UnitRow>`
    select ${unitColumns} from org_unit u
     where u.kind in ('community', 'village') and u.status = 'active' order by u.path`.execute(db);
  return rows;
}

export async function unitById(db: Db, id: number): Promise<UnitRow | undefined> {
  const { rows } = await sql<UnitRow>`select ${unitColumns} from org_unit u where u.id = ${id}`.execute(db);
  return rows[0];
}

export async function unitByUid(db: Db, uid: string): Promise<UnitRow | undefined> {
  const { rows } = await sql<UnitRow>`select ${unitColumns} from org_unit u where u.uid = ${uid}`.execute(db);
  return rows[0];
}

export async function unitByPath(db: Db, path: string): Promise<UnitRow | undefined> {
  const { rows } = await sql<UnitRow>`
    select ${unitColumns} from org_unit u where u.path = ${path} and u.status = 'active'`.execute(db);
  return rows[0];
}

/** The active grids of a community. */
export async function gridsOf(db: Db, communityId: number): Promise<UnitRow[]> {
  const { rows } = await sql<UnitRow>`
    select ${unitColumns} from org_unit u
     where u.parent_id = ${communityId} and u.kind = 'grid' and u.status = 'active' order by u.path`.execute(db);
  return rows;
}

/** Active children of a unit (coverage rows), in path order. */
export async function childrenOf(db: Db, unitId: number): Promise<UnitRow[]> {
  const { rows } = await sql<UnitRow>`
    select ${unitColumns} from org_unit u
     where u.parent_id = ${unitId} and u.status = 'active' and u.kind <> 'department' order by u.path`.execute(db);
  return rows;
}

/**
 * The grid worker of each grid: the active grid_worker grant on it; when several, the one
 * granted last (a new worker takes over before the old grant is revoked).
 */
export async function gridWorkers(db: Db, gridIds: readonly number[]): Promise<Map<number, number>> {
  if (gridIds.length === 0) return new Map();
  const { rows } = await sql<{ unit_id: number; user_id: number }>`
    select distinct on (unit_id) unit_id, user_id from role_grant
     where role = 'grid_worker' and revoked_at is null and unit_id = any(${gridIds}::bigint[])
     order by unit_id, granted_at desc, id desc`.execute(db);
  return new Map(rows.map((r) => [r.unit_id, r.user_id]));
}

// ── The register, as the plans read it ────────────────────────────────────────────────────
export interface TaggedRow {
  person_id: number;
  status: string;
  person_grid_id: number;
  household_id: number | null;
  household_grid_id: number | null;
  code: string;
  start_date: string;
  end_date: string | null;
}

/**
 * Residents of a community with a current tag among `codes` that holds on a day of
 * [from, to], with their current household and its grid. person_tag_by_tag (tag, path) finds
 * them; one statement for the whole community.
 */
export async function taggedPersons(
  db: Db,
  communityPath: string,
  codes: readonly string[],
  from: string,
  to: string,
): Promise<TaggedRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await sql<TaggedRow>`
    select p.id as person_id, p.status, p.grid_id as person_grid_id,
           hm.household_id, h.grid_id as household_grid_id,
           td.code, pt.start_date, pt.end_date
      from tag_definition td
      join person_tag pt on pt.tag_id = td.id and pt.ended_at is null
      join person p on p.id = pt.person_id
      left join household_member hm on hm.person_id = p.id and hm.until is null
      left join household h on h.id = hm.household_id
     where td.code = any(${codes}::text[]) and td.status = 'active'
       and ${inSubtrees('pt.org_path', [communityPath])}
       and p.status = 'resident'
       and pt.start_date <= ${to}::date and (pt.end_date is null or pt.end_date >= ${from}::date)
     order by p.id, td.code`.execute(db);
  return rows;
}

/**
 * The grids a change to a person touches: theirs, their household's, and those of the open
 * items of their community that name them (an item of a household they just left).
 */
export async function gridsOfPerson(db: Db, personUid: string, from: string): Promise<number[]> {
  const { rows } = await sql<{ id: number; grid_id: number; household_grid_id: number | null; community: string }>`
    select p.id, p.grid_id, h.grid_id as household_grid_id, c.path as community
      from person p
      join org_unit g on g.id = p.grid_id join org_unit c on c.id = g.parent_id
      left join household_member hm on hm.person_id = p.id and hm.until is null
      left join household h on h.id = hm.household_id
     where p.uid = ${personUid}`.execute(db);
  const p = rows[0];
  if (!p) return [];
  const named = await sql<{ grid_id: number }>`
    select distinct grid_id from visit_due
     where ${inSubtrees('org_path', [p.community])} and status = 'open' and period_end >= ${from}::date
       and (person_id = ${p.id} or person_ids @> array[${p.id}::bigint])`.execute(db);
  return [
    ...new Set([
      p.grid_id,
      ...(p.household_grid_id === null ? [] : [p.household_grid_id]),
      ...named.rows.map((r) => r.grid_id),
    ]),
  ];
}

export async function gridOfHousehold(db: Db, householdUid: string): Promise<number | undefined> {
  const row = await db.selectFrom('household').select('grid_id').where('uid', '=', householdUid).executeTakeFirst();
  return row?.grid_id;
}

// ── visit_due ─────────────────────────────────────────────────────────────────────────────
export interface DueRowInput {
  district_id: number;
  grid_id: number;
  org_path: string;
  household_id: number | null;
  person_id: number | null;
  person_ids: number[];
  reasons: string[];
  frequency: string;
  period_start: string;
  period_end: string;
  assignee_id: number | null;
}

/**
 * Inserts the items, or brings an existing one (same subject and period start) up to date:
 * a cancelled one opens again, an open one follows its grid and worker, a done one is kept as
 * it was. Rows already as wanted are not touched, so a second build counts nothing.
 */
export async function upsertDue(
  trx: Db,
  items: readonly DueRowInput[],
  now: Date,
): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (const kind of ['household', 'person'] as const) {
    const rows = items.filter((i) => (kind === 'household' ? i.household_id !== null : i.person_id !== null));
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const target = kind === 'household' ? sql`household_id` : sql`person_id`;
      const { rows: out } = await sql<{ inserted: boolean }>`
        insert into visit_due as d (district_id, grid_id, org_path, household_id, person_id, person_ids, reasons,
                                    frequency, period_start, period_end, assignee_id, status, created_at)
        select x.district_id, x.grid_id, x.org_path, x.household_id, x.person_id, x.person_ids, x.reasons,
               x.frequency, x.period_start, x.period_end, x.assignee_id, 'open', ${now}
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(
                 district_id bigint, grid_id bigint, org_path text, household_id bigint, person_id bigint,
                 person_ids bigint[], reasons text[], frequency text, period_start date, period_end date,
                 assignee_id bigint)
        on conflict (${target}, period_start) where ${target} is not null do update set
               district_id = excluded.district_id, grid_id = excluded.grid_id, org_path = excluded.org_path,
               person_ids = excluded.person_ids, reasons = excluded.reasons, frequency = excluded.frequency,
               period_end = excluded.period_end, assignee_id = excluded.assignee_id,
               status = 'open', closed_at = null
         where d.status <> 'done'
           and (d.grid_id, d.person_ids, d.reasons, d.frequency, d.period_end, d.assignee_id, d.status)
               is distinct from
               (excluded.grid_id, excluded.person_ids, excluded.reasons, excluded.frequency, excluded.period_end,
                excluded.assignee_id, 'open')
        returning (xmax = 0) as inserted`.execute(trx);
      for (const r of out) r.inserted ? created++ : updated++;
    }
  }
  return { created, updated };
}

/**
 * Cancels the open items of the grids, in periods overlapping [from, to], that the plan no
 * longer wants (`keep`: subject and period start of every wanted item).
 */
export async function cancelUnwanted(
  trx: Db,
  gridIds: readonly number[],
  keep: readonly { household_id: number | null; person_id: number | null; period_start: string }[],
  window: { from: string; to: string },
  now: Date,
): Promise<number> {
  if (gridIds.length === 0) return 0;
  const result = await sql`
    update visit_due d set status = 'cancelled', closed_at = ${now}
     where d.status = 'open' and d.grid_id = any(${gridIds}::bigint[])
       and d.period_start <= ${window.to}::date and d.period_end >= ${window.from}::date
       and not exists (
         select 1 from jsonb_to_recordset(${JSON.stringify(keep)}::jsonb)
                    as k(household_id bigint, person_id bigint, period_start date)
          where k.period_start = d.period_start
            and (k.household_id = d.household_id or k.person_id = d.person_id))`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Namespace of the advisory locks that serialise the recounting of a grid's tallies. */
const TALLY_LOCK = 7_001;

/**
 * Sets visit_grid_month.due and .done of the grids, for the months from `fromMonth` to the
 * month of `to`, to the exact counts of their items (due: not cancelled; done: done). A
 * month is the month an item's period starts in.
 */
export async function recountGridMonths(
  trx: Db,
  gridIds: readonly number[],
  fromMonth: string,
  to: string,
): Promise<void> {
  if (gridIds.length === 0) return;
  // Counted under a lock per grid, taken in id order: whoever counts last sees every committed
  // change (READ COMMITTED), so a sync marking items while a build runs cannot leave a stale count.
  const ids = [...new Set(gridIds)].sort((a, b) => a - b);
  await sql`select pg_advisory_xact_lock(${TALLY_LOCK}, id::int) from unnest(${ids}::bigint[]) as id`.execute(trx);
  await sql`
    insert into visit_grid_month as m (grid_id, month, org_path, due, done)
    select d.grid_id, date_trunc('month', d.period_start)::date, g.path,
           (count(*) filter (where d.status <> 'cancelled'))::int, (count(*) filter (where d.status = 'done'))::int
      from org_unit g join visit_due d on d.org_path = g.path and d.grid_id = g.id
     where g.id = any(${ids}::bigint[])
       and d.period_start >= ${`${fromMonth}-01`}::date and d.period_start <= ${to}::date
     group by d.grid_id, 2, g.path
    on conflict (grid_id, month) do update set due = excluded.due, done = excluded.done
     where (m.due, m.done) is distinct from (excluded.due, excluded.done)`.execute(trx);
}

/** Hands the grid's open items of periods not yet over to its worker (null: nobody). */
export async function reassignOpen(trx: Db, gridId: number, assigneeId: number | null, today: string) {
  const result = await sql`
    update visit_due set assignee_id = ${assigneeId}
     where grid_id = ${gridId} and status = 'open' and period_end >= ${today}::date
       and assignee_id is distinct from ${assigneeId}::bigint`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

// ── Lists and cards ───────────────────────────────────────────────────────────────────────
export interface DueRow {
  id: number;
  uid: string;
  grid_uid: string;
  grid_name: string;
  org_path: string;
  assignee_uid: string | null;
  assignee_name: string | null;
  household_id: number | null;
  household_uid: string | null;
  person_id: number | null;
  reasons: string[];
  frequency: string;
  period_start: string;
  period_end: string;
  status: string;
  visit_uid: string | null;
}

const dueColumns = sql`
  d.id, d.uid, g.uid as grid_uid, g.name as grid_name, d.org_path, a.uid as assignee_uid,
  a.display_name as assignee_name, d.household_id, h.uid as household_uid, d.person_id, d.reasons, d.frequency,
  d.period_start, d.period_end, d.status, v.uid as visit_uid`;
const dueJoins = sql`
  join org_unit g on g.id = d.grid_id
  left join app_user a on a.id = d.assignee_id
  left join household h on h.id = d.household_id
  left join visit v on v.id = d.visit_id`;

/** A worker's items of periods overlapping [from, to], open and done, by period and grid. */
export async function dueOfAssignee(db: Db, userId: number, from: string, to: string): Promise<DueRow[]> {
  const { rows } = await sql<DueRow>`
    select ${dueColumns} from visit_due d ${dueJoins}
     where d.assignee_id = ${userId} and d.status in ('open', 'done')
       and d.period_start <= ${to}::date and d.period_end >= ${from}::date
     order by d.status = 'done', d.period_end, g.path, d.id`.execute(db);
  return rows;
}

export type DueFilter = 'open' | 'done' | 'cancelled' | 'overdue';

/** A page of the items in the subtrees whose period starts in [from, to], with the total. */
export async function duePage(
  db: Db,
  paths: readonly string[],
  q: { from: string; to: string; status?: DueFilter; today: string; limit: number; offset: number },
): Promise<{ rows: DueRow[]; total: number }> {
  const status: RawBuilder<unknown> =
    q.status === undefined
      ? sql``
      : q.status === 'overdue'
        ? sql` and d.status = 'open' and d.period_end < ${q.today}::date`
        : sql` and d.status = ${q.status}`;
  const where = sql`${inSubtrees('d.org_path', paths)}
    and d.period_start >= ${q.from}::date and d.period_start <= ${q.to}::date${status}`;
  const [{ rows }, count] = await Promise.all([
    sql<DueRow>`
      select ${dueColumns} from visit_due d ${dueJoins}
       where ${where}
       order by d.period_end, d.org_path, d.id
       limit ${q.limit} offset ${q.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from visit_due d where ${where}`.execute(db),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export interface CardPersonRow {
  household_id: number | null;
  person_id: number;
  uid: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  phone_masked: string | null;
  org_path: string;
  relation: string | null;
  tags: { code: string; zh: string; en: string; sensitive: boolean; mustVisit: boolean }[];
}

export interface AddressRow {
  household_id: number | null;
  person_id: number | null;
  building_address: string | null;
  building_name: string | null;
  unit_name: string | null;
  number: string | null;
}

/**
 * What the household cards need, in three statements for any number of cards: the resident
 * members of the households (and the persons with no household) with their current tags,
 * and the address of each household's room (or each such person's room).
 */
export async function cardRows(
  db: Db,
  householdIds: readonly number[],
  personIds: readonly number[],
  today: string,
): Promise<{ persons: CardPersonRow[]; addresses: AddressRow[] }> {
  const tags = sql`coalesce((
      select jsonb_agg(jsonb_build_object('code', td.code, 'zh', td.zh, 'en', td.en,
                                          'sensitive', td.sensitive, 'mustVisit', td.must_visit) order by td.id)
        from person_tag pt join tag_definition td on td.id = pt.tag_id
       where pt.person_id = p.id and pt.ended_at is null and (pt.end_date is null or pt.end_date >= ${today}::date)
    ), '[]'::jsonb) as tags`;
  const [members, solo, addresses] = await Promise.all([
    householdIds.length === 0
      ? { rows: [] as CardPersonRow[] }
      : sql<CardPersonRow>`
          select hm.household_id, p.id as person_id, p.uid, p.name, p.gender, p.birth_date, p.phone_masked,
                 p.org_path, hm.relation, ${tags}
            from household_member hm join person p on p.id = hm.person_id
           where hm.household_id = any(${householdIds}::bigint[]) and hm.until is null and p.status = 'resident'
           order by hm.household_id, hm.relation, p.birth_date nulls last, p.id`.execute(db),
    personIds.length === 0
      ? { rows: [] as CardPersonRow[] }
      : sql<CardPersonRow>`
          select null::bigint as household_id, p.id as person_id, p.uid, p.name, p.gender, p.birth_date,
                 p.phone_masked, p.org_path, null::text as relation, ${tags}
            from person p where p.id = any(${personIds}::bigint[])`.execute(db),
    sql<AddressRow>`
      select h.id as household_id, null::bigint as person_id, b.address as building_address,
             b.name as building_name, bu.name as unit_name, r.number
        from household h join room r on r.id = h.room_id join building b on b.id = r.building_id
        left join building_unit bu on bu.id = r.unit_id
       where h.id = any(${householdIds}::bigint[])
      union all
      select null, p.id, b.address, b.name, bu.name, r.number
        from person p join room r on r.id = p.room_id join building b on b.id = r.building_id
        left join building_unit bu on bu.id = r.unit_id
       where p.id = any(${personIds}::bigint[])`.execute(db),
  ]);
  return { persons: [...members.rows, ...solo.rows], addresses: addresses.rows };
}

export interface LastVisitRow {
  household_id: number | null;
  person_id: number | null;
  uid: string;
  visited_at: Date;
  method: string;
  worker: string;
  summary: string;
}

/** The latest visit of each household (visit_household index) and of each person with no household. */
export async function lastVisits(
  db: Db,
  householdIds: readonly number[],
  personIds: readonly number[],
): Promise<LastVisitRow[]> {
  const { rows } = await sql<LastVisitRow>`
    select * from (
      select distinct on (v.household_id) v.household_id, null::bigint as person_id, v.uid, v.visited_at, v.method,
             u.display_name as worker, left(v.summary, 200) as summary
        from visit v join app_user u on u.id = v.worker_id
       where v.household_id = any(${householdIds}::bigint[])
       order by v.household_id, v.visited_at desc, v.id desc) h
    union all
    select * from (
      select distinct on (vp.person_id) null::bigint, vp.person_id, v.uid, v.visited_at, v.method,
             u.display_name, left(v.summary, 200)
        from visit_person vp join visit v on v.id = vp.visit_id join app_user u on u.id = v.worker_id
       where vp.person_id = any(${personIds}::bigint[])
       order by vp.person_id, v.visited_at desc, v.id desc) p`.execute(db);
  return rows;
}

// ── Coverage ──────────────────────────────────────────────────────────────────────────────
export interface TallyRow {
  org_path: string;
  due: number;
  done: number;
  visits: number;
  findings: Record<string, number>;
}

/** The grid tallies of a month in a subtree. */
export async function gridTallies(db: Db, path: string, month: string): Promise<TallyRow[]> {
  const { rows } = await sql<TallyRow>`
    select org_path, due, done, visits, findings from visit_grid_month
     where ${inSubtrees('org_path', [path])} and month = ${`${month}-01`}::date`.execute(db);
  return rows;
}

/** Open items of a month in a subtree whose period has ended, per grid path. */
export async function overdueByGrid(db: Db, path: string, month: string, today: string) {
  const { rows } = await sql<{ org_path: string; n: number }>`
    select org_path, count(*)::int as n from visit_due
     where ${inSubtrees('org_path', [path])} and status = 'open'
       and period_start >= ${`${month}-01`}::date and period_start < (${`${month}-01`}::date + interval '1 month')
       and period_end < ${today}::date
     group by org_path`.execute(db);
  return rows;
}

/** Visits per worker and grid in a month, in a subtree. */
export async function workerTallies(db: Db, path: string, month: string) {
  const { rows } = await sql<{ uid: string; name: string; grid: string; visits: number }>`
    select u.uid, u.display_name as name, g.name as grid, w.visits
      from visit_worker_month w join app_user u on u.id = w.worker_id join org_unit g on g.id = w.grid_id
     where ${inSubtrees('w.org_path', [path])} and w.month = ${`${month}-01`}::date
     order by w.visits desc, g.path, u.display_name`.execute(db);
  return rows;
}
