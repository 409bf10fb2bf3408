/**
 * SQL of party members' duty posts (党员责任岗) and quarterly scores. Owns party_duty_post and
 * party_duty_assignment; reads person (party members) read-only, and the party_member
 * accounts' monthly totals the ledger keeps.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';

export interface PostRow {
  id: number;
  uid: string;
  district_id: number;
  community_id: number;
  org_path: string;
  name: string;
  duties: string;
  capacity: number | null;
  active: boolean;
  created_at: Date;
  community_uid: string;
  community_name: string;
  community_kind: string;
}

function postQuery(db: Db) {
  return db
    .selectFrom('party_duty_post as p')
    .innerJoin('org_unit as c', 'c.id', 'p.community_id')
    .selectAll('p')
    .select(['c.uid as community_uid', 'c.name as community_name', 'c.kind as community_kind']);
}

export async function postByUid(db: Db, uid: string, lock = false): Promise<PostRow | undefined> {
  let q = postQuery(db).where('p.uid', '=', uid);
  if (lock) q = q.forUpdate('p');
  return q.executeTakeFirst();
}

export async function posts(
  db: Db,
  f: { where?: RawBuilder<SqlBool>; communityId?: number; subtree?: string; active?: boolean },
): Promise<PostRow[]> {
  let q = postQuery(db);
  if (f.where) q = q.where(f.where);
  if (f.communityId !== undefined) q = q.where('p.community_id', '=', f.communityId);
  if (f.subtree !== undefined) {
    const path = f.subtree;
    q = q.where((eb) => eb.or([eb('p.org_path', '=', path), eb('p.org_path', 'like', `${likeEscape(path)}.%`)]));
  }
  if (f.active !== undefined) q = q.where('p.active', '=', f.active);
  return q.orderBy('p.community_id').orderBy('p.id').limit(500).execute();
}

export async function insertPost(
  db: Db,
  p: {
    districtId: number;
    communityId: number;
    orgPath: string;
    name: string;
    duties: string;
    capacity: number | null;
    createdBy: number;
    now: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('party_duty_post')
    .values({
      district_id: p.districtId,
      community_id: p.communityId,
      org_path: p.orgPath,
      name: p.name,
      duties: p.duties,
      capacity: p.capacity,
      created_by: p.createdBy,
      created_at: p.now,
    })
    .returning('uid')
    .executeTakeFirstOrThrow();
  return row.uid;
}

export async function updatePost(
  db: Db,
  id: number,
  set: { name?: string; duties?: string; capacity?: number | null; active?: boolean },
): Promise<void> {
  await db.updateTable('party_duty_post').set(set).where('id', '=', id).execute();
}

export interface HolderRow {
  post_id: number;
  person_uid: string;
  person_name: string;
  grid_name: string | null;
  claimed_at: Date;
  person_id: number;
  /** claimed by the member's own account, not assigned by staff */
  self_claimed: boolean;
}

/** Who holds the posts in the quarter (first day). */
export async function holders(db: Db, postIds: number[], quarter: string): Promise<HolderRow[]> {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('party_duty_assignment as a')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .leftJoin('org_unit as g', 'g.id', 'p.grid_id')
    .innerJoin('app_user as u', 'u.id', 'a.claimed_by')
    .select([
      'a.post_id',
      'p.uid as person_uid',
      'p.name as person_name',
      'g.name as grid_name',
      'a.claimed_at',
      'a.person_id',
      sql<boolean>`coalesce(u.person_id = a.person_id, false)`.as('self_claimed'),
    ])
    .where('a.post_id', 'in', postIds)
    .where('a.quarter', '=', quarter)
    .where('a.status', '=', 'held')
    .orderBy('a.claimed_at')
    .orderBy('a.id')
    .execute();
}

export async function heldCount(db: Db, postId: number, quarter: string): Promise<number> {
  const r = await db
    .selectFrom('party_duty_assignment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('post_id', '=', postId)
    .where('quarter', '=', quarter)
    .where('status', '=', 'held')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function assignment(db: Db, postId: number, personId: number, quarter: string) {
  return db
    .selectFrom('party_duty_assignment')
    .select(['id', 'status'])
    .where('post_id', '=', postId)
    .where('person_id', '=', personId)
    .where('quarter', '=', quarter)
    .executeTakeFirst();
}

/** Holds the post for the person in the quarter (a released assignment is taken up again). */
export async function hold(
  db: Db,
  a: { postId: number; personId: number; quarter: string; claimedBy: number; now: Date },
): Promise<void> {
  await sql`
    insert into party_duty_assignment (post_id, person_id, quarter, status, claimed_by, claimed_at)
    values (${a.postId}, ${a.personId}, ${a.quarter}, 'held', ${a.claimedBy}, ${a.now})
    on conflict (post_id, person_id, quarter)
    do update set status = 'held', claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at,
                  released_at = null`.execute(db);
}

export interface MemberRow {
  id: number;
  uid: string;
  name: string;
  org_path: string;
  party_member: boolean;
  status: string;
  grid_name: string | null;
}

export async function personByUid(db: Db, uid: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('person as p')
    .leftJoin('org_unit as g', 'g.id', 'p.grid_id')
    .select(['p.id', 'p.uid', 'p.name', 'p.org_path', 'p.party_member', 'p.status', 'g.name as grid_name'])
    .where('p.uid', '=', uid)
    .executeTakeFirst();
}

export interface ScoreRow {
  person_id: number;
  person_uid: string;
  name: string;
  org_path: string;
  grid_name: string | null;
  score: number;
}

/**
 * Every party member living in the community with their party_member account's points earned
 * over the months (first days): persons by the path index, one account each, ≤ 3 totals each.
 */
export async function memberScores(db: Db, communityPath: string, months: string[]): Promise<ScoreRow[]> {
  const monthList = sql.join(months.map((m) => sql`${m}::date`));
  const { rows } = await sql<ScoreRow>`
    select p.id as person_id, p.uid::text as person_uid, p.name, p.org_path, g.name as grid_name,
           coalesce((select sum(t.earned) from points_account a
                       join points_month_total t on t.account_id = a.id and t.month in (${monthList})
                      where a.person_id = p.id and a.kind = 'party_member'), 0)::bigint as score
      from person p
      left join org_unit g on g.id = p.grid_id
     where p.party_member and p.status = 'resident'
       and (p.org_path = ${communityPath} or p.org_path like ${`${likeEscape(communityPath)}.%`})
     order by p.name, p.id`.execute(db);
  return rows.map((r) => ({ ...r, person_id: Number(r.person_id), score: Number(r.score) }));
}

/** The names of the posts each person holds in the quarter. */
export async function postsHeld(db: Db, personIds: number[], quarter: string): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('party_duty_assignment as a')
    .innerJoin('party_duty_post as p', 'p.id', 'a.post_id')
    .select(['a.person_id', 'p.name'])
    .where('a.person_id', 'in', personIds)
    .where('a.quarter', '=', quarter)
    .where('a.status', '=', 'held')
    .orderBy('p.name')
    .execute();
  for (const r of rows) out.set(Number(r.person_id), [...(out.get(Number(r.person_id)) ?? []), r.name]);
  return out;
}
