/** SQL for the org hierarchy and the party-organisation tree. */
import { sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';

export const unitColumns = ['id', 'uid', 'kind', 'name', 'code', 'path', 'status', 'parent_id', 'district_id'] as const;

export async function unitByUid(db: Db, uid: string) {
  return db.selectFrom('org_unit').select(unitColumns).where('uid', '=', uid).executeTakeFirst();
}

export async function activeUnitByCode(db: Db, code: string) {
  return db
    .selectFrom('org_unit')
    .select(unitColumns)
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function unitsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('org_unit').select(unitColumns).where('id', 'in', ids).execute();
}

export interface TreeUnitRow {
  id: number;
  uid: string;
  kind: string;
  name: string;
  code: string;
  path: string;
  status: string;
  parent_id: number | null;
  parent_uid: string | null;
}

/**
 * Every unit in the subtrees, parents before children. GET /api/org/tree runs it on every
 * call, so it is one SQL template: building it with the query builder cost more CPU than
 * running it (`npm run bench -- --only org-tree --cpu-prof DIR`). The condition from
 * `inSubtrees`, `path = p or path like 'p.%'`, is served by the text_pattern_ops index.
 */
export async function unitsInSubtrees(
  db: Db,
  paths: readonly string[],
  includeRetired: boolean,
): Promise<TreeUnitRow[]> {
  if (paths.length === 0) return [];
  const { rows } = await sql<TreeUnitRow>`
    select u.id, u.uid, u.kind, u.name, u.code, u.path, u.status, u.parent_id, p.uid as parent_uid
      from org_unit u left join org_unit p on p.id = u.parent_id
     where ${inSubtrees('u.path', paths)}${includeRetired ? sql`` : sql` and u.status = 'active'`}
     order by u.path, u.id`.execute(db);
  return rows;
}

export async function ancestorsOf(db: Db, path: string) {
  const parts = path.split('.');
  const prefixes = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
  if (prefixes.length === 0) return [];
  return db
    .selectFrom('org_unit')
    .select(['uid', 'name', 'kind', 'path'])
    .where('path', 'in', prefixes)
    .where('status', '=', 'active')
    .orderBy('path')
    .execute();
}

export async function activeChildCount(db: Db, unitId: number): Promise<number> {
  const r = await db
    .selectFrom('org_unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', unitId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Accounts that hold a role on the unit or belong to it. */
export async function memberCount(db: Db, unitId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct user_id)::int as n from (
      select user_id from role_grant where unit_id = ${unitId} and revoked_at is null
      union all
      select id from app_user where unit_id = ${unitId} and status = 'active'
    ) m`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function activeCodeTaken(db: Db, code: string, path: string): Promise<boolean> {
  const r = await db
    .selectFrom('org_unit')
    .select('id')
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('code', '=', code), eb('path', '=', path)]))
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertUnit(
  db: Db,
  v: { kind: string; name: string; code: string; parentId: number; path: string; districtId: number | null; now: Date },
) {
  return db
    .insertInto('org_unit')
    .values({
      kind: v.kind,
      name: v.name,
      code: v.code,
      parent_id: v.parentId,
      path: v.path,
      district_id: v.districtId,
      created_at: v.now,
    })
    .returning(unitColumns)
    .executeTakeFirstOrThrow();
}

export async function retireUnit(db: Db, id: number, now: Date) {
  await db.updateTable('org_unit').set({ status: 'retired', retired_at: now }).where('id', '=', id).execute();
}

export async function recordChange(
  db: Db,
  v: {
    kind: string;
    at: Date;
    actorId: number | null;
    reason: string | null;
    detail: object;
    lineage: Array<[number | null, number | null]>;
  },
) {
  const change = await db
    .insertInto('org_change')
    .values({ kind: v.kind, at: v.at, actor_id: v.actorId, reason: v.reason, detail: JSON.stringify(v.detail) })
    .returning(['id', 'uid'])
    .executeTakeFirstOrThrow();
  if (v.lineage.length) {
    await db
      .insertInto('org_lineage')
      .values(v.lineage.map(([from, to]) => ({ change_id: change.id, from_unit_id: from, to_unit_id: to })))
      .execute();
  }
  return change;
}

export interface ChangeRow {
  id: number;
  uid: string;
  kind: string;
  at: Date;
  actor: string | null;
  reason: string | null;
  detail: unknown;
  from_units: Array<{ id: string; name: string; code: string }> | null;
  to_units: Array<{ id: string; name: string; code: string }> | null;
}

/** Changes that touched any of the units, newest first, with both sides of each. */
export function changesTouching(db: Db, unitIds: number[]): Promise<ChangeRow[]> {
  return changes(
    db,
    sql`c.id in (select change_id from org_lineage
                  where from_unit_id = any(${unitIds}::bigint[]) or to_unit_id = any(${unitIds}::bigint[]))`,
  );
}

export async function changeById(db: Db, id: number): Promise<ChangeRow> {
  return (await changes(db, sql`c.id = ${id}`))[0] as ChangeRow;
}

async function changes(db: Db, filter: ReturnType<typeof sql>): Promise<ChangeRow[]> {
  const { rows } = await sql<ChangeRow>`
    select c.id, c.uid, c.kind, c.at, a.username as actor, c.reason, c.detail,
           (select json_agg(distinct jsonb_build_object('id', f.uid, 'name', f.name, 'code', f.code))
              from org_lineage l join org_unit f on f.id = l.from_unit_id where l.change_id = c.id) as from_units,
           (select json_agg(distinct jsonb_build_object('id', t.uid, 'name', t.name, 'code', t.code))
              from org_lineage l join org_unit t on t.id = l.to_unit_id where l.change_id = c.id) as to_units
      from org_change c left join app_user a on a.id = c.actor_id
     where ${filter}
     order by c.at desc, c.id desc
     limit 200`.execute(db);
  return rows;
}

/** Re-roots a subtree after a move: paths of the unit, its descendants and everything scoped to them. */
export async function rewriteSubtree(
  db: Db,
  oldPath: string,
  newPath: string,
  oldPrefix: string,
  newPrefix: string,
  unitId: number,
) {
  const like = `${likeEscape(oldPath)}.%`;
  const cut = oldPath.length + 1;
  await sql`update org_unit set path = ${newPath} || substr(path, ${cut}),
                 code = case when id <> ${unitId} and code like ${`${likeEscape(oldPrefix)}%`}
                             then ${newPrefix} || substr(code, ${oldPrefix.length + 1}) else code end
             where path = ${oldPath} or path like ${like}`.execute(db);
  for (const table of ['role_grant', 'app_user', 'party_org'] as const) {
    await sql`update ${sql.table(table)} set org_path = ${newPath} || substr(org_path, ${cut})
               where org_path = ${oldPath} or org_path like ${like}`.execute(db);
  }
}

/**
 * Moves roles, home units and party organisations from retired grids to their successor.
 * A grid worker who covered two of the merged grids would end up with the same role twice
 * on the successor (one active grant per user, role and unit): the duplicates are revoked,
 * the oldest grant is the one that moves.
 */
export async function reassignUnitMembers(
  db: Db,
  fromIds: number[],
  to: { id: number; path: string },
  by: { actorId: number; now: Date },
) {
  const folded = await sql<{ user_id: number }>`
    update role_grant g set revoked_at = ${by.now}, revoked_by = ${by.actorId}
     where g.unit_id = any(${fromIds}::bigint[]) and g.revoked_at is null
       and exists (select 1 from role_grant k
                    where k.user_id = g.user_id and k.role = g.role and k.revoked_at is null
                      and (k.unit_id = ${to.id} or (k.unit_id = any(${fromIds}::bigint[]) and k.id < g.id)))
    returning g.user_id`.execute(db);
  const moved = await db
    .updateTable('role_grant')
    .set({ unit_id: to.id, org_path: to.path })
    .where('unit_id', 'in', fromIds)
    .where('revoked_at', 'is', null)
    .returning('user_id')
    .execute();
  const homed = await db
    .updateTable('app_user')
    .set({ unit_id: to.id, org_path: to.path })
    .where('unit_id', 'in', fromIds)
    .returning('id')
    .execute();
  await db
    .updateTable('party_org')
    .set({ unit_id: to.id, org_path: to.path })
    .where('unit_id', 'in', fromIds)
    .execute();
  return [
    ...new Set([...folded.rows.map((r) => r.user_id), ...moved.map((r) => r.user_id), ...homed.map((r) => r.id)]),
  ];
}

export async function partyOrgsInSubtrees(db: Db, paths: readonly string[], unitId?: number) {
  let q = db
    .selectFrom('party_org as p')
    .innerJoin('org_unit as u', 'u.id', 'p.unit_id')
    .leftJoin('party_org as parent', 'parent.id', 'p.parent_id')
    .select(['p.uid', 'p.kind', 'p.name', 'parent.uid as parent_uid', 'u.uid as unit_uid', 'u.name as unit_name'])
    .where(inSubtrees('p.org_path', paths));
  if (unitId !== undefined) q = q.where('p.unit_id', '=', unitId);
  return q.orderBy('p.org_path').orderBy('p.id').execute();
}

export async function partyOrgByUid(db: Db, uid: string) {
  return db
    .selectFrom('party_org as p')
    .innerJoin('org_unit as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.uid', 'p.kind', 'p.name', 'p.org_path', 'u.path as unit_path'])
    .where('p.uid', '=', uid)
    .executeTakeFirst();
}
