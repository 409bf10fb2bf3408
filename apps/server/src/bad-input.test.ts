/**
 * Bad input through the API: each gets a clear 4xx whose body names the field, with a message
 * in Chinese by default and in English with `Accept-Language: en`, and nothing is written
 * (row counts of every table a request may write are the same before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createAccount, WRITTEN_TABLES } from '../test/factories.ts';
import { type Client, dbLabel, type Reply, startTestPlatform, type TestPlatform } from '../test/harness.ts';

const HAN = /[\u4e00-\u9fff]/;

describe(`bad input (${dbLabel})`, () => {
  let t: TestPlatform;
  let district: Client;
  let jiangnan: Client;
  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    district = await t.as('district');
    jiangnan = await t.as('street.jiangnan');
  });
  afterAll(() => t.close());

  /**
   * Sends the request in both languages and checks the refusal: status, code, the field named
   * in the details (and, for schema failures, in the message), and that nothing was written.
   */
  async function refused(
    send: (headers: Record<string, string>) => Promise<Reply>,
    expected: { status: number; code: string; field?: string },
  ): Promise<{ zh: Reply; en: Reply }> {
    const before = await countRows(t, WRITTEN_TABLES);
    const zh = await send({});
    const en = await send({ 'accept-language': 'en-US,en;q=0.9' });
    for (const res of [zh, en]) {
      expect(res.status, JSON.stringify(res.body)).toBe(expected.status);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.body.error.code).toBe(expected.code);
    }
    expect(zh.body.error.message).toMatch(HAN);
    expect(en.body.error.message).not.toMatch(HAN);
    if (expected.field) {
      const details = zh.body.error.details;
      const fields = Array.isArray(details) ? details.map((d: { field: string }) => d.field) : [details?.field];
      expect(fields).toContain(expected.field);
      if (expected.code === 'VALIDATION_FAILED') {
        expect(zh.body.error.message).toContain(expected.field);
        expect(en.body.error.message).toContain(expected.field);
      }
    }
    expect(await countRows(t, WRITTEN_TABLES)).toEqual(before);
    return { zh, en };
  }

  async function newGridBody(overrides: Record<string, unknown> = {}) {
    return {
      parentId: await t.unitId('440704001001'),
      kind: 'grid',
      name: '金溪社区第九网格',
      code: '440704001001009',
      ...overrides,
    };
  }

  it('malformed or empty JSON gets 400 INVALID_JSON', async () => {
    const { zh, en } = await refused((h) => jiangnan.post('/api/org/units', '{"parentId": "x", "name": ', h), {
      status: 400,
      code: 'INVALID_JSON',
    });
    expect(zh.body.error.message).toBe('请求体不是有效的 JSON');
    expect(en.body.error.message).toBe('The request body is not valid JSON');
    await refused((h) => jiangnan.post('/api/org/units', '', h), { status: 400, code: 'INVALID_JSON' });
  });

  it('a name made of SQL is stored as text and never run', async () => {
    const name = "'; drop table org_unit; --";
    const created = await jiangnan.post('/api/org/units', await newGridBody({ name, code: '440704001001010' }));
    expect(created.status).toBe(201);
    expect((await jiangnan.get(`/api/org/units/${created.body.id}`)).body.name).toBe(name);
    const renamed = await jiangnan.patch(`/api/org/units/${created.body.id}`, {
      name: 'Robert"); DELETE FROM app_user; --',
    });
    expect(renamed.status).toBe(200);
    const stored = await t.deps.db
      .selectFrom('org_unit')
      .select('name')
      .where('uid', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.name).toBe('Robert"); DELETE FROM app_user; --');
    expect((await countRows(t, ['app_user'])).app_user).toBeGreaterThan(50);
    expect((await jiangnan.get('/api/org/tree')).status).toBe(200);
  });

  it('SQL in a search is only text to look for', async () => {
    const admin = await t.as('admin');
    for (const q of ["' or '1'='1", "'; drop table app_user; --", "staff.jinxi' --"]) {
      const res = await admin.get(`/api/users?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: [], total: 0 });
    }
    expect((await admin.get('/api/users?q=staff.jinxi')).body.total).toBe(1);
  });

  it('% and _ in an account search match themselves, not any text', async () => {
    const admin = await t.as('admin');
    await createAccount(t, admin, {
      username: 'bad_input',
      unit: '440704001001',
      displayName: '满意度100%',
      role: null,
    });
    await createAccount(t, admin, {
      username: 'badxinput',
      unit: '440704001001',
      displayName: '满意度100分',
      role: null,
    });
    const names = async (q: string) =>
      (await admin.get(`/api/users?q=${encodeURIComponent(q)}`)).body.items.map(
        (u: { username: string }) => u.username,
      );
    expect(await names('d_i')).toEqual(['bad_input']);
    expect(await names('_')).toEqual(['bad_input']);
    expect(await names('100%')).toEqual(['bad_input']);
    expect(await names('%')).toEqual(['bad_input']);
    expect(await names('d%n')).toEqual([]);
    expect(await names('\\')).toEqual([]);
    expect(await names('badxinput')).toEqual(['badxinput']);
    const auditor = await t.as('auditor');
    expect((await auditor.get('/api/audit?action=%25')).body.total).toBe(0);
    expect((await auditor.get('/api/audit?action=auth._ogin')).body.total).toBe(0);
    expect((await auditor.get('/api/audit?action=auth.login')).body.total).toBeGreaterThan(0);
  });

  it('a 10,000-character name gets 400 VALIDATION_FAILED naming the field', async () => {
    const long = '网'.repeat(10_000);
    const { zh, en } = await refused(
      (h) =>
        jiangnan.post(
          '/api/org/units',
          {
            ...{ kind: 'grid' },
            parentId: '00000000-0000-4000-8000-000000000000',
            name: long,
            code: '440704001001009',
          },
          h,
        ),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'name',
      },
    );
    expect(zh.body.error.details[0]).toEqual({
      field: 'name',
      rule: 'maxLength',
      message: 'name 过长(最多 64 个字符)',
    });
    expect(en.body.error.details[0].message).toBe('name is too long (at most 64 characters)');
    const grid = await t.unitId('440704001001002');
    await refused((h) => jiangnan.patch(`/api/org/units/${grid}`, { name: long }, h), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'name',
    });
    const admin = await t.as('admin');
    await refused(
      async (h) =>
        admin.post(
          '/api/users',
          {
            username: 'long.name',
            displayName: long,
            password: 'Lantern-over-the-river-7',
            unitId: await t.unitId('440704001001'),
          },
          h,
        ),
      { status: 400, code: 'VALIDATION_FAILED', field: 'displayName' },
    );
  });

  it('a unit code of the wrong length, the wrong level or outside its parent gets 400 UNIT_CODE_INVALID naming the code', async () => {
    const wrongLength = await refused(
      async (h) => jiangnan.post('/api/org/units', await newGridBody({ code: '4407040010010' }), h),
      {
        status: 400,
        code: 'UNIT_CODE_INVALID',
        field: 'code',
      },
    );
    expect(wrongLength.zh.body.error).toEqual({
      code: 'UNIT_CODE_INVALID',
      message: '区划代码不合规',
      details: { field: 'code', problem: 'CODE_FORMAT' },
    });
    expect(wrongLength.en.body.error.message).toBe('The unit code is invalid');
    const street = await t.unitId('440704001000');
    const wrongLevel = await refused(
      (h) =>
        jiangnan.post(
          '/api/org/units',
          { parentId: street, kind: 'community', name: '新社区', code: '440704001000' },
          h,
        ),
      {
        status: 400,
        code: 'UNIT_CODE_INVALID',
        field: 'code',
      },
    );
    expect(wrongLevel.zh.body.error.details.problem).toBe('CODE_LEVEL');
    const elsewhere = await refused(
      async (h) => jiangnan.post('/api/org/units', await newGridBody({ code: '440704001002009' }), h),
      {
        status: 400,
        code: 'UNIT_CODE_INVALID',
        field: 'code',
      },
    );
    expect(elsewhere.zh.body.error.details.problem).toBe('CODE_PARENT');
    // Not digits at all: the schema refuses it before any rule runs.
    await refused(async (h) => jiangnan.post('/api/org/units', await newGridBody({ code: '44070400100A' }), h), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'code',
    });
    // A split part with a bad code is named by its position.
    const grid = await t.unitId('440704001001003');
    const split = await refused(
      (h) =>
        jiangnan.post(
          `/api/org/grids/${grid}/split`,
          {
            parts: [
              { name: '甲', code: '440704001001021' },
              { name: '乙', code: '440704001002022' },
            ],
            reason: '拆分测试',
          },
          h,
        ),
      { status: 400, code: 'UNIT_CODE_INVALID', field: 'parts[1].code' },
    );
    expect(split.zh.body.error.details.problem).toBe('CODE_PARENT');
    expect((await jiangnan.get(`/api/org/units/${grid}`)).body.status).toBe('active');
  });

  it('moving a street under its own community, or a unit under itself, gets 409 UNIT_MOVE_CYCLE', async () => {
    const street = await t.unitId('440704001000');
    const community = await t.unitId('440704001001');
    await refused(
      (h) =>
        district.post(
          `/api/org/units/${street}/move`,
          { parentId: community, code: '440704001001', reason: '制造环路' },
          h,
        ),
      {
        status: 409,
        code: 'UNIT_MOVE_CYCLE',
        field: 'parentId',
      },
    );
    await refused(
      (h) =>
        district.post(
          `/api/org/units/${community}/move`,
          { parentId: community, code: '440704001001', reason: '移到自身之下' },
          h,
        ),
      {
        status: 409,
        code: 'UNIT_MOVE_CYCLE',
        field: 'parentId',
      },
    );
    expect((await district.get(`/api/org/units/${street}`)).body.path).toBe('440704.440704001');
  });

  it('deleting a unit that still has members or sub-units gets 409 UNIT_NOT_EMPTY', async () => {
    const grid = await t.unitId('440704001001004');
    const { zh } = await refused((h) => jiangnan.delete(`/api/org/units/${grid}`, h), {
      status: 409,
      code: 'UNIT_NOT_EMPTY',
    });
    expect(zh.body.error.details).toEqual({ children: 0, members: 1 });
    expect(zh.body.error.message).toBe('该单元下仍有下级单元或人员,不能删除');
    await refused(async (h) => jiangnan.delete(`/api/org/units/${await t.unitId('440704001003')}`, h), {
      status: 409,
      code: 'UNIT_NOT_EMPTY',
    });
    await refused(async (h) => district.delete(`/api/org/units/${await t.unitId('440704000000')}`, h), {
      status: 409,
      code: 'UNIT_NOT_EMPTY',
    });
    expect((await jiangnan.get(`/api/org/units/${grid}`)).body.status).toBe('active');
  });

  it('an unknown field in a body or a query gets 400 naming it', async () => {
    const { zh, en } = await refused(
      async (h) => jiangnan.post('/api/org/units', await newGridBody({ isAdmin: true }), h),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'isAdmin',
      },
    );
    expect(zh.body.error.details).toEqual([
      { field: 'isAdmin', rule: 'additionalProperties', message: '不允许的字段 isAdmin' },
    ]);
    expect(en.body.error.details[0].message).toBe('Unknown field isAdmin');
    await refused((h) => jiangnan.get('/api/org/tree?depth=3', h), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'depth',
    });
    await refused(
      (h) => jiangnan.post('/api/auth/login', { username: 'street.jiangnan', password: 'x', remember: true }, h),
      { status: 400, code: 'VALIDATION_FAILED', field: 'remember' },
    );
  });

  it('a value of the wrong type, or a missing one, gets 400 naming each field at once', async () => {
    const { zh } = await refused(
      async (h) => jiangnan.post('/api/org/units', await newGridBody({ name: 123, kind: 'planet' }), h),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'name',
      },
    );
    expect(zh.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'name', rule: 'type', message: 'name 类型错误(应为 string)' },
        expect.objectContaining({ field: 'kind', rule: 'enum' }),
      ]),
    );
    // A number in quotes is a string in JSON: no coercion of bodies.
    const grid = await t.unitId('440704001001003');
    await refused(
      (h) =>
        jiangnan.post(
          `/api/org/grids/${grid}/split`,
          {
            parts: [
              { name: '甲', code: '440704001001031' },
              { name: '乙', code: '440704001001032' },
            ],
            reason: '拆分测试',
            grantsTo: '1',
          },
          h,
        ),
      { status: 400, code: 'VALIDATION_FAILED', field: 'grantsTo' },
    );
    const missing = await refused(
      async (h) =>
        jiangnan.post(
          '/api/org/units',
          { parentId: await t.unitId('440704001001'), kind: 'grid', name: '无代码网格' },
          h,
        ),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'code',
      },
    );
    expect(missing.zh.body.error.details[0].message).toBe('缺少必填字段 code');
    expect(missing.en.body.error.details[0].message).toBe('Missing required field code');
    await refused((h) => jiangnan.get('/api/org/tree?includeRetired=maybe', h), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'includeRetired',
    });
  });

  it('a body over 1 MiB gets 413 BODY_TOO_LARGE', async () => {
    const huge = { ...(await newGridBody()), filler: 'x'.repeat(1024 * 1024 + 1) };
    const { zh, en } = await refused((h) => jiangnan.post('/api/org/units', huge, h), {
      status: 413,
      code: 'BODY_TOO_LARGE',
    });
    expect(zh.body.error.message).toBe('请求体过大(上限 1 MiB)');
    expect(en.body.error.message).toBe('The request body is too large (limit 1 MiB)');
  });

  it('a body that is not JSON gets 415, and a bad Idempotency-Key gets 400 naming the header', async () => {
    await refused(
      (h) =>
        jiangnan.post('/api/org/units', 'name=金溪', { ...h, 'content-type': 'application/x-www-form-urlencoded' }),
      {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
    );
    await refused(
      async (h) => jiangnan.post('/api/org/units', await newGridBody(), { ...h, 'idempotency-key': 'short' }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'Idempotency-Key',
      },
    );
    // A split whose heir is not one of its parts is refused the same way.
    const grid = await t.unitId('440704001001003');
    const heir = await refused(
      (h) =>
        jiangnan.post(
          `/api/org/grids/${grid}/split`,
          {
            parts: [
              { name: '甲', code: '440704001001041' },
              { name: '乙', code: '440704001001042' },
            ],
            reason: '拆分测试',
            grantsTo: 5,
          },
          h,
        ),
      { status: 400, code: 'VALIDATION_FAILED', field: 'grantsTo' },
    );
    expect(heir.zh.body.error.message).toBe('请求内容有误: grantsTo 不能大于 1');
    expect(heir.en.body.error.message).toBe('The request is invalid: grantsTo must be at most 1');
  });

  it('an id in the path that is not a uuid gets 400 naming the parameter', async () => {
    const { zh, en } = await refused((h) => jiangnan.get('/api/org/units/42', h), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'id',
    });
    expect(zh.body.error.details).toEqual([{ field: 'id', rule: 'format', message: 'id 格式不正确(应为 uuid)' }]);
    expect(en.body.error.details[0].message).toBe('id must be a valid uuid');
    await refused((h) => jiangnan.delete("/api/org/units/1'%20or%20'1'='1", h), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'id',
    });
    const admin = await t.as('admin');
    const staff = (await admin.get('/api/users?q=staff.jinxi')).body.items[0].id;
    await refused((h) => admin.delete(`/api/users/${staff}/grants/not-a-grant`, h), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'grantId',
    });
  });

  it('an unknown /api route gets a JSON 404', async () => {
    const { zh, en } = await refused((h) => jiangnan.get('/api/org/nowhere?x=1', h), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(zh.body.error).toEqual({ code: 'NOT_FOUND', message: '资源不存在', details: { path: '/api/org/nowhere' } });
    expect(en.body.error.message).toBe('Not found');
    await refused((h) => t.anon.post('/api/nowhere', { title: '路灯坏了' }, h), { status: 404, code: 'NOT_FOUND' });
  });
});
