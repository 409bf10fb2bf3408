/**
 * The sync of visit records made offline (POST /api/visits/sync), as a grid worker's phone
 * does it: batches sent twice, batches with a bad record, records of subjects outside the
 * worker's grids, two phones editing one record.
 */
import { randomUUID } from 'node:crypto';
import type { VisitInput } from '@gongzhi/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import {
  type HouseholdFixture,
  householdsIn,
  JPEG,
  openDueItem,
  PNG,
  userId,
  visitInput,
} from '../../../test/visit-fixtures.ts';
import { verifyAuditChains } from '../../platform/audit/audit.ts';

const GRID = '440704001001001'; // 张海峰's grid (grid.jinxi01)
const NEXT_GRID = '440704001001002'; // grid.jinxi02's
const TABLES = ['visit', 'visit_person', 'visit_photo', 'visit_revision', 'outbox'] as const;

describe(`syncing visit records (${dbLabel})`, () => {
  let t: TestPlatform;
  let worker: Client;
  let neighbour: Client;
  let workerId: number;
  let homes: HouseholdFixture[];
  let away: HouseholdFixture;
  let device = 0;

  const sync = (client: Client, records: VisitInput[], headers: Record<string, string> = {}) =>
    client.post('/api/visits/sync', { deviceId: `phone-${++device}`, records }, headers);
  const home = (i: number) => homes[i] as HouseholdFixture;
  const counts = async () => (await countRows(t, TABLES)) as Record<(typeof TABLES)[number], number>;

  beforeAll(async () => {
    t = await startTestPlatform();
    worker = await t.as('grid.jinxi01');
    neighbour = await t.as('grid.jinxi02');
    workerId = await userId(t, 'grid.jinxi01');
    homes = await householdsIn(t, GRID, 8);
    [away] = (await householdsIn(t, NEXT_GRID, 1)) as [HouseholdFixture];
  });
  afterAll(() => t?.close());

  it('a batch of new records is created with its persons, photos and first revision', async () => {
    const photo = randomUUID();
    expect((await worker.put(`/api/visits/photos/${photo}`, JPEG, { 'content-type': 'image/jpeg' })).status).toBe(201);
    const a = visitInput(t, {
      householdId: home(0).uid,
      personIds: home(0).members.map((m) => m.uid),
      photoIds: [photo],
    });
    const b = visitInput(t, { personIds: [home(1).members[0]?.uid as string], method: 'phone', findings: [] });
    const before = await counts();
    const res = await sync(worker, [a, b]);
    expect(res.status).toBe(200);
    expect(res.body.serverTime).toBe(t.clock().toISOString());
    expect(res.body.results).toEqual([
      { id: a.id, outcome: 'created', revision: 1 },
      { id: b.id, outcome: 'created', revision: 1 },
    ]);
    const after = await counts();
    expect(after.visit - before.visit).toBe(2);
    expect(after.visit_person - before.visit_person).toBe(home(0).members.length + 1);
    expect(after.visit_photo - before.visit_photo).toBe(1);
    expect(after.visit_revision - before.visit_revision).toBe(2);
    const row = await t.deps.db.selectFrom('visit').selectAll().where('uid', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      household_id: home(0).id,
      grid_id: home(0).gridId,
      worker_id: workerId,
      method: 'home',
      revision: 1,
      conflict: false,
      device_id: `phone-${device}`,
      lng: 113.08,
      lat: 22.58,
    });
    expect(row.visited_at.toISOString()).toBe(a.visitedAt);
    expect(row.recorded_at.toISOString()).toBe(a.recordedAt);
    expect(row.received_at.toISOString()).toBe(t.clock().toISOString());
    // The second hangs on its person's grid, with no household.
    const second = await t.deps.db
      .selectFrom('visit')
      .select(['household_id', 'grid_id'])
      .where('uid', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(second).toEqual({ household_id: null, grid_id: home(1).gridId });
    const events = await t.deps.db
      .selectFrom('outbox')
      .select(['payload', 'org_path'])
      .where('topic', '=', 'visits.recorded')
      .where(sql<boolean>`payload->>'visitId' = ${a.id}`)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({
      visitId: a.id,
      householdId: home(0).uid,
      personIds: a.personIds,
      orgPath: row.org_path,
    });
  });

  it('the same batch sent twice without an Idempotency-Key makes no duplicates', async () => {
    const batch = [
      visitInput(t, { householdId: home(2).uid }),
      visitInput(t, { personIds: [home(2).members[0]?.uid as string] }),
    ];
    expect((await sync(worker, batch)).body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'created',
      'created',
    ]);
    const before = await counts();
    const again = await sync(worker, batch);
    expect(again.status).toBe(200);
    expect(again.body.results).toEqual(batch.map((r) => ({ id: r.id, outcome: 'unchanged', revision: 1 })));
    expect(await counts()).toEqual(before);
  });

  it('the same batch sent twice with one Idempotency-Key gets the first answer back and writes nothing', async () => {
    const batch = [visitInput(t, { householdId: home(3).uid })];
    const key = `sync-${randomUUID()}`;
    const first = await sync(worker, batch, { 'idempotency-key': key });
    device--; // the same phone sends the same body again
    const before = await counts();
    const again = await sync(worker, batch, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
  });

  it('a batch with one invalid record keeps the others and reports the bad one with its reason', async () => {
    const future = new Date(t.clock().getTime() + 3_600_000).toISOString();
    const batch = [
      visitInput(t, { householdId: home(4).uid }),
      visitInput(t, { householdId: home(4).uid, visitedAt: future, recordedAt: future }),
      visitInput(t, { personIds: [home(4).members[1]?.uid as string] }),
    ];
    const before = await counts();
    const res = await sync(worker, batch, { 'accept-language': 'en' });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['created', 'rejected', 'created']);
    const bad = res.body.results[1];
    expect(bad).toMatchObject({ id: batch[1]?.id, revision: null, error: { code: 'VISIT_TIME_IN_FUTURE' } });
    expect(bad.error.message).toMatch(/future/);
    expect(bad.error.details.map((d: { field: string }) => d.field)).toEqual([
      'records[1].visitedAt',
      'records[1].recordedAt',
    ]);
    expect((await counts()).visit - before.visit).toBe(2);
    // In Chinese by default.
    const zh = await sync(worker, [batch[1] as VisitInput]);
    expect(zh.body.results[0].error.message).toBe('走访时间晚于当前时间,请检查手机时间');
  });

  it('a phone a few minutes fast is believed; a visit older than 90 days is refused', async () => {
    const ahead = new Date(t.clock().getTime() + 4 * 60_000).toISOString();
    const old = new Date(t.clock().getTime() - 91 * 86_400_000).toISOString();
    const res = await sync(worker, [
      visitInput(t, { householdId: home(5).uid, visitedAt: ahead, recordedAt: ahead }),
      visitInput(t, { householdId: home(5).uid, visitedAt: old }),
    ]);
    expect(res.body.results[0].outcome).toBe('created');
    expect(res.body.results[1]).toMatchObject({
      outcome: 'rejected',
      error: { code: 'VISIT_TIME_TOO_OLD', details: [{ field: 'records[1].visitedAt' }] },
    });
  });

  it('a visit of a person or household outside the worker’s grids is rejected as not found', async () => {
    const before = await counts();
    const res = await sync(worker, [
      visitInput(t, { personIds: [away.members[0]?.uid as string] }),
      visitInput(t, { householdId: away.uid }),
      visitInput(t, { personIds: [home(5).members[0]?.uid as string, randomUUID()] }),
      visitInput(t, { householdId: home(5).uid }),
    ]);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'created',
    ]);
    expect(res.body.results[0].error).toMatchObject({
      code: 'VISIT_SUBJECT_NOT_FOUND',
      details: [{ field: 'records[0].personIds[0]' }],
    });
    expect(res.body.results[1].error.details[0].field).toBe('records[1].householdId');
    expect(res.body.results[2].error.details[0].field).toBe('records[2].personIds[1]');
    expect((await counts()).visit - before.visit).toBe(1);
    // The neighbouring grid's worker records the same household without trouble.
    const theirs = await sync(neighbour, [visitInput(t, { householdId: away.uid })]);
    expect(theirs.body.results[0].outcome).toBe('created');
  });

  it('persons named with a household must live in it; a visit needs someone to have been visited', async () => {
    const res = await sync(worker, [
      visitInput(t, { householdId: home(6).uid, personIds: [home(7).members[0]?.uid as string] }),
      visitInput(t, { householdId: null, personIds: [] }),
    ]);
    expect(res.body.results[0].error).toMatchObject({
      code: 'VISIT_PERSON_NOT_IN_HOUSEHOLD',
      details: [{ field: 'records[0].personIds[0]' }],
    });
    expect(res.body.results[1].error).toMatchObject({
      code: 'VISIT_SUBJECT_REQUIRED',
      details: [{ field: 'records[1].personIds' }],
    });
  });

  it('a photo must have been uploaded by the worker who sends the record', async () => {
    const theirs = randomUUID();
    expect((await neighbour.put(`/api/visits/photos/${theirs}`, PNG, { 'content-type': 'image/png' })).status).toBe(
      201,
    );
    const res = await sync(worker, [
      visitInput(t, { householdId: home(6).uid, photoIds: [theirs] }),
      visitInput(t, { householdId: home(6).uid, photoIds: [randomUUID()] }),
    ]);
    for (const [i, r] of res.body.results.entries())
      expect(r.error).toMatchObject({
        code: 'VISIT_PHOTO_NOT_FOUND',
        details: [{ field: `records[${i}].photoIds[0]` }],
      });
  });

  it('a record id that belongs to another worker is not found, and that record is left alone', async () => {
    const mine = visitInput(t, { householdId: home(6).uid });
    await sync(worker, [mine]);
    const res = await sync(neighbour, [{ ...mine, householdId: away.uid, baseRevision: 1, summary: '改写' }]);
    expect(res.body.results[0]).toMatchObject({
      outcome: 'rejected',
      error: { code: 'VISIT_NOT_FOUND', details: [{ field: 'records[0].id' }] },
    });
    const row = await t.deps.db
      .selectFrom('visit')
      .select(['summary', 'revision'])
      .where('uid', '=', mine.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ summary: mine.summary, revision: 1 });
  });

  it('a record the database refuses is rejected on its own; the rest of the batch is kept', async () => {
    // A NUL character passes the schema but PostgreSQL text cannot hold it: the batch's
    // statements fail, and each record is written again in a savepoint of its own.
    const batch = [
      visitInput(t, { householdId: home(7).uid }),
      visitInput(t, { householdId: home(7).uid, summary: '坏\u0000记录' }),
      visitInput(t, { personIds: [home(7).members[0]?.uid as string] }),
    ];
    const before = await counts();
    const res = await sync(worker, batch);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['created', 'rejected', 'created']);
    expect(res.body.results[1].error).toMatchObject({ code: 'VISIT_NOT_SAVED', details: [{ field: 'records[1].id' }] });
    const after = await counts();
    expect(after.visit - before.visit).toBe(2);
    expect(after.visit_revision - before.visit_revision).toBe(2);
    expect(after.outbox - before.outbox).toBe(2);
  });

  it('an edit of the current revision replaces the record and keeps the first version in its history', async () => {
    const first = visitInput(t, { householdId: home(0).uid, personIds: [home(0).members[0]?.uid as string] });
    await sync(worker, [first]);
    const edit = {
      ...first,
      baseRevision: 1,
      recordedAt: new Date(Date.parse(first.recordedAt) + 600_000).toISOString(),
      summary: '补充:王奶奶腿脚不便,需代办医保。',
      personIds: home(0).members.map((m) => m.uid),
    };
    const res = await sync(worker, [edit]);
    expect(res.body.results[0]).toEqual({ id: first.id, outcome: 'updated', revision: 2 });
    const detail = await worker.get(`/api/visits/${first.id}`);
    expect(detail.body).toMatchObject({ revision: 2, conflict: false, summary: edit.summary });
    expect(detail.body.persons).toHaveLength(home(0).members.length);
    expect(detail.body.revisions.map((r: { applied: boolean; summary: string }) => [r.applied, r.summary])).toEqual([
      [true, first.summary],
      [true, edit.summary],
    ]);
    // Sending the edit again changes nothing.
    expect((await sync(worker, [edit])).body.results[0]).toEqual({ id: first.id, outcome: 'unchanged', revision: 2 });
  });

  describe('two phones edit revision 1 of one record', () => {
    let original: VisitInput;
    let phoneA: VisitInput;
    let phoneB: VisitInput;
    const at = (minutes: number) => new Date(t.clock().getTime() - 3_600_000 + minutes * 60_000).toISOString();

    beforeAll(async () => {
      original = visitInput(t, { householdId: home(1).uid, recordedAt: at(1) });
      await sync(worker, [original]);
      // Phone A saves its edit at +10 min, phone B at +20 min; B reaches the server first.
      phoneA = { ...original, baseRevision: 1, recordedAt: at(10), summary: '甲机修改:楼道灯已报修。' };
      phoneB = { ...original, baseRevision: 1, recordedAt: at(20), summary: '乙机修改:物业已派人更换灯泡。' };
    });

    it('both edits are kept, the one saved later on its device is current, and the record is flagged', async () => {
      expect((await sync(worker, [phoneB])).body.results[0]).toEqual({
        id: original.id,
        outcome: 'updated',
        revision: 2,
      });
      expect((await sync(worker, [phoneA])).body.results[0]).toEqual({
        id: original.id,
        outcome: 'conflict',
        revision: 2,
      });
      const detail = (await worker.get(`/api/visits/${original.id}`)).body;
      expect(detail).toMatchObject({ summary: phoneB.summary, revision: 2, conflict: true });
      expect(
        detail.revisions.map((r: { applied: boolean; summary: string; baseRevision: number }) => [
          r.baseRevision,
          r.applied,
          r.summary,
        ]),
      ).toEqual([
        [0, true, original.summary],
        [1, true, phoneB.summary],
        [1, false, phoneA.summary],
      ]);
      // Phone A retries its upload: nothing new.
      expect((await sync(worker, [phoneA])).body.results[0].outcome).toBe('unchanged');
      const stored = await t.deps.db
        .selectFrom('visit_revision as r')
        .innerJoin('visit as v', 'v.id', 'r.visit_id')
        .select('r.id')
        .where('v.uid', '=', original.id)
        .execute();
      expect(stored).toHaveLength(3);
    });

    it('an edit made later on a stale revision becomes current, the other stays in the history', async () => {
      const phoneC = { ...original, baseRevision: 1, recordedAt: at(30), summary: '丙机修改:灯已修好。' };
      expect((await sync(worker, [phoneC])).body.results[0]).toEqual({
        id: original.id,
        outcome: 'conflict',
        revision: 3,
      });
      const detail = (await worker.get(`/api/visits/${original.id}`)).body;
      expect(detail).toMatchObject({ summary: phoneC.summary, revision: 3, conflict: true });
      expect(detail.revisions.filter((r: { applied: boolean }) => r.applied)).toHaveLength(3);
    });

    it('the worker acknowledges the conflict and the flag is cleared, with an audit record', async () => {
      const res = await worker.post(`/api/visits/${original.id}/conflict/ack`);
      expect(res.status).toBe(200);
      expect(res.body.conflict).toBe(false);
      const row = await t.deps.db
        .selectFrom('visit')
        .select('conflict')
        .where('uid', '=', original.id)
        .executeTakeFirstOrThrow();
      expect(row.conflict).toBe(false);
      expect(await auditRecords(t, { action: 'visits.conflict_ack', targetId: original.id })).toHaveLength(1);
    });
  });

  it('a visit marks the household’s open must-visit item of the period done', async () => {
    const { id: dueId, household } = await openDueItem(t, GRID, workerId);
    const gridMonth = () =>
      t.deps.db
        .selectFrom('visit_grid_month')
        .select(['done'])
        .where('grid_id', '=', household.gridId)
        .where('month', '=', '2026-11-01')
        .executeTakeFirst();
    const doneBefore = (await gridMonth())?.done ?? 0;
    // A person of the household is named: that covers the household's item.
    const v = visitInput(t, { personIds: [household.members[1]?.uid as string] });
    await sync(worker, [v]);
    const row = await t.deps.db
      .selectFrom('visit_due as d')
      .innerJoin('visit as v', 'v.id', 'd.visit_id')
      .select(['d.status', 'v.uid', 'd.closed_at'])
      .where('d.id', '=', dueId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', uid: v.id });
    expect(row.closed_at?.toISOString()).toBe(t.clock().toISOString());
    expect((await gridMonth())?.done).toBe(doneBefore + 1);
  });

  it('keeps the monthly tallies of visits and findings, per grid and per worker, through edits', async () => {
    // Visits made in October; the demo's diaries count there too, so the test reads differences.
    const october = (day: number) => ({
      visitedAt: `2026-10-${day}T02:00:00.000Z`,
      recordedAt: `2026-10-${day}T03:00:00.000Z`,
    });
    const tally = async (month: string) => {
      const g = await t.deps.db
        .selectFrom('visit_grid_month')
        .select(['visits', 'findings'])
        .where('grid_id', '=', home(0).gridId)
        .where('month', '=', month)
        .executeTakeFirst();
      const w = await t.deps.db
        .selectFrom('visit_worker_month')
        .select(['visits'])
        .where('worker_id', '=', workerId)
        .where('grid_id', '=', home(0).gridId)
        .where('month', '=', month)
        .executeTakeFirst();
      return { visits: g?.visits ?? 0, findings: (g?.findings ?? {}) as Record<string, number>, mine: w?.visits ?? 0 };
    };
    const change = (before: Awaited<ReturnType<typeof tally>>, after: Awaited<ReturnType<typeof tally>>) => {
      const kinds = new Set([...Object.keys(before.findings), ...Object.keys(after.findings)]);
      const findings: Record<string, number> = {};
      for (const k of kinds) {
        const d = (after.findings[k] ?? 0) - (before.findings[k] ?? 0);
        if (d !== 0) findings[k] = d;
      }
      return { visits: after.visits - before.visits, findings, mine: after.mine - before.mine };
    };
    expect(home(1).gridId).toBe(home(0).gridId);
    const start = { oct: await tally('2026-10-01'), sep: await tally('2026-09-01') };
    const a = visitInput(t, {
      ...october(10),
      householdId: home(0).uid,
      findings: [
        { kind: 'need', text: '需要助餐服务' },
        { kind: 'risk', text: '燃气软管老化' },
      ],
    });
    const b = visitInput(t, {
      ...october(12),
      householdId: home(1).uid,
      findings: [{ kind: 'need', text: '楼道灯坏了' }],
    });
    await sync(worker, [a, b]);
    expect(change(start.oct, await tally('2026-10-01'))).toEqual({
      visits: 2,
      findings: { need: 2, risk: 1 },
      mine: 2,
    });
    // An edit: the risk is gone, a conflict between neighbours was found.
    await sync(worker, [
      {
        ...a,
        baseRevision: 1,
        recordedAt: new Date(Date.parse(a.recordedAt) + 60_000).toISOString(),
        findings: [
          { kind: 'need', text: '需要助餐服务' },
          { kind: 'conflict', text: '与邻居因噪音有矛盾' },
        ],
      },
    ]);
    expect(change(start.oct, await tally('2026-10-01'))).toEqual({
      visits: 2,
      findings: { need: 2, conflict: 1 },
      mine: 2,
    });
    // An edit moving the visit to September takes it out of October.
    await sync(worker, [
      {
        ...b,
        baseRevision: 1,
        visitedAt: '2026-09-30T10:00:00Z',
        recordedAt: new Date(Date.parse(b.recordedAt) + 60_000).toISOString(),
      },
    ]);
    expect(change(start.oct, await tally('2026-10-01'))).toEqual({
      visits: 1,
      findings: { need: 1, conflict: 1 },
      mine: 1,
    });
    expect(change(start.sep, await tally('2026-09-01'))).toEqual({ visits: 1, findings: { need: 1 }, mine: 1 });
  });

  it('the audit keeps the device’s time and the server’s for every applied record, on intact chains', async () => {
    const v = visitInput(t, { householdId: home(2).uid, recordedAt: '2026-11-23T01:01:02.345Z' });
    t.clock.advance(5_000);
    await sync(worker, [v]);
    const [entry] = await auditRecords(t, { action: 'visits.record', targetId: v.id });
    expect(entry).toMatchObject({ actor_name: 'grid.jinxi01', target_type: 'visit' });
    expect(entry?.after).toMatchObject({
      deviceTime: '2026-11-23T01:01:02.345Z',
      serverTime: t.clock().toISOString(),
      deviceId: `phone-${device}`,
      outcome: 'created',
      revision: 1,
    });
    expect(entry?.at.toISOString()).toBe(t.clock().toISOString());
    const updates = await auditRecords(t, { action: 'visits.update' });
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) expect(u.after).toHaveProperty('deviceTime');
    expect((await verifyAuditChains(t.deps.db)).breaks).toEqual([]);
  });

  it('a batch over 50 records, or a record with an unknown field, is refused whole with the field named', async () => {
    const before = await counts();
    const many = Array.from({ length: 51 }, () => visitInput(t, { householdId: home(0).uid }));
    const res = await sync(worker, many);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('records');
    const odd = await sync(worker, [{ ...visitInput(t, { householdId: home(0).uid }), mood: 'good' } as VisitInput]);
    expect(odd.status).toBe(400);
    expect(odd.body.error.details[0].field).toBe('records[0].mood');
    expect(await counts()).toEqual(before);
  });

  it('people who may not record visits cannot sync', async () => {
    const street = await t.as('street.jiangnan');
    const res = await sync(street, [visitInput(t, { householdId: home(0).uid })]);
    expect(res.status).toBe(403);
  });
});
