/**
 * A request's Scope: who is acting, with which roles on which subtrees. Built once per
 * request by the auth plugin and passed explicitly to every service call. Records outside
 * the scope are reported as not found (404), so ids cannot be probed.
 */
import { isWithin, type Permission, type Role, roleHas } from '@gongzhi/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import { likeEscape } from '../db/like.ts';
import type { Locale } from '../errors.ts';
import { AppError } from '../errors.ts';

export interface Grant {
  id: number;
  uid: string;
  role: Role;
  unitId: number;
  unitUid: string;
  unitName: string;
  path: string;
}

export interface Scope {
  user: { id: number; uid: string; username: string; displayName: string; orgPath: string; totpEnabled: boolean };
  grants: Grant[];
  ip: string | null;
  requestId: string | null;
  locale: Locale;
}

/** The subtree roots where the scope holds a permission, without nested duplicates. */
export function pathsWith(scope: Scope, permission: Permission): string[] {
  const paths = scope.grants.filter((g) => roleHas(g.role, permission)).map((g) => g.path);
  return paths.filter((p, i) => !paths.some((q, j) => j !== i && isWithin(p, q) && (p !== q || j < i)));
}

export function hasPermission(scope: Scope, permission: Permission): boolean {
  return scope.grants.some((g) => roleHas(g.role, permission));
}

export function canAt(scope: Scope, permission: Permission, path: string): boolean {
  return scope.grants.some((g) => roleHas(g.role, permission) && isWithin(path, g.path));
}

/** Throws 404 with the given code unless the scope holds the permission at that path. */
export function assertInScope(scope: Scope, permission: Permission, path: string, notFoundCode: string): void {
  if (!canAt(scope, permission, path)) throw new AppError(notFoundCode, 404);
}

export function requirePermission(scope: Scope, permission: Permission): void {
  if (!hasPermission(scope, permission)) throw new AppError('FORBIDDEN', 403, { permission });
}

/**
 * A WHERE condition keeping rows whose path column lies in one of the subtrees.
 * `col LIKE 'p.%'` with a constant prefix uses the text_pattern_ops index.
 */
export function inSubtrees(column: string, paths: readonly string[]): RawBuilder<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  const ref = sql.ref(column);
  return sql<SqlBool>`(${sql.join(
    paths.map((p) => sql`${ref} = ${p} or ${ref} like ${`${likeEscape(p)}.%`}`),
    sql` or `,
  )})`;
}

export function actorOf(scope: Scope): Actor {
  return {
    id: scope.user.id,
    name: scope.user.username,
    roles: [...new Set(scope.grants.map((g) => g.role))],
    ip: scope.ip,
    requestId: scope.requestId,
  };
}
