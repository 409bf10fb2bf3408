import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JIANGHAI_BBOX, pointInGrid } from '../../../test/cases-fixtures.ts';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { seedDefaultCategories } from './categories-repo.ts';

// Eight helpers share two cores while this is written: generous limits.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 600_000 });

/** Degrees of latitude per metre (on the meridian). */
const LAT_PER_M = 1 / 111_195;
const DAY_MS = 86_400_000;
const STREET_LIGHT = 'facilities.street-light';

describe(`duplicates: nearby and merge (${dbLabel})`, () => {
  let t: TestPlatform;
  let worker: Client; // 张海峰, grid worker of 金溪社区第一网格
  let staff: Client; // community staff of 金溪社区
  let resident: Client; // 王桂芳
  let chengguan: Client; // department handler: neither intake nor self
  let at: { lng: number; lat: number };
  let light: string;
  const categoryUid = async (code: string) =>
    (
      await t.deps.db
        .selectFrom('case_category as k')
        .innerJoin('org_unit as d', 'd.id', 'k.district_id')
        .select('k.uid')
        .where('d.path', '=', '440704')
        .where('k.code', '=', code)
        .executeTakeFirstOrThrow()
    ).uid;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `duplicates-test-${++serial}` });

  beforeAll(async () => {
    t = await startTestPlatform();
    const district = await t.deps.db
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'district')
      .where('path', '=', '440704')
      .executeTakeFirstOrThrow();
    await sql`update org_unit set bbox = ${JIANGHAI_BBOX}::double precision[] where id = ${district.id} and bbox is null`.execute(
      t.deps.db,
    );
    await seedDefaultCategories(t.deps.db, district.id, t.clock());
    light = await categoryUid(STREET_LIGHT);
    [worker, staff, resident, chengguan] = await Promise.all([
      t.as('grid.jinxi01'),
      t.as('staff.jinxi'),
      t.as('resident.demo'),
      t.as('dept.chengguan'),
    ]);
    const p = await pointInGrid(t, '440704001001001');
    at = { lng: p.lng, lat: p.lat };
  });
  afterAll(() => t?.close());

  /** POST /api/cases as a grid worker on patrol (or /api/cases/me as a resident); the CaseDetail. */
  async function report(as: Client, over: Record<string, unknown>, path = '/api/cases') {
    const body = {
      uid: crypto.randomUUID(),
      category: light,
      title: '路灯不亮',
      description: '路灯连续三晚不亮',
      ...at,
      ...(path === '/api/cases' ? { channel: 'grid', origin: 'patrol' } : {}),
      ...over,
    };
    const res = await as.post(path, body);
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const reportCase = (_t: TestPlatform, as: Client, over: Record<string, unknown>) => report(as, over);
  const residentReport = (_t: TestPlatform, as: Client, over: Record<string, unknown>) =>
    report(as, over, '/api/cases/me');
  const north = (m: number) => ({ lng: at.lng, lat: at.lat + m * LAT_PER_M });
  const caseRow = (uid: string) =>
    t.deps.db.selectFrom('cases').selectAll().where('uid', '=', uid).executeTakeFirstOrThrow();

  it('finds an open case of the category 30 m away, not one 80 m away, 4 days old or of another category', async () => {
    const here = await reportCase(t, worker, { ...at, title: '路灯不亮', address: '金溪路12号3栋' });
    const far = await reportCase(t, worker, { ...north(110), title: '路灯不亮(北)' });
    const old = await reportCase(t, worker, { ...north(30), title: '路灯不亮(旧)' });
    await sql`update cases set created_at = ${new Date(t.clock().getTime() - 4 * DAY_MS)} where uid = ${old.uid}::uuid`.execute(
      t.deps.db,
    );
    const other = await reportCase(t, worker, { ...at, category: await categoryUid('neighbour.noise') });

    const q = north(30);
    const url = `/api/cases/nearby?category=${light}&lng=${q.lng}&lat=${q.lat}`;
    const res = await resident.get(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const uids = res.body.items.map((i: { uid: string }) => i.uid);
    expect(uids).toContain(here.uid);
    expect(uids).not.toContain(far.uid);
    expect(uids).not.toContain(old.uid);
    expect(uids).not.toContain(other.uid);
    const found = res.body.items.find((i: { uid: string }) => i.uid === here.uid);
    expect(found.distanceMeters).toBeGreaterThanOrEqual(29);
    expect(found.distanceMeters).toBeLessThanOrEqual(31);
    // masked: the street without its number, nobody's name
    expect(found.address).toBe('金溪路');
    expect(Object.keys(found).sort()).toEqual(
      ['address', 'createdAt', 'distanceMeters', 'receiptNo', 'status', 'title', 'uid'].sort(),
    );

    // a grid worker may ask too; a department handler (neither intake nor self) may not
    expect((await worker.get(url)).status).toBe(200);
    const denied = await chengguan.get(url);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');

    // an unknown category names the field
    const bad = await worker.get(`/api/cases/nearby?category=${crypto.randomUUID()}&lng=${q.lng}&lat=${q.lat}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('category');

    // a resolved case is no longer "the same open problem"
    await sql`update cases set status = 'resolved', resolved_at = ${t.clock()} where uid = ${here.uid}::uuid`.execute(
      t.deps.db,
    );
    const after = await worker.get(url);
    expect(after.body.items.map((i: { uid: string }) => i.uid)).not.toContain(here.uid);
  });

  it('merges a report into the open case it repeats: its reporter follows the target', async () => {
    const target = await reportCase(t, worker, { ...at, title: '路灯不亮(合并目标)' });
    const mine = await residentReport(t, resident, { ...north(10), title: '我家楼下路灯坏了' });

    const res = await staff.post(`/api/cases/${mine.uid}/merge`, { into: target.uid, note: '同一路灯' }, key());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      uid: mine.uid,
      status: 'merged',
      mergedInto: { uid: target.uid, receiptNo: target.receiptNo },
      reporters: 1,
    });

    const src = await caseRow(mine.uid);
    const dst = await caseRow(target.uid);
    expect(src.status).toBe('merged');
    expect(src.merged_into_id).toBe(dst.id);
    expect(dst.status).toBe('reported');
    const reporters = await t.deps.db.selectFrom('case_reporter').selectAll().where('case_id', '=', dst.id).execute();
    expect(reporters).toHaveLength(1);
    expect(reporters[0]).toMatchObject({ source_case_id: src.id, reporter_user_id: src.reporter_user_id });

    // timelines of both
    const events = async (id: number) =>
      t.deps.db.selectFrom('case_event').selectAll().where('case_id', '=', id).orderBy('seq').execute();
    const srcEvents = await events(src.id);
    expect(srcEvents.at(-1)).toMatchObject({
      action: 'merge',
      from_status: 'reported',
      to_status: 'merged',
      note: '同一路灯',
    });
    expect((srcEvents.at(-1)?.detail as any)?.into?.uid).toBe(target.uid);
    const dstEvents = await events(dst.id);
    expect(dstEvents.at(-1)).toMatchObject({ action: 'merge', from_status: 'reported', to_status: 'reported' });
    expect((dstEvents.at(-1)?.detail as any)?.from?.uid).toBe(mine.uid);

    // audit and outbox
    expect(await auditRecords(t, { action: 'case.merge', targetId: mine.uid })).toHaveLength(1);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from outbox where topic = 'case.merged' and payload->>'uid' = ${mine.uid}`.execute(
      t.deps.db,
    );
    expect(rows[0]?.n).toBe(1);

    // the resident now follows the target: it opens for her, and her report says where it went
    expect((await resident.get(`/api/cases/${target.uid}`)).status).toBe(200);
    const me = await resident.get('/api/cases/me?pageSize=100');
    expect(me.status).toBe(200);
    const item = me.body.items.find((i: { uid: string }) => i.uid === mine.uid);
    expect(item?.status).toBe('merged');
    expect(item?.mergedInto?.uid).toBe(target.uid);

    // merging it again is a transition the domain refuses
    const again = await staff.post(`/api/cases/${mine.uid}/merge`, { into: target.uid }, key());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CASE_TRANSITION_FORBIDDEN');
    expect(again.body.error.details).toMatchObject({ status: 'merged', action: 'merge' });
  });

  it('carries the reporters of cases merged before along to the new target', async () => {
    const a = await residentReport(t, resident, { ...at, title: '路灯坏了 A' });
    const b = await reportCase(t, worker, { ...at, title: '路灯坏了 B' });
    const c = await reportCase(t, worker, { ...at, title: '路灯坏了 C' });
    expect((await staff.post(`/api/cases/${a.uid}/merge`, { into: b.uid }, key())).status).toBe(200);
    const res = await staff.post(`/api/cases/${b.uid}/merge`, { into: c.uid }, key());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.reporters).toBe(2);
    const cRow = await caseRow(c.uid);
    expect((await caseRow(a.uid)).merged_into_id).toBe(cRow.id);
    expect((await resident.get(`/api/cases/${c.uid}`)).status).toBe(200);
  });

  it('refuses merging into itself, into a closed case, and to those without cases:dispatch', async () => {
    const one = await reportCase(t, worker, { ...at, title: '路灯不亮 1' });
    const closed = await reportCase(t, worker, { ...at, title: '路灯不亮 2' });
    await sql`update cases set status = 'closed', closed_at = ${t.clock()} where uid = ${closed.uid}::uuid`.execute(
      t.deps.db,
    );

    const self = await staff.post(`/api/cases/${one.uid}/merge`, { into: one.uid }, key());
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('CASE_MERGE_SELF');

    const intoClosed = await staff.post(`/api/cases/${one.uid}/merge`, { into: closed.uid }, key());
    expect(intoClosed.status).toBe(409);
    expect(intoClosed.body.error.code).toBe('CASE_MERGE_TARGET_NOT_OPEN');

    const byWorker = await worker.post(`/api/cases/${one.uid}/merge`, { into: closed.uid }, key());
    expect(byWorker.status).toBe(403);

    const unknown = await staff.post(`/api/cases/${one.uid}/merge`, { into: crypto.randomUUID() }, key());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CASE_NOT_FOUND');

    expect((await caseRow(one.uid)).status).toBe('reported');
  });
});
