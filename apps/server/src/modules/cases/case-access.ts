/**
 * Who may see or act on a case. Staff reach a case through where it happened (org_path);
 * a department's handlers through the unit handling it (handler_path) while it is theirs;
 * a resident through having reported it (or a report merged into it). Anything else is 404,
 * so receipt numbers and uids cannot be probed.
 */
import type { Permission } from '@gongzhi/domain';
import type { Selectable } from 'kysely';
import { canAt, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.gen.ts';
import { AppError } from '../../platform/errors.ts';

export type CaseRow = Selectable<DB['cases']>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Department handlers work through handler_path; everything else is decided where the case is. */
function handledByDepartment(row: CaseRow): boolean {
  return (
    row.handler_path !== null && row.handler_path !== row.org_path && !row.org_path.startsWith(`${row.handler_path}.`)
  );
}

/**
 * May the scope use this permission on this case? `cases:read` and `cases:handle` also reach a
 * department's handlers through handler_path; `cases:self` is the reporter's own.
 */
export function mayOnCase(scope: Scope, row: CaseRow, permission: Permission, isReporter = false): boolean {
  switch (permission) {
    case 'cases:self':
      return isReporter;
    case 'cases:read':
      return (
        canAt(scope, permission, row.org_path) ||
        (row.handler_path !== null && canAt(scope, permission, row.handler_path))
      );
    case 'cases:handle':
      return handledByDepartment(row)
        ? canAt(scope, permission, row.handler_path as string)
        : canAt(scope, permission, row.org_path);
    default:
      return canAt(scope, permission, row.org_path);
  }
}

/** Did this user report the case, or a case merged into it? */
export async function isReporterOf(db: Db, row: CaseRow, userId: number): Promise<boolean> {
  if (row.reporter_user_id === userId) return true;
  const merged = await db
    .selectFrom('case_reporter')
    .select('case_id')
    .where('case_id', '=', row.id)
    .where('reporter_user_id', '=', userId)
    .executeTakeFirst();
  return merged !== undefined;
}

/**
 * The case by uid if the scope may use `permission` on it, else CASE_NOT_FOUND (404).
 * With `lock`, the row stays locked (FOR UPDATE) until the transaction ends: every transition
 * loads its case this way, so two actors on one case take turns.
 */
export async function caseFor(
  db: Db,
  scope: Scope,
  uid: string,
  permission: Permission,
  opts: { lock?: boolean } = {},
): Promise<CaseRow> {
  if (!UUID.test(uid)) throw new AppError('CASE_NOT_FOUND', 404);
  let q = db.selectFrom('cases').selectAll().where('uid', '=', uid);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('CASE_NOT_FOUND', 404);
  const reporter = permission === 'cases:self' && (await isReporterOf(db, row, scope.user.id));
  if (!mayOnCase(scope, row, permission, reporter)) throw new AppError('CASE_NOT_FOUND', 404);
  return row;
}
