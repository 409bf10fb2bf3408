/**
 * Residents' own accounts (居民账号). The staff who keep a person's record open the account for
 * them at the window or at the door: the account gets the role 'resident' on the person's grid
 * and is linked to the person (app_user.person_id), so the resident's phone pages show their
 * own points, claims and orders. Staff accounts stay the sysadmin's (三员分立); a resident
 * account can do nothing but act for its own person.
 */
import { ErrorBody, ResidentAccountBody, ResidentAccountQuery, ResidentAccountState } from '@gongzhi/api';
import type { Static } from '@sinclair/typebox';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, type Scope } from '../../platform/auth/scope.ts';
import { hashPassword } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import type { App, AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { write } from '../../platform/http/write.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { passwordProblems } from './auth-service.ts';
import * as repo from './repo.ts';

interface PersonRow {
  id: number;
  name: string;
  org_path: string;
  grid_id: number;
  grid_uid: string;
  grid_path: string;
  status: string;
}

async function personFor(
  db: Db,
  scope: Scope,
  uid: string,
  permission: 'registry:read' | 'registry:write',
): Promise<PersonRow> {
  const { rows } = await sql<PersonRow>`
    select p.id, p.name, p.org_path, p.grid_id, g.uid::text as grid_uid, g.path as grid_path, p.status
      from person p join org_unit g on g.id = p.grid_id
     where p.uid = ${uid}::uuid`.execute(db);
  const person = rows[0];
  if (!person || !canAt(scope, permission, person.org_path)) throw new AppError('PERSON_NOT_FOUND', 404);
  return person;
}

async function accountOf(db: Db, personId: number) {
  const { rows } = await sql<{ uid: string; username: string; status: 'active' | 'disabled'; created_at: Date }>`
    select uid::text as uid, username, status, created_at from app_user where person_id = ${personId}`.execute(db);
  const row = rows[0];
  return row
    ? { userId: row.uid, username: row.username, status: row.status, createdAt: row.created_at.toISOString() }
    : null;
}

export function residentsRoutes(app: App, deps: AppDeps) {
  const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.get(
    '/api/residents/account',
    {
      schema: {
        tags: ['users'],
        summary: "A person's own account, if opened",
        querystring: ResidentAccountQuery,
        response: { 200: ResidentAccountState, ...errors },
      },
      config: { access: 'registry:read' },
    },
    async (req) => {
      const person = await personFor(deps.db, req.scope, req.query.person, 'registry:read');
      return { account: await accountOf(deps.db, person.id) };
    },
  );

  app.post(
    '/api/residents/account',
    {
      schema: {
        tags: ['users'],
        summary: 'Open an account for a resident, linked to their person',
        body: ResidentAccountBody,
        response: { 201: ResidentAccountState, ...errors },
      },
      config: { access: 'registry:write' },
    },
    (req, reply) => write(deps, req, reply, (trx) => openResidentAccount(trx, deps, req.scope, req.body), 201),
  );
}

async function openResidentAccount(
  trx: Db,
  deps: AppDeps,
  scope: Scope,
  input: Static<typeof ResidentAccountBody>,
): Promise<Static<typeof ResidentAccountState>> {
  const person = await personFor(trx, scope, input.person, 'registry:write');
  if (person.status !== 'resident') throw new AppError('PERSON_NOT_RESIDENT', 409, { field: 'person' });
  if (await accountOf(trx, person.id)) throw new AppError('PERSON_HAS_ACCOUNT', 409, { field: 'person' });
  if (await repo.userByUsername(trx, input.username)) throw new AppError('USERNAME_TAKEN', 409, { field: 'username' });
  const problems = passwordProblems(deps.config, input.password, input.username, ['resident']);
  if (problems.length) throw new AppError('PASSWORD_POLICY', 400, { problems });
  const now = deps.clock();
  const { rows } = await sql<{ id: number; uid: string }>`
    insert into app_user (username, display_name, password_hash, password_changed_at, unit_id, org_path, person_id)
    values (${input.username}, ${person.name}, ${await hashPassword(input.password)}, ${now}, ${person.grid_id},
            ${person.grid_path}, ${person.id})
    returning id, uid::text as uid`.execute(trx);
  const user = rows[0] as { id: number; uid: string };
  await sql`
    insert into role_grant (user_id, role, unit_id, org_path, granted_by, granted_at)
    values (${user.id}, 'resident', ${person.grid_id}, ${person.grid_path}, ${scope.user.id}, ${now})`.execute(trx);
  await emitEvent(
    trx,
    'accounts.role_granted',
    { userId: user.uid, role: 'resident', unitId: person.grid_uid, orgPath: person.grid_path },
    person.org_path,
    now,
  );
  const account = await accountOf(trx, person.id);
  await recordAudit(
    trx,
    actorOf(scope),
    {
      action: 'users.open_resident',
      orgPath: person.org_path,
      targetType: 'user',
      targetId: user.uid,
      after: { ...account, person: input.person },
    },
    now,
  );
  return { account };
}
