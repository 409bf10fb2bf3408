/**
 * Finding a person in my area: by a surname (one character), a part of a name, an exact
 * 身份证号 or phone however it is typed, an address, a tag — masked, paged, counted up to
 * 200, and logged without the numbers searched for.
 */
import { makeIdNumber } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { personIn, roomIn } from '../../../test/people-fixtures.ts';

const GRID1 = '440704001001001';
const GRID2 = '440704001001002';

describe(`searching persons (${dbLabel})`, () => {
  let t: TestPlatform;
  let grid: Client;
  let staff: Client;
  const ids = { sanfeng: makeIdNumber('440704', '1960-04-09', 11), wuji: makeIdNumber('440704', '1990-01-01', 12) };
  const people: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    grid = await t.as('grid.jinxi01');
    staff = await t.as('staff.jinxi');
    const garden = await roomIn(t, GRID1, {
      buildingName: '金溪花园3栋',
      address: '江海路 88 号',
      unitName: '1单元',
      number: '302',
    });
    people.sanfeng = (
      await personIn(t, GRID1, {
        name: '亓三丰',
        idNumber: ids.sanfeng,
        phone: '13800001111',
        room: garden,
        tag: 'hardship',
      })
    ).uid;
    people.wuji = (await personIn(t, GRID1, { name: '亓无忌', idNumber: ids.wuji, tag: 'community_correction' })).uid;
    people.min = (await personIn(t, GRID1, { name: '隗敏', tag: 'disabled' })).uid;
    people.cuishan = (await personIn(t, GRID2, { name: '亓翠山' })).uid;
    const gone = await personIn(t, GRID1, { name: '亓松溪' });
    people.songxi = gone.uid;
    expect(
      (await grid.post(`/api/registry/persons/${gone.uid}/events`, { event: 'move_out', effectiveDate: '2026-11-01' }))
        .status,
    ).toBe(200);
  });
  afterAll(() => t.close());

  const find = async (client: Client, query: string) => {
    const res = await client.get(`/api/registry/persons?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const names = (body: any) => body.items.map((p: any) => p.name);

  it('one character finds surnames in my area, in name order; the community worker sees the other grid too', async () => {
    expect(names(await find(grid, `q=${encodeURIComponent('亓')}`))).toEqual(['亓三丰', '亓无忌']);
    expect(names(await find(staff, `q=${encodeURIComponent('亓')}`))).toEqual(['亓三丰', '亓无忌', '亓翠山']);
    expect(names(await find(staff, `q=${encodeURIComponent('亓')}&unit=${await t.unitId(GRID2)}`))).toEqual(['亓翠山']);
  });

  it('two characters or more find a part of a name anywhere in it', async () => {
    expect(names(await find(grid, `q=${encodeURIComponent('无忌')}`))).toEqual(['亓无忌']);
    expect(names(await find(grid, `q=${encodeURIComponent('三丰')}`))).toEqual(['亓三丰']);
    expect(names(await find(grid, `q=${encodeURIComponent('丰亓')}`))).toEqual([]);
  });

  it('an id number or a phone finds its person however it is typed, and results are masked', async () => {
    const byId = await find(grid, `idNumber=${ids.sanfeng}`);
    expect(names(byId)).toEqual(['亓三丰']);
    expect(byId.items[0].idNumber).toBe(`440704********${ids.sanfeng.slice(14)}`);
    expect(byId.items[0].phone).toBe('138****1111');
    expect(byId.items[0].address).toBe('江海路 88 号 金溪花园3栋 1单元 302');
    expect(JSON.stringify(byId)).not.toContain(ids.sanfeng);
    expect(names(await find(grid, `phone=${encodeURIComponent('+86 138-0000-1111')}`))).toEqual(['亓三丰']);
  });

  it('a malformed id number or phone is a 400 naming the field', async () => {
    const bad = ids.sanfeng.slice(0, 17) + (ids.sanfeng[17] === '1' ? '2' : '1');
    const res = await grid.get(`/api/registry/persons?idNumber=${bad}`, { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'idNumber', rule: 'ID_NUMBER_CHECK_DIGIT' });
    const phone = await grid.get('/api/registry/persons?phone=12345');
    expect(phone.status).toBe(400);
    expect(phone.body.error.details[0].field).toBe('phone');
  });

  it('an address finds who lives there by building, road and room number', async () => {
    expect(names(await find(grid, `address=${encodeURIComponent('金溪花园3栋 302')}`))).toEqual(['亓三丰']);
    expect(names(await find(grid, `address=${encodeURIComponent('江海路 88')}`))).toEqual(['亓三丰']);
    expect(names(await find(grid, `address=${encodeURIComponent('金溪花园3栋 303')}`))).toEqual([]);
  });

  it('a tag finds its persons; a sensitive tag the caller may not see finds nobody, unless it is 六必访', async () => {
    expect(names(await find(grid, `tag=hardship&q=${encodeURIComponent('亓')}`))).toEqual(['亓三丰']);
    expect(names(await find(grid, `tag=community_correction&q=${encodeURIComponent('亓')}`))).toEqual([]);
    expect(names(await find(staff, `tag=community_correction&q=${encodeURIComponent('亓')}`))).toEqual(['亓无忌']);
    expect(names(await find(grid, `tag=disabled&q=${encodeURIComponent('隗')}`))).toEqual(['隗敏']);
    const listed = await find(grid, `q=${encodeURIComponent('亓无忌')}`);
    expect(listed.items[0].tags).toEqual([]);
  });

  it('moved-out persons are found only when asked for', async () => {
    expect(names(await find(grid, `q=${encodeURIComponent('松溪')}`))).toEqual([]);
    expect(names(await find(grid, `q=${encodeURIComponent('松溪')}&status=any`))).toEqual(['亓松溪']);
    expect(names(await find(grid, `q=${encodeURIComponent('松溪')}&status=moved_out`))).toEqual(['亓松溪']);
  });

  it('results are paged and at most 200 hits are counted', async () => {
    const g = await t.deps.db
      .selectFrom('org_unit')
      .select(['id', 'path', 'district_id'])
      .where('code', '=', GRID1)
      .executeTakeFirstOrThrow();
    const now = t.clock();
    await sql`
      insert into person (district_id, grid_id, org_path, name, name_grams, created_at, updated_at)
      select ${g.district_id}, ${g.id}, ${g.path}, '甪' || lpad(n::text, 4, '0'),
             array['甪'],
             ${now}, ${now}
        from generate_series(1, 205) n`.execute(t.deps.db);
    const first = await find(grid, `q=${encodeURIComponent('甪')}&pageSize=2`);
    expect(first).toMatchObject({ total: 200, totalCapped: true, page: 1, pageSize: 2 });
    expect(names(first)).toEqual(['甪0001', '甪0002']);
    const second = await find(grid, `q=${encodeURIComponent('甪')}&pageSize=2&page=2`);
    expect(names(second)).toEqual(['甪0003', '甪0004']);
    const few = await find(grid, `q=${encodeURIComponent('亓')}&pageSize=1&page=2`);
    expect(few).toMatchObject({ total: 2, totalCapped: false });
    expect(names(few)).toEqual(['亓无忌']);
  });

  it('a search is logged with the filters used, never the numbers searched for', async () => {
    await find(grid, `idNumber=${ids.wuji}&q=${encodeURIComponent('亓')}`);
    await t.deps.accessLog.flush();
    const rows = await t.deps.db
      .selectFrom('data_access_log')
      .select(['action', 'detail', 'actor_name'])
      .where('action', '=', 'registry.person.search')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.detail)).toContainEqual({ filters: ['q', 'idNumber'] });
    expect(JSON.stringify(rows)).not.toContain(ids.wuji);
    expect(JSON.stringify(rows)).not.toContain('13800001111');
  });
});
