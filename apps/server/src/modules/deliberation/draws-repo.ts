/**
 * SQL of draws (抽签). A draw row is written sealed (the seed's hash, no seed) and drawn once: the
 * update that reveals the seed and the order applies only while no seed is stored.
 */
import { type SqlBool, sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';

export interface DrawRow {
  id: number;
  uid: string;
  community_id: number;
  org_path: string;
  community_uid: string;
  community_name: string;
  topic_uid: string | null;
  topic_title: string | null;
  topic_public: boolean | null;
  title: string;
  entrants: { key: string; label: string }[];
  winners: number;
  seed_hash: string;
  seed: string | null;
  algorithm: string;
  result: string[] | null;
  drawn_at: Date | null;
  created_by: number;
  created_at: Date;
}

const COLUMNS = sql`
  d.id::int as id, d.uid::text as uid, d.community_id::int as community_id, d.org_path,
  c.uid::text as community_uid, c.name as community_name,
  t.uid::text as topic_uid, t.title as topic_title, t.public as topic_public,
  d.title, d.entrants, d.winners, d.seed_hash, d.seed, d.algorithm, d.result, d.drawn_at,
  d.created_by::int as created_by, d.created_at`;
const FROM = sql`draw d join org_unit c on c.id = d.community_id left join topic t on t.id = d.topic_id`;

export async function drawByUid(db: Db, uid: string): Promise<DrawRow | undefined> {
  const { rows } = await sql<DrawRow>`select ${COLUMNS} from ${FROM} where d.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function listDraws(
  db: Db,
  f: { paths: string[]; unitPath: string | null; topicUid: string | null },
  limit: number,
  offset: number,
) {
  const conds = [inSubtrees('d.org_path', f.paths)];
  if (f.unitPath !== null) conds.push(inSubtrees('d.org_path', [f.unitPath]));
  if (f.topicUid !== null) conds.push(sql<SqlBool>`t.uid = ${f.topicUid}::uuid`);
  const where = sql.join(conds, sql` and `);
  const [items, total] = await Promise.all([
    sql<DrawRow>`select ${COLUMNS} from ${FROM} where ${where}
      order by d.created_at desc, d.id desc limit ${limit} offset ${offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${FROM} where ${where}`.execute(db),
  ]);
  return { rows: items.rows, total: total.rows[0]?.n ?? 0 };
}

export async function insertDraw(
  db: Db,
  d: {
    uid: string;
    communityId: number;
    orgPath: string;
    topicId: number | null;
    title: string;
    entrants: { key: string; label: string }[];
    winners: number;
    seedHash: string;
    algorithm: string;
    createdBy: number;
    now: Date;
  },
): Promise<void> {
  await sql`
    insert into draw (uid, community_id, org_path, topic_id, title, entrants, winners, seed_hash, algorithm,
                      created_by, created_at)
    values (${d.uid}::uuid, ${d.communityId}, ${d.orgPath}, ${d.topicId}, ${d.title}, ${JSON.stringify(d.entrants)}::jsonb,
            ${d.winners}, ${d.seedHash}, ${d.algorithm}, ${d.createdBy}, ${d.now})`.execute(db);
}

/** Reveals the seed and stores the order, only if not drawn yet; false when another draw came first. */
export async function markDrawn(
  db: Db,
  id: number,
  seed: string,
  result: string[],
  userId: number,
  now: Date,
): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`
    update draw set seed = ${seed}, result = ${JSON.stringify(result)}::jsonb, drawn_at = ${now}, drawn_by = ${userId}
     where id = ${id} and seed is null
    returning id`.execute(db);
  return rows.length === 1;
}

export async function topicForDraw(db: Db, uid: string) {
  const { rows } = await sql<{ id: number; community_id: number; org_path: string }>`
    select id::int as id, community_id::int as community_id, org_path from topic where uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function voteOptionsForDraw(db: Db, uid: string) {
  const { rows } = await sql<{
    community_id: number;
    org_path: string;
    style: string;
    options: { key: string; label: string }[] | null;
  }>`select community_id::int as community_id, org_path, style, options from vote where uid = ${uid}::uuid`.execute(db);
  return rows[0];
}
