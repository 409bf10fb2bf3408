/**
 * Account administration through the API: the sysadmin (系统管理员) creates accounts, grants
 * and revokes roles, disables, unlocks and resets; 三员分立 keeps sysadmin and auditor apart
 * from every other role; a sysadmin acts only inside the subtree they were granted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, createAccount, enrolTotp, STAFF_PASSWORD } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { DEMO_PASSWORD } from '../../demo/district.ts';

describe(`account administration (${dbLabel})`, () => {
  let t: TestPlatform;
  let admin: Client;
  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    admin = await t.as('admin');
  });
  afterAll(() => t.close());

  async function userId(username: string): Promise<string> {
    const row = await t.deps.db
      .selectFrom('app_user')
      .select('uid')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return row.uid;
  }

  it('the sysadmin creates an account on a grid and grants it grid worker there; the worker then browses that grid', async () => {
    const created = await admin.post('/api/users', {
      username: 'grid.new01',
      displayName: '钟雨桐',
      password: STAFF_PASSWORD,
      unitId: await t.unitId('440704001003001'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'grid.new01',
      displayName: '钟雨桐',
      status: 'active',
      unitName: '东海社区第一网格',
      roles: [],
      totpEnabled: false,
    });
    const granted = await admin.post(`/api/users/${created.body.id}/grants`, {
      role: 'grid_worker',
      unitId: await t.unitId('440704001003001'),
    });
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toEqual([
      expect.objectContaining({
        role: 'grid_worker',
        unitName: '东海社区第一网格',
        unitPath: '440704.440704001.440704001003.g001',
      }),
    ]);
    const again = await admin.post(`/api/users/${created.body.id}/grants`, {
      role: 'grid_worker',
      unitId: await t.unitId('440704001003001'),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ROLE_ALREADY_GRANTED');

    const worker = await t.as('grid.new01', STAFF_PASSWORD);
    const tree = await worker.get('/api/org/tree');
    expect(tree.status).toBe(200);
    expect(tree.body.roots.map((r: { name: string }) => r.name)).toEqual(['东海社区第一网格']);

    const [create] = await auditRecords(t, { action: 'users.create', targetId: created.body.id });
    expect(create).toMatchObject({ actor_name: 'admin', actor_roles: ['sysadmin'], before: null });
    expect(create?.after).toMatchObject({ username: 'grid.new01' });
    expect(JSON.stringify(create?.after)).not.toContain(STAFF_PASSWORD);
    const [grant] = await auditRecords(t, { action: 'users.grant', targetId: created.body.id });
    expect(grant?.before).toEqual([]);
    expect(grant?.after).toEqual([expect.objectContaining({ role: 'grid_worker' })]);
  });

  it('revoking the only role leaves the account signed in to nothing it may use', async () => {
    const account = await createAccount(t, admin, {
      username: 'grid.new02',
      unit: '440704001003002',
      role: 'grid_worker',
    });
    const revoked = await admin.delete(`/api/users/${account.id}/grants/${account.grantId}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.roles).toEqual([]);
    expect((await admin.delete(`/api/users/${account.id}/grants/${account.grantId}`)).body.error.code).toBe(
      'GRANT_NOT_FOUND',
    );
    const session = await t.as(account.username, account.password);
    const tree = await session.get('/api/org/tree');
    expect(tree.status).toBe(403);
    expect(tree.body.error.code).toBe('FORBIDDEN');
    const [audit] = await auditRecords(t, { action: 'users.revoke', targetId: account.id });
    expect(audit?.before).toEqual([expect.objectContaining({ role: 'grid_worker' })]);
    expect(audit?.after).toEqual([]);
  });

  it('a disabled account cannot sign in until the sysadmin enables it again', async () => {
    const account = await createAccount(t, admin, { username: 'staff.leave', unit: '440704001003' });
    const disabled = await admin.patch(`/api/users/${account.id}`, { status: 'disabled' });
    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe('disabled');
    const refused = await t.anon.post('/api/auth/login', { username: account.username, password: account.password });
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
    expect(
      (await admin.patch(`/api/users/${account.id}`, { status: 'active', displayName: '返岗的社工' })).body,
    ).toMatchObject({
      status: 'active',
      displayName: '返岗的社工',
    });
    expect(
      (await t.anon.post('/api/auth/login', { username: account.username, password: account.password })).status,
    ).toBe(200);
    const [audit] = await auditRecords(t, { action: 'users.update', targetId: account.id });
    expect(audit?.before.status).toBe('active');
    expect(audit?.after.status).toBe('disabled');
  });

  it('the sysadmin unlocks an account locked by failed sign-ins', async () => {
    const account = await createAccount(t, admin, { username: 'staff.locked', unit: '440704001003' });
    for (let i = 0; i < 5; i++)
      await t.anon.post('/api/auth/login', { username: account.username, password: `guess-${i}` });
    const locked = await admin.get(`/api/users/${account.id}`);
    expect(locked.body.lockedUntil).not.toBeNull();
    expect(
      (await t.anon.post('/api/auth/login', { username: account.username, password: account.password })).status,
    ).toBe(423);
    expect((await admin.post(`/api/users/${account.id}/unlock`)).status).toBe(200);
    expect((await admin.get(`/api/users/${account.id}`)).body.lockedUntil).toBeNull();
    expect(
      (await t.anon.post('/api/auth/login', { username: account.username, password: account.password })).status,
    ).toBe(200);
  });

  it('a password reset follows the policy, ends the user’s sessions, and only the new password works', async () => {
    const account = await createAccount(t, admin, { username: 'staff.forgot', unit: '440704001003' });
    const session = await t.as(account.username, account.password);
    const weak = await admin.post(`/api/users/${account.id}/password`, { password: 'abc123456' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.problems.map((p: { code: string }) => p.code)).toEqual([
      'PASSWORD_TOO_SHORT',
      'PASSWORD_COMMON',
    ]);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    expect((await admin.post(`/api/users/${account.id}/password`, { password: 'Fresh-start-by-the-sea' })).status).toBe(
      200,
    );
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect(
      (await t.anon.post('/api/auth/login', { username: account.username, password: account.password })).status,
    ).toBe(401);
    expect(
      (await t.anon.post('/api/auth/login', { username: account.username, password: 'Fresh-start-by-the-sea' })).status,
    ).toBe(200);
    const [audit] = await auditRecords(t, { action: 'users.password_reset', targetId: account.id });
    expect(audit?.actor_name).toBe('admin');
  });

  it('三员分立: the auditor role is refused to someone who holds another role, and vice versa', async () => {
    const staff = await createAccount(t, admin, { username: 'staff.ambitious', unit: '440704001004' });
    const toAuditor = await admin.post(`/api/users/${staff.id}/grants`, {
      role: 'auditor',
      unitId: await t.unitId('440704001004'),
    });
    expect(toAuditor.status).toBe(409);
    expect(toAuditor.body.error).toMatchObject({
      code: 'ROLE_CONFLICT',
      details: { held: 'community_staff', adding: 'auditor' },
    });
    const toSysadmin = await admin.post(`/api/users/${staff.id}/grants`, {
      role: 'sysadmin',
      unitId: await t.unitId('440704001004'),
    });
    expect(toSysadmin.body.error.code).toBe('ROLE_CONFLICT');

    const sysadmin = await createAccount(t, admin, { username: 'sys.second', unit: '440704000000', role: 'sysadmin' });
    const extra = await admin.post(`/api/users/${sysadmin.id}/grants`, {
      role: 'grid_worker',
      unitId: await t.unitId('440704001004001'),
    });
    expect(extra.status).toBe(409);
    expect(extra.body.error.details).toEqual({ held: 'sysadmin', adding: 'grid_worker' });
    const auditorToo = await admin.post(`/api/users/${sysadmin.id}/grants`, {
      role: 'auditor',
      unitId: await t.unitId('440704000000'),
    });
    expect(auditorToo.body.error.code).toBe('ROLE_CONFLICT');
    // The auditor demo account cannot be given the sysadmin role either.
    const onAuditor = await admin.post(`/api/users/${await userId('auditor')}/grants`, {
      role: 'sysadmin',
      unitId: await t.unitId('440704000000'),
    });
    expect(onAuditor.body.error.code).toBe('ROLE_CONFLICT');
    expect((await admin.get(`/api/users/${staff.id}`)).body.roles.map((r: { role: string }) => r.role)).toEqual([
      'community_staff',
    ]);
  });

  it('a sysadmin cannot change their own roles, status or password through account administration', async () => {
    const me = await admin.get('/api/auth/me');
    const self = me.body.user.id;
    const grant = await admin.post(`/api/users/${self}/grants`, {
      role: 'district_admin',
      unitId: await t.unitId('440704000000'),
    });
    expect(grant.status).toBe(409);
    expect(grant.body.error.code).toBe('SELF_GRANT');
    expect((await admin.delete(`/api/users/${self}/grants/${me.body.roles[0].id}`)).body.error.code).toBe('SELF_GRANT');
    expect((await admin.patch(`/api/users/${self}`, { status: 'disabled' })).body.error.code).toBe('SELF_GRANT');
    expect(
      (await admin.post(`/api/users/${self}/password`, { password: 'Another-long-passphrase' })).body.error.code,
    ).toBe('SELF_GRANT');
    expect((await admin.get('/api/auth/me')).body.roles).toEqual(me.body.roles);
  });

  it('the sysadmin cannot read the audit log, and the auditor can read neither accounts nor the org tree', async () => {
    const denied = await admin.get('/api/audit');
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'audit:read' } });
    const auditor = await t.as('auditor');
    expect((await auditor.get('/api/audit')).status).toBe(200);
    expect((await auditor.get('/api/users')).status).toBe(403);
    expect((await auditor.get(`/api/users/${await userId('staff.jinxi')}`)).status).toBe(403);
    expect((await auditor.get('/api/org/tree')).status).toBe(403);
    expect((await auditor.get(`/api/org/units/${await t.unitId('440704001001')}`)).status).toBe(403);
  });

  it('the auditor finds the sysadmin’s account changes by actor and action, and pages through them with the total on every page', async () => {
    const auditor = await t.as('auditor');
    const all = await auditor.get('/api/audit?actor=admin&action=users.&pageSize=200');
    expect(all.status).toBe(200);
    const stored = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_name', '=', 'admin')
      .where('action', 'like', 'users.%')
      .execute();
    expect(all.body.total).toBe(stored.length);
    expect(all.body.total).toBeGreaterThan(10);
    for (const r of all.body.items)
      expect(r).toMatchObject({
        actor: 'admin',
        actorRoles: ['sysadmin'],
        targetType: 'user',
        outcome: 'ok',
        ip: '127.0.0.1',
      });
    const page2 = await auditor.get('/api/audit?actor=admin&action=users.&pageSize=3&page=2');
    expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual(
      all.body.items.slice(3, 6).map((r: { id: string }) => r.id),
    );
    expect(page2.body.total).toBe(all.body.total);
    const past = await auditor.get('/api/audit?actor=admin&action=users.&pageSize=3&page=1000');
    expect(past.body).toEqual({ items: [], total: all.body.total, page: 1000, pageSize: 3 });
    const later = new Date(t.clock().getTime() + 1000).toISOString();
    expect((await auditor.get(`/api/audit?actor=admin&from=${encodeURIComponent(later)}`)).body.total).toBe(0);
  });

  describe('a sysadmin of one street', () => {
    let street: Client;
    beforeAll(async () => {
      const account = await createAccount(t, admin, {
        username: 'sys.jiangnan',
        unit: '440704001000',
        role: 'sysadmin',
      });
      const first = await t.as(account.username, account.password);
      const secret = await enrolTotp(t, first);
      street = await t.as(account.username, account.password, { totpSecret: secret });
    });

    it('lists only the accounts of their street', async () => {
      const list = await street.get('/api/users?pageSize=200');
      expect(list.status).toBe(200);
      const names = list.body.items.map((u: { username: string }) => u.username);
      expect(names).toEqual(
        expect.arrayContaining(['staff.jinxi', 'grid.jinxi01', 'resident.demo', 'street.jiangnan', 'sys.jiangnan']),
      );
      for (const outside of [
        'street.waihai',
        'staff.yingnan',
        'admin',
        'district',
        'auditor',
        'dept.chengguan',
        'grid.zhichong01',
      ]) {
        expect(names).not.toContain(outside);
      }
      const inStreet = await t.deps.db
        .selectFrom('app_user')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([eb('org_path', '=', '440704.440704001'), eb('org_path', 'like', '440704.440704001.%')]))
        .executeTakeFirstOrThrow();
      expect(list.body.total).toBe(Number(inStreet.n));
    });

    it('gets 404 for an account of another street, and for units of another street', async () => {
      const other = await userId('street.waihai');
      const read = await street.get(`/api/users/${other}`);
      expect(read.status).toBe(404);
      expect(read.body.error.code).toBe('USER_NOT_FOUND');
      expect((await street.patch(`/api/users/${other}`, { status: 'disabled' })).status).toBe(404);
      expect(
        (await street.post(`/api/users/${other}/password`, { password: 'Taken-over-by-a-neighbour' })).status,
      ).toBe(404);
      expect((await street.post(`/api/users/${other}/unlock`)).status).toBe(404);
      const create = await street.post('/api/users', {
        username: 'sneaky.waihai',
        displayName: '越权账号',
        password: STAFF_PASSWORD,
        unitId: await t.unitId('440704002001'),
      });
      expect(create.status).toBe(404);
      expect(create.body.error.code).toBe('UNIT_NOT_FOUND');
      const grant = await street.post(`/api/users/${await userId('staff.jinxi')}/grants`, {
        role: 'street_official',
        unitId: await t.unitId('440704002000'),
      });
      expect(grant.status).toBe(404);
      expect(grant.body.error.code).toBe('UNIT_NOT_FOUND');
      expect((await admin.get(`/api/users/${other}`)).body.status).toBe('active');
    });

    it('creates and manages accounts inside the street', async () => {
      const created = await createAccount(t, street, {
        username: 'grid.jn.helper',
        unit: '440704001004002',
        role: 'grid_worker',
      });
      expect((await street.get(`/api/users/${created.id}`)).body.roles[0].unitName).toBe('江翠社区第二网格');
      expect((await street.patch(`/api/users/${created.id}`, { displayName: '江翠网格助理' })).status).toBe(200);
    });

    it('cannot take over an account of the street that also holds a district-wide role', async () => {
      const wide = await createAccount(t, admin, {
        username: 'district.deputy',
        unit: '440704001000',
        role: 'district_admin',
        roleUnit: '440704000000',
      });
      expect((await admin.get(`/api/users/${wide.id}`)).status).toBe(200);
      expect((await street.get(`/api/users/${wide.id}`)).status).toBe(404);
      const reset = await street.post(`/api/users/${wide.id}/password`, { password: 'Taken-over-from-below-1' });
      expect(reset.status).toBe(404);
      expect((await street.patch(`/api/users/${wide.id}`, { status: 'disabled' })).status).toBe(404);
      expect((await street.delete(`/api/users/${wide.id}/grants/${wide.grantId}`)).status).toBe(404);
      const list = await street.get('/api/users?q=district.deputy');
      expect(list.body).toMatchObject({ items: [], total: 0 });
      expect((await t.anon.post('/api/auth/login', { username: wide.username, password: wide.password })).status).toBe(
        200,
      );
    });
  });

  it('a username that is taken is refused with 409, whatever the case', async () => {
    const body = {
      username: 'staff.jinxi',
      displayName: '重名',
      password: STAFF_PASSWORD,
      unitId: await t.unitId('440704001001'),
    };
    const taken = await admin.post('/api/users', body);
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'USERNAME_TAKEN', details: { field: 'username' } });
    // Sign-in is case-insensitive (citext): a look-alike in capitals is refused by the schema.
    const capitals = await admin.post('/api/users', { ...body, username: 'Staff.Jinxi' });
    expect(capitals.status).toBe(400);
    expect(capitals.body.error.details[0].field).toBe('username');
    expect((await t.anon.post('/api/auth/login', { username: 'STAFF.JINXI', password: DEMO_PASSWORD })).status).toBe(
      200,
    );
  });

  it('the account list searches by name and pages in username order, with the total on every page', async () => {
    const page1 = await admin.get('/api/users?q=grid.&pageSize=5&page=1');
    const page2 = await admin.get('/api/users?q=grid.&pageSize=5&page=2');
    expect(page1.status).toBe(200);
    const total = page1.body.total;
    const gridAccounts = await t.deps.db
      .selectFrom('app_user')
      .select('username')
      .where('username', 'like', 'grid.%')
      .orderBy('username')
      .execute();
    expect(total).toBe(gridAccounts.length);
    expect(total).toBeGreaterThanOrEqual(48);
    expect(page1.body.items.map((u: { username: string }) => u.username)).toEqual(
      gridAccounts.slice(0, 5).map((u) => u.username),
    );
    expect(page2.body).toMatchObject({ page: 2, pageSize: 5, total });
    expect(page2.body.items.map((u: { username: string }) => u.username)).toEqual(
      gridAccounts.slice(5, 10).map((u) => u.username),
    );
    const past = await admin.get('/api/users?q=grid.&pageSize=5&page=1000');
    expect(past.body).toEqual({ items: [], total, page: 1000, pageSize: 5 });
    const byName = await admin.get(`/api/users?q=${encodeURIComponent('李晓燕')}`);
    expect(byName.body.items.map((u: { username: string }) => u.username)).toEqual(['staff.jinxi']);
    expect((await admin.get('/api/users?pageSize=201')).status).toBe(400);
  });
});
