/** SQL for accounts: users, role grants. Reads of users take the scope's paths first. */
import type { Role } from '@gongzhi/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';

export async function userByUsername(db: Db, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function userById(db: Db, id: number) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * An account belongs to a sysadmin's subtrees when its home unit and every role it holds lie
 * inside them. A street's sysadmin must not reset the password of, or disable, someone who
 * also holds a district-wide role: that account is managed higher up, and is not found here.
 */
function managedWithin(paths: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${inSubtrees('u.org_path', paths)}
    and not exists (select 1 from role_grant g
                     where g.user_id = u.id and g.revoked_at is null and not ${inSubtrees('g.org_path', paths)}))`;
}

/** An account managed within the subtrees (see managedWithin), or nothing. */
export async function userInSubtrees(db: Db, paths: readonly string[], uid: string) {
  return db
    .selectFrom('app_user as u')
    .selectAll('u')
    .where('u.uid', '=', uid)
    .where(managedWithin(paths))
    .executeTakeFirst();
}

export async function activeRoles(db: Db, userId: number): Promise<Role[]> {
  const rows = await db
    .selectFrom('role_grant')
    .select('role')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.role as Role);
}

export interface UserListRow {
  id: number;
  uid: string;
  username: string;
  display_name: string;
  status: string;
  unit_uid: string;
  unit_name: string;
  totp_enabled: boolean;
  locked_until: Date | null;
  created_at: Date;
  grants: Array<{ id: string; role: Role; unitId: string; unitName: string; unitPath: string }>;
}

const userColumns = sql`
  u.id, u.uid, u.username, u.display_name, u.status, o.uid as unit_uid, o.name as unit_name,
  u.totp_secret is not null as totp_enabled, u.locked_until, u.created_at,
  coalesce((select json_agg(json_build_object('id', g.uid, 'role', g.role, 'unitId', go.uid,
                                              'unitName', go.name, 'unitPath', go.path) order by g.id)
              from role_grant g join org_unit go on go.id = g.unit_id
             where g.user_id = u.id and g.revoked_at is null), '[]'::json) as grants`;

export async function listUsers(
  db: Db,
  paths: readonly string[],
  q: { text?: string; limit: number; offset: number },
): Promise<{ rows: UserListRow[]; total: number }> {
  const pathCond = managedWithin(paths);
  const textCond = q.text
    ? sql`and (u.username ilike ${`%${likeEscape(q.text)}%`} or u.display_name like ${`%${likeEscape(q.text)}%`})`
    : sql``;
  const { rows } = await sql<UserListRow & { total: number }>`
    select ${userColumns}, count(*) over () as total
      from app_user u join org_unit o on o.id = u.unit_id
     where (${pathCond}) ${textCond}
     order by u.username
     limit ${q.limit} offset ${q.offset}`.execute(db);
  if (rows.length > 0 || q.offset === 0) return { rows, total: Number(rows[0]?.total ?? 0) };
  // A page past the end has no row to carry the window count: count on its own.
  const { rows: counted } = await sql<{ n: number }>`
    select count(*) as n from app_user u where (${pathCond}) ${textCond}`.execute(db);
  return { rows, total: Number(counted[0]?.n ?? 0) };
}

export async function userSummaryRow(db: Db, userId: number): Promise<UserListRow> {
  const { rows } = await sql<UserListRow>`
    select ${userColumns} from app_user u join org_unit o on o.id = u.unit_id where u.id = ${userId}`.execute(db);
  return rows[0] as UserListRow;
}
