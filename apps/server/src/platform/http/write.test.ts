/**
 * Idempotency-Key through the HTTP API: a grid worker's phone in a village loses signal after
 * sending, and sends again. The retry must not create a second grid.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';

describe(`Idempotency-Key on writes (${dbLabel})`, () => {
  let t: TestPlatform;
  let official: Client;
  let community: string;
  let serial = 10;
  /** A fresh grid code under 直冲社区 (440704002001) for each test. */
  const nextCode = () => `440704002001${String(++serial).padStart(3, '0')}`;
  const newKey = () => `grid-create:${randomBytes(8).toString('hex')}`;
  const gridBody = (code: string, name = `直冲社区第${code.slice(-3)}网格`) => ({
    parentId: community,
    kind: 'grid',
    name,
    code,
  });
  const unitsWithCode = async (code: string) =>
    (await t.deps.db.selectFrom('org_unit').select('uid').where('code', '=', code).execute()).length;

  beforeAll(async () => {
    t = await startTestPlatform();
    official = await t.as('street.waihai');
    community = await t.unitId('440704002001');
  });
  afterAll(() => t.close());

  it('answers a retried create with the first answer, marked as replayed, and creates one unit', async () => {
    const code = '440704002001009';
    const key = newKey();
    const first = await official.post('/api/org/units', gridBody(code), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body).toMatchObject({ code, kind: 'grid', name: '直冲社区第009网格' });
    t.clock.advance(5_000);
    const retry = await official.post('/api/org/units', gridBody(code), { 'Idempotency-Key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await unitsWithCode(code)).toBe(1);
  });

  it('without a key, the same retry is a second create and is refused as a duplicate code', async () => {
    const code = nextCode();
    expect((await official.post('/api/org/units', gridBody(code))).status).toBe(201);
    const retry = await official.post('/api/org/units', gridBody(code));
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('UNIT_CODE_TAKEN');
  });

  it('refuses the same key with a different body (422 IDEMPOTENCY_KEY_REUSED) and writes nothing', async () => {
    const key = newKey();
    const code = nextCode();
    const other = nextCode();
    expect((await official.post('/api/org/units', gridBody(code), { 'Idempotency-Key': key })).status).toBe(201);
    const reused = await official.post('/api/org/units', gridBody(other), { 'Idempotency-Key': key });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await unitsWithCode(other)).toBe(0);
    // The first request's answer is still what its own retry gets.
    const retry = await official.post('/api/org/units', gridBody(code), { 'Idempotency-Key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('creates one unit when ten copies of a request arrive at once', async () => {
    const key = newKey();
    const code = nextCode();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => official.post('/api/org/units', gridBody(code), { 'Idempotency-Key': key })),
    );
    const created = replies.filter((r) => r.status === 201);
    const inProgress = replies.filter((r) => r.status === 409);
    expect(created.length + inProgress.length).toBe(10);
    for (const r of inProgress) expect(r.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(created.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    for (const r of created) expect(r.body).toEqual(created[0]?.body);
    expect(await unitsWithCode(code)).toBe(1);
  });

  it('does not spend the key on a request that failed: it rolled back, so the key is free again', async () => {
    const key = newKey();
    const good = nextCode();
    // A grid code under another community (直冲 is 440704002001) is refused and nothing is kept.
    const bad = { ...gridBody(good), code: `440704002002${good.slice(-3)}` };
    const failed = await official.post('/api/org/units', bad, { 'Idempotency-Key': key });
    expect(failed.status).toBe(400);
    expect(failed.body.error).toMatchObject({
      code: 'UNIT_CODE_INVALID',
      details: { field: 'code', problem: 'CODE_PARENT' },
    });
    // Sent again unchanged it runs again and fails the same way: no stored answer, no 422.
    const again = await official.post('/api/org/units', bad, { 'Idempotency-Key': key });
    expect(again.status).toBe(400);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(failed.body);
    // Corrected by the user and sent with the same key, it succeeds: the key was never bound.
    const corrected = await official.post('/api/org/units', gridBody(good), { 'Idempotency-Key': key });
    expect(corrected.status).toBe(201);
    expect(await unitsWithCode(good)).toBe(1);
    // Now the key belongs to the corrected request.
    expect((await official.post('/api/org/units', bad, { 'Idempotency-Key': key })).status).toBe(422);
    const replay = await official.post('/api/org/units', gridBody(good), { 'Idempotency-Key': key });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(corrected.body);
  });

  it("keeps each user's keys apart: another official's request with the same key is their own", async () => {
    const key = newKey();
    const mine = nextCode();
    const theirs = nextCode();
    const district = await t.as('district');
    expect((await official.post('/api/org/units', gridBody(mine), { 'Idempotency-Key': key })).status).toBe(201);
    const other = await district.post('/api/org/units', gridBody(theirs), { 'Idempotency-Key': key });
    expect(other.status).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await unitsWithCode(theirs)).toBe(1);
  });

  it.each([
    ['too short', 'abc'],
    ['with a space', 'grid create 0001'],
    ['too long', 'k'.repeat(129)],
  ])('refuses a key that is %s with 400 naming the header, and writes nothing', async (_what, key) => {
    const code = nextCode();
    const r = await official.post('/api/org/units', gridBody(code), { 'Idempotency-Key': key });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'Idempotency-Key' })],
    });
    expect(await unitsWithCode(code)).toBe(0);
  });
});
