/**
 * Small factories for API tests: accounts created through the sysadmin's API (as an
 * administrator would), TOTP enrolment at the test clock, and reads of what a request left
 * behind (audit records, row counts). Each test builds the data it needs.
 */
import type { Role } from '@gongzhi/domain';
import { generateSync } from 'otplib';
import type { Client, TestPlatform } from './harness.ts';

/** A staff-grade passphrase: long, not common, not containing any test username. */
export const STAFF_PASSWORD = 'Lantern-over-the-river-7';

export interface Account {
  id: string;
  username: string;
  password: string;
  /** Public id of the role grant made at creation, if any. */
  grantId?: string;
}

/**
 * Creates an account homed on the unit with the given code and, unless `role` is null,
 * grants it `role` on `roleUnit` (the home unit by default). `sysadmin` is a signed-in
 * sysadmin client.
 */
export async function createAccount(
  t: TestPlatform,
  sysadmin: Client,
  opts: {
    username: string;
    unit: string;
    role?: Role | null;
    roleUnit?: string;
    displayName?: string;
    password?: string;
  },
): Promise<Account> {
  const password = opts.password ?? STAFF_PASSWORD;
  const created = await sysadmin.post('/api/users', {
    username: opts.username,
    displayName: opts.displayName ?? '测试账号',
    password,
    unitId: await t.unitId(opts.unit),
  });
  if (created.status !== 201)
    throw new Error(`create ${opts.username}: ${created.status} ${JSON.stringify(created.body)}`);
  const account: Account = { id: created.body.id, username: opts.username, password };
  if (opts.role !== null) {
    const granted = await sysadmin.post(`/api/users/${account.id}/grants`, {
      role: opts.role ?? 'community_staff',
      unitId: await t.unitId(opts.roleUnit ?? opts.unit),
    });
    if (granted.status !== 200)
      throw new Error(`grant ${opts.username}: ${granted.status} ${JSON.stringify(granted.body)}`);
    account.grantId = granted.body.roles[0].id;
  }
  return account;
}

/** A six-digit code that is none of the codes accepted around the test clock's time. */
export function wrongTotp(t: TestPlatform, secret: string): string {
  const epoch = Math.floor(t.clock().getTime() / 1000);
  const valid = new Set([-30, 0, 30].map((d) => generateSync({ secret, epoch: epoch + d })));
  for (let n = 123456; ; n++) {
    const code = String(n % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/** Enrols the signed-in user's authenticator; returns the secret. */
export async function enrolTotp(t: TestPlatform, client: Client): Promise<string> {
  const setup = await client.post('/api/auth/totp/setup');
  if (setup.status !== 200) throw new Error(`totp setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const confirmed = await client.post('/api/auth/totp/confirm', { code: t.totp(setup.body.secret) });
  if (confirmed.status !== 200) throw new Error(`totp confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return setup.body.secret;
}

export interface AuditRowView {
  action: string;
  outcome: string;
  actor_name: string | null;
  actor_roles: string[];
  target_type: string | null;
  target_id: string | null;
  org_path: string | null;
  before: any;
  after: any;
  ip: string | null;
  request_id: string | null;
  at: Date;
}

/** Audit records matching the filter, oldest first. */
export async function auditRecords(
  t: TestPlatform,
  filter: { action?: string; actor?: string; targetId?: string; since?: Date },
): Promise<AuditRowView[]> {
  let q = t.deps.db
    .selectFrom('audit_log')
    .select([
      'action',
      'outcome',
      'actor_name',
      'actor_roles',
      'target_type',
      'target_id',
      'org_path',
      'before',
      'after',
      'ip',
      'request_id',
      'at',
    ]);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.actor) q = q.where('actor_name', '=', filter.actor);
  if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
  if (filter.since) q = q.where('at', '>=', filter.since);
  return (await q.orderBy('at').orderBy('chain').orderBy('seq').execute()) as AuditRowView[];
}

/** How many rows each table holds: to prove that a refused request wrote nothing. */
export async function countRows(t: TestPlatform, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const r = await t.deps.db
      .selectFrom(table as 'org_unit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(r.n);
  }
  return counts;
}

/** Every table a request of the foundation may write. */
export const WRITTEN_TABLES = [
  'org_unit',
  'org_change',
  'org_lineage',
  'party_org',
  'app_user',
  'role_grant',
  'audit_log',
  'outbox',
  'idempotency_key',
  // the living registry (data_access_log is written in batches, off the request: not here)
  'building',
  'building_unit',
  'room',
  'person',
  'household',
  'household_member',
  'life_event',
  'migrant_registration',
  'tag_definition',
  'person_tag',
  'organisation',
  'facility',
  'registry_import',
  'registry_import_row',
] as const;
