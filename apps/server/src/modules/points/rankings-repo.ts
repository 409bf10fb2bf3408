/**
 * SQL of rankings and their 公示. A ranking reads only points_month_total — one indexed query
 * per page, (community_id | grid_id, month, kind, earned desc), never the entries — and names
 * the rows of the page it returns from the register (person; a household by its head).
 * Reads person, household_member and org_unit rows read-only, with its own SQL.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface UnitRow {
  id: number;
  uid: string;
  kind: string;
  name: string;
  code: string;
  path: string;
  parent_id: number | null;
  district_id: number | null;
  status: string;
}

const UNIT_COLUMNS = ['id', 'uid', 'kind', 'name', 'code', 'path', 'parent_id', 'district_id', 'status'] as const;

export async function unitByUid(db: Db, uid: string): Promise<UnitRow | undefined> {
  return db.selectFrom('org_unit').select(UNIT_COLUMNS).where('uid', '=', uid).executeTakeFirst();
}

export async function unitById(db: Db, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('org_unit').select(UNIT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function activeCommunityByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return db
    .selectFrom('org_unit')
    .select(UNIT_COLUMNS)
    .where('code', '=', code)
    .where('status', '=', 'active')
    .where('kind', 'in', ['community', 'village'])
    .executeTakeFirst();
}

/** The community (or village) whose subtree holds the path: one of the path's prefixes. */
export async function communityAbove(db: Db, path: string): Promise<UnitRow | undefined> {
  const segments = path.split('.');
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('.'));
  return db
    .selectFrom('org_unit')
    .select(UNIT_COLUMNS)
    .where('path', 'in', prefixes)
    .where('kind', 'in', ['community', 'village'])
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** The person a sign-in account is (app_user.person_id), with their grid. */
export async function personOfUser(db: Db, userId: number) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .select(['p.id', 'p.uid', 'p.name', 'p.grid_id', 'p.org_path', 'p.party_member', 'p.status'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export interface RankedRow {
  accountId: number;
  accountUid: string;
  points: number;
  rank: number;
  /** the person's name, or the household head's (null: no member known) */
  name: string | null;
  gridName: string | null;
}

export interface RankingSlice {
  /** rows with points > 0 in the period */
  total: number;
  rows: RankedRow[];
}

/**
 * A ranking of holders of one kind in a community or a grid over some months (first days),
 * dense-ranked by points earned, best first, ties broken by account for a stable order.
 * `page` takes a slice; `topRank` takes every row ranked ≤ it (a notice's top N with ties).
 */
export async function ranking(
  db: Db,
  q: {
    by: 'community' | 'grid';
    unitId: number;
    kind: string;
    months: string[];
    page?: { limit: number; offset: number };
    topRank?: number;
  },
): Promise<RankingSlice> {
  const unitColumn = q.by === 'community' ? sql.ref('t.community_id') : sql.ref('t.grid_id');
  const months = sql.join(q.months.map((m) => sql`${m}::date`));
  const { rows } = await sql<{
    account_id: number;
    points: number;
    rank: number;
    total: number;
    account_uid: string;
    person_name: string | null;
    head_name: string | null;
    grid_name: string | null;
  }>`
    with ranked as (
      select t.account_id, sum(t.earned)::bigint as points,
             dense_rank() over (order by sum(t.earned) desc) as rank,
             count(*) over () as total
        from points_month_total t
       where ${unitColumn} = ${q.unitId} and t.month in (${months}) and t.kind = ${q.kind}
       group by t.account_id
      having sum(t.earned) > 0
    ), picked as (
      select * from ranked
       ${q.topRank !== undefined ? sql`where rank <= ${q.topRank}` : sql``}
       order by points desc, account_id
       ${q.page ? sql`limit ${q.page.limit} offset ${q.page.offset}` : sql``}
    )
    select r.account_id, r.points, r.rank, r.total, a.uid::text as account_uid,
           p.name as person_name, h.name as head_name, g.name as grid_name
      from picked r
      join points_account a on a.id = r.account_id
      left join person p on p.id = a.person_id
      left join org_unit g on g.id = a.grid_id
      left join lateral (
        select hp.name from household_member m join person hp on hp.id = m.person_id
         where m.household_id = a.household_id and m.until is null
         order by (m.relation in ('01', '02')) desc, m.id
         limit 1
      ) h on a.household_id is not null
     order by r.points desc, r.account_id`.execute(db);
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && q.page && q.page.offset > 0) {
    // Past the last page: the count still answers.
    const counted = await ranking(db, { ...q, page: { limit: 1, offset: 0 } });
    total = counted.total;
  }
  return {
    total,
    rows: rows.map((r) => ({
      accountId: Number(r.account_id),
      accountUid: r.account_uid,
      points: Number(r.points),
      rank: Number(r.rank),
      name: r.person_name ?? r.head_name,
      gridName: r.grid_name,
    })),
  };
}

/**
 * Where one holder stands in a ranking (the resident's own line): their points and their dense
 * rank among holders with points > 0; null when they earned nothing in the period.
 */
export async function standingOf(
  db: Db,
  q: { by: 'community' | 'grid'; unitId: number; kind: string; months: string[]; personId: number },
): Promise<{ rank: number; points: number } | null> {
  const unitColumn = q.by === 'community' ? sql.ref('t.community_id') : sql.ref('t.grid_id');
  const months = sql.join(q.months.map((m) => sql`${m}::date`));
  const holder =
    q.kind === 'household'
      ? sql`select a.id from points_account a
              join household_member m on m.household_id = a.household_id and m.until is null
             where m.person_id = ${q.personId} limit 1`
      : sql`select a.id from points_account a where a.person_id = ${q.personId} and a.kind = ${q.kind}`;
  const { rows } = await sql<{ points: number | null; rank: number }>`
    with totals as (
      select t.account_id, sum(t.earned)::bigint as points
        from points_month_total t
       where ${unitColumn} = ${q.unitId} and t.month in (${months}) and t.kind = ${q.kind}
       group by t.account_id
      having sum(t.earned) > 0
    ), mine as (select points from totals where account_id = (${holder}))
    select (select points from mine) as points,
           (select count(distinct points) from totals where points > (select points from mine))::int + 1 as rank`.execute(
    db,
  );
  const row = rows[0];
  return row && row.points !== null ? { rank: Number(row.rank), points: Number(row.points) } : null;
}

// ── Publications ────────────────────────────────────────────────────────────────────────────
export interface PublicationRow {
  id: number;
  uid: string;
  district_id: number;
  community_id: number;
  org_path: string;
  grid_id: number | null;
  subject: string;
  period_kind: string;
  period_start: string;
  period_end: string;
  title: string;
  rows: unknown;
  status: string;
  published_by: number;
  published_at: Date;
  objection_until: Date;
  ends_at: Date;
  closed_at: Date | null;
  withdrawn_reason: string | null;
  publisher_name: string;
  community_name: string;
  community_uid: string;
  community_kind: string;
  grid_uid: string | null;
  grid_name: string | null;
}

function publicationQuery(db: Db) {
  return db
    .selectFrom('points_publication as pb')
    .innerJoin('app_user as u', 'u.id', 'pb.published_by')
    .innerJoin('org_unit as c', 'c.id', 'pb.community_id')
    .leftJoin('org_unit as g', 'g.id', 'pb.grid_id')
    .selectAll('pb')
    .select([
      'u.display_name as publisher_name',
      'c.name as community_name',
      'c.uid as community_uid',
      'c.kind as community_kind',
      'g.uid as grid_uid',
      'g.name as grid_name',
    ]);
}

export async function publicationByUid(db: Db, uid: string, lock = false): Promise<PublicationRow | undefined> {
  let q = publicationQuery(db).where('pb.uid', '=', uid);
  if (lock) q = q.forUpdate('pb');
  return q.executeTakeFirst() as Promise<PublicationRow | undefined>;
}

export async function insertPublication(
  db: Db,
  p: {
    districtId: number;
    communityId: number;
    orgPath: string;
    gridId: number | null;
    subject: string;
    periodKind: string;
    periodStart: string;
    periodEnd: string;
    title: string;
    rows: unknown;
    publishedBy: number;
    publishedAt: Date;
    objectionUntil: Date;
    endsAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('points_publication')
    .values({
      district_id: p.districtId,
      community_id: p.communityId,
      org_path: p.orgPath,
      grid_id: p.gridId,
      subject: p.subject,
      period_kind: p.periodKind,
      period_start: p.periodStart,
      period_end: p.periodEnd,
      title: p.title,
      rows: JSON.stringify(p.rows),
      published_by: p.publishedBy,
      published_at: p.publishedAt,
      objection_until: p.objectionUntil,
      ends_at: p.endsAt,
    })
    .returning('uid')
    .executeTakeFirstOrThrow();
  return row.uid;
}

/** Publications where: (staff) the path lies in `where`; (a resident) the community is theirs. */
export async function listPublications(
  db: Db,
  f: {
    where: RawBuilder<SqlBool> | null;
    communityId?: number;
    unitPath?: string;
    status?: string;
    now: Date;
    limit: number;
    offset: number;
  },
): Promise<{ total: number; rows: PublicationRow[] }> {
  let q = publicationQuery(db);
  if (f.where) q = q.where(f.where);
  if (f.communityId !== undefined) q = q.where('pb.community_id', '=', f.communityId);
  if (f.unitPath !== undefined) {
    const path = f.unitPath;
    q = q.where((eb) => eb.or([eb('pb.org_path', '=', path), eb('pb.org_path', 'like', `${path}.%`)]));
  }
  // 'closed' includes open notices past their end that the job has not closed yet.
  if (f.status === 'open') q = q.where('pb.status', '=', 'open').where('pb.ends_at', '>', f.now);
  else if (f.status === 'closed')
    q = q.where((eb) =>
      eb.or([eb('pb.status', '=', 'closed'), eb.and([eb('pb.status', '=', 'open'), eb('pb.ends_at', '<=', f.now)])]),
    );
  else if (f.status) q = q.where('pb.status', '=', f.status);
  const [rows, count] = await Promise.all([
    q.orderBy('pb.published_at', 'desc').orderBy('pb.id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows: rows as PublicationRow[] };
}

/** Open notices of a community still up at `now`: what the public board shows. */
export async function openPublicationsOf(db: Db, communityId: number, now: Date): Promise<PublicationRow[]> {
  return (await publicationQuery(db)
    .where('pb.community_id', '=', communityId)
    .where('pb.status', '=', 'open')
    .where('pb.ends_at', '>', now)
    .orderBy('pb.published_at', 'desc')
    .limit(100)
    .execute()) as PublicationRow[];
}

export async function withdrawPublication(db: Db, id: number, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('points_publication')
    .set({ status: 'withdrawn', withdrawn_reason: reason, closed_at: now })
    .where('id', '=', id)
    .execute();
}

/** Closes the open notices whose end has come; returns them (uid, path) for the audit. */
export async function closeEnded(db: Db, now: Date): Promise<Array<{ uid: string; org_path: string }>> {
  return db
    .updateTable('points_publication')
    .set((eb) => ({ status: 'closed', closed_at: eb.ref('ends_at') }))
    .where('status', '=', 'open')
    .where('ends_at', '<=', now)
    .returning(['uid', 'org_path'])
    .execute();
}

// ── Objections ──────────────────────────────────────────────────────────────────────────────
export interface ObjectionRow {
  id: number;
  uid: string;
  publication_id: number;
  raised_by: number;
  text: string;
  status: string;
  answer: string | null;
  answered_by: number | null;
  answered_at: Date | null;
  created_at: Date;
  raiser_name: string;
  answerer_name: string | null;
}

function objectionQuery(db: Db) {
  return db
    .selectFrom('points_objection as o')
    .innerJoin('app_user as r', 'r.id', 'o.raised_by')
    .leftJoin('app_user as a', 'a.id', 'o.answered_by')
    .selectAll('o')
    .select(['r.display_name as raiser_name', 'a.display_name as answerer_name']);
}

export async function objectionsOf(db: Db, publicationId: number, onlyBy?: number): Promise<ObjectionRow[]> {
  let q = objectionQuery(db).where('o.publication_id', '=', publicationId);
  if (onlyBy !== undefined) q = q.where('o.raised_by', '=', onlyBy);
  return q.orderBy('o.id').execute();
}

/** Objection counts per publication: all, and those still open (of one user when `onlyBy`). */
export async function objectionCounts(
  db: Db,
  publicationIds: number[],
  onlyBy?: number,
): Promise<Map<number, { all: number; open: number }>> {
  if (publicationIds.length === 0) return new Map();
  let q = db
    .selectFrom('points_objection')
    .select((eb) => [
      'publication_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('id').filterWhere('status', '=', 'open').as('open'),
    ])
    .where('publication_id', 'in', publicationIds)
    .groupBy('publication_id');
  if (onlyBy !== undefined) q = q.where('raised_by', '=', onlyBy);
  const rows = await q.execute();
  return new Map(rows.map((r) => [Number(r.publication_id), { all: Number(r.n), open: Number(r.open) }]));
}

export async function objectionByUid(db: Db, uid: string, lock = false): Promise<ObjectionRow | undefined> {
  let q = objectionQuery(db).where('o.uid', '=', uid);
  if (lock) q = q.forUpdate('o');
  return q.executeTakeFirst();
}

export async function publicationById(db: Db, id: number): Promise<PublicationRow | undefined> {
  return publicationQuery(db).where('pb.id', '=', id).executeTakeFirst() as Promise<PublicationRow | undefined>;
}

export async function insertObjection(
  db: Db,
  o: { publicationId: number; raisedBy: number; text: string; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('points_objection')
    .values({ publication_id: o.publicationId, raised_by: o.raisedBy, text: o.text, created_at: o.now })
    .returning('uid')
    .executeTakeFirstOrThrow();
  return row.uid;
}

export async function answerObjection(db: Db, id: number, answer: string, by: number, now: Date): Promise<void> {
  await db
    .updateTable('points_objection')
    .set({ status: 'answered', answer, answered_by: by, answered_at: now })
    .where('id', '=', id)
    .execute();
}
