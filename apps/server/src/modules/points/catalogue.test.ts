import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { demoResident, personOfGrid } from '../../../test/points-fixtures.ts';

const JINXI = '440704001001';
const ZHICHONG = '440704002001';
const JIANGNAN = '440704001000';

describe(`the points rule catalogue (${dbLabel})`, () => {
  let t: TestPlatform;
  let district: Client;
  let street: Client;
  let staff: Client;
  let resident: Client;
  let ids: Record<string, string>;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `catalogue-test-${++serial}` });
  const terms = (over: Record<string, unknown> = {}) => ({
    title: '清理楼道杂物',
    points: 5,
    appliesTo: 'person',
    evidence: ['photo'],
    claimable: true,
    capMonth: 20,
    capYear: 100,
    validFrom: '2026-11-01',
    ...over,
  });
  const create = (c: Client, unit: string, code: string, over: Record<string, unknown> = {}) =>
    c.post('/api/points/rules', { unit, code, category: 'environment', ...terms(over) }, key());
  const catalogueOf = async (c: Client, community: string) => {
    const res = await c.get(`/api/points/rules?community=${community}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.categories.flatMap((g: { rules: Array<{ code: string; inherited: boolean }> }) => g.rules);
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    [district, street, staff, resident] = await Promise.all([
      t.as('district'),
      t.as('street.jiangnan'),
      t.as('staff.jinxi'),
      t.as('resident.demo'),
    ]);
    await demoResident(t);
    ids = {};
    for (const code of ['440704000000', JIANGNAN, JINXI, ZHICHONG]) ids[code] = await t.unitId(code);
  });
  afterAll(() => t.close());

  it('a community sees its own rules and those its street and district made, and no other street’s', async () => {
    expect((await create(district, ids['440704000000'] as string, 'T-D1')).status).toBe(201);
    expect((await create(street, ids[JIANGNAN] as string, 'T-S1')).status).toBe(201);
    const own = await create(staff, ids[JINXI] as string, 'T-C1');
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body).toMatchObject({ code: 'T-C1', inherited: false, current: { version: 1, points: 5 } });

    const jinxi = await catalogueOf(staff, ids[JINXI] as string);
    const mine = jinxi.filter((r: { code: string }) => r.code.startsWith('T-'));
    expect(mine.map((r: { code: string; inherited: boolean }) => [r.code, r.inherited])).toEqual([
      ['T-D1', true],
      ['T-S1', true],
      ['T-C1', false],
    ]);
    const zhichong = await catalogueOf(district, ids[ZHICHONG] as string);
    expect(zhichong.map((r: { code: string }) => r.code)).toContain('T-D1');
    expect(zhichong.map((r: { code: string }) => r.code)).not.toContain('T-S1');
    expect(zhichong.map((r: { code: string }) => r.code)).not.toContain('T-C1');

    const res = await staff.get(`/api/points/rules?community=${ids[JINXI]}`, { 'accept-language': 'en' });
    const environment = res.body.categories.find((c: { category: string }) => c.category === 'environment');
    expect(environment.name).toBe('Environment');
    expect(await auditRecords(t, { action: 'points.rule_create' })).not.toHaveLength(0);
  });

  it('a resident sees the rules of their own community they may claim today', async () => {
    await create(staff, ids[JINXI] as string, 'T-STAFF', { claimable: false });
    await create(staff, ids[JINXI] as string, 'T-LATER', { validFrom: '2026-12-01' });
    await create(staff, ids[JINXI] as string, 'T-FINE', {
      points: -10,
      claimable: false,
      capMonth: null,
      capYear: null,
    });
    const codes = (await catalogueOf(resident, ids[JINXI] as string)).map((r: { code: string }) => r.code);
    expect(codes).toContain('T-C1');
    expect(codes).toContain('T-D1');
    expect(codes).not.toContain('T-STAFF');
    expect(codes).not.toContain('T-LATER');
    expect(codes).not.toContain('T-FINE');
    expect((await resident.get(`/api/points/rules?community=${ids[ZHICHONG]}`)).status).toBe(404);
  });

  it('a new version leaves what was awarded on the old one, and holds from its first day', async () => {
    const rule = (await create(staff, ids[JINXI] as string, 'T-VER')).body;
    const person = await personOfGrid(t, '440704001001002');
    const before = await staff.post(
      '/api/points/awards',
      { person: person.uid, rule: rule.id, occurredOn: '2026-11-10' },
      key(),
    );
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect(before.body.transfer.amount).toBe(5);

    const revised = await staff.put(
      `/api/points/rules/${rule.id}`,
      terms({ points: 8, validFrom: '2026-11-20' }),
      key(),
    );
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body.current).toMatchObject({ version: 2, points: 8 });
    expect(revised.body.versions.map((v: { version: number; points: number }) => [v.version, v.points])).toEqual([
      [1, 5],
      [2, 8],
    ]);

    // The award of the 10th stays on version 1; a deed of the 15th still earns under version 1.
    const { rows } = await sql<{ version: number; amount: number }>`
      select v.version, t.amount::int as amount from points_transfer t
        join points_rule_version v on v.id = t.rule_version_id
       where t.uid = ${before.body.transfer.id}::uuid`.execute(t.deps.db);
    expect(rows).toEqual([{ version: 1, amount: 5 }]);
    const mid = await staff.post(
      '/api/points/awards',
      { person: person.uid, rule: rule.id, occurredOn: '2026-11-15' },
      key(),
    );
    expect(mid.body.rule.version).toBe(1);
    const after = await staff.post(
      '/api/points/awards',
      { person: person.uid, rule: rule.id, occurredOn: '2026-11-21' },
      key(),
    );
    expect(after.body.rule.version).toBe(2);
    expect(after.body.transfer.amount).toBe(8);

    const detail = await resident.get(`/api/points/rules/${rule.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.versions).toHaveLength(2);
  });

  it('a retired rule leaves the catalogue and takes no new version or award', async () => {
    const rule = (await create(staff, ids[JINXI] as string, 'T-OLD')).body;
    const retired = await staff.post(`/api/points/rules/${rule.id}/retire`, { reason: '已合并到新条款' }, key());
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body.retiredAt).not.toBeNull();
    expect((await catalogueOf(staff, ids[JINXI] as string)).map((r: { code: string }) => r.code)).not.toContain(
      'T-OLD',
    );
    const withRetired = await staff.get(`/api/points/rules?community=${ids[JINXI]}&retired=true`);
    expect(JSON.stringify(withRetired.body)).toContain('T-OLD');
    expect((await staff.put(`/api/points/rules/${rule.id}`, terms(), key())).body.error.code).toBe(
      'POINTS_RULE_RETIRED',
    );
    expect((await staff.post(`/api/points/rules/${rule.id}/retire`, {}, key())).status).toBe(409);
    const person = await personOfGrid(t, '440704001001002');
    const award = await staff.post(
      '/api/points/awards',
      { person: person.uid, rule: rule.id, occurredOn: '2026-11-23' },
      key(),
    );
    expect(award.status).toBe(400);
    expect(award.body.error.details[0].field).toBe('occurredOn');
  });

  it('bad terms are refused with 400, each field named in Chinese or English', async () => {
    const zh = await create(staff, ids[JINXI] as string, 'T-BAD', { points: 0, validUntil: '2026-10-01' });
    expect(zh.status).toBe(400);
    const fields = zh.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['points', 'validUntil']));
    expect(zh.body.error.details.find((d: { field: string }) => d.field === 'points').message).toContain('不能为 0');

    const en = await staff.post(
      '/api/points/rules',
      { unit: ids[JINXI], code: 'T-BAD', category: 'party_duty', ...terms({ points: -3 }) },
      { ...key(), 'accept-language': 'en' },
    );
    expect(en.status).toBe(400);
    const byField = Object.fromEntries(
      en.body.error.details.map((d: { field: string; message: string }) => [d.field, d.message]),
    );
    expect(byField.claimable).toMatch(/residents cannot claim a deduction/);
    expect(byField.appliesTo).toMatch(/party members/);

    const schema = await staff.post('/api/points/rules', { unit: ids[JINXI], code: 'bad code!', category: 'x' }, key());
    expect(schema.status).toBe(400);
    expect(schema.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['code', 'title']),
    );
    const fractional = await create(staff, ids[JINXI] as string, 'T-FRAC', { points: 2.5 });
    expect(fractional.status).toBe(400);
    expect(fractional.body.error.details[0].field).toBe('points');
    expect((await t.deps.db.selectFrom('points_rule').where('code', '=', 'T-BAD').execute()).length).toBe(0);
  });

  it('a code is used once per owner', async () => {
    const again = await create(staff, ids[JINXI] as string, 'T-C1');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('POINTS_RULE_CODE_TAKEN');
    // Another owner may use the same code.
    expect((await create(district, ids[ZHICHONG] as string, 'T-C1')).status).toBe(201);
  });

  it('out of scope is not found: another community, a rule of a unit above, a unit beyond the grant', async () => {
    expect((await create(staff, ids[ZHICHONG] as string, 'T-OUT')).body.error.code).toBe('UNIT_NOT_FOUND');
    expect((await staff.get(`/api/points/rules?community=${ids[ZHICHONG]}`)).status).toBe(404);
    const districtRule = (await create(district, ids['440704000000'] as string, 'T-D2')).body;
    const edit = await staff.put(`/api/points/rules/${districtRule.id}`, terms(), key());
    expect(edit.status).toBe(404);
    expect(edit.body.error.code).toBe('POINTS_RULE_NOT_FOUND');
    // …but the community reads it: it is part of its catalogue.
    expect((await staff.get(`/api/points/rules/${districtRule.id}`)).status).toBe(200);
    const zhichongRule = (await create(district, ids[ZHICHONG] as string, 'T-Z1')).body;
    expect((await staff.get(`/api/points/rules/${zhichongRule.id}`)).status).toBe(404);
    expect((await resident.get(`/api/points/rules/${zhichongRule.id}`)).status).toBe(404);
    const auditor = await t.as('auditor');
    expect((await auditor.get(`/api/points/rules?community=${ids[JINXI]}`)).status).toBe(403);
  });
});
