/**
 * Cookie sessions stored in the database. The cookie holds a random token; the table holds
 * its SHA-256, so a database leak does not hand out live sessions.
 */
import { ADMIN_ROLES, passwordExpired, type Role, type SecurityProfile } from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { randomToken, sha256 } from '../crypto.ts';
import { type Db, PREPARED } from '../db/database.ts';
import type { ReadCache } from '../read-cache.ts';
import type { Scope } from './scope.ts';

export const SESSION_COOKIE = 'gz_session';
export const CSRF_COOKIE = 'gz_csrf';
/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

export interface LoadedSession {
  tokenHash: string;
  csrfToken: string;
  idleTimeoutS: number;
  mfaPassed: boolean;
  mfaEnrolmentRequired: boolean;
  passwordChangeRequired: boolean;
  scope: Omit<Scope, 'ip' | 'requestId' | 'locale'>;
}

export type SessionProblem = 'UNAUTHENTICATED' | 'SESSION_EXPIRED';

export function idleTimeoutFor(roles: readonly Role[], config: Config): number {
  if (roles.some((r) => ADMIN_ROLES.includes(r))) return config.idleTimeout.admin;
  if (roles.some((r) => r !== 'resident')) return config.idleTimeout.staff;
  return config.idleTimeout.resident;
}

export async function createSession(
  db: Db,
  opts: { userId: number; idleTimeoutS: number; mfaPassed: boolean; ip: string | null; userAgent: string | null },
  config: Config,
  now: Date,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  await db
    .insertInto('user_session')
    .values({
      token_hash: sha256(token),
      user_id: opts.userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      idle_timeout_s: opts.idleTimeoutS,
      expires_at: new Date(now.getTime() + config.sessionMaxAge * 1000),
      mfa_passed: opts.mfaPassed,
      ip: opts.ip,
      user_agent: opts.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('user_session').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
}

/** Every open session of the user ends at once: roles changed, account disabled, password reset. */
export async function revokeUserSessions(db: Db, userId: number, now: Date): Promise<number> {
  const r = await db
    .updateTable('user_session')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

interface SessionRow {
  token_hash: string;
  csrf_token: string;
  last_seen_at: Date;
  idle_timeout_s: number;
  expires_at: Date;
  revoked_at: Date | null;
  mfa_passed: boolean;
  user_id: number;
  uid: string;
  username: string;
  display_name: string;
  org_path: string;
  status: string;
  password_changed_at: Date;
  totp_enabled: boolean;
  grants: Array<{
    id: number;
    uid: string;
    role: Role;
    unitId: number;
    unitUid: string;
    unitName: string;
    path: string;
  }>;
}

/** A session as loaded from the database, before the idle and expiry checks of this request. */
export interface CachedSession {
  tokenHash: string;
  csrfToken: string;
  lastSeenAt: Date;
  idleTimeoutS: number;
  expiresAt: Date;
  mfaPassed: boolean;
  passwordChangedAt: Date;
  user: Scope['user'];
  grants: Scope['grants'];
  roles: Role[];
}

/** One round trip, planned once per connection: the session, its user and the user's active grants. */
async function fetchSession(db: Db, tokenHash: string): Promise<CachedSession | undefined> {
  const { rows } = await sql<SessionRow>`${sql.raw(PREPARED)}
    select s.token_hash, s.csrf_token, s.last_seen_at, s.idle_timeout_s, s.expires_at, s.revoked_at, s.mfa_passed,
           u.id as user_id, u.uid, u.username, u.display_name, u.org_path, u.status, u.password_changed_at,
           u.totp_secret is not null as totp_enabled,
           coalesce((select json_agg(json_build_object('id', g.id, 'uid', g.uid, 'role', g.role, 'unitId', o.id,
                                                       'unitUid', o.uid, 'unitName', o.name, 'path', o.path)
                                     order by g.id)
                       from role_grant g join org_unit o on o.id = g.unit_id
                      where g.user_id = u.id and g.revoked_at is null), '[]'::json) as grants
      from user_session s join app_user u on u.id = s.user_id
     where s.token_hash = ${tokenHash}`.execute(db);
  const row = rows[0];
  if (!row || row.revoked_at || row.status !== 'active') return undefined;
  return {
    tokenHash,
    csrfToken: row.csrf_token,
    lastSeenAt: row.last_seen_at,
    idleTimeoutS: row.idle_timeout_s,
    expiresAt: row.expires_at,
    mfaPassed: row.mfa_passed,
    passwordChangedAt: row.password_changed_at,
    user: {
      id: row.user_id,
      uid: row.uid,
      username: row.username,
      displayName: row.display_name,
      orgPath: row.org_path,
      totpEnabled: row.totp_enabled,
    },
    grants: row.grants,
    roles: row.grants.map((g) => g.role),
  };
}

/**
 * The session of a cookie token, checked for revocation, idle time and age; `cache` (see
 * session-cache.ts) spares the round trip for a session seen in the last few seconds.
 */
export async function loadSession(
  db: Db,
  token: string,
  profile: SecurityProfile,
  now: Date,
  cache?: ReadCache<CachedSession>,
): Promise<LoadedSession | SessionProblem> {
  const tokenHash = sha256(token);
  let session = cache?.get(tokenHash, now.getTime());
  if (!session) {
    const generation = cache?.generation() ?? 0;
    session = await fetchSession(db, tokenHash);
    if (!session) return 'UNAUTHENTICATED';
    cache?.set(tokenHash, session, generation, now.getTime());
  }
  const idleDeadline = session.lastSeenAt.getTime() + session.idleTimeoutS * 1000;
  if (now.getTime() > idleDeadline || now > session.expiresAt) {
    cache?.delete(tokenHash);
    await revokeSession(db, tokenHash, now);
    return 'SESSION_EXPIRED';
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('user_session').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
    session.lastSeenAt = now;
  }
  const isAdmin = session.roles.some((r) => ADMIN_ROLES.includes(r));
  return {
    tokenHash,
    csrfToken: session.csrfToken,
    idleTimeoutS: session.idleTimeoutS,
    mfaPassed: session.mfaPassed,
    mfaEnrolmentRequired: isAdmin && !session.mfaPassed,
    passwordChangeRequired: passwordExpired(profile, session.passwordChangedAt, now),
    scope: { user: session.user, grants: session.grants },
  };
}
