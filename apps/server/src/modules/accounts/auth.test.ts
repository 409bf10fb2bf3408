/**
 * Signing in and staying signed in, through the HTTP API on a real database: cookies, lockout,
 * the per-IP rate limit, TOTP for administrators, idle timeouts, revocation when roles change,
 * CSRF, logout, the two password profiles, and the audit trail of every attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows, createAccount, STAFF_PASSWORD, wrongTotp } from '../../../test/factories.ts';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../demo/district.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

function login(t: TestPlatform, username: string, password: string, totp?: string) {
  return t.anon.post('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
}

function sessionCookie(res: { cookies: Array<{ name: string; value: string }> }): string {
  const c = res.cookies.find((x) => x.name === 'gz_session');
  if (!c) throw new Error('no session cookie');
  return `gz_session=${c.value}`;
}

describe(`signing in and sessions (${dbLabel})`, () => {
  let t: TestPlatform;
  beforeAll(async () => {
    // The per-IP limit gets its own platform below; here every test signs in freely.
    t = await startTestPlatform({ loginRateLimit: 10_000 });
  });
  afterAll(() => t.close());

  it('a staff member signs in and gets an HttpOnly, SameSite=Strict session cookie and a CSRF cookie the page can read', async () => {
    const res = await login(t, 'staff.jinxi', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe('staff.jinxi');
    const session = res.cookies.find((c) => c.name === 'gz_session');
    const csrf = res.cookies.find((c) => c.name === 'gz_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session?.value.length).toBeGreaterThanOrEqual(32);
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf).toMatchObject({ sameSite: 'Strict', value: res.body.csrfToken });
    // The database keeps a hash of the token, never the token itself.
    const stored = await t.deps.db.selectFrom('user_session').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(session?.value);
    const me = await t.client(sessionCookie(res)).get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.roles[0]).toMatchObject({ role: 'community_staff', unitName: '金溪社区' });
  });

  it('a wrong password and an unknown username get the same 401 INVALID_CREDENTIALS', async () => {
    const wrong = await login(t, 'staff.jinxi', 'not-the-password-at-all');
    const unknown = await login(t, 'nobody.here', 'not-the-password-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('five wrong passwords lock the account for 15 minutes, even against the right password', async () => {
    for (let i = 1; i <= 4; i++) expect((await login(t, 'staff.yingnan', `wrong-guess-${i}`)).status).toBe(401);
    const fifth = await login(t, 'staff.yingnan', 'wrong-guess-5');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(new Date(fifth.body.error.details.until).getTime()).toBe(t.clock().getTime() + 15 * MINUTE);
    const right = await login(t, 'staff.yingnan', DEMO_PASSWORD);
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(right.cookies.find((c) => c.name === 'gz_session')).toBeUndefined();
    t.clock.advance(14 * MINUTE);
    expect((await login(t, 'staff.yingnan', DEMO_PASSWORD)).status).toBe(423);
    t.clock.advance(1 * MINUTE);
    expect((await login(t, 'staff.yingnan', DEMO_PASSWORD)).status).toBe(200);
  });

  it('signing in again from a browser that still holds a session ends the old session', async () => {
    const first = await login(t, 'grid.jinxi02', DEMO_PASSWORD);
    const oldCookie = sessionCookie(first);
    const second = await t
      .client(oldCookie)
      .post('/api/auth/login', { username: 'grid.jinxi02', password: DEMO_PASSWORD });
    expect(second.status).toBe(200);
    expect(sessionCookie(second)).not.toBe(oldCookie);
    expect((await t.client(oldCookie).get('/api/auth/me')).status).toBe(401);
    expect((await t.client(sessionCookie(second)).get('/api/auth/me')).status).toBe(200);
  });

  it('an administrator without a code is asked for one, a wrong code is refused, and a code works only once', async () => {
    t.clock.advance(30_000);
    const noCode = await login(t, 'auditor', DEMO_PASSWORD);
    expect(noCode.status).toBe(401);
    expect(noCode.body.error.code).toBe('MFA_REQUIRED');
    expect(noCode.cookies.find((c) => c.name === 'gz_session')).toBeUndefined();
    const wrong = await login(t, 'auditor', DEMO_PASSWORD, wrongTotp(t, DEMO_TOTP_SECRET));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('MFA_INVALID');
    const code = t.totp();
    const ok = await login(t, 'auditor', DEMO_PASSWORD, code);
    expect(ok.status).toBe(200);
    const replay = await login(t, 'auditor', DEMO_PASSWORD, code);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('MFA_INVALID');
    // A wrong password with a valid code is still a wrong password.
    t.clock.advance(30_000);
    expect((await login(t, 'auditor', 'not-the-password-at-all', t.totp())).body.error.code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('a new administrator without an authenticator may only enrol one until it is confirmed', async () => {
    const admin = await t.as('admin');
    const account = await createAccount(t, admin, {
      username: 'new.district.admin',
      unit: '440704000000',
      role: 'district_admin',
    });
    const res = await login(t, account.username, account.password);
    expect(res.status).toBe(200);
    expect(res.body.mfaEnrolmentRequired).toBe(true);
    const restricted = t.client(sessionCookie(res), res.body.csrfToken);
    const me = await restricted.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ mfaEnrolmentRequired: true, totpEnabled: false });
    const tree = await restricted.get('/api/org/tree');
    expect(tree.status).toBe(403);
    expect(tree.body.error.code).toBe('MFA_ENROLMENT_REQUIRED');

    expect((await restricted.post('/api/auth/totp/confirm', { code: '123456' })).body.error.code).toBe(
      'MFA_NOT_STARTED',
    );
    const setup = await restricted.post('/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toContain(`secret=${setup.body.secret}`);
    const wrong = await restricted.post('/api/auth/totp/confirm', { code: wrongTotp(t, setup.body.secret) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('MFA_INVALID');
    expect((await restricted.get('/api/org/tree')).status).toBe(403);
    const confirmed = await restricted.post('/api/auth/totp/confirm', { code: t.totp(setup.body.secret) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ mfaEnrolmentRequired: false, totpEnabled: true });
    expect((await restricted.get('/api/org/tree')).status).toBe(200);

    // From now on the account signs in with its code, like every administrator.
    t.clock.advance(30_000);
    expect((await login(t, account.username, account.password)).body.error.code).toBe('MFA_REQUIRED');
    expect((await login(t, account.username, account.password, t.totp(setup.body.secret))).status).toBe(200);
  });

  it('a community worker idle for 31 minutes must sign in again', async () => {
    const staff = await t.as('staff.jinxi');
    expect((await staff.get('/api/auth/me')).body.idleTimeoutSeconds).toBe(30 * 60);
    t.clock.advance(31 * MINUTE);
    const expired = await staff.get('/api/org/tree');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    expect((await staff.get('/api/auth/me')).status).toBe(401);
  });

  it('a community worker who does something every 20 minutes stays signed in for an hour', async () => {
    const staff = await t.as('staff.jinxi');
    for (let i = 0; i < 3; i++) {
      t.clock.advance(20 * MINUTE);
      expect((await staff.get('/api/org/tree')).status).toBe(200);
    }
    t.clock.advance(29 * MINUTE);
    expect((await staff.get('/api/auth/me')).status).toBe(200);
  });

  it("an administrator's session ends after 15 idle minutes", async () => {
    const district = await t.as('district');
    expect((await district.get('/api/auth/me')).body.idleTimeoutSeconds).toBe(15 * 60);
    t.clock.advance(14 * MINUTE);
    expect((await district.get('/api/org/tree')).status).toBe(200);
    t.clock.advance(16 * MINUTE);
    const expired = await district.get('/api/org/tree');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('granting or revoking a role, or disabling the account, ends the user’s sessions at once', async () => {
    const admin = await t.as('admin');
    const worker = await createAccount(t, admin, {
      username: 'revoked.worker',
      unit: '440704001002001',
      role: 'grid_worker',
    });

    let session = await t.as(worker.username, worker.password);
    expect((await session.get('/api/org/tree')).status).toBe(200);
    const granted = await admin.post(`/api/users/${worker.id}/grants`, {
      role: 'grid_worker',
      unitId: await t.unitId('440704001002002'),
    });
    expect(granted.status).toBe(200);
    const afterGrant = await session.get('/api/org/tree');
    expect(afterGrant.status).toBe(401);
    expect(afterGrant.body.error.code).toBe('UNAUTHENTICATED');

    session = await t.as(worker.username, worker.password);
    const secondGrant = granted.body.roles.find((r: { unitName: string }) => r.unitName === '文昌沙社区第二网格').id;
    expect((await admin.delete(`/api/users/${worker.id}/grants/${secondGrant}`)).status).toBe(200);
    expect((await session.get('/api/org/tree')).status).toBe(401);

    session = await t.as(worker.username, worker.password);
    expect((await admin.patch(`/api/users/${worker.id}`, { status: 'disabled' })).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    const refused = await login(t, worker.username, worker.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('a write without the CSRF token, or with a wrong one, is refused and writes nothing', async () => {
    const official = await t.as('street.jiangnan');
    const body = {
      parentId: await t.unitId('440704001003'),
      kind: 'grid',
      name: '东海社区第五网格',
      code: '440704001003005',
    };
    const before = await countRows(t, ['org_unit', 'org_change', 'audit_log', 'outbox']);
    const missing = await t.client(official.cookie).post('/api/org/units', body);
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('CSRF_INVALID');
    const forged = await official.post('/api/org/units', body, { 'x-csrf-token': 'forged-token-from-another-site' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('CSRF_INVALID');
    expect(await countRows(t, ['org_unit', 'org_change', 'audit_log', 'outbox'])).toEqual(before);
    // The same request with the session's token goes through.
    expect((await official.post('/api/org/units', body)).status).toBe(201);
  });

  it('signing out ends the session and clears the cookies', async () => {
    const grid = await t.as('grid.jinxi01');
    const out = await grid.post('/api/auth/logout');
    expect(out.status).toBe(200);
    const cleared = out.cookies.find((c) => c.name === 'gz_session') as { value: string; expires?: Date };
    expect(cleared.value).toBe('');
    expect(cleared.expires?.getTime()).toBeLessThan(Date.now());
    const after = await grid.get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
    expect((await auditRecords(t, { action: 'auth.logout', actor: 'grid.jinxi01' })).length).toBe(1);
  });

  it('a staff password must be at least 12 characters, not a common one, and not contain the username', async () => {
    const admin = await t.as('admin');
    const staff = await createAccount(t, admin, {
      username: 'policy.staff',
      unit: '440704001004',
      role: 'community_staff',
    });
    const session = await t.as(staff.username, staff.password);
    const problems = async (newPassword: string) => {
      const res = await session.post('/api/auth/password', { currentPassword: staff.password, newPassword });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PASSWORD_POLICY');
      return res.body.error.details.problems.map((p: { code: string }) => p.code);
    };
    expect(await problems('short-pass1')).toEqual(['PASSWORD_TOO_SHORT']);
    expect(await problems('password1234')).toEqual(['PASSWORD_COMMON']);
    expect(await problems('my-policy.staff-phrase')).toEqual(['PASSWORD_CONTAINS_USERNAME']);
    expect(await problems('aaaa')).toEqual(['PASSWORD_TOO_SHORT', 'PASSWORD_COMMON']);
    const wrongCurrent = await session.post('/api/auth/password', {
      currentPassword: 'not-my-password',
      newPassword: 'paper boats drift south',
    });
    expect(wrongCurrent.body.error.code).toBe('PASSWORD_WRONG');

    // Under ASVS a long passphrase needs no digits or capitals.
    const other = await t.as(staff.username, staff.password);
    const changed = await session.post('/api/auth/password', {
      currentPassword: staff.password,
      newPassword: 'paper boats drift south',
    });
    expect(changed.status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await login(t, staff.username, staff.password)).status).toBe(401);
    expect((await login(t, staff.username, 'paper boats drift south')).status).toBe(200);
  });

  it('a resident may choose an 8-character password, which staff may not', async () => {
    const admin = await t.as('admin');
    const resident = await createAccount(t, admin, {
      username: 'policy.resident',
      unit: '440704001004001',
      role: 'resident',
    });
    const session = await t.as(resident.username, resident.password);
    const res = await session.post('/api/auth/password', {
      currentPassword: resident.password,
      newPassword: 'kite+moon',
    });
    expect(res.status).toBe(200);
    expect((await login(t, resident.username, 'kite+moon')).status).toBe(200);
  });

  it('every sign-in, successful or refused, is in the audit log with the client address', async () => {
    // A second apart, so the records sort in the order of the attempts.
    t.clock.advance(1000);
    const since = t.clock();
    await login(t, 'grid.jinxi03', 'not-the-password-at-all');
    t.clock.advance(1000);
    await login(t, 'ghost.account', 'not-the-password-at-all');
    t.clock.advance(1000);
    // The id the proxy gave the request follows it into the audit log.
    await t.anon.post(
      '/api/auth/login',
      { username: 'grid.jinxi03', password: DEMO_PASSWORD },
      { 'x-request-id': 'nginx-7f3a9c' },
    );
    t.clock.advance(1000);
    await login(t, 'district', DEMO_PASSWORD);
    const records = await auditRecords(t, { action: 'auth.login', since });
    const view = records.map((r) => [r.actor_name, r.outcome, r.after?.code ?? null, r.ip]);
    expect(view).toEqual([
      ['grid.jinxi03', 'failed', 'INVALID_CREDENTIALS', '127.0.0.1'],
      ['ghost.account', 'failed', 'INVALID_CREDENTIALS', '127.0.0.1'],
      ['grid.jinxi03', 'ok', null, '127.0.0.1'],
      ['district', 'failed', 'MFA_REQUIRED', '127.0.0.1'],
    ]);
    expect(records[2]?.actor_roles).toEqual(['grid_worker']);
    expect(records[2]?.org_path).toBe('440704.440704001.440704001001.g003');
    expect(records[2]?.request_id).toBe('nginx-7f3a9c');
  });
});

describe(`the per-IP limit on sign-in attempts (${dbLabel})`, () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 3 });
  });
  afterAll(() => t.close());

  it('the fourth attempt in a minute from one address gets 429 RATE_LIMITED, other addresses still sign in', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t, 'resident.demo', `guess-${i}`)).status).toBe(401);
    const limited = await login(t, 'resident.demo', DEMO_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/json');
    expect(limited.body).toEqual({ error: { code: 'RATE_LIMITED', message: '请求过于频繁,请稍后再试' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const english = await t.anon.post(
      '/api/auth/login',
      { username: 'resident.demo', password: DEMO_PASSWORD },
      { 'accept-language': 'en' },
    );
    expect(english.body.error.message).toBe('Too many requests, please slow down');

    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '198.51.100.23',
      payload: { username: 'resident.demo', password: DEMO_PASSWORD },
    });
    expect(elsewhere.statusCode).toBe(200);
    // The limit is on sign-in only: the limited address still reaches other routes.
    expect((await t.anon.get('/healthz')).status).toBe(200);
  });
});

describe(`the 等保 (dengbao) password profile (${dbLabel})`, () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ profile: 'dengbao', loginRateLimit: 10_000 });
  });
  afterAll(() => t.close());

  it('a new password must mix three kinds of characters', async () => {
    const staff = await t.as('staff.jinxi');
    const simple = await staff.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'paper boats drift south',
    });
    expect(simple.status).toBe(400);
    expect(simple.body.error.details.problems).toEqual([{ code: 'PASSWORD_TOO_SIMPLE', classes: 2 }]);
    const mixed = await staff.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Paper boats drift 2 south',
    });
    expect(mixed.status).toBe(200);
  });

  it('a password reset by the sysadmin must be replaced at the next sign-in', async () => {
    const admin = await t.as('admin');
    const worker = await createAccount(t, admin, {
      username: 'reset.worker',
      unit: '440704001002001',
      role: 'grid_worker',
    });
    expect((await admin.post(`/api/users/${worker.id}/password`, { password: 'Temporary-Pass-2026' })).status).toBe(
      200,
    );
    const session = await t.as(worker.username, 'Temporary-Pass-2026');
    expect((await session.get('/api/auth/me')).body.passwordChangeRequired).toBe(true);
    expect((await session.get('/api/org/tree')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(
      (
        await session.post('/api/auth/password', {
          currentPassword: 'Temporary-Pass-2026',
          newPassword: STAFF_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect((await session.get('/api/org/tree')).status).toBe(200);
  });

  it('a password older than 90 days must be changed before any business route answers', async () => {
    t.clock.advance(89 * DAY);
    expect((await (await t.as('grid.jinxi01')).get('/api/org/tree')).status).toBe(200);
    t.clock.advance(2 * DAY);
    const session = await t.as('grid.jinxi01');
    expect((await session.get('/api/auth/me')).body.passwordChangeRequired).toBe(true);
    const blocked = await session.get('/api/org/tree');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await session.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Kapok-blossom-2027!',
    });
    expect(changed.status).toBe(200);
    expect((await session.get('/api/auth/me')).body.passwordChangeRequired).toBe(false);
    expect((await session.get('/api/org/tree')).status).toBe(200);
  });
});
