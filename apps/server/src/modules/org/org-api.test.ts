/**
 * Changing the org hierarchy through the API: create, rename, move, retire, split and merge
 * units, and add party organisations, each with its history (who, when, why, which units
 * became which) and an audit record holding before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows, WRITTEN_TABLES } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';

const MINUTE = 60_000;

describe(`changing the org hierarchy (${dbLabel})`, () => {
  let t: TestPlatform;
  let district: Client;
  let jiangnan: Client;
  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    district = await t.as('district');
    jiangnan = await t.as('street.jiangnan');
  });
  afterAll(() => t.close());

  async function unitRow(code: string) {
    return t.deps.db
      .selectFrom('org_unit')
      .selectAll()
      .where('code', '=', code)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
  }

  async function activeGrants(username: string) {
    return t.deps.db
      .selectFrom('role_grant as g')
      .innerJoin('app_user as u', 'u.id', 'g.user_id')
      .innerJoin('org_unit as o', 'o.id', 'g.unit_id')
      .select(['g.role', 'o.uid as unitId', 'o.code', 'g.org_path'])
      .where('u.username', '=', username)
      .where('g.revoked_at', 'is', null)
      .execute();
  }

  it('a street official creates a grid and renames it with a reason; the history says who, when, why and from what to what', async () => {
    const community = await t.unitId('440704001004');
    const created = await jiangnan.post('/api/org/units', {
      parentId: community,
      kind: 'grid',
      name: '江翠社区第五网格',
      code: '440704001004005',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'grid',
      code: '440704001004005',
      path: '440704.440704001.440704001004.g005',
      parentId: community,
      status: 'active',
    });
    const createdAt = t.clock().toISOString();
    t.clock.advance(5 * MINUTE);
    const renamed = await jiangnan.patch(`/api/org/units/${created.body.id}`, {
      name: '江翠社区滨江网格',
      reason: '按片区地名重新命名',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('江翠社区滨江网格');

    const history = await jiangnan.get(`/api/org/units/${created.body.id}/history`);
    expect(history.status).toBe(200);
    const unit = { id: created.body.id, name: '江翠社区滨江网格', code: '440704001004005' };
    expect(history.body.items).toEqual([
      expect.objectContaining({
        kind: 'rename',
        actor: 'street.jiangnan',
        at: t.clock().toISOString(),
        reason: '按片区地名重新命名',
        detail: { from: '江翠社区第五网格', to: '江翠社区滨江网格' },
        from: [unit],
        to: [unit],
      }),
      expect.objectContaining({
        kind: 'create',
        actor: 'street.jiangnan',
        at: createdAt,
        reason: null,
        from: [],
        to: [unit],
      }),
    ]);

    const [create] = await auditRecords(t, { action: 'org.unit_create', targetId: created.body.id });
    expect(create).toMatchObject({
      actor_name: 'street.jiangnan',
      actor_roles: ['street_official'],
      org_path: created.body.path,
      before: null,
      after: created.body,
    });
    const [rename] = await auditRecords(t, { action: 'org.unit_rename', targetId: created.body.id });
    expect(rename).toMatchObject({ before: { name: '江翠社区第五网格' }, after: { name: '江翠社区滨江网格' } });
  });

  it('an empty grid is retired with its history kept; a unit with members or sub-units cannot be', async () => {
    const community = await t.unitId('440704001004');
    const empty = await jiangnan.post('/api/org/units', {
      parentId: community,
      kind: 'grid',
      name: '江翠社区临时网格',
      code: '440704001004006',
    });
    const staffed = await jiangnan.delete(`/api/org/units/${await t.unitId('440704001004001')}`);
    expect(staffed.status).toBe(409);
    expect(staffed.body.error).toMatchObject({ code: 'UNIT_NOT_EMPTY', details: { children: 0, members: 1 } });
    const parent = await jiangnan.delete(`/api/org/units/${community}`);
    const children = await t.deps.db
      .selectFrom('org_unit')
      .select('id')
      .where('parent_id', '=', (await unitRow('440704001004')).id)
      .where('status', '=', 'active')
      .execute();
    expect(parent.body.error).toMatchObject({ code: 'UNIT_NOT_EMPTY', details: { children: children.length } });

    const retired = await jiangnan.delete(`/api/org/units/${empty.body.id}`);
    expect(retired.status).toBe(200);
    const detail = await jiangnan.get(`/api/org/units/${empty.body.id}`);
    expect(detail.body.status).toBe('retired');
    expect(detail.body.history.map((c: { kind: string }) => c.kind)).toEqual(['delete', 'create']);
    const ids = (tree: { roots: Array<{ id: string; children: unknown[] }> }) => JSON.stringify(tree);
    expect(ids((await jiangnan.get(`/api/org/tree?root=${community}`)).body)).not.toContain(empty.body.id);
    expect(ids((await jiangnan.get(`/api/org/tree?root=${community}&includeRetired=true`)).body)).toContain(
      empty.body.id,
    );
    const [audit] = await auditRecords(t, { action: 'org.unit_delete', targetId: empty.body.id });
    expect(audit?.before).toMatchObject({ code: '440704001004006', status: 'active' });
    expect(audit?.after).toBeNull();
    // A retired grid's code may be given to a new grid.
    const reuse = await jiangnan.post('/api/org/units', {
      parentId: community,
      kind: 'grid',
      name: '江翠社区第六网格',
      code: '440704001004006',
    });
    expect(reuse.status).toBe(201);
  });

  it('the district moves a community to another street: its code, its grids, their role grants, homes and party organisations follow', async () => {
    const jinou = await unitRow('440704002002');
    const oldStreet = await t.unitId('440704002000');
    const newStreet = await t.unitId('440704001000');
    // A street official cannot hand a community to a street outside their own.
    const waihai = await t.as('street.waihai');
    const refused = await waihai.post(`/api/org/units/${jinou.uid}/move`, {
      parentId: newStreet,
      code: '440704001005',
      reason: '越权调整',
    });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('PARENT_NOT_FOUND');

    const worker = await t.as('grid.jinou01');
    const moved = await district.post(`/api/org/units/${jinou.uid}/move`, {
      parentId: newStreet,
      code: '440704001005',
      reason: '行政区划调整,划归江南街道',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      code: '440704001005',
      path: '440704.440704001.440704001005',
      parentId: newStreet,
    });

    const grids = await t.deps.db
      .selectFrom('org_unit')
      .select(['code', 'path'])
      .where('parent_id', '=', jinou.id)
      .orderBy('code')
      .execute();
    expect(grids).toEqual(
      [1, 2, 3, 4].map((n) => ({ code: `44070400100500${n}`, path: `440704.440704001.440704001005.g00${n}` })),
    );
    expect(await activeGrants('grid.jinou01')).toEqual([
      expect.objectContaining({
        role: 'grid_worker',
        code: '440704001005001',
        org_path: '440704.440704001.440704001005.g001',
      }),
    ]);
    const home = await t.deps.db
      .selectFrom('app_user')
      .select('org_path')
      .where('username', '=', 'grid.jinou01')
      .executeTakeFirstOrThrow();
    expect(home.org_path).toBe('440704.440704001.440704001005.g001');
    const party = await t.deps.db
      .selectFrom('party_org')
      .select('org_path')
      .where('org_path', 'like', '440704.440704001.440704001005%')
      .execute();
    expect(party).toHaveLength(1 + 4 * 3);
    const stale = await t.deps.db
      .selectFrom('party_org')
      .select('id')
      .where('org_path', 'like', '440704.440704002.440704002002%')
      .execute();
    expect(stale).toHaveLength(0);

    // Who may see it follows the new place; the worker's session goes on with the new code.
    expect((await waihai.get(`/api/org/units/${jinou.uid}`)).status).toBe(404);
    expect((await jiangnan.get(`/api/org/units/${jinou.uid}`)).status).toBe(200);
    const workerTree = await worker.get('/api/org/tree');
    expect(workerTree.status).toBe(200);
    expect(workerTree.body.roots[0].code).toBe('440704001005001');

    const [change] = (await district.get(`/api/org/units/${jinou.uid}/history`)).body.items;
    expect(change).toMatchObject({
      kind: 'move',
      actor: 'district',
      reason: '行政区划调整,划归江南街道',
      detail: {
        fromParent: oldStreet,
        toParent: newStreet,
        fromPath: '440704.440704002.440704002002',
        toPath: '440704.440704001.440704001005',
        fromCode: '440704002002',
        toCode: '440704001005',
      },
    });
    const [audit] = await auditRecords(t, { action: 'org.unit_move', targetId: jinou.uid });
    expect(audit).toMatchObject({
      actor_name: 'district',
      before: { path: '440704.440704002.440704002002', code: '440704002002' },
      after: { path: '440704.440704001.440704001005', code: '440704001005' },
    });
    const event = await t.deps.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'org.unit_moved')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ unitId: jinou.uid, toPath: '440704.440704001.440704001005' });
  });

  it('grids of two different communities cannot be merged, and nothing changes', async () => {
    const a = await t.unitId('440704001001002');
    const b = await t.unitId('440704001002002');
    const before = await countRows(t, WRITTEN_TABLES);
    const merged = await jiangnan.post('/api/org/grids/merge', {
      gridIds: [a, b],
      name: '跨社区网格',
      code: '440704001001009',
      reason: '试图跨社区合并',
    });
    expect(merged.status).toBe(409);
    expect(merged.body.error).toMatchObject({ code: 'GRIDS_NOT_SIBLINGS', details: { field: 'gridIds' } });
    expect(await countRows(t, WRITTEN_TABLES)).toEqual(before);
    expect((await jiangnan.get(`/api/org/units/${a}`)).body.status).toBe('active');
    expect((await jiangnan.get(`/api/org/units/${b}`)).body.status).toBe('active');
  });

  it('merging two grids hands their workers to the merged grid; a worker who covered both keeps a single role there', async () => {
    const admin = await t.as('admin');
    const g2 = await t.unitId('440704001002002');
    const g3 = await t.unitId('440704001002003');
    const covering = await t.deps.db
      .selectFrom('app_user')
      .select(['uid', 'id'])
      .where('username', '=', 'grid.wenchangsha02')
      .executeTakeFirstOrThrow();
    expect((await admin.post(`/api/users/${covering.uid}/grants`, { role: 'grid_worker', unitId: g3 })).status).toBe(
      200,
    );
    const w2 = await t.as('grid.wenchangsha02');
    const w3 = await t.as('grid.wenchangsha03');

    const merged = await jiangnan.post('/api/org/grids/merge', {
      gridIds: [g2, g3],
      name: '文昌沙社区第二三网格',
      code: '440704001002005',
      reason: '人口减少,两网格合并',
    });
    expect(merged.status).toBe(200);
    const into = merged.body.created[0];
    expect(into).toMatchObject({ code: '440704001002005', path: '440704.440704001.440704001002.g005' });
    expect(merged.body.change).toMatchObject({
      kind: 'merge',
      actor: 'street.jiangnan',
      reason: '人口减少,两网格合并',
      to: [{ id: into.id, name: '文昌沙社区第二三网格', code: '440704001002005' }],
    });
    expect(merged.body.change.from.map((u: { code: string }) => u.code).sort()).toEqual([
      '440704001002002',
      '440704001002003',
    ]);

    expect(await activeGrants('grid.wenchangsha02')).toEqual([
      expect.objectContaining({ role: 'grid_worker', unitId: into.id }),
    ]);
    expect(await activeGrants('grid.wenchangsha03')).toEqual([
      expect.objectContaining({ role: 'grid_worker', unitId: into.id }),
    ]);
    const folded = await t.deps.db
      .selectFrom('role_grant')
      .select(['revoked_at', 'revoked_by'])
      .where('user_id', '=', covering.id)
      .where('revoked_at', 'is not', null)
      .execute();
    expect(folded).toHaveLength(1);
    expect((await w2.get('/api/auth/me')).status).toBe(401);
    expect((await w3.get('/api/auth/me')).status).toBe(401);
    const again = await t.as('grid.wenchangsha02');
    expect((await again.get('/api/auth/me')).body.roles).toEqual([
      expect.objectContaining({ role: 'grid_worker', unitId: into.id }),
    ]);

    const history = await jiangnan.get(`/api/org/units/${g3}/history`);
    expect(history.body.items[0]).toMatchObject({ kind: 'merge', to: [expect.objectContaining({ id: into.id })] });
    const [audit] = await auditRecords(t, { action: 'org.grid_merge', targetId: into.id });
    expect(audit?.before.map((u: { code: string }) => u.code).sort()).toEqual(['440704001002002', '440704001002003']);
    expect(audit?.after).toEqual([expect.objectContaining({ id: into.id })]);
  });

  it('splitting a grid moves its workers’ and residents’ roles to the heir grid and ends their sessions', async () => {
    const old = await t.unitId('440704001001001');
    const worker = await t.as('grid.jinxi01');
    const resident = await t.as('resident.demo');
    const split = await jiangnan.post(`/api/org/grids/${old}/split`, {
      parts: [
        { name: '金溪社区第一网格(北)', code: '440704001001011' },
        { name: '金溪社区第一网格(中)', code: '440704001001012' },
        { name: '金溪社区第一网格(南)', code: '440704001001013' },
      ],
      reason: '新建小区入住,按楼栋拆分',
      grantsTo: 1,
    });
    expect(split.status).toBe(200);
    const heir = split.body.created[1];
    expect(split.body.change).toMatchObject({
      kind: 'split',
      reason: '新建小区入住,按楼栋拆分',
      detail: { heir: heir.id, usersMoved: 2 },
    });
    expect(split.body.change.from).toEqual([expect.objectContaining({ id: old, code: '440704001001001' })]);
    expect(split.body.change.to).toHaveLength(3);

    expect((await worker.get('/api/org/tree')).status).toBe(401);
    expect((await resident.get('/api/auth/me')).status).toBe(401);
    const workerAgain = await t.as('grid.jinxi01');
    expect((await workerAgain.get('/api/auth/me')).body.roles).toEqual([
      expect.objectContaining({ role: 'grid_worker', unitId: heir.id }),
    ]);
    expect((await workerAgain.get('/api/org/tree')).body.roots.map((r: { id: string }) => r.id)).toEqual([heir.id]);
    const residentAgain = await t.as('resident.demo');
    expect((await residentAgain.get('/api/auth/me')).body.roles).toEqual([
      expect.objectContaining({ role: 'resident', unitId: heir.id }),
    ]);
    const party = await jiangnan.get(`/api/party/orgs?unitId=${heir.id}`);
    expect(party.body.items.map((p: { kind: string }) => p.kind)).toEqual(['branch', 'group', 'group']);
    expect((await jiangnan.get(`/api/org/units/${old}`)).body).toMatchObject({ status: 'retired', memberCount: 0 });

    const [audit] = await auditRecords(t, { action: 'org.grid_split', targetId: old });
    expect(audit?.before).toMatchObject({ id: old, status: 'active' });
    expect(audit?.after.map((u: { code: string }) => u.code)).toEqual([
      '440704001001011',
      '440704001001012',
      '440704001001013',
    ]);
  });

  it('a street official adds a 党小组 under a grid’s 党支部; a 党小组 directly under a 党委 or a 支部 on a community is refused', async () => {
    const grid = await t.unitId('440704001003001');
    const listed = await jiangnan.get(`/api/party/orgs?unitId=${grid}`);
    const branch = listed.body.items.find((p: { kind: string }) => p.kind === 'branch');
    expect(branch.name).toBe('东海社区第一网格党支部');
    const created = await jiangnan.post('/api/party/orgs', {
      parentId: branch.id,
      kind: 'group',
      name: '东海社区第一网格第三党小组',
      unitId: grid,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'group',
      parentId: branch.id,
      unitId: grid,
      unitName: '东海社区第一网格',
    });
    expect(
      (await jiangnan.get(`/api/party/orgs?unitId=${grid}`)).body.items.map((p: { id: string }) => p.id),
    ).toContain(created.body.id);

    const community = await t.unitId('440704001003');
    const committee = (await jiangnan.get(`/api/party/orgs?unitId=${community}`)).body.items[0];
    expect(committee.kind).toBe('committee');
    const skip = await jiangnan.post('/api/party/orgs', {
      parentId: committee.id,
      kind: 'group',
      name: '越级党小组',
      unitId: grid,
    });
    expect(skip.status).toBe(400);
    expect(skip.body.error).toMatchObject({ code: 'PARTY_KIND_NOT_ALLOWED', details: { field: 'parentId' } });
    const misplaced = await jiangnan.post('/api/party/orgs', {
      parentId: committee.id,
      kind: 'branch',
      name: '社区层级支部',
      unitId: community,
    });
    expect(misplaced.body.error).toMatchObject({ code: 'PARTY_KIND_NOT_ALLOWED', details: { field: 'unitId' } });
    const waihai = await t.as('street.waihai');
    expect(
      (await waihai.post('/api/party/orgs', { parentId: branch.id, kind: 'group', name: '外街道党小组', unitId: grid }))
        .status,
    ).toBe(404);

    const [audit] = await auditRecords(t, { action: 'org.party_create', targetId: created.body.id });
    expect(audit).toMatchObject({ actor_name: 'street.jiangnan', before: null, after: created.body });
  });

  it('a create retried with the same Idempotency-Key answers the first result and creates one unit', async () => {
    const body = {
      parentId: await t.unitId('440704001003'),
      kind: 'grid',
      name: '东海社区第五网格',
      code: '440704001003005',
    };
    const key = { 'idempotency-key': 'create-donghai-g005-0001' };
    const first = await jiangnan.post('/api/org/units', body, key);
    const before = await countRows(t, WRITTEN_TABLES);
    const retry = await jiangnan.post('/api/org/units', body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await countRows(t, WRITTEN_TABLES)).toEqual(before);
    const reused = await jiangnan.post('/api/org/units', { ...body, code: '440704001003006' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
