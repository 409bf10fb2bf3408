/**
 * Signing in and out, the current user, changing one's password, enrolling TOTP.
 * 5 failed attempts lock an account for 15 minutes; every attempt is audited.
 */

import type { Me } from '@gongzhi/api';
import { checkPassword, PERMISSIONS, type Role, roleHas, STAFF_ROLES } from '@gongzhi/domain';
import { type Actor, recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type Scope } from '../../platform/auth/scope.ts';
import { createSession, idleTimeoutFor, type LoadedSession, revokeSession } from '../../platform/auth/sessions.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, type Keys, seal, unseal, verifyPassword } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './repo.ts';
import { checkTotp, newTotpSecret, totpUri } from './totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;

export interface AuthDeps {
  db: Db;
  clock: Clock;
  config: Config;
  keys: Keys;
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  ip: string;
  userAgent: string | null;
  requestId: string;
  /** The session cookie the browser already had: it is ended, a login always gets a new one. */
  previousTokenHash?: string;
}

export function passwordProblems(config: Config, password: string, username: string, roles: readonly Role[]) {
  const isStaff = roles.some((r) => STAFF_ROLES.includes(r));
  return checkPassword(password, { profile: config.profile, isStaff, username });
}

export function createAuthService(deps: AuthDeps) {
  const { db, clock, config, keys } = deps;

  /**
   * Failures are committed even though the login is refused: the counter and the audit
   * record must survive the error, so they run in their own transaction.
   */
  async function refuse(
    actor: Actor,
    userId: number | null,
    orgPath: string | null,
    code: string,
    lock: boolean,
    detail: object,
  ) {
    const now = clock();
    await db.transaction().execute(async (trx) => {
      if (userId !== null) {
        await trx
          .updateTable('app_user')
          .set((eb) =>
            lock
              ? { failed_logins: 0, locked_until: new Date(now.getTime() + LOCK_MS) }
              : { failed_logins: eb('failed_logins', '+', 1) },
          )
          .where('id', '=', userId)
          .execute();
      }
      await recordAudit(
        trx,
        actor,
        {
          action: 'auth.login',
          outcome: 'failed',
          orgPath,
          targetType: 'user',
          targetId: actor.name,
          after: { code, ...detail },
        },
        now,
      );
    });
  }

  async function login(input: LoginInput) {
    const now = clock();
    const user = await repo.userByUsername(db, input.username);
    const actor: Actor = {
      id: user?.id ?? null,
      name: input.username,
      roles: [],
      ip: input.ip,
      requestId: input.requestId,
    };
    if (!user) {
      await verifyPassword(input.password, DUMMY_PASSWORD_HASH);
      await refuse(actor, null, null, 'INVALID_CREDENTIALS', false, { reason: 'unknown_user' });
      throw new AppError('INVALID_CREDENTIALS', 401);
    }
    if (user.locked_until && user.locked_until > now) {
      await refuse(actor, null, user.org_path, 'ACCOUNT_LOCKED', false, {});
      throw new AppError('ACCOUNT_LOCKED', 423, { until: user.locked_until.toISOString() });
    }
    const willLock = user.failed_logins + 1 >= MAX_FAILED_LOGINS;
    if (!(await verifyPassword(input.password, user.password_hash))) {
      await refuse(actor, user.id, user.org_path, 'INVALID_CREDENTIALS', willLock, { reason: 'password' });
      if (willLock)
        throw new AppError('ACCOUNT_LOCKED', 423, { until: new Date(now.getTime() + LOCK_MS).toISOString() });
      throw new AppError('INVALID_CREDENTIALS', 401);
    }
    if (user.status !== 'active') {
      await refuse(actor, null, user.org_path, 'ACCOUNT_DISABLED', false, {});
      throw new AppError('ACCOUNT_DISABLED', 403);
    }
    let totpStep: number | null = null;
    if (user.totp_secret) {
      if (!input.totp) {
        // The right password without the second factor: no session, and worth a record (the
        // password of an administrator may be known to someone else). Not counted for lockout.
        await refuse(actor, null, user.org_path, 'MFA_REQUIRED', false, {});
        throw new AppError('MFA_REQUIRED', 401, { mfa: true });
      }
      totpStep = checkTotp(unseal(keys, user.totp_secret), input.totp, now, user.totp_last_step);
      if (totpStep === null) {
        await refuse(actor, user.id, user.org_path, 'MFA_INVALID', willLock, {});
        if (willLock)
          throw new AppError('ACCOUNT_LOCKED', 423, { until: new Date(now.getTime() + LOCK_MS).toISOString() });
        throw new AppError('MFA_INVALID', 401);
      }
    }
    const roles = await repo.activeRoles(db, user.id);
    return db.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ failed_logins: 0, locked_until: null, ...(totpStep === null ? {} : { totp_last_step: totpStep }) })
        .where('id', '=', user.id)
        .execute();
      if (input.previousTokenHash) await revokeSession(trx, input.previousTokenHash, now);
      const session = await createSession(
        trx,
        {
          userId: user.id,
          idleTimeoutS: idleTimeoutFor(roles, config),
          mfaPassed: totpStep !== null,
          ip: input.ip,
          userAgent: input.userAgent,
        },
        config,
        now,
      );
      await recordAudit(
        trx,
        { ...actor, roles },
        {
          action: 'auth.login',
          orgPath: user.org_path,
          targetType: 'user',
          targetId: user.uid,
          after: { mfa: totpStep !== null },
        },
        now,
      );
      return session;
    });
  }

  async function logout(scope: Scope, session: LoadedSession) {
    await db.transaction().execute(async (trx) => {
      await revokeSession(trx, session.tokenHash, clock());
      await recordAudit(
        trx,
        actorOf(scope),
        { action: 'auth.logout', orgPath: scope.user.orgPath, targetType: 'user', targetId: scope.user.uid },
        clock(),
      );
    });
  }

  function me(scope: Scope, session: LoadedSession): Me {
    return {
      user: { id: scope.user.uid, username: scope.user.username, displayName: scope.user.displayName },
      roles: scope.grants.map((g) => ({
        id: g.uid,
        role: g.role,
        unitId: g.unitUid,
        unitName: g.unitName,
        unitPath: g.path,
      })),
      permissions: PERMISSIONS.filter((p) => scope.grants.some((g) => roleHas(g.role, p))),
      csrfToken: session.csrfToken,
      mfaEnrolmentRequired: session.mfaEnrolmentRequired,
      totpEnabled: scope.user.totpEnabled,
      passwordChangeRequired: session.passwordChangeRequired,
      idleTimeoutSeconds: session.idleTimeoutS,
    };
  }

  async function changePassword(trx: Db, scope: Scope, session: LoadedSession, current: string, next: string) {
    const user = await repo.userById(trx, scope.user.id);
    if (!(await verifyPassword(current, user.password_hash))) throw new AppError('PASSWORD_WRONG', 400);
    const problems = passwordProblems(
      config,
      next,
      user.username,
      scope.grants.map((g) => g.role),
    );
    if (current === next) problems.push({ code: 'PASSWORD_COMMON' });
    if (problems.length) throw new AppError('PASSWORD_POLICY', 400, { problems });
    const now = clock();
    await trx
      .updateTable('app_user')
      .set({ password_hash: await hashPassword(next), password_changed_at: now })
      .where('id', '=', user.id)
      .execute();
    // Other sessions of this user end; this one goes on.
    await trx
      .updateTable('user_session')
      .set({ revoked_at: now })
      .where('user_id', '=', user.id)
      .where('token_hash', '!=', session.tokenHash)
      .where('revoked_at', 'is', null)
      .execute();
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'auth.password_change', orgPath: scope.user.orgPath, targetType: 'user', targetId: scope.user.uid },
      now,
    );
    return { ok: true as const };
  }

  async function startTotp(trx: Db, scope: Scope) {
    if (scope.user.totpEnabled) throw new AppError('MFA_ALREADY_ENABLED', 409);
    const secret = newTotpSecret();
    await trx
      .updateTable('app_user')
      .set({ totp_pending_secret: seal(keys, secret) })
      .where('id', '=', scope.user.id)
      .execute();
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'auth.totp_setup', orgPath: scope.user.orgPath, targetType: 'user', targetId: scope.user.uid },
      clock(),
    );
    return { secret, otpauthUri: totpUri(secret, scope.user.username) };
  }

  async function confirmTotp(trx: Db, scope: Scope, session: LoadedSession, code: string) {
    const user = await repo.userById(trx, scope.user.id);
    if (user.totp_secret) throw new AppError('MFA_ALREADY_ENABLED', 409);
    if (!user.totp_pending_secret) throw new AppError('MFA_NOT_STARTED', 409);
    const now = clock();
    const step = checkTotp(unseal(keys, user.totp_pending_secret), code, now, null);
    if (step === null) throw new AppError('MFA_INVALID', 400);
    await trx
      .updateTable('app_user')
      .set({ totp_secret: user.totp_pending_secret, totp_pending_secret: null, totp_last_step: step })
      .where('id', '=', user.id)
      .execute();
    await trx
      .updateTable('user_session')
      .set({ mfa_passed: true })
      .where('token_hash', '=', session.tokenHash)
      .execute();
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'auth.totp_enabled', orgPath: scope.user.orgPath, targetType: 'user', targetId: scope.user.uid },
      now,
    );
    return me(
      { ...scope, user: { ...scope.user, totpEnabled: true } },
      { ...session, mfaPassed: true, mfaEnrolmentRequired: false },
    );
  }

  return { login, logout, me, changePassword, startTotp, confirmTotp };
}

export type AuthService = ReturnType<typeof createAuthService>;
