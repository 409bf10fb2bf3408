/**
 * Account administration (系统管理员): create accounts, grant and revoke roles on subtrees,
 * disable, unlock, reset passwords. A sysadmin acts only on accounts and units inside the
 * subtrees they were granted, never on their own account, and any change to a user's roles
 * or status ends that user's sessions at once.
 */

import type { UserSummary } from '@gongzhi/api';
import { conflictingRole, type Role } from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import { revokeUserSessions } from '../../platform/auth/sessions.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import { hashPassword } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { passwordProblems } from './auth-service.ts';
import * as repo from './repo.ts';

export interface UsersDeps {
  clock: Clock;
  config: Config;
}

function toSummary(row: repo.UserListRow): UserSummary {
  return {
    id: row.uid,
    username: row.username,
    displayName: row.display_name,
    status: row.status as UserSummary['status'],
    unitId: row.unit_uid,
    unitName: row.unit_name,
    roles: row.grants,
    totpEnabled: row.totp_enabled,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export function createUsersService(deps: UsersDeps) {
  const { clock, config } = deps;

  async function manageableUser(db: Db, scope: Scope, uid: string) {
    const user = await repo.userInSubtrees(db, pathsWith(scope, 'users:manage'), uid);
    if (!user) throw new AppError('USER_NOT_FOUND', 404);
    return user;
  }

  /** A unit the sysadmin may assign accounts or roles to. */
  async function manageableUnit(db: Db, scope: Scope, unitUid: string) {
    const unit = await db
      .selectFrom('org_unit')
      .select(['id', 'path', 'status', 'name'])
      .where('uid', '=', unitUid)
      .executeTakeFirst();
    if (!unit || !canAt(scope, 'users:manage', unit.path)) throw new AppError('UNIT_NOT_FOUND', 404);
    if (unit.status !== 'active') throw new AppError('UNIT_RETIRED', 409);
    return unit;
  }

  async function summary(db: Db, userId: number) {
    return toSummary(await repo.userSummaryRow(db, userId));
  }

  async function listUsers(db: Db, scope: Scope, q: { q?: string; page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.listUsers(db, pathsWith(scope, 'users:manage'), {
      text: q.q?.trim() || undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: rows.map(toSummary), total, page, pageSize };
  }

  async function getUser(db: Db, scope: Scope, uid: string) {
    return summary(db, (await manageableUser(db, scope, uid)).id);
  }

  async function createUser(
    trx: Db,
    scope: Scope,
    input: { username: string; displayName: string; password: string; unitId: string },
  ) {
    const unit = await manageableUnit(trx, scope, input.unitId);
    if (await repo.userByUsername(trx, input.username))
      throw new AppError('USERNAME_TAKEN', 409, { field: 'username' });
    // A new account has no roles yet; it gets the stricter staff rule unless it becomes a resident only.
    const problems = passwordProblems(config, input.password, input.username, ['community_staff']);
    if (problems.length) throw new AppError('PASSWORD_POLICY', 400, { problems });
    const now = clock();
    const { id } = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        display_name: input.displayName.trim(),
        password_hash: await hashPassword(input.password),
        password_changed_at: now,
        unit_id: unit.id,
        org_path: unit.path,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = await summary(trx, id);
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'users.create', orgPath: unit.path, targetType: 'user', targetId: created.id, after: created },
      now,
    );
    return created;
  }

  async function updateUser(
    trx: Db,
    scope: Scope,
    uid: string,
    patch: { displayName?: string; status?: 'active' | 'disabled' },
  ) {
    const user = await manageableUser(trx, scope, uid);
    if (user.id === scope.user.id && patch.status) throw new AppError('SELF_GRANT', 409);
    const before = await summary(trx, user.id);
    const now = clock();
    await trx
      .updateTable('app_user')
      .set({
        ...(patch.displayName ? { display_name: patch.displayName.trim() } : {}),
        ...(patch.status ? { status: patch.status } : {}),
      })
      .where('id', '=', user.id)
      .execute();
    if (patch.status === 'disabled') await revokeUserSessions(trx, user.id, now);
    const after = await summary(trx, user.id);
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'users.update', orgPath: user.org_path, targetType: 'user', targetId: uid, before, after },
      now,
    );
    return after;
  }

  async function resetPassword(trx: Db, scope: Scope, uid: string, password: string) {
    const user = await manageableUser(trx, scope, uid);
    if (user.id === scope.user.id) throw new AppError('SELF_GRANT', 409);
    const problems = passwordProblems(config, password, user.username, await repo.activeRoles(trx, user.id));
    if (problems.length) throw new AppError('PASSWORD_POLICY', 400, { problems });
    const now = clock();
    // Backdating the change makes 等保 rotation ask the user for a password of their own.
    await trx
      .updateTable('app_user')
      .set({
        password_hash: await hashPassword(password),
        password_changed_at: config.profile === 'dengbao' ? new Date(0) : now,
        failed_logins: 0,
        locked_until: null,
      })
      .where('id', '=', user.id)
      .execute();
    await revokeUserSessions(trx, user.id, now);
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'users.password_reset', orgPath: user.org_path, targetType: 'user', targetId: uid },
      now,
    );
    return { ok: true as const };
  }

  async function unlockUser(trx: Db, scope: Scope, uid: string) {
    const user = await manageableUser(trx, scope, uid);
    const now = clock();
    await trx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'users.unlock',
        orgPath: user.org_path,
        targetType: 'user',
        targetId: uid,
        before: { lockedUntil: user.locked_until },
      },
      now,
    );
    return { ok: true as const };
  }

  async function grantRole(trx: Db, scope: Scope, uid: string, role: Role, unitUid: string) {
    const user = await manageableUser(trx, scope, uid);
    if (user.id === scope.user.id) throw new AppError('SELF_GRANT', 409);
    const unit = await manageableUnit(trx, scope, unitUid);
    const held = await repo.activeRoles(trx, user.id);
    const conflict = conflictingRole(held, role);
    if (conflict) throw new AppError('ROLE_CONFLICT', 409, { held: conflict, adding: role });
    const before = await summary(trx, user.id);
    const now = clock();
    const inserted = await trx
      .insertInto('role_grant')
      .values({
        user_id: user.id,
        role,
        unit_id: unit.id,
        org_path: unit.path,
        granted_by: scope.user.id,
        granted_at: now,
      })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'unit_id']).where('revoked_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('ROLE_ALREADY_GRANTED', 409);
    await revokeUserSessions(trx, user.id, now);
    // Other modules follow who works where (visits moves a grid's open items to its new worker).
    const granted = { userId: uid, role, unitId: unitUid, orgPath: unit.path };
    await emitEvent(trx, 'accounts.role_granted', granted, unit.path, now);
    const after = await summary(trx, user.id);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'users.grant',
        orgPath: unit.path,
        targetType: 'user',
        targetId: uid,
        before: before.roles,
        after: after.roles,
      },
      now,
    );
    return after;
  }

  async function revokeRole(trx: Db, scope: Scope, uid: string, grantUid: string) {
    const user = await manageableUser(trx, scope, uid);
    if (user.id === scope.user.id) throw new AppError('SELF_GRANT', 409);
    const grant = await trx
      .selectFrom('role_grant')
      .select(['id', 'org_path', 'role', 'unit_id'])
      .where('uid', '=', grantUid)
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!grant || !canAt(scope, 'users:manage', grant.org_path)) throw new AppError('GRANT_NOT_FOUND', 404);
    const before = await summary(trx, user.id);
    const now = clock();
    await trx
      .updateTable('role_grant')
      .set({ revoked_at: now, revoked_by: scope.user.id })
      .where('id', '=', grant.id)
      .execute();
    await revokeUserSessions(trx, user.id, now);
    const unit = await trx
      .selectFrom('org_unit')
      .select('uid')
      .where('id', '=', grant.unit_id)
      .executeTakeFirstOrThrow();
    const revoked = { userId: uid, role: grant.role, unitId: unit.uid, orgPath: grant.org_path };
    await emitEvent(trx, 'accounts.role_revoked', revoked, grant.org_path, now);
    const after = await summary(trx, user.id);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'users.revoke',
        orgPath: grant.org_path,
        targetType: 'user',
        targetId: uid,
        before: before.roles,
        after: after.roles,
      },
      now,
    );
    return after;
  }

  return { listUsers, getUser, createUser, updateUser, resetPassword, unlockUser, grantRole, revokeRole };
}

export type UsersService = ReturnType<typeof createUsersService>;
