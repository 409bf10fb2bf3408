import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JIANGHAI_BBOX, PNG_1X1, pointInGrid, uploadCasePhoto } from '../../../test/cases-fixtures.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { streetOf } from './board-service.ts';
import { seedDefaultCategories } from './categories-repo.ts';
import { tallyOverdue, tallyRated, tallyResolved } from './tally.ts';

// Eight helpers share two cores while this is written: generous limits.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 600_000 });

const HOUR_MS = 3_600_000;
const STREET_LIGHT = 'facilities.street-light';

describe('streetOf: an address without its house number', () => {
  it.each([
    ['江海路12号', '江海路'],
    ['金溪花园3栋2单元501', '金溪花园'],
    ['金溪路 1 号东门', '金溪路'],
    ['五邑路十二号', '五邑路'],
    ['１２号', null],
    ['东湖公园南门', '东湖公园南门'],
    [null, null],
  ])('%s → %s', (address, street) => expect(streetOf(address)).toBe(street));
});

describe(`the public board and satisfaction (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client; // community staff of 金溪社区
  let street: Client; // 江南街道
  let resident: Client;
  let light: string;
  let at: { lng: number; lat: number };
  const db = () => t.deps.db;

  beforeAll(async () => {
    t = await startTestPlatform();
    const district = await db()
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'district')
      .where('path', '=', '440704')
      .executeTakeFirstOrThrow();
    await sql`update org_unit set bbox = ${JIANGHAI_BBOX}::double precision[] where id = ${district.id} and bbox is null`.execute(
      db(),
    );
    await seedDefaultCategories(db(), district.id, t.clock());
    light = (
      await db()
        .selectFrom('case_category')
        .select('uid')
        .where('district_id', '=', district.id)
        .where('code', '=', STREET_LIGHT)
        .executeTakeFirstOrThrow()
    ).uid;
    [staff, street, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('street.jiangnan'),
      t.as('resident.demo'),
    ]);
    const p = await pointInGrid(t, '440704001001001');
    at = { lng: p.lng, lat: p.lat };
  });
  afterAll(() => t?.close());

  /** A window report with a named reporter and a phone, and a photo of the report. */
  async function windowCase(over: Record<string, unknown> = {}) {
    const res = await staff.post('/api/cases', {
      uid: crypto.randomUUID(),
      category: light,
      title: '路灯不亮',
      description: '李秀英反映:金溪花园3栋门口路灯不亮,联系电话13812345678',
      ...at,
      address: '金溪花园3栋2单元501',
      channel: 'window',
      reporter: { name: '李秀英', phone: '13812345678' },
      ...over,
    });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { uid: string; receiptNo: string };
  }
  const caseRow = (uid: string) =>
    db().selectFrom('cases').selectAll().where('uid', '=', uid).executeTakeFirstOrThrow();
  const dept001 = () =>
    db()
      .selectFrom('org_unit')
      .select(['id', 'path', 'uid'])
      .where('kind', '=', 'department')
      .where('code', '=', '001')
      .executeTakeFirstOrThrow();

  it('shows resolved cases masked: no reporter, no house number, only the photos of the result', async () => {
    const reportPhoto = await uploadCasePhoto(staff);
    const made = await windowCase({ photos: [reportPhoto] });
    const resultPhoto = await uploadCasePhoto(staff, Buffer.concat([PNG_1X1, Buffer.from('result')]));
    const row = await caseRow(made.uid);
    const file = await db()
      .selectFrom('stored_file')
      .select('id')
      .where('uid', '=', resultPhoto)
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('case_photo')
      .values({ case_id: row.id, file_id: file.id, stage: 'result', sort: 0 })
      .execute();
    const dept = await dept001();
    await db()
      .updateTable('cases')
      .set({
        status: 'resolved',
        resolved_at: new Date(t.clock().getTime() + HOUR_MS),
        result: '已更换灯泡,恢复照明',
        handler_unit_id: dept.id,
        handler_path: dept.path,
      })
      .where('id', '=', row.id)
      .execute();
    const open = await windowCase({ title: '尚未办结的路灯' });

    const list = await t.anon.get('/api/public/cases?community=440704001001&pageSize=200');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const item = list.body.items.find((i: { receiptNo: string }) => i.receiptNo === made.receiptNo);
    expect(item).toMatchObject({
      title: '路灯不亮',
      status: 'resolved',
      address: '金溪花园',
      result: '已更换灯泡,恢复照明',
      category: { code: STREET_LIGHT },
      community: { code: '440704001001', name: '金溪社区' },
      handler: { name: expect.any(String) },
    });
    expect(list.body.items.map((i: { receiptNo: string }) => i.receiptNo)).not.toContain(open.receiptNo);

    const detail = await t.anon.get(`/api/public/cases/${made.receiptNo}`);
    expect(detail.status).toBe(200);
    expect(detail.body.photos).toEqual([{ uid: resultPhoto }]);
    expect(detail.body.steps.map((s: { action: string }) => s.action)).toContain('report');
    for (const body of [JSON.stringify(list.body), JSON.stringify(detail.body)]) {
      for (const secret of ['李秀英', '李*英', '13812345678', '138****5678', '2单元', '501', '联系电话'])
        expect(body).not.toContain(secret);
    }
    expect(detail.body).not.toHaveProperty('reporter');
    expect(detail.body).not.toHaveProperty('description');

    const photo = await t.anon.get(`/api/public/cases/${made.receiptNo}/photos/${resultPhoto}`);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect((await t.anon.get(`/api/public/cases/${made.receiptNo}/photos/${reportPhoto}`)).status).toBe(404);

    expect((await t.anon.get(`/api/public/cases/${open.receiptNo}`)).status).toBe(404);
    expect((await t.anon.get('/api/public/cases/20261123-ZZZZZZ')).status).toBe(404);
    const unknown = await t.anon.get('/api/public/cases?community=440704999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('UNIT_NOT_FOUND');
  });

  it('counts satisfaction and resolution times from the tally, by department, community and category', async () => {
    // A month of its own, so the demo's cases stay out of the figures.
    const month = new Date('2027-03-10T04:00:00Z');
    const dept = await dept001();
    const made = [await windowCase(), await windowCase(), await windowCase()];
    const rows = await Promise.all(made.map((m) => caseRow(m.uid)));
    const [a, b, c] = rows as [Awaited<ReturnType<typeof caseRow>>, ...Awaited<ReturnType<typeof caseRow>>[]];
    const byDept = { handler_unit_id: dept.id };
    const after = (row: typeof a, hours: number) => new Date(row.created_at.getTime() + hours * HOUR_MS);
    await db()
      .transaction()
      .execute(async (trx) => {
        await tallyResolved(trx, { ...a, ...byDept, resolved_at: after(a, 3) }, month);
        await tallyResolved(trx, { ...(b as typeof a), resolved_at: after(b as typeof a, 30) }, month);
        await tallyResolved(trx, { ...(c as typeof a), ...byDept, resolved_at: after(c as typeof a, 3) }, month);
        await tallyRated(trx, { ...a, ...byDept }, 5, month);
        await tallyRated(trx, b as typeof a, 4, month);
        await tallyRated(trx, { ...(c as typeof a), ...byDept }, 2, month);
        await tallyOverdue(trx, b as typeof a, month);
      });

    const res = await street.get('/api/cases/satisfaction?from=2027-03&to=2027-03&by=department');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ from: '2027-03', to: '2027-03', by: 'department' });
    expect(res.body.total).toMatchObject({
      resolved: 3,
      overdue: 1,
      rated: 3,
      satisfied: 2,
      satisfactionPct: 66.7,
      meanRating: 3.67,
      p50Hours: 4,
      p90Hours: 48,
    });
    const deptRow = res.body.rows.find((r: { key: { uid: string } }) => r.key.uid === dept.uid);
    expect(deptRow).toMatchObject({
      resolved: 2,
      rated: 2,
      satisfied: 1,
      satisfactionPct: 50,
      meanRating: 3.5,
      p50Hours: 4,
    });
    const community = res.body.rows.find((r: { key: { code: string } }) => r.key.code === '440704001001');
    expect(community).toMatchObject({
      resolved: 1,
      overdue: 1,
      rated: 1,
      satisfied: 1,
      satisfactionPct: 100,
      p50Hours: 48,
    });

    // the community's staff see their community by default; by category it is one row
    const mine = await staff.get('/api/cases/satisfaction?from=2027-03&to=2027-03&by=category');
    expect(mine.status).toBe(200);
    expect(mine.body.unit.name).toBe('金溪社区');
    expect(mine.body.rows).toHaveLength(1);
    expect(mine.body.rows[0]).toMatchObject({ key: { code: STREET_LIGHT }, resolved: 3 });
    const byCommunity = await staff.get('/api/cases/satisfaction?from=2027-03&to=2027-03&by=community');
    expect(byCommunity.body.rows).toEqual([
      expect.objectContaining({ key: expect.objectContaining({ code: '440704001001' }), resolved: 3 }),
    ]);

    // a month without cases: zeros and no percentiles, not errors
    const empty = await staff.get('/api/cases/satisfaction?from=2027-04&to=2027-04');
    expect(empty.body.total).toMatchObject({ resolved: 0, satisfactionPct: null, meanRating: null, p50Hours: null });

    // outside the caller's area, a backwards range, a resident
    const other = await staff.get(`/api/cases/satisfaction?unit=${await t.unitId('440704002001')}`);
    expect(other.status).toBe(404);
    const backwards = await staff.get('/api/cases/satisfaction?from=2027-04&to=2027-03');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].field).toBe('from');
    expect((await resident.get('/api/cases/satisfaction')).status).toBe(403);
  });
});
