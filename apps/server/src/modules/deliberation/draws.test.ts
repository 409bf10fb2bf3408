/**
 * Public draws (抽签): the seed's hash published first, the draw made once with the seed that hashes
 * to it, the order the domain's drawOrder gives (anyone can re-run it from the public page),
 * entrants from a vote's options, validation and scope.
 */
import { randomUUID } from 'node:crypto';
import { DRAW_ALGORITHM, drawOrder, newDrawSeed, seedHash } from '@gongzhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { openVote } from '../../../test/votes-fixtures.ts';

const YINGNAN = '440704003201';
const ENTRANTS = Array.from({ length: 12 }, (_, i) => ({
  key: `YN-${String(i + 1).padStart(3, '0')}`,
  label: `英南村 ${i + 1} 号户(${['陈', '黄', '梁', '李'][i % 4]}*${['明', '华', '强'][i % 3]})`,
}));

describe('draws', () => {
  let t: TestPlatform;
  let staff: Client;
  let yingnan: string;

  beforeAll(async () => {
    t = await startTestPlatform();
    staff = await t.as('staff.yingnan');
    yingnan = await t.unitId(YINGNAN);
  });
  afterAll(() => t.close());

  it('publishes the seed hash, draws once with the matching seed, and shows all it takes to re-run', async () => {
    const seed = newDrawSeed(crypto.getRandomValues(new Uint8Array(32)));
    const uid = randomUUID();
    const body = {
      uid,
      title: '英南村集体住房分配抽签',
      unit: yingnan,
      entrants: ENTRANTS,
      winners: 4,
      seedHash: seedHash(seed),
    };
    const created = await staff.post('/api/deliberation/draws', body, { 'idempotency-key': `draw-${uid}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'sealed',
      seed: null,
      result: null,
      winners: 4,
      algorithm: DRAW_ALGORITHM,
      allowedActions: ['draw'],
    });
    expect((await staff.post('/api/deliberation/draws', body)).status).toBe(200);
    const sealed = await t.anon.get(`/api/public/deliberation/draws/${uid}`);
    expect(sealed.body).toMatchObject({ status: 'sealed', seedHash: seedHash(seed), seed: null, entrants: ENTRANTS });
    expect(sealed.body.allowedActions).toEqual([]);

    const mismatch = await staff.post(`/api/deliberation/draws/${uid}/draw`, { seed: `${seed}0` });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error.code).toBe('DELIB_DRAW_SEED_MISMATCH');

    const drawn = await staff.post(`/api/deliberation/draws/${uid}/draw`, { seed });
    expect(drawn.status).toBe(200);
    const order = drawOrder(
      seed,
      ENTRANTS.map((e) => e.key),
    );
    expect(drawn.body).toMatchObject({ status: 'drawn', seed, result: order, allowedActions: [] });
    expect(drawn.body.winnerList).toEqual(
      order.slice(0, 4).map((key, i) => ({ rank: i + 1, key, label: ENTRANTS.find((e) => e.key === key)?.label })),
    );
    // Once only, with the same seed or another.
    expect((await staff.post(`/api/deliberation/draws/${uid}/draw`, { seed })).body.error.code).toBe('DELIB_DRAW_DONE');
    expect((await staff.post(`/api/deliberation/draws/${uid}/draw`, { seed: `${seed}0` })).body.error.code).toBe(
      'DELIB_DRAW_DONE',
    );

    const pub = await t.anon.get(`/api/public/deliberation/draws/${uid}`);
    expect(pub.body).toMatchObject({ seed, seedHash: seedHash(seed), algorithm: DRAW_ALGORITHM, result: order });
    // Re-run from the public page's data alone.
    expect(
      drawOrder(
        pub.body.seed,
        pub.body.entrants.map((e: { key: string }) => e.key),
      ),
    ).toEqual(pub.body.result);
    const audits = await auditRecords(t, { targetId: uid });
    expect(audits.map((a) => a.action)).toEqual(['deliberation.draw_create', 'deliberation.draw_made']);
    const listed = await staff.get(`/api/deliberation/draws?unit=${yingnan}`);
    expect(listed.body.items.map((d: { uid: string }) => d.uid)).toContain(uid);
  });

  it('names the fields of a bad draw', async () => {
    const bad = await staff.post('/api/deliberation/draws', {
      uid: randomUUID(),
      title: '抽签',
      unit: yingnan,
      entrants: [
        { key: 'a', label: '甲' },
        { key: 'a', label: '乙' },
      ],
      winners: 3,
      seedHash: seedHash('a-seed-of-sixteen-chars'),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['entrants[1].key', 'winners']);
    const none = await staff.post('/api/deliberation/draws', {
      uid: randomUUID(),
      title: '抽签',
      unit: yingnan,
      winners: 1,
      seedHash: seedHash('a-seed-of-sixteen-chars'),
    });
    expect(none.body.error.details.map((d: { field: string }) => d.field)).toEqual(['entrants']);
  });

  it('takes its entrants from a vote’s options', async () => {
    const vote = await openVote(staff, {
      unit: yingnan,
      style: 'choice',
      options: [
        { key: 'east', label: '东片' },
        { key: 'west', label: '西片' },
        { key: 'north', label: '北片' },
      ],
      electorate: 'households',
    });
    const seed = 'tie-break-seed-2026-11-23';
    const made = await staff.post('/api/deliberation/draws', {
      uid: randomUUID(),
      title: '得票相同,抽签决定',
      fromVote: vote,
      winners: 1,
      seedHash: seedHash(seed),
    });
    expect(made.status).toBe(201);
    expect(made.body.entrants.map((e: { key: string }) => e.key)).toEqual(['east', 'west', 'north']);
    expect(made.body.community.name).toBe('英南村');
  });

  it('keeps draws to their area', async () => {
    const uid = randomUUID();
    const made = await staff.post('/api/deliberation/draws', {
      uid,
      title: '车位抽签',
      unit: yingnan,
      entrants: ENTRANTS.slice(0, 3),
      winners: 1,
      seedHash: seedHash('area-seed-0000000001'),
    });
    expect(made.status).toBe(201);
    const jinxi = await t.as('staff.jinxi');
    expect((await jinxi.get(`/api/deliberation/draws/${uid}`)).status).toBe(404);
    const drawn = await jinxi.post(`/api/deliberation/draws/${uid}/draw`, { seed: 'area-seed-0000000001' });
    expect(drawn.status).toBe(404);
    expect(drawn.body.error.code).toBe('DELIB_DRAW_NOT_FOUND');
    expect((await jinxi.get('/api/deliberation/draws')).body.items.map((d: { uid: string }) => d.uid)).not.toContain(
      uid,
    );
    const resident = await t.as('resident.demo');
    expect((await resident.get(`/api/deliberation/draws/${uid}`)).status).toBe(403);
  });
});
