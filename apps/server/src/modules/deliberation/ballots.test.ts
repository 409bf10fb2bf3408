/**
 * Ballots: the tally equals the ballots accepted under concurrent casts with duplicates (the same
 * voter twice, two members of one household); a secret ballot's row holds no voter, nothing stored
 * links the voter to it (the roll, the audit record, the Idempotency-Key's stored request and
 * answer), its receipt is answered once and verifies it; the bulletin board after close.
 */
import { createHash, randomUUID } from 'node:crypto';
import { receiptHash } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { joinHousehold, openVote, residentsWithSessions, type TestResident } from '../../../test/votes-fixtures.ts';
import { verifyAuditChains } from '../../platform/audit/audit.ts';

const JINXI = '440704001001';
const GRID = '440704001001002';
const CHOICES = [['approve'], ['oppose'], ['abstain']] as const;

describe('ballots', () => {
  let t: TestPlatform;
  let staff: Client;
  let jinxi: string;

  beforeAll(async () => {
    t = await startTestPlatform();
    staff = await t.as('staff.jinxi');
    jinxi = await t.unitId(JINXI);
  });
  afterAll(() => t.close());

  it('under 200 concurrent casts with duplicates, the tally equals the ballots accepted', async () => {
    const heads = await residentsWithSessions(t, 150, GRID);
    const members: TestResident[] = [];
    for (const h of heads.slice(0, 20)) members.push(await joinHousehold(t, h.householdId, GRID));
    const uid = await openVote(staff, { unit: jinxi, style: 'motion', electorate: 'households' });
    // Every household votes the same way whoever casts, so the expected counts are known.
    const choiceOf = new Map(heads.map((h, i) => [h.householdId, CHOICES[i % 3] as readonly string[]]));
    const casts = [
      ...heads.map((h) => ({ r: h, n: 0 })),
      ...heads.slice(100, 130).map((h) => ({ r: h, n: 1 })), // the same voter twice
      ...members.map((m) => ({ r: m, n: 0 })), // another member of a household that votes too
    ];
    expect(casts).toHaveLength(200);
    // Interleave so duplicates race their originals rather than trail them.
    casts.sort((a, b) => ((a.r.userId * 7919 + a.n) % 211) - ((b.r.userId * 7919 + b.n) % 211));
    const replies = await Promise.all(
      casts.map(({ r }) =>
        r.client.post(
          `/api/deliberation/votes/${uid}/ballots`,
          { choice: choiceOf.get(r.householdId) },
          { 'idempotency-key': `cast-${randomUUID()}` },
        ),
      ),
    );
    const accepted = replies.filter((x) => x.status === 200);
    const refused = replies.filter((x) => x.status !== 200);
    expect(accepted).toHaveLength(150);
    expect(refused.map((x) => x.body.error.code)).toEqual(Array(50).fill('DELIB_ALREADY_VOTED'));
    // Every accepted secret ballot got its own receipt.
    expect(new Set(accepted.map((x) => x.body.receipt)).size).toBe(150);

    const closed = await staff.post(`/api/deliberation/votes/${uid}/close`, {});
    expect(closed.status).toBe(200);
    const expected = { approve: 0, oppose: 0, abstain: 0 } as Record<string, number>;
    for (const h of heads) {
      const c = (choiceOf.get(h.householdId) as readonly string[])[0] as string;
      expected[c] = (expected[c] ?? 0) + 1;
    }
    expect(closed.body.result.counts).toEqual(expected);
    expect(closed.body.result.cast).toBe(accepted.length);
    const { rows } = await sql<{ ballots: number; voted: number }>`
      select (select count(*)::int from ballot b join vote v on v.id = b.vote_id where v.uid = ${uid}) as ballots,
             (select count(*)::int from vote_voter r join vote v on v.id = r.vote_id
               where v.uid = ${uid} and r.voted_at is not null) as voted`.execute(t.deps.db);
    expect(rows[0]).toEqual({ ballots: 150, voted: 150 });
    expect(closed.body.castCount).toBe(150);
    // The casts' audit records went to the community's ballot chains, each intact.
    const chains = await t.deps.db
      .selectFrom('audit_log')
      .select('chain')
      .distinct()
      .where('target_id', '=', uid)
      .where('action', '=', 'deliberation.ballot_cast')
      .execute();
    expect(chains.length).toBeGreaterThan(1);
    for (const c of chains) expect(c.chain).toMatch(/^440704\.440704001\.440704001001\/ballots\.\d\d$/);
    expect((await verifyAuditChains(t.deps.db)).breaks).toEqual([]);
  });

  it('a close racing the casts counts exactly the ballots accepted; later casts find the vote closed', async () => {
    const voters = await residentsWithSessions(t, 60, GRID);
    const uid = await openVote(staff, { unit: jinxi, style: 'motion', electorate: 'households' });
    const cast = (r: TestResident) => r.client.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['approve'] });
    const first = voters.slice(0, 30).map(cast);
    const close = staff.post(`/api/deliberation/votes/${uid}/close`, {});
    const rest = voters.slice(30).map(cast);
    const replies = await Promise.all([...first, ...rest]);
    const closed = await close;
    expect(closed.status).toBe(200);
    const accepted = replies.filter((x) => x.status === 200).length;
    for (const x of replies.filter((r) => r.status !== 200)) expect(x.body.error.code).toBe('DELIB_VOTE_CLOSED');
    expect(closed.body.result.cast).toBe(accepted);
    expect(closed.body.result.counts.approve).toBe(accepted);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ballot b join vote v on v.id = b.vote_id where v.uid = ${uid}`.execute(t.deps.db);
    expect(rows[0]?.n).toBe(accepted);
  });

  it('a secret ballot: no voter in its row, its receipt answered once, nothing stored links the two', async () => {
    const [voter] = (await residentsWithSessions(t, 1, GRID)) as [TestResident];
    const uid = await openVote(staff, { unit: jinxi, style: 'motion', electorate: 'households', secret: true });
    const url = `/api/deliberation/votes/${uid}/ballots`;
    const key = `secret-${randomUUID()}`;
    const cast = await voter.client.post(url, { choice: ['oppose'] }, { 'idempotency-key': key });
    expect(cast.status).toBe(200);
    const receipt = cast.body.receipt as string;
    expect(receipt).toMatch(/^GZV(-[0-9A-Z]{4}){6}$/);
    expect(cast.body.receiptHash).toBe(receiptHash(receipt));
    const hash = cast.body.receiptHash as string;

    const vote = await t.deps.db.selectFrom('vote').select('id').where('uid', '=', uid).executeTakeFirstOrThrow();
    const ballots = await t.deps.db.selectFrom('ballot').selectAll().where('vote_id', '=', vote.id).execute();
    expect(ballots).toHaveLength(1);
    const [ballot] = ballots;
    expect(ballot).toMatchObject({ voter_key: null, receipt_hash: hash, choice: ['oppose'] });
    expect(Object.keys(ballot as object).sort()).toEqual(['choice', 'id', 'receipt_hash', 'vote_id', 'voter_key']);
    // The roll says only that the household voted.
    const roll = await t.deps.db
      .selectFrom('vote_voter')
      .selectAll()
      .where('vote_id', '=', vote.id)
      .where('voter_key', '=', voter.householdId)
      .executeTakeFirstOrThrow();
    expect(roll.voted_at).not.toBeNull();
    expect(roll.choice).toBeNull();
    // The Idempotency-Key keeps neither the choice (its request hash covers no body) nor the receipt.
    const idem = await t.deps.db
      .selectFrom('idempotency_key')
      .selectAll()
      .where('user_id', '=', voter.userId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(idem.response).toEqual({ accepted: true, changed: false, receipt: null, receiptHash: null });
    expect(idem.request_hash).toBe(createHash('sha256').update(`POST ${url}\nnull`).digest('hex'));
    const replay = await voter.client.post(url, { choice: ['oppose'] }, { 'idempotency-key': key });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.receipt).toBeNull();
    // The audit record names the voter and the vote, never the choice or the receipt.
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('target_id', '=', uid)
      .where('action', '=', 'deliberation.ballot_cast')
      .execute();
    expect(audit).toEqual([{ action: 'deliberation.ballot_cast', after: { changed: false } }]);
    const anywhere = await sql<{ n: number }>`
      select (select count(*) from audit_log where after::text like ${`%${hash}%`} or after::text like ${`%${receipt}%`})
           + (select count(*) from idempotency_key where response::text like ${`%${hash}%`})
           + (select count(*) from outbox where payload::text like ${`%${hash}%`}) as n`.execute(t.deps.db);
    expect(Number(anywhere.rows[0]?.n)).toBe(0);

    // Open: the voter sees that they voted, not what; staff see turnout only.
    const mine = await voter.client.get(`/api/deliberation/votes/${uid}`);
    expect(mine.body.myBallot).toMatchObject({ voted: true, choice: null });
    const open = await staff.get(`/api/deliberation/votes/${uid}`);
    expect(open.body.result).toBeNull();
    expect(open.body.castCount).toBe(1);
    expect(open.body.turnout).toBeGreaterThan(0);

    // Anyone with the receipt checks it, typed in lower case too.
    const verified = await t.anon.get(`/api/deliberation/votes/${uid}/verify?receipt=${receipt.toLowerCase()}`);
    expect(verified.body).toEqual({ counted: true, choice: ['oppose'], receiptHash: hash, voteStatus: 'open' });
    const wrong = await t.anon.get(`/api/deliberation/votes/${uid}/verify?receipt=GZV-0000-0000-0000-0000-0000-0000`);
    expect(wrong.body).toMatchObject({ counted: false, choice: null });
    // A secret ballot is not changed without the vote allowing it.
    expect((await voter.client.post(url, { choice: ['approve'], receipt })).body.error.code).toBe(
      'DELIB_ALREADY_VOTED',
    );

    // The bulletin board only once closed: every ballot's hash and choice.
    expect((await t.anon.get(`/api/public/deliberation/votes/${uid}/ballots`)).status).toBe(404);
    await staff.post(`/api/deliberation/votes/${uid}/close`, {});
    const board = await t.anon.get(`/api/public/deliberation/votes/${uid}/ballots`);
    expect(board.status).toBe(200);
    expect(board.body.ballots).toEqual([{ receiptHash: hash, choice: ['oppose'] }]);
    expect(board.body.result.counts).toEqual({ approve: 0, oppose: 1, abstain: 0 });
  });

  it('a changeable secret ballot is replaced with its receipt, never without it', async () => {
    const [voter] = (await residentsWithSessions(t, 1, GRID)) as [TestResident];
    const uid = await openVote(staff, {
      unit: jinxi,
      style: 'approval',
      options: [
        { key: 'lights', label: '路灯' },
        { key: 'benches', label: '座椅' },
        { key: 'shade', label: '遮阳棚' },
      ],
      maxChoices: 2,
      electorate: 'residents',
      secret: true,
      changeable: true,
    });
    const url = `/api/deliberation/votes/${uid}/ballots`;
    const first = await voter.client.post(url, { choice: ['lights', 'shade'] });
    expect(first.status).toBe(200);
    const receipt = first.body.receipt as string;
    const missing = await voter.client.post(url, { choice: ['benches'] });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('DELIB_RECEIPT_INVALID');
    const wrong = await voter.client.post(url, {
      choice: ['benches'],
      receipt: 'GZV-0000-0000-0000-0000-0000-0000',
    });
    expect(wrong.body.error.code).toBe('DELIB_RECEIPT_INVALID');
    const changed = await voter.client.post(url, { choice: ['benches'], receipt });
    expect(changed.body).toMatchObject({ accepted: true, changed: true, receipt: null });
    const verified = await t.anon.get(`/api/deliberation/votes/${uid}/verify?receipt=${receipt}`);
    expect(verified.body).toMatchObject({ counted: true, choice: ['benches'] });
    const closed = await staff.post(`/api/deliberation/votes/${uid}/close`, {});
    expect(closed.body.result.counts).toEqual({ lights: 0, benches: 1, shade: 0 });
    expect(closed.body.result.cast).toBe(1);
  });
});
