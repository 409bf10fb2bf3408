import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { personIn } from '../../../test/people-fixtures.ts';

const PASSWORD = 'Minzheng-tong-2026';

describe(`residents' own accounts (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client;

  beforeAll(async () => {
    t = await startTestPlatform();
    staff = await t.as('staff.jinxi');
  });
  afterAll(() => t?.close());

  it('opens an account linked to the person, with the resident role on their grid', async () => {
    const person = await personIn(t, '440704001001002', { name: '黄秀英' });
    const before = await staff.get(`/api/residents/account?person=${person.uid}`);
    expect(before.body).toEqual({ account: null });

    const res = await staff.post('/api/residents/account', {
      person: person.uid,
      username: 'huang.xiuying',
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body.account).toMatchObject({ username: 'huang.xiuying', status: 'active' });

    const resident = await t.as('huang.xiuying', PASSWORD);
    const me = await resident.get('/api/auth/me');
    expect(me.body.user.displayName).toBe('黄秀英');
    expect(me.body.permissions).toEqual(['points:self', 'cases:self', 'deliberation:self']);
    expect(me.body.roles.map((r: { role: string }) => r.role)).toEqual(['resident']);
    const linked = await t.deps.db
      .selectFrom('app_user')
      .innerJoin('person', 'person.id', 'app_user.person_id')
      .select('person.uid')
      .where('username', '=', 'huang.xiuying')
      .executeTakeFirstOrThrow();
    expect(linked.uid).toBe(person.uid);
    expect(await auditRecords(t, { action: 'users.open_resident', targetId: res.body.account.userId })).toHaveLength(1);
    expect((await staff.get(`/api/residents/account?person=${person.uid}`)).body.account.username).toBe(
      'huang.xiuying',
    );
  });

  it('refuses a second account for the same person, a taken name and a weak password, writing nothing', async () => {
    const person = await personIn(t, '440704001001002');
    expect(
      (await staff.post('/api/residents/account', { person: person.uid, username: 'res.first', password: PASSWORD }))
        .status,
    ).toBe(201);
    const { app_user: users } = await countRows(t, ['app_user']);

    const again = await staff.post('/api/residents/account', {
      person: person.uid,
      username: 'res.second',
      password: PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'PERSON_HAS_ACCOUNT', details: { field: 'person' } });

    const other = await personIn(t, '440704001001002');
    const taken = await staff.post('/api/residents/account', {
      person: other.uid,
      username: 'res.first',
      password: PASSWORD,
    });
    expect(taken.body.error).toMatchObject({ code: 'USERNAME_TAKEN', details: { field: 'username' } });
    const weak = await staff.post('/api/residents/account', { person: other.uid, username: 'res.weak', password: '1' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PASSWORD_POLICY');
    expect((await countRows(t, ['app_user'])).app_user).toBe(users);
  });

  it('answers 404 for a person outside the caller’s area', async () => {
    const outside = await personIn(t, '440704002001001');
    const res = await staff.post('/api/residents/account', {
      person: outside.uid,
      username: 'res.outside',
      password: PASSWORD,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('PERSON_NOT_FOUND');
    expect((await staff.get(`/api/residents/account?person=${outside.uid}`)).status).toBe(404);
  });
});
