import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { seedDefaultCategories } from './categories-repo.ts';

interface Cat {
  uid: string;
  code: string;
  name: string;
  active: boolean;
  handlerKind: string;
  department: { uid: string; code: string; name: string } | null;
  response: { amount: number; unit: string };
  resolve: { amount: number; unit: string };
  children?: Cat[];
}

const flat = (tree: { items: Cat[] }): Cat[] => tree.items.flatMap((g) => [g, ...(g.children ?? [])]);

describe(`case categories, reply templates and Open311 clients (${dbLabel})`, () => {
  let t: TestPlatform;
  let district: Client;
  let staff: Client;
  let resident: Client;
  let dept: Client;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `categories-test-${++serial}` });
  const en = () => ({ ...key(), 'accept-language': 'en' });
  let chengguan: string;
  let jinxi: string;

  const body = (over: Record<string, unknown> = {}) => ({
    code: `test.cat-${++serial}`,
    name: '共享单车乱停放',
    nameEn: 'Shared bikes parked in the way',
    response: { amount: 24, unit: 'hours' },
    resolve: { amount: 7, unit: 'working_days' },
    ...over,
  });
  const treeOf = async (c: Client) => {
    const res = await c.get('/api/cases/categories');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return flat(res.body);
  };
  const byCode = async (c: Client, code: string) => (await treeOf(c)).find((x) => x.code === code) as Cat;

  beforeAll(async () => {
    t = await startTestPlatform();
    [district, staff, resident, dept] = await Promise.all([
      t.as('district'),
      t.as('staff.jinxi'),
      t.as('resident.demo'),
      t.as('dept.chengguan'),
    ]);
    chengguan = await t.unitId('001');
    jinxi = await t.unitId('440704001001');
  });
  afterAll(() => t.close());

  describe('the tree', () => {
    it('the demo district starts with the 12345 tree: groups, leaves with handlers and time limits, and 其他', async () => {
      const res = await resident.get('/api/cases/categories');
      expect(res.status).toBe(200);
      // The district's outline comes along, so the phone's map shows where a report may be placed.
      expect(res.body.bbox).toEqual([113.08, 22.53, 113.16, 22.6]);
      const codes = res.body.items.map((g: Cat) => g.code);
      expect(codes).toEqual([
        'emergency',
        'utilities',
        'environment',
        'traffic',
        'property',
        'neighbour',
        'facilities',
        'safety',
        'welfare',
        'other',
      ]);
      const gas = res.body.items[0].children[0];
      expect(gas).toMatchObject({
        code: 'emergency.gas-leak',
        name: '燃气泄漏',
        handlerKind: 'department',
        department: { code: '002', name: '区住房和城乡建设局' },
        response: { amount: 2, unit: 'hours' },
        resolve: { amount: 24, unit: 'hours' },
        deliberable: false,
      });
      expect(res.body.items.at(-1)).toMatchObject({ name: '其他', handlerKind: 'community', fallback: true });
    });

    it('seeding again changes nothing (an admin’s edits stay)', async () => {
      const before = await treeOf(district);
      const { id } = await t.deps.db
        .selectFrom('org_unit')
        .select('id')
        .where('code', '=', '440704000000')
        .executeTakeFirstOrThrow();
      await seedDefaultCategories(t.deps.db, id, t.clock());
      expect(await treeOf(district)).toEqual(before);
      const templates = await t.deps.db
        .selectFrom('case_reply_template')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('district_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(Number(templates.n)).toBe(9);
    });

    it('the demo district has its outline for checking reported points', async () => {
      const d = await t.deps.db
        .selectFrom('org_unit')
        .select('bbox')
        .where('code', '=', '440704000000')
        .executeTakeFirstOrThrow();
      expect(d.bbox).toEqual([113.08, 22.53, 113.16, 22.6]);
    });
  });

  describe('keeping categories', () => {
    it('a district admin adds a subcategory handled by 城管, audited; everyone sees it', async () => {
      const facilities = await byCode(district, 'facilities');
      const res = await district.post(
        '/api/cases/categories',
        body({ code: 'facilities.bikes', parent: facilities.uid, department: chengguan, deliberable: true, sort: 50 }),
        key(),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({
        code: 'facilities.bikes',
        parentUid: facilities.uid,
        handlerKind: 'department',
        department: { uid: chengguan, code: '001' },
        deliberable: true,
        active: true,
        fallback: false,
      });
      const tree = await resident.get('/api/cases/categories');
      const group = tree.body.items.find((g: Cat) => g.code === 'facilities');
      expect(group.children.at(-1).code).toBe('facilities.bikes');
      const audit = await auditRecords(t, { action: 'cases.category_create', targetId: res.body.uid });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_name: 'district', org_path: '440704' });
    });

    it('refuses a second category with the same code', async () => {
      const res = await district.post('/api/cases/categories', body({ code: 'facilities.bikes' }), key());
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CASE_CATEGORY_CODE_TAKEN');
    });

    it('names every wrong field, in Chinese and in English, and writes nothing', async () => {
      const wrong = body({
        name: '  ',
        nameEn: 'x'.repeat(81),
        response: { amount: 48, unit: 'hours' },
        resolve: { amount: 1, unit: 'working_days' },
        department: jinxi,
      });
      const zh = await district.post('/api/cases/categories', wrong, key());
      expect(zh.status).toBe(400);
      const fields = zh.body.error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(['name', 'nameEn', 'response.amount', 'department']);
      expect(zh.body.error.details[0].message).toBe('name:名称不能为空');
      expect(zh.body.error.details[3].message).toBe('department:须为本区的职能部门');
      const eng = await district.post('/api/cases/categories', wrong, en());
      expect(eng.body.error.details[2].message).toBe(
        'response.amount: the response limit cannot be longer than the resolve limit',
      );
      const long = await district.post(
        '/api/cases/categories',
        body({ resolve: { amount: 61, unit: 'working_days' } }),
        en(),
      );
      expect(long.status).toBe(400);
      expect(long.body.error.details).toEqual([
        expect.objectContaining({ field: 'resolve.amount', rule: 'SLA_TOO_LONG' }),
      ]);
      expect((await treeOf(district)).some((c) => c.name === '  ')).toBe(false);
    });

    it('keeps the tree at two levels', async () => {
      const leaf = await byCode(district, 'emergency.gas-leak');
      const res = await district.post('/api/cases/categories', body({ parent: leaf.uid }), key());
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'parent', rule: 'PARENT_TOO_DEEP' });
      const group = await byCode(district, 'traffic');
      const other = await byCode(district, 'environment');
      const moved = await district.patch(`/api/cases/categories/${group.uid}`, { parent: other.uid }, key());
      expect(moved.status).toBe(400);
      expect(moved.body.error.details[0]).toMatchObject({ field: 'parent', rule: 'PARENT_TOO_DEEP' });
    });

    it('changes time limits and handler; an inactive category is hidden from all but the admin', async () => {
      const bikes = await byCode(district, 'facilities.bikes');
      const res = await district.patch(
        `/api/cases/categories/${bikes.uid}`,
        { resolve: { amount: 3, unit: 'working_days' }, department: null, active: false },
        key(),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        code: 'facilities.bikes',
        handlerKind: 'community',
        department: null,
        response: { amount: 24, unit: 'hours' },
        resolve: { amount: 3, unit: 'working_days' },
        active: false,
        deliberable: true,
      });
      expect(await byCode(resident, 'facilities.bikes')).toBeUndefined();
      expect(await byCode(staff, 'facilities.bikes')).toBeUndefined();
      expect((await byCode(district, 'facilities.bikes')).active).toBe(false);
      const [audit] = await auditRecords(t, { action: 'cases.category_update', targetId: bikes.uid });
      expect(audit?.before).toMatchObject({ active: true, handlerKind: 'department' });
      expect(audit?.after).toMatchObject({ active: false, handlerKind: 'community' });
    });

    it('the 兜底 category stays active and handled by the community', async () => {
      const other = await byCode(district, 'other');
      const res = await district.patch(
        `/api/cases/categories/${other.uid}`,
        { active: false, department: chengguan },
        key(),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual([
        'active:FALLBACK_FIXED',
        'department:FALLBACK_FIXED',
      ]);
      const renamed = await district.patch(`/api/cases/categories/${other.uid}`, { name: '其他诉求' }, key());
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: '其他诉求', fallback: true });
    });

    it('only a district admin keeps categories; another district’s category is not found', async () => {
      expect((await staff.post('/api/cases/categories', body(), key())).status).toBe(403);
      expect((await dept.post('/api/cases/categories', body(), key())).status).toBe(403);
      const other = await byCode(district, 'other');
      const patched = await staff.patch(`/api/cases/categories/${other.uid}`, { name: '改名' }, key());
      expect(patched.status).toBe(403);

      const db = t.deps.db;
      const foreign = await db
        .insertInto('org_unit')
        .values({ kind: 'district', name: '新会区', code: '440705000000', path: '440705', created_at: t.clock() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await seedDefaultCategories(db, foreign.id, t.clock());
      const theirs = await db
        .selectFrom('case_category')
        .select('uid')
        .where('district_id', '=', foreign.id)
        .where('code', '=', 'emergency.gas-leak')
        .executeTakeFirstOrThrow();
      const res = await district.patch(`/api/cases/categories/${theirs.uid}`, { name: '改名' }, key());
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CASE_CATEGORY_NOT_FOUND');
      // a district without departments gets the tree handled by its communities (兜底)
      const handlers = await db
        .selectFrom('case_category')
        .select('handler_kind')
        .distinct()
        .where('district_id', '=', foreign.id)
        .execute();
      expect(handlers.map((h) => h.handler_kind)).toEqual(['community']);
    });
  });

  describe('reply templates', () => {
    it('staff read a category’s own templates first, then those for every category', async () => {
      const light = await byCode(district, 'facilities.street-light');
      const res = await staff.get(`/api/cases/templates?category=${light.uid}&purpose=resolve`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.map((x: { title: string }) => x.title)).toEqual(['路灯已修复', '已办结']);
      expect(res.body.items[0].category).toMatchObject({ code: 'facilities.street-light' });
      const all = await dept.get('/api/cases/templates');
      expect(all.body.items).toHaveLength(9);
    });

    it('a district admin adds and switches off templates; staff no longer see a switched-off one', async () => {
      const made = await district.post(
        '/api/cases/templates',
        { purpose: 'accept', title: '已受理(夜间)', body: '您好,夜间值班人员已收到您的反映,明早上班后第一时间处理。' },
        key(),
      );
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(made.body).toMatchObject({ category: null, purpose: 'accept', active: true, updatedBy: '郑志强' });
      const off = await district.patch(`/api/cases/templates/${made.body.uid}`, { active: false }, key());
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      const seen = await staff.get('/api/cases/templates?purpose=accept');
      expect(seen.body.items.map((x: { uid: string }) => x.uid)).not.toContain(made.body.uid);
      const admin = await district.get('/api/cases/templates?purpose=accept');
      expect(admin.body.items.map((x: { uid: string }) => x.uid)).toContain(made.body.uid);
      expect(await auditRecords(t, { targetId: made.body.uid })).toHaveLength(2);
    });

    it('refuses an unknown category by field, and writes by anyone but the admin', async () => {
      const res = await district.post(
        '/api/cases/templates',
        { category: crypto.randomUUID(), purpose: 'reject', title: '重复', body: '重复反映' },
        en(),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'category', rule: 'CATEGORY_NOT_FOUND' });
      expect(
        (await staff.post('/api/cases/templates', { purpose: 'reject', title: '重复', body: '重复反映' }, key()))
          .status,
      ).toBe(403);
      expect((await resident.get('/api/cases/templates')).status).toBe(403);
      expect(
        (await district.patch(`/api/cases/templates/${crypto.randomUUID()}`, { active: false }, key())).status,
      ).toBe(404);
    });
  });

  describe('Open311 clients', () => {
    it('the key is shown once, only its SHA-256 is kept, and the client reports as its own account', async () => {
      const res = await district.post('/api/cases/open311-clients', { name: '12345 热线系统' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const { apiKey, uid } = res.body;
      expect(apiKey).toMatch(/^gz311_[A-Za-z0-9_-]{32}$/);
      expect(res.body.keyHint).toBe(`gz311_…${apiKey.slice(-4)}`);
      const row = await t.deps.db
        .selectFrom('open311_client as c')
        .innerJoin('app_user as u', 'u.id', 'c.user_id')
        .select(['c.key_hash', 'u.username', 'u.status', 'u.org_path'])
        .where('c.uid', '=', uid)
        .executeTakeFirstOrThrow();
      expect(row.key_hash).toBe(createHash('sha256').update(apiKey).digest('hex'));
      expect(row).toMatchObject({ status: 'active', org_path: '440704', username: res.body.username });
      const list = await district.get('/api/cases/open311-clients');
      expect(list.status).toBe(200);
      expect(list.body.items[0]).toMatchObject({ uid, name: '12345 热线系统', active: true, createdBy: '郑志强' });
      expect(JSON.stringify(list.body)).not.toContain(apiKey);
      expect(JSON.stringify(await auditRecords(t, { targetId: uid }))).not.toContain(apiKey);
    });

    it('a revoked client is switched off with its account, once', async () => {
      const made = await district.post('/api/cases/open311-clients', { name: '第三方随手拍' });
      const res = await district.post(`/api/cases/open311-clients/${made.body.uid}/revoke`, undefined, key());
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.active).toBe(false);
      const user = await t.deps.db
        .selectFrom('app_user')
        .select('status')
        .where('username', '=', made.body.username)
        .executeTakeFirstOrThrow();
      expect(user.status).toBe('disabled');
      const again = await district.post(`/api/cases/open311-clients/${made.body.uid}/revoke`, undefined, key());
      expect(again.status).toBe(409);
    });

    it('only a district admin sees or makes clients', async () => {
      expect((await staff.get('/api/cases/open311-clients')).status).toBe(403);
      expect((await staff.post('/api/cases/open311-clients', { name: '越权' })).status).toBe(403);
      expect((await t.anon.get('/api/cases/open311-clients')).status).toBe(401);
    });
  });
});
