/**
 * Open311 clients: the apps (a city's 12345 hotline system, a third-party reporting app) that may
 * post service requests to /open311/v2 with an api_key. A district admin makes one — the key is
 * shown once and only its SHA-256 is kept — lists them, and revokes one. Each client reports as
 * its own technical account (no password, disabled on revoke), so the case's timeline names it.
 */
import type { Open311Client, Open311ClientBody, Open311ClientCreated, Open311ClientList } from '@gongzhi/api';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { adminDistrict } from './categories-service.ts';
import * as repo from './open311-clients-repo.ts';

/** What open311_client.key_hash holds for a key: its SHA-256, hex. The Open311 API looks keys up by it. */
export function open311KeyHash(apiKey: string): string {
  return sha256(apiKey);
}

const KEY_PREFIX = 'gz311_';

function toClient(r: repo.ClientRow): Open311Client {
  return {
    uid: r.uid,
    name: r.name,
    keyHint: r.key_hint,
    active: r.active,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by_name,
    username: r.username,
  };
}

export function createOpen311ClientService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function list(db: Db, scope: Scope): Promise<Open311ClientList> {
    const d = await adminDistrict(db, scope);
    return { items: (await repo.clientsOf(db, d.id)).map(toClient) };
  }

  async function create(trx: Db, scope: Scope, body: Open311ClientBody): Promise<Open311ClientCreated> {
    const now = clock();
    const d = await adminDistrict(trx, scope);
    const name = body.name.trim();
    const apiKey = `${KEY_PREFIX}${randomToken(24)}`;
    const keyHint = `${KEY_PREFIX}…${apiKey.slice(-4)}`;
    const userId = await repo.insertTechnicalUser(
      trx,
      d,
      `open311.${randomToken(6).toLowerCase()}`,
      `Open311:${name}`,
      now,
    );
    const uid = await repo.insertClient(
      trx,
      { districtId: d.id, name, keyHash: open311KeyHash(apiKey), keyHint, createdBy: scope.user.id, userId },
      now,
    );
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.open311_client_create',
        targetType: 'open311_client',
        targetId: uid,
        orgPath: d.path,
        after: { name, keyHint },
      },
      now,
    );
    return { ...toClient((await repo.clientByUid(trx, uid)) as repo.ClientRow), apiKey };
  }

  async function revoke(trx: Db, scope: Scope, uid: string): Promise<Open311Client> {
    const now = clock();
    const d = await adminDistrict(trx, scope);
    const c = await repo.clientByUid(trx, uid, true);
    if (!c || c.district_id !== d.id) throw new AppError('CASE_OPEN311_CLIENT_NOT_FOUND', 404);
    if (!c.active) throw new AppError('CASE_OPEN311_CLIENT_REVOKED', 409);
    await repo.revokeClient(trx, c);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.open311_client_revoke',
        targetType: 'open311_client',
        targetId: uid,
        orgPath: d.path,
        before: { active: true },
        after: { active: false },
      },
      now,
    );
    return toClient((await repo.clientByUid(trx, uid)) as repo.ClientRow);
  }

  return { list, create, revoke };
}
