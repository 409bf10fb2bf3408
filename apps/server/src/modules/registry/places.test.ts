/**
 * The places of the living registry through the API: a grid worker lays out a building and
 * sees its rooms fill as households move in; organisations keep their contact phone sealed;
 * facilities go faulty on the map; and nobody sees places outside their area.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows, WRITTEN_TABLES } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';

const GRID_1 = '440704001001001'; // 金溪社区第一网格: grid.jinxi01's
const GRID_2 = '440704001001002';
const JINXI = '440704001001';
const PLACE_TABLES = [...WRITTEN_TABLES, 'building', 'building_unit', 'room', 'organisation', 'facility'] as const;

describe(`the places of the registry (${dbLabel})`, () => {
  let t: TestPlatform;
  let grid: Client;
  let staff: Client;
  let street: Client;

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    grid = await t.as('grid.jinxi01');
    staff = await t.as('staff.jinxi');
    street = await t.as('street.jiangnan');
  });
  afterAll(() => t.close());

  async function building(client: Client, gridCode: string, extra: Record<string, unknown> = {}) {
    const res = await client.post('/api/registry/buildings', {
      gridId: await t.unitId(gridCode),
      name: '金溪花园 3 栋',
      address: '江海路 88 号',
      ...extra,
    });
    if (res.status !== 201) throw new Error(`building: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A household of one at a room, written as the people side of the registry would. */
  async function moveIn(roomUid: string, name: string, tagCodes: string[] = []) {
    const db = t.deps.db;
    const room = await db
      .selectFrom('room as r')
      .innerJoin('building as b', 'b.id', 'r.building_id')
      .select(['r.id', 'b.org_path', 'b.grid_id', 'b.district_id'])
      .where('r.uid', '=', roomUid)
      .executeTakeFirstOrThrow();
    const at = t.clock();
    const person = await db
      .insertInto('person')
      .values({
        district_id: room.district_id,
        grid_id: room.grid_id,
        org_path: room.org_path,
        name,
        name_grams: [name],
        room_id: room.id,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const household = await db
      .insertInto('household')
      .values({
        district_id: room.district_id,
        grid_id: room.grid_id,
        org_path: room.org_path,
        room_id: room.id,
        created_at: at,
      })
      .returning(['id', 'uid'])
      .executeTakeFirstOrThrow();
    await db
      .insertInto('household_member')
      .values({
        household_id: household.id,
        person_id: person.id,
        relation: '02',
        org_path: room.org_path,
        since: '2020-01-01',
      })
      .execute();
    for (const code of tagCodes) {
      const tag = await db.selectFrom('tag_definition').select('id').where('code', '=', code).executeTakeFirstOrThrow();
      await db
        .insertInto('person_tag')
        .values({
          person_id: person.id,
          tag_id: tag.id,
          org_path: room.org_path,
          source: '入户走访',
          start_date: '2025-01-01',
          set_at: at,
        })
        .execute();
    }
    return household.uid;
  }

  const cell = (view: any, unit: string, number: string) =>
    view.units
      .find((u: any) => u.name === unit)
      .floors.flatMap((f: any) => f.rooms)
      .find((r: any) => r.number === number);

  it('a grid worker lays out a building: 单元 by 单元, top floor first, rooms 101 … 302, all vacant', async () => {
    const created = await grid.post('/api/registry/buildings', {
      gridId: await t.unitId(GRID_1),
      name: '金溪花园 1 栋',
      address: '江海路 86 号',
      lng: 113.1201,
      lat: 22.5702,
      layout: { units: 2, floors: 3, roomsPerFloor: 2 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '金溪花园 1 栋',
      kind: 'residential',
      floors: 3,
      grid: { id: await t.unitId(GRID_1), name: expect.any(String) },
      households: 0,
      residents: 0,
      counts: { occupied: 0, rented: 0, vacant: 12 },
    });
    expect(created.body.units.map((u: any) => u.name)).toEqual(['1单元', '2单元']);
    for (const unit of created.body.units) {
      expect(unit.floors.map((f: any) => f.floor)).toEqual([3, 2, 1]);
      expect(unit.floors.map((f: any) => f.rooms.map((r: any) => r.number))).toEqual([
        ['301', '302'],
        ['201', '202'],
        ['101', '102'],
      ]);
    }
    expect(cell(created.body, '1单元', '101')).toMatchObject({
      occupancy: 'vacant',
      households: [],
      residents: 0,
      tags: [],
    });

    const [audit] = await auditRecords(t, { action: 'registry.building_create', targetId: created.body.id });
    expect(audit).toMatchObject({ actor_name: 'grid.jinxi01', after: { name: '金溪花园 1 栋', rooms: 12 } });
    const events = await t.deps.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'registry.building_created')
      .execute();
    expect(events.map((e) => e.payload)).toContainEqual({
      buildingId: created.body.id,
      gridId: await t.unitId(GRID_1),
      rooms: 12,
    });

    const village = await building(grid, GRID_1, {
      name: '黄屋村 12 号',
      layout: { units: 0, floors: 2, roomsPerFloor: 1 },
    });
    expect(village).toMatchObject({ kind: 'village_house', counts: { vacant: 2 } });
    expect(village.units).toEqual([
      {
        id: null,
        name: '',
        floors: [
          { floor: 2, rooms: [expect.objectContaining({ number: '201' })] },
          { floor: 1, rooms: [expect.objectContaining({ number: '101' })] },
        ],
      },
    ]);
  });

  it('rooms turn occupied, or rented out, as households move in; each cell names the head and the tags the viewer may see', async () => {
    const b = await building(grid, GRID_1, {
      name: '金溪花园 2 栋',
      layout: { units: 1, floors: 2, roomsPerFloor: 2 },
    });
    const r101 = cell(b, '1单元', '101').id;
    const r102 = cell(b, '1单元', '102').id;
    const household = await moveIn(r101, '陈伯', ['elderly_alone', 'disabled', 'community_correction']);
    expect((await grid.patch(`/api/registry/rooms/${r102}`, { rental: true })).body).toMatchObject({
      id: r102,
      rental: true,
      address: '江海路 88 号 金溪花园 2 栋 1单元 102',
    });
    await moveIn(r102, '租客王');

    const seen = await grid.get(`/api/registry/buildings/${b.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ households: 2, residents: 2, counts: { occupied: 1, rented: 1, vacant: 2 } });
    // 社区矫正 is hidden from the grid worker; 残疾人 is sensitive but a 六必访 group they must visit.
    expect(cell(seen.body, '1单元', '101')).toMatchObject({
      occupancy: 'occupied',
      households: [{ id: household, head: '陈伯', members: 1 }],
      residents: 1,
      tags: ['disabled', 'elderly_alone'],
    });
    expect(cell(seen.body, '1单元', '102')).toMatchObject({ occupancy: 'rented', rental: true, residents: 1 });

    // The street official may see sensitive tags.
    const official = await street.get(`/api/registry/buildings/${b.id}`);
    expect(cell(official.body, '1单元', '101').tags).toEqual(['community_correction', 'disabled', 'elderly_alone']);

    const [audit] = await auditRecords(t, { action: 'registry.room_update', targetId: r102 });
    expect(audit).toMatchObject({ before: { rental: false }, after: { rental: true } });
  });

  it('a room added with a new 单元 makes the 单元; the same number twice in a 单元 is a 409', async () => {
    const b = await building(grid, GRID_1, {
      name: '金溪花园 5 栋',
      layout: { units: 1, floors: 1, roomsPerFloor: 1 },
    });
    const added = await grid.post(`/api/registry/buildings/${b.id}/rooms`, {
      unitName: '2单元',
      floor: 1,
      number: '101',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ buildingId: b.id, unitName: '2单元', floor: 1, number: '101', rental: false });
    expect((await grid.get(`/api/registry/rooms/${added.body.id}`)).body).toEqual(added.body);

    const before = await countRows(t, PLACE_TABLES);
    const again = await grid.post(`/api/registry/buildings/${b.id}/rooms`, {
      unitName: '1单元',
      floor: 1,
      number: '101',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ROOM_NUMBER_TAKEN');
    expect(await countRows(t, PLACE_TABLES)).toEqual(before);

    const view = await grid.get(`/api/registry/buildings/${b.id}`);
    expect(view.body.units.map((u: any) => u.name)).toEqual(['1单元', '2单元']);
  });

  it('a grid worker sees only the buildings of their grid; a street official sees both grids', async () => {
    const mine = await building(grid, GRID_1, { name: '第一网格楼' });
    const theirs = await building(staff, GRID_2, { name: '第二网格楼' });

    const hidden = await grid.get(`/api/registry/buildings/${theirs.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('BUILDING_NOT_FOUND');
    const patch = await grid.patch(`/api/registry/buildings/${theirs.id}`, { name: '越界改名' });
    expect(patch.status).toBe(404);

    const listed = await grid.get('/api/registry/buildings?pageSize=200');
    const ids = listed.body.items.map((b: any) => b.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);

    const all = await street.get('/api/registry/buildings?pageSize=200&q=网格楼');
    expect(all.body.items.map((b: any) => b.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(all.body.total).toBe(2);
    const one = await street.get(`/api/registry/buildings?unit=${await t.unitId(GRID_2)}&q=网格楼`);
    expect(one.body.items.map((b: any) => b.id)).toEqual([theirs.id]);

    // A grid worker naming another grid, or asking for a list of it, finds nothing there.
    const outside = await grid.post('/api/registry/buildings', {
      gridId: await t.unitId(GRID_2),
      name: '越界楼',
      address: '江海路 1 号',
    });
    expect(outside.status).toBe(404);
    expect(outside.body.error.code).toBe('UNIT_NOT_FOUND');
    expect((await grid.get(`/api/registry/buildings?unit=${await t.unitId(GRID_2)}`)).status).toBe(404);
  });

  it('a building goes on a grid, not on a community; bad coordinates are named; nothing is written', async () => {
    const before = await countRows(t, PLACE_TABLES);
    const community = await staff.post('/api/registry/buildings', {
      gridId: await t.unitId(JINXI),
      name: '社区楼',
      address: '江海路 2 号',
    });
    expect(community.status).toBe(400);
    expect(community.body.error.details).toEqual([expect.objectContaining({ field: 'gridId', rule: 'NOT_A_GRID' })]);

    const far = await grid.post('/api/registry/buildings', {
      gridId: await t.unitId(GRID_1),
      name: '天外楼',
      address: '江海路 3 号',
      lng: 200,
      lat: 22.5,
    });
    expect(far.status).toBe(400);
    expect(far.body.error.details.map((d: any) => d.field)).toContain('lng');

    const half = await grid.post('/api/registry/buildings', {
      gridId: await t.unitId(GRID_1),
      name: '半坐标楼',
      address: '江海路 4 号',
      lng: 113.1,
    });
    expect(half.status).toBe(400);
    expect(half.body.error.details).toEqual([expect.objectContaining({ field: 'lat', rule: 'COORDINATE_PAIR' })]);
    expect(await countRows(t, PLACE_TABLES)).toEqual(before);
  });

  it('a building is corrected with before and after in the audit log', async () => {
    const b = await building(grid, GRID_1, { name: '旧名楼' });
    const res = await grid.patch(`/api/registry/buildings/${b.id}`, { name: '新名楼', lng: 113.12, lat: 22.57 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: b.id, name: '新名楼', lng: 113.12, lat: 22.57 });
    const [audit] = await auditRecords(t, { action: 'registry.building_update', targetId: b.id });
    expect(audit).toMatchObject({
      before: { name: '旧名楼', lng: null, lat: null },
      after: { name: '新名楼', lng: 113.12, lat: 22.57 },
    });
  });

  it('an organisation’s contact phone is stored sealed and answered masked; a wrong credit code is refused', async () => {
    const b = await building(grid, GRID_1, { name: '金溪商业楼', kind: 'commercial' });
    const created = await grid.post('/api/registry/organisations', {
      gridId: await t.unitId(GRID_1),
      name: '金溪便利店',
      kind: 'shop',
      creditCode: '914403001922038216',
      buildingId: b.id,
      address: '江海路 90 号',
      contactName: '黄老板',
      contactPhone: '138 1234 5678',
      employees: 3,
      lng: 113.121,
      lat: 22.571,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '金溪便利店',
      buildingId: b.id,
      contactPhone: '138****5678',
      creditCode: '914403001922038216',
      status: 'active',
    });
    const raw = await t.deps.db
      .selectFrom('organisation')
      .selectAll()
      .where('uid', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain('13812345678');
    expect(raw.contact_phone_sealed).toBeTruthy();
    expect(raw.contact_phone_index).toBeTruthy();
    const [audit] = await auditRecords(t, { action: 'registry.organisation_create', targetId: created.body.id });
    expect(JSON.stringify(audit?.after)).not.toContain('13812345678');

    const before = await countRows(t, PLACE_TABLES);
    const wrong = await grid.post('/api/registry/organisations', {
      gridId: await t.unitId(GRID_1),
      name: '错码公司',
      kind: 'enterprise',
      creditCode: '914403001922038217',
      address: '江海路 92 号',
      contactPhone: '12345',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d: any) => [d.field, d.rule])).toEqual([
      ['creditCode', 'CREDIT_CODE_CHECK_CHARACTER'],
      ['contactPhone', 'PHONE_MOBILE_INVALID'],
    ]);
    expect(wrong.body.error.details[0].message).toMatch(/^creditCode.*校验位错误/);
    expect(await countRows(t, PLACE_TABLES)).toEqual(before);

    const closed = await grid.patch(`/api/registry/organisations/${created.body.id}`, { status: 'closed' });
    expect(closed.body).toMatchObject({ status: 'closed', contactPhone: '138****5678' });
    const listed = await grid.get('/api/registry/organisations?kind=shop&q=便利');
    // The demo district has shops of its own: look for this one, and for it alone elsewhere.
    expect(listed.body.items.map((o: any) => o.id)).toContain(created.body.id);
    const elsewhere = await staff.get(`/api/registry/organisations?unit=${await t.unitId(GRID_2)}`);
    expect(elsewhere.body.items.map((o: any) => o.id)).not.toContain(created.body.id);
  });

  it('a lamp marked faulty is audited and announced; the map shows the unit’s places as GeoJSON with a bounding box', async () => {
    const g3 = '440704001001003';
    const staffBuilding = await building(staff, g3, { name: '地图楼', lng: 113.13, lat: 22.58 });
    const noCoordinates = await building(staff, g3, { name: '无坐标楼' });
    const lamp = await staff.post('/api/registry/facilities', {
      gridId: await t.unitId(g3),
      kind: 'street_lamp',
      name: '江海路 3 号路灯',
      lng: 113.11,
      lat: 22.56,
    });
    expect(lamp.status).toBe(201);
    const retired = await staff.post('/api/registry/facilities', {
      gridId: await t.unitId(g3),
      kind: 'hydrant',
      name: '旧消防栓',
      lng: 100,
      lat: 10,
    });
    await staff.patch(`/api/registry/facilities/${retired.body.id}`, { status: 'retired' });

    const faulty = await staff.patch(`/api/registry/facilities/${lamp.body.id}`, { status: 'faulty', note: '不亮' });
    expect(faulty.status).toBe(200);
    expect(faulty.body).toMatchObject({ status: 'faulty', note: '不亮' });
    const [audit] = await auditRecords(t, { action: 'registry.facility_update', targetId: lamp.body.id });
    expect(audit).toMatchObject({
      actor_name: 'staff.jinxi',
      before: { status: 'ok', note: null },
      after: { status: 'faulty', note: '不亮' },
    });
    const event = await t.deps.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'registry.facility_status_changed')
      .execute();
    expect(event.map((e) => e.payload)).toContainEqual({
      facilityId: lamp.body.id,
      kind: 'street_lamp',
      from: 'ok',
      to: 'faulty',
    });
    const lamps = await staff.get(`/api/registry/facilities?unit=${await t.unitId(g3)}&kind=street_lamp`);
    expect(lamps.body.items.map((f: any) => f.id)).toContain(lamp.body.id);
    expect(new Set(lamps.body.items.map((f: any) => f.kind))).toEqual(new Set(['street_lamp']));

    const map = await staff.get(`/api/registry/map?unit=${await t.unitId(g3)}`);
    expect(map.status).toBe(200);
    expect(map.body.type).toBe('FeatureCollection');
    expect(map.body.tiles).toBeNull();
    const ids = map.body.features.map((f: any) => f.id);
    expect(ids).toContain(staffBuilding.id);
    expect(ids).toContain(lamp.body.id);
    expect(ids).not.toContain(noCoordinates.id);
    expect(ids).not.toContain(retired.body.id);
    expect(map.body.features.find((f: any) => f.id === staffBuilding.id)).toEqual({
      type: 'Feature',
      id: staffBuilding.id,
      geometry: { type: 'Point', coordinates: [113.13, 22.58] },
      properties: {
        layer: 'building',
        name: '地图楼',
        kind: 'residential',
        status: 'active',
        households: 0,
        residents: 0,
      },
    });
    expect(map.body.features.find((f: any) => f.id === lamp.body.id).properties).toEqual({
      layer: 'facility',
      name: '江海路 3 号路灯',
      kind: 'street_lamp',
      status: 'faulty',
    });
    const coordinates = map.body.features.map((f: any) => f.geometry.coordinates as [number, number]);
    const lngs = coordinates.map((c: [number, number]) => c[0]);
    const lats = coordinates.map((c: [number, number]) => c[1]);
    expect(map.body.bbox).toEqual([Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)]);
    expect(map.body.bbox[0]).toBeLessThanOrEqual(113.11);
    expect(map.body.bbox[3]).toBeGreaterThanOrEqual(22.58);

    // A grid just drawn has nothing on it yet.
    const street = await t.as('street.jiangnan');
    const fresh = await street.post('/api/org/units', {
      parentId: await t.unitId('440704001001'),
      kind: 'grid',
      name: '金溪社区新网格',
      code: '440704001001009',
    });
    expect(fresh.status).toBe(201);
    const empty = await staff.get(`/api/registry/map?unit=${fresh.body.id}`);
    expect(empty.body).toEqual({ type: 'FeatureCollection', features: [], bbox: null, tiles: null });
    const foreign = await grid.get(`/api/registry/map?unit=${await t.unitId(g3)}`);
    expect(foreign.status).toBe(404);
  });
});
