/**
 * SQL of councils (议事会) and their members. Registry persons are read here with read-only SQL
 * (never through the registry's repos).
 */
import { sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';

export interface CouncilRow {
  id: number;
  uid: string;
  community_id: number;
  org_path: string;
  kind: string;
  name: string;
  term_start: string;
  term_end: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  community_uid: string;
  community_name: string;
  community_code: string;
}

const COUNCIL_COLUMNS = sql`c.id, c.uid::text as uid, c.community_id, c.org_path, c.kind, c.name, c.term_start,
  c.term_end, c.active, c.created_at, c.updated_at, u.uid::text as community_uid, u.name as community_name,
  u.code as community_code`;

export async function councilByUid(db: Db, uid: string, lock = false): Promise<CouncilRow | undefined> {
  const { rows } = await sql<CouncilRow>`
    select ${COUNCIL_COLUMNS} from council c join org_unit u on u.id = c.community_id
     where c.uid = ${uid}::uuid ${lock ? sql`for update of c` : sql``}`.execute(db);
  return rows[0];
}

export interface CouncilFilter {
  /** staff: subtrees; resident: one community */
  paths?: string[];
  communityId?: number;
  active?: boolean;
}

export async function listCouncils(
  db: Db,
  f: CouncilFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: CouncilRow[]; total: number }> {
  const where = sql.join(
    [
      f.paths ? inSubtrees('c.org_path', f.paths) : sql`true`,
      f.communityId !== undefined ? sql`c.community_id = ${f.communityId}` : sql`true`,
      f.active !== undefined ? sql`c.active = ${f.active}` : sql`true`,
    ],
    sql` and `,
  );
  const [{ rows }, count] = await Promise.all([
    sql<CouncilRow>`
      select ${COUNCIL_COLUMNS} from council c join org_unit u on u.id = c.community_id
       where ${where} order by c.active desc, c.term_start desc, c.id desc
       limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from council c where ${where}`.execute(db),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export interface MemberRow {
  id: number;
  uid: string;
  council_id: number;
  person_id: number;
  person_uid: string;
  name: string;
  seat: string;
  role: string;
  topic_id: number | null;
  topic_uid: string | null;
  topic_title: string | null;
  since: string;
  until: string | null;
}

/** Members of the councils, every membership (past ones too), by seat then since. */
export async function membersOf(db: Db, councilIds: number[]): Promise<MemberRow[]> {
  if (councilIds.length === 0) return [];
  const { rows } = await sql<MemberRow>`
    select m.id, m.uid::text as uid, m.council_id, m.person_id, p.uid::text as person_uid, p.name, m.seat, m.role,
           m.topic_id, t.uid::text as topic_uid, t.title as topic_title, m.since, m.until
      from council_member m
      join person p on p.id = m.person_id
      left join topic t on t.id = m.topic_id
     where m.council_id in (${sql.join(councilIds)})
     order by m.council_id, case m.role when 'chair' then 0 when 'vice_chair' then 1 else 2 end, m.since, m.id`.execute(
    db,
  );
  return rows;
}

export async function insertCouncil(
  db: Db,
  v: {
    uid: string;
    communityId: number;
    orgPath: string;
    kind: string;
    name: string;
    termStart: string;
    termEnd: string;
    now: Date;
  },
): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`
    insert into council (uid, community_id, org_path, kind, name, term_start, term_end, created_at, updated_at)
    values (${v.uid}::uuid, ${v.communityId}, ${v.orgPath}, ${v.kind}, ${v.name}, ${v.termStart}, ${v.termEnd},
            ${v.now}, ${v.now})
    on conflict (uid) do nothing returning id`.execute(db);
  return rows.length > 0;
}

export async function updateCouncil(
  db: Db,
  id: number,
  set: { kind: string; name: string; term_start: string; term_end: string; active: boolean; updated_at: Date },
): Promise<void> {
  await db.updateTable('council').set(set).where('id', '=', id).execute();
}

/** A registry person living in the subtree (any status but deceased or moved away). */
export async function personIn(
  db: Db,
  uid: string,
  path: string,
): Promise<{ id: number; uid: string; name: string } | undefined> {
  const { rows } = await sql<{ id: number; uid: string; name: string }>`
    select id, uid::text as uid, name from person
     where uid = ${uid}::uuid and ${inSubtrees('org_path', [path])}
       and status not in ('deceased', 'moved_out')`.execute(db);
  return rows[0];
}

export async function topicOfCommunity(
  db: Db,
  uid: string,
  communityId: number,
): Promise<{ id: number; uid: string; title: string } | undefined> {
  const { rows } = await sql<{ id: number; uid: string; title: string }>`
    select id, uid::text as uid, title from topic where uid = ${uid}::uuid and community_id = ${communityId}`.execute(
    db,
  );
  return rows[0];
}

/** The person's current membership of the council (for the same topic, when a stakeholder). */
export async function currentMembership(
  db: Db,
  councilId: number,
  personId: number,
  topicId: number | null,
): Promise<{ uid: string } | undefined> {
  const { rows } = await sql<{ uid: string }>`
    select uid::text as uid from council_member
     where council_id = ${councilId} and person_id = ${personId} and coalesce(topic_id, 0) = ${topicId ?? 0}
       and until is null`.execute(db);
  return rows[0];
}

export async function insertMember(
  db: Db,
  v: {
    councilId: number;
    personId: number;
    seat: string;
    role: string;
    topicId: number | null;
    since: string;
    now: Date;
  },
): Promise<string> {
  const { rows } = await sql<{ uid: string }>`
    insert into council_member (council_id, person_id, seat, role, topic_id, since, created_at)
    values (${v.councilId}, ${v.personId}, ${v.seat}, ${v.role}, ${v.topicId}, ${v.since}, ${v.now})
    returning uid::text as uid`.execute(db);
  return (rows[0] as { uid: string }).uid;
}

export async function memberByUid(
  db: Db,
  councilId: number,
  uid: string,
): Promise<{ id: number; since: string; until: string | null; seat: string } | undefined> {
  const { rows } = await sql<{ id: number; since: string; until: string | null; seat: string }>`
    select id, since, until, seat from council_member
     where council_id = ${councilId} and uid = ${uid}::uuid for update`.execute(db);
  return rows[0];
}

export async function endMember(db: Db, id: number, until: string): Promise<void> {
  await db.updateTable('council_member').set({ until }).where('id', '=', id).execute();
}
