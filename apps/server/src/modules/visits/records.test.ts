/**
 * Photos and diaries: a grid worker uploads photos from the phone (retries included), records
 * visits, and supervisors read the diaries of their area — and nothing outside it.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { VisitInput } from '@gongzhi/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { type HouseholdFixture, householdsIn, JPEG, PNG, visitInput } from '../../../test/visit-fixtures.ts';

const GRID = '440704001001001';
const NEXT_GRID = '440704001001002';
const jpeg = { 'content-type': 'image/jpeg' };

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

describe(`visit photos and diaries (${dbLabel})`, () => {
  let t: TestPlatform;
  let worker: Client;
  let neighbour: Client;
  let staff: Client;
  let homes: HouseholdFixture[];
  let away: HouseholdFixture;
  const filesDir = () => join(t.config.dataDir, 'files');

  const sync = async (client: Client, records: VisitInput[]) => {
    const res = await client.post('/api/visits/sync', { deviceId: 'phone-1', records });
    if (res.status !== 200) throw new Error(`sync: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.results as Array<{ outcome: string }>;
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    worker = await t.as('grid.jinxi01');
    neighbour = await t.as('grid.jinxi02');
    staff = await t.as('staff.jinxi');
    homes = await householdsIn(t, GRID, 3);
    [away] = (await householdsIn(t, NEXT_GRID, 1)) as [HouseholdFixture];
  });
  afterAll(() => t?.close());

  describe('uploading a photo', () => {
    it('stores the bytes under the id the phone chose and answers what it stored', async () => {
      const id = randomUUID();
      const res = await worker.put(`/api/visits/photos/${id}`, JPEG, jpeg);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id, contentType: 'image/jpeg', bytes: JPEG.length });
      const row = await t.deps.db
        .selectFrom('stored_file as f')
        .innerJoin('app_user as u', 'u.id', 'f.created_by')
        .select(['f.purpose', 'f.org_path', 'f.sha256', 'u.username'])
        .where('f.uid', '=', id)
        .executeTakeFirstOrThrow();
      const grid = await t.deps.db
        .selectFrom('org_unit')
        .select('path')
        .where('code', '=', GRID)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ purpose: 'visit_photo', org_path: grid.path, username: 'grid.jinxi01' });
      expect(filesUnder(filesDir()).map((f) => f.split('/').at(-1))).toContain(row.sha256);
    });

    it('the same upload retried answers 200 and stores nothing new; other bytes under that id are a conflict', async () => {
      const id = randomUUID();
      expect((await worker.put(`/api/visits/photos/${id}`, PNG, { 'content-type': 'image/png' })).status).toBe(201);
      const before = await countRows(t, ['stored_file']);
      const again = await worker.put(`/api/visits/photos/${id}`, PNG, { 'content-type': 'image/png' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ id, contentType: 'image/png', bytes: PNG.length });
      const other = await worker.put(`/api/visits/photos/${id}`, JPEG, jpeg);
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('PHOTO_ID_TAKEN');
      // Someone else cannot claim the id either.
      expect((await neighbour.put(`/api/visits/photos/${id}`, PNG, { 'content-type': 'image/png' })).status).toBe(409);
      expect(await countRows(t, ['stored_file'])).toEqual(before);
    });

    it('the bytes decide what a photo is, not the header', async () => {
      const id = randomUUID();
      const res = await worker.put(`/api/visits/photos/${id}`, PNG, jpeg);
      expect(res.status).toBe(201);
      expect(res.body.contentType).toBe('image/png');
    });

    it('a file that is not an image is refused with 400 naming the photo, and nothing is stored', async () => {
      const before = await countRows(t, ['stored_file']);
      const files = filesUnder(filesDir()).length;
      const text = Buffer.from('独居老人王奶奶反映楼道灯坏了');
      const res = await worker.put(`/api/visits/photos/${randomUUID()}`, text, jpeg);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'PHOTO_NOT_AN_IMAGE', details: [{ field: 'photo' }] });
      const empty = await worker.put(`/api/visits/photos/${randomUUID()}`, Buffer.alloc(0), jpeg);
      expect(empty.status).toBe(400);
      const pdf = await worker.put(`/api/visits/photos/${randomUUID()}`, Buffer.from('%PDF-1.7'), {
        'content-type': 'application/pdf',
      });
      expect(pdf.status).toBe(415);
      expect(await countRows(t, ['stored_file'])).toEqual(before);
      expect(filesUnder(filesDir())).toHaveLength(files);
    });

    it('a 50 MB photo is refused with 413 naming the photo, and nothing is stored', async () => {
      const before = await countRows(t, ['stored_file']);
      const files = filesUnder(filesDir()).length;
      const big = Buffer.alloc(50 * 1024 * 1024, 0);
      JPEG.copy(big);
      const res = await worker.put(`/api/visits/photos/${randomUUID()}`, big, jpeg);
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        details: [{ field: 'photo', limitBytes: 10 * 1024 * 1024 }],
      });
      expect(res.body.error.details[0].message).toMatch(/10 MB/);
      // Just over the limit is refused too; just under is kept.
      const over = Buffer.alloc(10 * 1024 * 1024 + 1, 0);
      JPEG.copy(over);
      expect((await worker.put(`/api/visits/photos/${randomUUID()}`, over, jpeg)).status).toBe(413);
      expect(await countRows(t, ['stored_file'])).toEqual(before);
      expect(filesUnder(filesDir())).toHaveLength(files);
      const under = over.subarray(0, 10 * 1024 * 1024);
      expect((await worker.put(`/api/visits/photos/${randomUUID()}`, under, jpeg)).status).toBe(201);
    });

    it('a photo streamed without a declared length is cut off as soon as it passes 10 MB', async () => {
      const before = await countRows(t, ['stored_file']);
      let sent = 0;
      const chunk = Buffer.alloc(1024 * 1024, 0);
      // 50 chunks of 1 MB on offer; the server stops reading after the eleventh.
      const body = Readable.from(
        (function* () {
          for (let i = 0; i < 50; i++) {
            sent++;
            yield i === 0 ? Buffer.concat([JPEG, chunk.subarray(JPEG.length)]) : chunk;
          }
        })(),
      );
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/visits/photos/${randomUUID()}`,
        headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf, 'content-type': 'image/jpeg' },
        payload: body,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.details[0].field).toBe('photo');
      expect(sent).toBeLessThan(50);
      expect(await countRows(t, ['stored_file'])).toEqual(before);
    });

    it('people who may not record visits cannot upload', async () => {
      const street = await t.as('street.jiangnan');
      expect((await street.put(`/api/visits/photos/${randomUUID()}`, JPEG, jpeg)).status).toBe(403);
    });
  });

  describe('reading a photo', () => {
    let photo: string;
    let visit: VisitInput;

    beforeAll(async () => {
      photo = randomUUID();
      await worker.put(`/api/visits/photos/${photo}`, JPEG, jpeg);
    });

    it('the uploader gets the bytes before any visit shows it, cacheable for a year, privately', async () => {
      const res = await worker.get(`/api/visits/photos/${photo}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
      expect(Buffer.from(res.body, 'binary').length).toBe(JPEG.length);
      // Nobody else may see it yet, not even the community.
      expect((await staff.get(`/api/visits/photos/${photo}`)).status).toBe(404);
      expect((await neighbour.get(`/api/visits/photos/${photo}`)).body.error.code).toBe('PHOTO_NOT_FOUND');
    });

    it('once a visit shows it, whoever may read that visit sees it; others get 404', async () => {
      visit = visitInput(t, { householdId: homes[0]?.uid, photoIds: [photo] });
      expect(await sync(worker, [visit])).toEqual([{ id: visit.id, outcome: 'created', revision: 1 }]);
      expect((await staff.get(`/api/visits/photos/${photo}`)).status).toBe(200);
      expect((await (await t.as('street.jiangnan')).get(`/api/visits/photos/${photo}`)).status).toBe(200);
      expect((await neighbour.get(`/api/visits/photos/${photo}`)).status).toBe(404);
      expect((await (await t.as('street.waihai')).get(`/api/visits/photos/${photo}`)).status).toBe(404);
      expect((await worker.get(`/api/visits/photos/${randomUUID()}`)).status).toBe(404);
    });
  });

  describe('the diaries', () => {
    let mine: VisitInput[];
    let theirs: VisitInput;

    beforeAll(async () => {
      const hours = (h: number) => new Date(t.clock().getTime() - h * 3_600_000).toISOString();
      mine = [
        visitInput(t, { householdId: homes[1]?.uid, visitedAt: hours(30), findings: [] }),
        visitInput(t, {
          personIds: [homes[2]?.members[0]?.uid as string],
          visitedAt: hours(5),
          findings: [{ kind: 'risk', text: '燃气软管老化' }],
        }),
        visitInput(t, {
          householdId: homes[2]?.uid,
          personIds: [homes[2]?.members[1]?.uid as string],
          visitedAt: hours(2),
          method: 'phone',
          findings: [{ kind: 'conflict', text: '与邻居因噪音有矛盾' }],
        }),
      ];
      await sync(worker, mine);
      theirs = visitInput(t, { householdId: away.uid, visitedAt: hours(1) });
      await sync(neighbour, [theirs]);
    });

    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((i) => i.id);

    it('a grid worker sees the diaries of their grid, newest visit first, and not the next grid’s', async () => {
      const res = await worker.get('/api/visits?pageSize=200');
      expect(res.status).toBe(200);
      const list = ids(res);
      expect(list).toEqual(expect.arrayContaining(mine.map((m) => m.id)));
      expect(list).not.toContain(theirs.id);
      expect(list.indexOf(mine[2]?.id as string)).toBeLessThan(list.indexOf(mine[1]?.id as string));
      expect(list.indexOf(mine[1]?.id as string)).toBeLessThan(list.indexOf(mine[0]?.id as string));
      const times = res.body.items.map((i: { visitedAt: string }) => i.visitedAt);
      expect([...times].sort().reverse()).toEqual(times);
      const third = res.body.items.find((i: { id: string }) => i.id === mine[2]?.id);
      expect(third).toMatchObject({
        method: 'phone',
        worker: { name: '张海峰' },
        household: { id: homes[2]?.uid },
        persons: [{ id: homes[2]?.members[1]?.uid }],
        findings: [{ kind: 'conflict' }],
        photos: 0,
        revision: 1,
        conflict: false,
      });
      expect(third.household.address).toEqual(expect.any(String));
      expect(third.grid.name).toMatch(/网格/);
    });

    it('the community sees both grids; a unit outside the caller’s area is not found', async () => {
      const all = ids(await staff.get('/api/visits?pageSize=200'));
      expect(all).toEqual(expect.arrayContaining([...mine.map((m) => m.id), theirs.id]));
      const grid2 = await staff.get(`/api/visits?unit=${await t.unitId(NEXT_GRID)}&pageSize=200`);
      expect(ids(grid2)).toContain(theirs.id);
      expect(ids(grid2)).not.toContain(mine[0]?.id);
      const out = await worker.get(`/api/visits?unit=${await t.unitId(NEXT_GRID)}`);
      expect(out.status).toBe(404);
      expect(out.body.error.code).toBe('UNIT_NOT_FOUND');
      expect(ids(await (await t.as('street.waihai')).get('/api/visits?pageSize=200'))).not.toContain(mine[0]?.id);
    });

    it('filters by household, person, worker, finding and China date', async () => {
      const q = async (query: string) => ids(await staff.get(`/api/visits?pageSize=200&${query}`));
      expect(await q(`household=${homes[2]?.uid}`)).toEqual([mine[2]?.id]);
      expect(await q(`person=${homes[2]?.members[0]?.uid}`)).toEqual([mine[1]?.id]);
      expect(await q('finding=conflict')).toContain(mine[2]?.id);
      expect(await q('finding=conflict')).not.toContain(mine[1]?.id);
      const me = (await worker.get('/api/auth/me')).body.user.id;
      const byWorker = await q(`worker=${me}`);
      expect(byWorker).toEqual(expect.arrayContaining(mine.map((m) => m.id)));
      expect(byWorker).not.toContain(theirs.id);
      // The clock is 10:00 in China on 23 November; 30 hours before is 04:00 on the 22nd.
      expect(await q('from=2026-11-22&to=2026-11-22')).toContain(mine[0]?.id);
      expect(await q('from=2026-11-23&to=2026-11-23')).not.toContain(mine[0]?.id);
      expect(await q('from=2026-11-23')).toContain(mine[2]?.id);
      const paged = await staff.get('/api/visits?pageSize=1&page=2');
      expect(paged.body).toMatchObject({ page: 2, pageSize: 1 });
      expect(paged.body.items).toHaveLength(1);
      expect(paged.body.total).toBeGreaterThanOrEqual(4);
    });

    it('a record’s detail has every revision and is logged as a view of personal data', async () => {
      const res = await staff.get(`/api/visits/${mine[2]?.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: mine[2]?.id,
        location: { lng: 113.08, lat: 22.58 },
        photoIds: [],
        deviceId: 'phone-1',
        recordedAt: mine[2]?.recordedAt,
        links: { caseId: null, awardId: null },
        canEdit: false,
        revisions: [{ baseRevision: 0, applied: true, deviceId: 'phone-1', summary: mine[2]?.summary }],
      });
      expect((await worker.get(`/api/visits/${mine[2]?.id}`)).body.canEdit).toBe(true);
      await t.deps.accessLog.flush();
      const logged = await t.deps.db
        .selectFrom('data_access_log')
        .select(['actor_name', 'action', 'target_type'])
        .where('target_id', '=', mine[2]?.id as string)
        .execute();
      expect(logged).toContainEqual({ actor_name: 'staff.jinxi', action: 'visits.view', target_type: 'visit' });
    });

    it('a record outside the caller’s area is not found, like one that does not exist', async () => {
      for (const url of [`/api/visits/${theirs.id}`, `/api/visits/${randomUUID()}`]) {
        const res = await worker.get(url);
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('VISIT_NOT_FOUND');
      }
      expect((await worker.post(`/api/visits/${theirs.id}/conflict/ack`)).status).toBe(404);
    });

    it('only the record’s worker or a manager may acknowledge its conflict', async () => {
      await t.deps.db.updateTable('visit').set({ conflict: true }).where('uid', '=', theirs.id).execute();
      // grid.jinxi02's record: 张海峰 cannot see it, the community may manage it.
      const acked = await staff.post(`/api/visits/${theirs.id}/conflict/ack`);
      expect(acked.status).toBe(200);
      expect(acked.body.conflict).toBe(false);
      const [entry] = await auditRecords(t, { action: 'visits.conflict_ack', targetId: theirs.id });
      expect(entry).toMatchObject({
        actor_name: 'staff.jinxi',
        before: { conflict: true },
        after: { conflict: false },
      });
      // A second grid worker in the same grid may read but not acknowledge someone else's record.
      const colleague = await t.as('grid.jinxi02');
      await t.deps.db
        .updateTable('visit')
        .set({ conflict: true })
        .where('uid', '=', mine[0]?.id as string)
        .execute();
      expect((await colleague.post(`/api/visits/${mine[0]?.id}/conflict/ack`)).status).toBe(404);
      expect((await worker.post(`/api/visits/${mine[0]?.id}/conflict/ack`)).status).toBe(200);
    });
  });
});
