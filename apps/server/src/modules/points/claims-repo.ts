/**
 * SQL of claims and direct awards: points_claim and points_claim_event (written here only),
 * which claims show a photo, and read-only looks at the registry (person, household,
 * household_member), org units and accounts. Points never move here: only ledger.ts moves them.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

const COMMUNITY_KINDS = sql`('community', 'village')`;

// ── Who: persons, households, users ──────────────────────────────────────────────────────────
export interface PersonRow {
  id: number;
  uid: string;
  name: string;
  status: string;
  party_member: boolean;
  district_id: number;
  grid_id: number;
  org_path: string;
  household_id: number | null;
  household_uid: string | null;
  community_id: number;
  community_uid: string;
  community_path: string;
}

const personSelect = sql`
  select p.id, p.uid::text as uid, p.name, p.status, p.party_member, p.district_id, p.grid_id, p.org_path,
         m.household_id, h.uid::text as household_uid, c.id as community_id, c.uid::text as community_uid,
         c.path as community_path
    from person p
    join org_unit g on g.id = p.grid_id
    join org_unit c on c.id = g.parent_id and c.kind in ${COMMUNITY_KINDS}
    left join lateral (select household_id from household_member
                        where person_id = p.id and until is null order by since desc limit 1) m on true
    left join household h on h.id = m.household_id`;

export async function personByUid(db: Db, uid: string): Promise<PersonRow | undefined> {
  const { rows } = await sql<PersonRow>`${personSelect} where p.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

/** The registry person a resident's account is linked to (app_user.person_id). */
export async function personOfUser(db: Db, userId: number): Promise<PersonRow | undefined> {
  const { rows } = await sql<PersonRow>`
    ${personSelect} where p.id = (select person_id from app_user where id = ${userId})`.execute(db);
  return rows[0];
}

export interface HouseholdRow {
  id: number;
  uid: string;
  status: string;
  org_path: string;
  community_path: string;
  /** the head, to name the claim's person when a household is awarded directly */
  head_person_id: number | null;
}

export async function householdByUid(db: Db, uid: string): Promise<HouseholdRow | undefined> {
  const { rows } = await sql<HouseholdRow>`
    select h.id, h.uid::text as uid, h.status, h.org_path, c.path as community_path,
           (select m.person_id from household_member m
             where m.household_id = h.id and m.until is null order by (m.relation = '02') desc, m.id limit 1)
             as head_person_id
      from household h
      join org_unit g on g.id = h.grid_id
      join org_unit c on c.id = g.parent_id and c.kind in ${COMMUNITY_KINDS}
     where h.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function userByUid(db: Db, uid: string): Promise<{ id: number; display_name: string } | undefined> {
  const { rows } = await sql<{ id: number; display_name: string }>`
    select id, display_name from app_user where uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

// ── Claims ────────────────────────────────────────────────────────────────────────────────────
export interface NewClaim {
  uid: string;
  district_id: number;
  community_id: number;
  org_path: string;
  person_id: number;
  household_id: number | null;
  rule_version_id: number;
  occurred_on: string;
  description: string;
  photo_ids: string[];
  witness: string | null;
  source: 'resident' | 'staff' | 'visit';
  source_ref: string | null;
  claimed_by: number;
}

/** The new claim's id, or undefined when a claim with the same source and reference exists. */
export async function insertClaim(db: Db, c: NewClaim, now: Date): Promise<number | undefined> {
  const { rows } = await sql<{ id: number }>`
    insert into points_claim (uid, district_id, community_id, org_path, person_id, household_id, rule_version_id,
      occurred_on, description, photo_ids, witness, source, source_ref, status, claimed_by, created_at, updated_at)
    values (${c.uid}::uuid, ${c.district_id}, ${c.community_id}, ${c.org_path}, ${c.person_id}, ${c.household_id},
      ${c.rule_version_id}, ${c.occurred_on}::date, ${c.description}, ${c.photo_ids}::uuid[], ${c.witness},
      ${c.source}, ${c.source_ref}, 'pending', ${c.claimed_by}, ${now}, ${now})
    on conflict (source, source_ref) where source_ref is not null do nothing
    returning id`.execute(db);
  return rows[0]?.id;
}

export async function insertClaimEvent(
  db: Db,
  e: { claim_id: number; action: string; note: string | null; photo_ids: string[]; actor_id: number },
  now: Date,
): Promise<void> {
  await sql`
    insert into points_claim_event (claim_id, action, note, photo_ids, actor_id, at)
    values (${e.claim_id}, ${e.action}, ${e.note}, ${e.photo_ids}::uuid[], ${e.actor_id}, ${now})`.execute(db);
}

export interface ClaimRow {
  id: number;
  uid: string;
  district_id: number;
  community_id: number;
  org_path: string;
  person_id: number;
  household_id: number | null;
  rule_version_id: number;
  occurred_on: string;
  description: string;
  photo_ids: string[];
  witness: string | null;
  source: 'resident' | 'staff' | 'visit';
  status: 'pending' | 'needs_info' | 'approved' | 'rejected' | 'withdrawn';
  claimed_by: number;
  review_note: string | null;
  reviewed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  rule_id: number;
  rule_uid: string;
  rule_code: string;
  rule_category: string;
  rule_path: string;
  version: number;
  title: string;
  points: number;
  applies_to: 'person' | 'household' | 'party_member';
  evidence: Array<'photo' | 'witness' | 'staff'>;
  cap_month: number | null;
  cap_year: number | null;
  valid_from: string;
  valid_until: string | null;
  person_uid: string;
  person_name: string;
  household_uid: string | null;
  community_uid: string;
  community_name: string;
  grid_uid: string | null;
  grid_name: string | null;
  claimed_by_name: string;
  reviewed_by_name: string | null;
  transfer_uid: string | null;
  transfer_amount: number | null;
}

const claimColumns = sql`
  c.id, c.uid::text as uid, c.district_id, c.community_id, c.org_path, c.person_id, c.household_id,
  c.rule_version_id, c.occurred_on::text as occurred_on, c.description, c.photo_ids::text[] as photo_ids, c.witness,
  c.source, c.status, c.claimed_by, c.review_note, c.reviewed_at, c.created_at, c.updated_at,
  r.id as rule_id, r.uid::text as rule_uid, r.code as rule_code, r.category as rule_category, r.org_path as rule_path,
  v.version, v.title, v.points, v.applies_to, v.evidence, v.cap_month, v.cap_year, v.valid_from::text as valid_from,
  v.valid_until::text as valid_until,
  p.uid::text as person_uid, p.name as person_name, h.uid::text as household_uid,
  cu.uid::text as community_uid, cu.name as community_name, g.uid::text as grid_uid, g.name as grid_name,
  ub.display_name as claimed_by_name, ur.display_name as reviewed_by_name,
  t.uid::text as transfer_uid, t.amount::int as transfer_amount`;

const claimFrom = sql`
  from points_claim c
  join points_rule_version v on v.id = c.rule_version_id
  join points_rule r on r.id = v.rule_id
  join person p on p.id = c.person_id
  left join household h on h.id = c.household_id
  join org_unit cu on cu.id = c.community_id
  left join org_unit g on g.id = p.grid_id
  join app_user ub on ub.id = c.claimed_by
  left join app_user ur on ur.id = c.reviewed_by
  left join points_transfer t on t.id = c.transfer_id`;

/** A claim with its rule version and names; locked for the decision when asked. */
export async function claimByUid(db: Db, uid: string, lock = false): Promise<ClaimRow | undefined> {
  if (lock) await sql`select id from points_claim where uid = ${uid}::uuid for update`.execute(db);
  const { rows } = await sql<ClaimRow>`select ${claimColumns} ${claimFrom} where c.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function claimBySource(db: Db, source: string, ref: string): Promise<ClaimRow | undefined> {
  const { rows } = await sql<ClaimRow>`
    select ${claimColumns} ${claimFrom} where c.source = ${source} and c.source_ref = ${ref}`.execute(db);
  return rows[0];
}

export interface EventRow {
  action: string;
  note: string | null;
  photo_ids: string[];
  actor: string;
  at: Date;
}

export async function claimEvents(db: Db, claimId: number): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`
    select e.action, e.note, e.photo_ids::text[] as photo_ids, u.display_name as actor, e.at
      from points_claim_event e join app_user u on u.id = e.actor_id
     where e.claim_id = ${claimId} order by e.id`.execute(db);
  return rows;
}

/** A page of claims matching `where`; the queue reads oldest first, a resident newest first. */
export async function claimPage(
  db: Db,
  where: RawBuilder<SqlBool>[],
  order: 'oldest' | 'newest',
  page: { limit: number; offset: number },
): Promise<{ rows: ClaimRow[]; total: number }> {
  const cond = where.length > 0 ? sql.join(where, sql` and `) : sql`true`;
  const dir = order === 'oldest' ? sql`asc` : sql`desc`;
  const { rows } = await sql<ClaimRow>`
    select ${claimColumns} ${claimFrom}
     where ${cond}
     order by c.created_at ${dir}, c.id ${dir} limit ${page.limit} offset ${page.offset}`.execute(db);
  const count = await sql<{ n: number }>`select count(*)::int as n from points_claim c where ${cond}`.execute(db);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export async function updateClaim(
  db: Db,
  id: number,
  set: {
    status: string;
    reviewed_by?: number;
    review_note?: string | null;
    transfer_id?: number;
    /** photos added by a reply */
    add_photos?: string[];
  },
  now: Date,
): Promise<void> {
  await sql`
    update points_claim
       set status = ${set.status}, updated_at = ${now},
           reviewed_by = ${set.reviewed_by !== undefined ? sql`${set.reviewed_by}` : sql`reviewed_by`},
           reviewed_at = ${set.reviewed_by !== undefined ? sql`${now}::timestamptz` : sql`reviewed_at`},
           review_note = ${set.review_note !== undefined ? sql`${set.review_note}` : sql`review_note`},
           transfer_id = ${set.transfer_id !== undefined ? sql`${set.transfer_id}` : sql`transfer_id`},
           photo_ids = ${set.add_photos?.length ? sql`photo_ids || ${set.add_photos}::uuid[]` : sql`photo_ids`}
     where id = ${id}`.execute(db);
}

// ── Caps ──────────────────────────────────────────────────────────────────────────────────────
/**
 * What an account earned from a rule over a month and a year (by occurred_on): transfers to it
 * under the rule, less the reversals of those. Reads the points_transfer_cap index.
 */
export async function earnedFromRule(
  db: Db,
  accountId: number,
  ruleId: number,
  p: { monthStart: string; monthEnd: string; yearStart: string; yearEnd: string },
): Promise<{ month: number; year: number }> {
  const { rows } = await sql<{ month: number; year: number }>`
    with t as (
      select amount, occurred_on from points_transfer
       where to_account_id = ${accountId} and rule_id = ${ruleId}
         and occurred_on between ${p.yearStart}::date and ${p.yearEnd}::date and kind <> 'reversal'
      union all
      select -amount, occurred_on from points_transfer
       where from_account_id = ${accountId} and rule_id = ${ruleId} and kind = 'reversal'
         and occurred_on between ${p.yearStart}::date and ${p.yearEnd}::date
    )
    select coalesce(sum(amount) filter (where occurred_on between ${p.monthStart}::date and ${p.monthEnd}::date), 0)::int
             as month,
           coalesce(sum(amount), 0)::int as year
      from t`.execute(db);
  return rows[0] ?? { month: 0, year: 0 };
}

export async function transferBySource(db: Db, source: string, ref: string): Promise<{ id: number } | undefined> {
  const { rows } = await sql<{ id: number }>`
    select id from points_transfer where source = ${source} and source_ref = ${ref}`.execute(db);
  return rows[0];
}

// ── Photos (the stored_file rows are platform/files/photos.ts') ──────────────────────────────
/** Where the claims showing a photo lie: who may see it. */
export async function photoClaimPaths(db: Db, uid: string): Promise<string[]> {
  const { rows } = await sql<{ org_path: string }>`
    select c.org_path from points_claim c where c.photo_ids @> array[${uid}::uuid]
    union
    select c.org_path from points_claim_event e join points_claim c on c.id = e.claim_id
     where e.photo_ids @> array[${uid}::uuid]`.execute(db);
  return rows.map((r) => r.org_path);
}
