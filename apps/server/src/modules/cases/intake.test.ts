import { randomUUID } from 'node:crypto';
import { isReceiptNo } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseBody,
  categoryUid,
  ensureCaseBasics,
  PNG_1X1,
  pointInGrid,
  reportCase,
  residentReport,
  uploadCasePhoto,
} from '../../../test/cases-fixtures.ts';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { unseal } from '../../platform/crypto.ts';

const GRID1 = '440704001001001';
const GRID2 = '440704001001002';

describe(`cases intake and reads (${dbLabel})`, () => {
  let t: TestPlatform;
  let worker: Client;
  let staff: Client;
  let resident: Client;
  let street: Client;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `intake-test-${++serial}` });

  beforeAll(async () => {
    t = await startTestPlatform();
    await ensureCaseBasics(t);
    worker = await t.as('grid.jinxi01');
    staff = await t.as('staff.jinxi');
    resident = await t.as('resident.demo');
    street = await t.as('street.jiangnan');
  });
  afterAll(async () => {
    await t?.close();
  });

  const fieldsOf = (body: { error: { details?: Array<{ field: string }> } }) =>
    (body.error.details ?? []).map((d) => d.field);

  it('a grid worker on patrol reports a broken lamp: it lands in the grid of the nearest building, with its SLA, timeline, event and audit', async () => {
    const body = await caseBody(t);
    const res = await worker.post('/api/cases', body, key());
    expect(res.status).toBe(201);
    const c = res.body;
    expect(c.uid).toBe(body.uid);
    expect(isReceiptNo(c.receiptNo)).toBe(true);
    expect(c.status).toBe('reported');
    expect(c.channel).toBe('grid');
    expect(c.origin).toBe('patrol');
    expect(c.grid).toEqual({ uid: await t.unitId(GRID1), name: expect.any(String) });
    expect(c.community.uid).toBe(await t.unitId('440704001001'));
    expect(c.category.code).toBe('facilities.street-light');
    expect(c.owner).toEqual({ name: '张海峰' });
    expect(c.reporter).toBeNull();
    expect(c.lng).toBe(body.lng);
    // 7 working days from Monday 2026-11-23 10:00 (China): Wednesday 2 December, 10:00.
    expect(c.resolveDueAt).toBe('2026-12-02T02:00:00.000Z');
    expect(Date.parse(c.responseDueAt)).toBeGreaterThan(Date.parse(c.createdAt));
    expect(c.slaState).toBe('ok');
    expect(c.timeline).toEqual([
      expect.objectContaining({
        seq: 1,
        action: 'report',
        fromStatus: null,
        toStatus: 'reported',
        actorName: '张海峰',
      }),
    ]);
    // A grid worker may not accept or dispatch; commenting is open to every reader.
    expect(c.allowedActions).toEqual(['comment']);

    // The detail read back is the answer the report gave.
    const read = await worker.get(`/api/cases/${c.uid}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(c);
    // Community staff may accept, reject, dispatch, merge it.
    const asStaff = await staff.get(`/api/cases/${c.uid}`);
    expect(asStaff.body.allowedActions).toEqual(expect.arrayContaining(['accept', 'reject', 'dispatch', 'comment']));
    expect(asStaff.body.allowedActions).not.toContain('escalate');
    expect((await street.get(`/api/cases/${c.uid}`)).body.allowedActions).toEqual(
      expect.arrayContaining(['accept', 'escalate', 'supervise']),
    );

    const { rows: events } = await sql<{ payload: { uid: string; channel: string } }>`
      select payload from outbox where topic = 'case.reported' and payload->>'uid' = ${c.uid}`.execute(t.deps.db);
    expect(events).toEqual([{ payload: expect.objectContaining({ uid: c.uid, channel: 'grid' }) }]);
    const audits = await auditRecords(t, { action: 'cases.report', targetId: c.uid });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.org_path).toMatch(/\.440704001001\.g001$/);
  });

  it('at the window, staff take a report for a resident: the phone is sealed at rest and shown masked', async () => {
    const res = await staff.post(
      '/api/cases',
      await caseBody(t, {
        channel: 'window',
        origin: 'on_behalf',
        reporter: { name: '李小明', phone: '138 1234 5678' },
        lng: undefined,
        lat: undefined,
        grid: await t.unitId(GRID2),
      }),
      key(),
    );
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe('window');
    expect(res.body.grid.uid).toBe(await t.unitId(GRID2));
    expect(res.body.reporter).toEqual({ name: '李*明', phone: '138****5678', self: false, anonymous: false });
    expect(JSON.stringify(res.body)).not.toContain('12345678');
    const { rows } = await sql<{ sealed: string; masked: string; owner: string }>`
      select c.reporter_phone_sealed as sealed, c.reporter_phone_masked as masked, u.username as owner
        from cases c join app_user u on u.id = c.owner_id where c.uid = ${res.body.uid}`.execute(t.deps.db);
    expect(rows[0]?.sealed).not.toContain('1381234');
    expect(unseal(t.deps.keys, rows[0]?.sealed as string)).toBe('13812345678');
    expect(rows[0]?.owner).toBe('staff.jinxi');
    const audit = await auditRecords(t, { action: 'cases.report', targetId: res.body.uid });
    expect(JSON.stringify(audit)).not.toContain('12345678');
  });

  it('a hotline call with only an address hangs on the receiver’s community', async () => {
    const res = await staff.post(
      '/api/cases',
      await caseBody(t, {
        channel: 'hotline',
        origin: undefined,
        reporter: { name: '王大伟', phone: '0750-3456789' },
        lng: undefined,
        lat: undefined,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe('hotline');
    expect(res.body.origin).toBeNull();
    expect(res.body.grid).toBeNull();
    expect(res.body.community.uid).toBe(await t.unitId('440704001001'));
    expect(res.body.lng).toBeNull();
    expect(res.body.reporter.phone).toBe('0750-***6789');
  });

  it('on a resident’s behalf, at the window or on the hotline the reporter is required; a bad phone is named', async () => {
    const behalf = await worker.post('/api/cases', await caseBody(t, { origin: 'on_behalf' }));
    expect(behalf.status).toBe(400);
    expect(fieldsOf(behalf.body)).toEqual(['reporter']);
    const window = await staff.post('/api/cases', await caseBody(t, { channel: 'window', origin: undefined }));
    expect(fieldsOf(window.body)).toEqual(['reporter']);
    const phone = await staff.post(
      '/api/cases',
      await caseBody(t, { channel: 'window', reporter: { name: '李小明', phone: '12345' } }),
    );
    expect(phone.status).toBe(400);
    expect(fieldsOf(phone.body)).toEqual(['reporter.phone']);
  });

  it('photos are uploaded first and shown to the case’s readers; not an image is a 400, over 10 MB a 413', async () => {
    const p1 = await uploadCasePhoto(worker);
    const p2 = await uploadCasePhoto(worker, Buffer.concat([PNG_1X1, Buffer.from('second')]));
    const c = await reportCase(t, worker, { photos: [p1, p2] });
    expect(c.photos).toEqual([
      { uid: p1, stage: 'report' },
      { uid: p2, stage: 'report' },
    ]);
    expect((await staff.get(`/api/cases/photos/${p1}`)).status).toBe(200);
    expect((await resident.get(`/api/cases/photos/${p1}`)).status).toBe(404);

    const text = await worker.put(`/api/cases/photos/${randomUUID()}`, Buffer.from('not an image at all'), {
      'content-type': 'image/jpeg',
    });
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe('PHOTO_NOT_AN_IMAGE');
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(10 * 1024 * 1024)]);
    const huge = await worker.put(`/api/cases/photos/${randomUUID()}`, big, { 'content-type': 'image/png' });
    expect(huge.status).toBe(413);
    // Someone else's photo (or one never uploaded) cannot be attached.
    const other = await uploadCasePhoto(staff);
    const bad = await worker.post('/api/cases', await caseBody(t, { photos: [p1, other] }));
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['photos[1]']);
    // Only those who report may upload.
    const auditor = await t.as('auditor');
    expect(
      (await auditor.put(`/api/cases/photos/${randomUUID()}`, PNG_1X1, { 'content-type': 'image/png' })).status,
    ).toBe(403);
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const before = await countCases();
    const outside = await worker.post('/api/cases', await caseBody(t, { lng: 113.5, lat: 22.56 }));
    expect(outside.status).toBe(400);
    expect(fieldsOf(outside.body).sort()).toEqual(['lat', 'lng']);
    const unknown = await worker.post('/api/cases', await caseBody(t, { category: randomUUID() }));
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown.body)).toEqual(['category']);
    const seven = await worker.post(
      '/api/cases',
      await caseBody(t, { photos: Array.from({ length: 7 }, () => randomUUID()) }),
    );
    expect(seven.status).toBe(400);
    expect(JSON.stringify(seven.body.error.details)).toContain('photos');
    const { title: _t, ...untitled } = await caseBody(t);
    const noTitle = await worker.post('/api/cases', untitled);
    expect(noTitle.status).toBe(400);
    expect(JSON.stringify(noTitle.body.error.details)).toContain('title');
    const nowhere = await worker.post(
      '/api/cases',
      await caseBody(t, { lng: undefined, lat: undefined, address: undefined }),
    );
    expect(fieldsOf(nowhere.body)).toEqual(['address']);
    const half = await worker.post('/api/cases', await caseBody(t, { lat: undefined }));
    expect(fieldsOf(half.body)).toEqual(['lat']);
    // A grid outside the worker's own is not theirs to report into.
    const foreign = await worker.post('/api/cases', await caseBody(t, { grid: await t.unitId(GRID2) }));
    expect(fieldsOf(foreign.body)).toEqual(['grid']);
    expect(await countCases()).toBe(before);
  });

  it('the same report retried with its Idempotency-Key, or again under its uid, makes one case', async () => {
    const body = await caseBody(t, { title: '重试的路灯' });
    const headers = { 'idempotency-key': `retry-${body.uid}` };
    const first = await worker.post('/api/cases', body, headers);
    const again = await worker.post('/api/cases', body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.receiptNo).toBe(first.body.receiptNo);
    // The answer lost and the phone retries without the key: the same case, 200.
    const uidRetry = await worker.post('/api/cases', body);
    expect(uidRetry.status).toBe(200);
    expect(uidRetry.body.receiptNo).toBe(first.body.receiptNo);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from cases where title = '重试的路灯'`.execute(t.deps.db);
    expect(rows[0]?.n).toBe(1);
    // Someone else cannot claim the uid (nor learn what it holds).
    const taken = await staff.post('/api/cases', { ...body, channel: 'grid' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CASE_UID_TAKEN');
  });

  it('a case outside the reader’s area is not found', async () => {
    const elsewhere = await reportCase(t, staff, { grid: await t.unitId(GRID2), lng: undefined, lat: undefined });
    expect((await worker.get(`/api/cases/${elsewhere.uid}`)).status).toBe(404);
    expect((await staff.get(`/api/cases/${elsewhere.uid}`)).status).toBe(200);
    expect((await resident.get(`/api/cases/${elsewhere.uid}`)).status).toBe(404);
    expect((await worker.get(`/api/cases/${randomUUID()}`)).status).toBe(404);
    const list = await worker.get('/api/cases?status=all&pageSize=200');
    expect(list.body.items.map((c: { uid: string }) => c.uid)).not.toContain(elsewhere.uid);
  });

  it('a resident reports from their phone and sees their own reports only; an anonymous one hides them from the grid worker', async () => {
    const photo = await uploadCasePhoto(resident);
    const mine = await residentReport(t, resident, { photos: [photo] });
    expect(mine.channel).toBe('resident');
    expect(mine.grid.uid).toBe(await t.unitId(GRID1));
    expect(mine.owner).toBeNull();
    expect(mine.reporter).toEqual({ name: '我', phone: null, self: true, anonymous: false });
    // Nothing to do on it yet but add a word (rating comes once it is resolved).
    expect(mine.allowedActions).toEqual(['comment']);
    const hidden = await residentReport(t, resident, { anonymous: true, title: '匿名反映' });
    expect(hidden.anonymous).toBe(true);

    const staffCase = await reportCase(t, worker);
    const list = await resident.get('/api/cases/me');
    expect(list.status).toBe(200);
    const uids = list.body.items.map((c: { uid: string }) => c.uid);
    // Newest first; the demo resident may have older reports of the demo's own.
    expect(uids.slice(0, 2)).toEqual([hidden.uid, mine.uid]);
    expect(uids).not.toContain(staffCase.uid);
    const { rows: reporters } = await sql<{ username: string }>`
      select distinct u.username from cases c join app_user u on u.id = c.reporter_user_id
       where c.uid = any(${uids}::uuid[])`.execute(t.deps.db);
    expect(reporters).toEqual([{ username: 'resident.demo' }]);
    expect(list.body.total).toBe(uids.length);
    expect((await resident.get('/api/cases')).status).toBe(403);
    expect((await resident.get(`/api/cases/photos/${photo}`)).status).toBe(200);

    // The grid worker sees who reported the open one (masked), nobody for the anonymous one.
    const seen = await worker.get(`/api/cases/${mine.uid}`);
    expect(seen.body.reporter).toEqual({
      name: expect.stringMatching(/\*/),
      phone: null,
      self: false,
      anonymous: false,
    });
    const anon = await worker.get(`/api/cases/${hidden.uid}`);
    expect(anon.body.reporter).toBeNull();
    expect(anon.body.timeline[0].actorName).toBeNull();
    expect(JSON.stringify(anon.body)).not.toContain('王');
    // The community's staff who take it in do see them; the resident sees "我".
    expect((await staff.get(`/api/cases/${hidden.uid}`)).body.reporter).toEqual(
      expect.objectContaining({ anonymous: true, self: false }),
    );
    expect((await resident.get(`/api/cases/${hidden.uid}`)).body.reporter.name).toBe('我');
  });

  it('the console lists open cases newest first and filters by status, category, grid, overdue, channel and text', async () => {
    const noise = await categoryUid(t, 'neighbour.noise');
    const a = await reportCase(t, staff, {
      title: '楼上深夜噪音XJ',
      category: noise,
      grid: await t.unitId(GRID2),
      lng: undefined,
      lat: undefined,
    });
    t.clock.advance(60_000);
    const b = await reportCase(t, worker, { title: '东门路灯闪烁' });
    t.clock.advance(60_000);
    const c = await reportCase(t, staff, {
      title: '热线反映垃圾',
      channel: 'hotline',
      reporter: { name: '赵六' },
    });
    await sql`update cases set overdue = true where uid = ${b.uid}`.execute(t.deps.db);
    await sql`update cases set status = 'closed' where uid = ${c.uid}`.execute(t.deps.db);

    // The demo district has cases of its own: look at these three, and at what every item says.
    const ours = new Set([a.uid, b.uid, c.uid]);
    const items = async (query: string, as = staff) => {
      const res = await as.get(`/api/cases?pageSize=200&${query}`);
      expect(res.status).toBe(200);
      return res.body.items as Array<{
        uid: string;
        status: string;
        overdue: boolean;
        channel: string;
        category: { code: string };
      }>;
    };
    const uids = async (query: string, as = staff) =>
      (await items(query, as)).map((x) => x.uid).filter((u) => ours.has(u));
    expect(await uids('')).toEqual([b.uid, a.uid]);
    const closed = await items('status=closed');
    expect(closed.every((x) => x.status === 'closed')).toBe(true);
    expect(closed.map((x) => x.uid)).toContain(c.uid);
    expect(await uids('status=all')).toEqual([c.uid, b.uid, a.uid]);
    const noisy = await items(`category=${noise}&status=all`);
    expect(noisy.every((x) => x.category.code === 'neighbour.noise')).toBe(true);
    expect(await uids(`category=${noise}`)).toEqual([a.uid]);
    const inGrid2 = await uids(`grid=${await t.unitId(GRID2)}`);
    expect(inGrid2).toEqual([a.uid]);
    const late = await items('overdue=true');
    expect(late.every((x) => x.overdue)).toBe(true);
    expect(late.map((x) => x.uid).filter((u) => ours.has(u))).toEqual([b.uid]);
    expect(await uids('channel=hotline&status=all')).toEqual([c.uid]);
    expect(await uids('channel=hotline')).toEqual([]);
    expect((await items(`q=${encodeURIComponent('深夜噪音XJ')}`)).map((x) => x.uid)).toEqual([a.uid]);
    expect((await items(`q=${b.receiptNo.toLowerCase()}`)).map((x) => x.uid)).toEqual([b.uid]);

    const page1 = await staff.get('/api/cases?pageSize=1');
    expect(page1.body).toEqual(expect.objectContaining({ page: 1, pageSize: 1, hasMore: true }));
    expect(page1.body.items[0].uid).toBe(b.uid);
    const page2 = await staff.get('/api/cases?pageSize=1&page=2');
    expect(page2.body.items[0].uid).not.toBe(b.uid);
    // The street official sees the community's cases; the grid worker only their grid's.
    expect(await uids('', street)).toEqual([b.uid, a.uid]);
    expect(await uids('', worker)).toEqual([b.uid]);
    // A unit outside the caller's area is not found.
    expect((await worker.get(`/api/cases?unit=${await t.unitId(GRID2)}`)).status).toBe(404);
  });

  it('the map is GeoJSON of the open cases with a location', async () => {
    const at = await pointInGrid(t, GRID1);
    const c = await reportCase(t, worker, { lng: at.lng, lat: at.lat });
    const noPoint = await reportCase(t, staff, { lng: undefined, lat: undefined });
    const res = await worker.get('/api/cases/map');
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.truncated).toBe(false);
    const feature = res.body.features.find((f: { properties: { uid: string } }) => f.properties.uid === c.uid);
    expect(feature).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [at.lng, at.lat] },
      properties: expect.objectContaining({ receiptNo: c.receiptNo, status: 'reported', category: '路灯损坏' }),
    });
    const all = await staff.get('/api/cases/map');
    expect(all.body.features.map((f: { properties: { uid: string } }) => f.properties.uid)).not.toContain(noPoint.uid);
    expect((await resident.get('/api/cases/map')).status).toBe(403);
  });

  async function countCases(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from cases`.execute(t.deps.db);
    return rows[0]?.n ?? 0;
  }
});
