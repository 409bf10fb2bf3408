/**
 * The deliberation scenario (议事协商), issue 6:
 *
 * - `vote-cast`: POST /api/deliberation/votes/:uid/ballots — residents casting secret ballots in a
 *   community-wide vote of every household of 金溪社区, ≥ 20,000 households (BENCH_VOTERS), 50
 *   connections, each request a different household's resident with their own session and a fresh
 *   Idempotency-Key. Target ≥ 0.4 × raw-write req/s in the same run, p99 < 100 ms.
 *
 * The generated district has a few hundred households per community, so the bench's setup adds
 * the rest to 金溪社区's first grid (households 'BENCH-<n>', each with its head person and a
 * resident account linked to that person; kept on a kept database and reused), and signs every
 * one of them in at once: sessions inserted in bulk, as a login would write them, without paying
 * scrypt 20,000 times. That needs the database, so it runs in the bench server, through routes that
 * exist only there (`registerDeliberationBench`, called by tools/bench/server.ts). Each run opens
 * VOTES fresh votes over the same roll (a request takes the next household, and the next vote when
 * every household has voted in this one), so a fast run never repeats a (household, vote) pair.
 *
 * After the run every vote is closed by the votes service and checked: the stored tally equals the
 * ballots in the table and the voters marked on the roll (`tallyMatches` in the JSON line). Then the
 * votes, their rolls and ballots and the bench sessions are deleted, so a kept district reads the
 * same next run (the audit records and outbox events stay: the audit log is append-only).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { closeVote, openVote } from '../../apps/server/src/modules/deliberation/votes-service.ts';
import type { App, AppDeps } from '../../apps/server/src/platform/deps.ts';
import type { Load, Scenario, Target } from './scenarios.ts';

const COMMUNITY = '440704001001';
const GRID = '440704001001001';
const VOTES = 4;
/** Households on the roll: the community's own plus the bench's, at least this many. */
const VOTERS = Math.max(1, Number(process.env.BENCH_VOTERS ?? 20_000));
const TITLE = '【压测】小区公共收益使用方案表决';
const BENCH_ACTOR = { id: null, name: 'bench', roles: [], ip: null, requestId: null };
const CHUNK = 5000;

interface Prepared {
  votes: string[];
  sessions: Array<{ token: string; csrf: string }>;
  households: number;
}

interface Checked {
  vote: string;
  cast: number;
  ballots: number;
  voted: number;
  counted: number;
  tallyMatches: boolean;
}

let prepared: Prepared | null = null;

// ── The bench server's side ───────────────────────────────────────────────────────────────────
/** Routes that exist only in the bench server (tools/bench/server.ts): the setup and the check. */
export function registerDeliberationBench(app: App, deps: AppDeps): void {
  const { db } = deps;
  const publicRoute = { config: { access: 'public' as const } };

  app.post<{ Body: { voters: number } }>('/bench/deliberation/setup', publicRoute, async (req) => {
    const wanted = Math.max(1, Number(req.body?.voters ?? VOTERS));
    const now = deps.clock();
    return db.transaction().execute(async (trx) => {
      const grid = (
        await sql<{ id: number; path: string; district_id: number; community_id: number; community_path: string }>`
          select g.id::int as id, g.path, g.district_id::int as district_id, c.id::int as community_id,
                 c.path as community_path
            from org_unit g join org_unit c on c.id = g.parent_id
           where g.code = ${GRID} and c.code = ${COMMUNITY}`.execute(trx)
      ).rows[0];
      if (!grid) throw new Error(`no grid ${GRID} in community ${COMMUNITY}`);
      const like = `${grid.community_path}.%`;
      const countOf = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from household
            where (org_path = ${grid.community_path} or org_path like ${like}) and status = 'active'`.execute(trx)
        ).rows[0]?.n ?? 0;
      const have = (
        await sql<{ n: number }>`select count(*)::int as n from household where number like 'BENCH-%'
          and grid_id = ${grid.id}`.execute(trx)
      ).rows[0]?.n as number;
      const missing = Math.max(0, wanted - (await countOf()));
      // Households, heads and their accounts, numbered on from those kept.
      for (let from = have + 1; from <= have + missing; from += CHUNK) {
        const to = Math.min(have + missing, from + CHUNK - 1);
        await sql`
          with p as (
            insert into person (district_id, grid_id, org_path, name, name_grams, gender, birth_date, status,
                                created_at, updated_at)
            select ${grid.district_id}, ${grid.id}, ${grid.path}, '压测户主' || i, array['压测'], 'male',
                   date '1970-01-01' + (i % 9000), 'resident', ${now}, ${now}
              from generate_series(${from}::int, ${to}::int) i
            returning id, name),
          h as (
            insert into household (district_id, grid_id, org_path, number, kind, status, created_at)
            select ${grid.district_id}, ${grid.id}, ${grid.path}, 'BENCH-' || i, 'family', 'active', ${now}
              from generate_series(${from}::int, ${to}::int) i
            returning id, number),
          m as (
            insert into household_member (household_id, person_id, relation, org_path, since)
            select h.id, p.id, '02', ${grid.path}, date '2020-01-01'
              from h join p on p.name = '压测户主' || substr(h.number, 7)),
          u as (
            insert into app_user (username, display_name, password_hash, password_changed_at, unit_id, org_path,
                                  person_id)
            select 'bench.voter' || substr(p.name, 5), p.name, 'scrypt$unusable', ${now}, ${grid.id}, ${grid.path}, p.id
              from p
            returning id)
          insert into role_grant (user_id, role, unit_id, org_path, granted_at)
          select u.id, 'resident', ${grid.id}, ${grid.path}, ${now} from u`.execute(trx);
      }
      // A session for every bench resident, as a login writes one. Seen last a moment ahead: the
      // resident opened the vote's page (a GET, which touches the session) just before casting.
      const users = (
        await sql<{ id: number }>`select id::int as id from app_user where username like 'bench.voter%'
           and unit_id = ${grid.id} order by id`.execute(trx)
      ).rows.map((r) => r.id);
      const sessions: Prepared['sessions'] = [];
      for (let i = 0; i < users.length; i += CHUNK) {
        const chunk = users.slice(i, i + CHUNK);
        const tokens = chunk.map(() => randomBytes(32).toString('base64url'));
        const csrfs = chunk.map(() => randomBytes(24).toString('base64url'));
        await sql`
          insert into user_session (token_hash, user_id, csrf_token, created_at, last_seen_at, idle_timeout_s,
                                    expires_at, mfa_passed, ip, user_agent)
          select t.h, t.u, t.c, ${now}, ${new Date(now.getTime() + 600_000)}, 86400, ${new Date(now.getTime() + 86_400_000)}, false, '127.0.0.1',
                 'bench'
            from unnest(${tokens.map((x) => createHash('sha256').update(x).digest('hex'))}::text[], ${chunk}::bigint[],
                        ${csrfs}::text[]) as t(h, u, c)`.execute(trx);
        for (const [j, token] of tokens.entries()) sessions.push({ token, csrf: csrfs[j] as string });
      }
      // The votes: every household of the community, a secret motion each.
      const votes: string[] = [];
      for (let k = 0; k < VOTES; k++) {
        const uid = randomUUID();
        const row = (
          await sql<{ id: number }>`
            insert into vote (uid, community_id, org_path, title, style, electorate, secret, changeable,
                              quorum_num, quorum_den, majority_num, majority_den, majority_base, status,
                              created_by, created_at, updated_at)
            select ${uid}::uuid, ${grid.community_id}, ${grid.community_path}, ${`${TITLE}(${k + 1})`}, 'motion',
                   'households', true, false, 1, 2, 1, 2, 'cast', 'draft', (select min(id) from app_user), ${now}, ${now}
            returning id::int as id`.execute(trx)
        ).rows[0] as { id: number };
        await openVote(trx, row.id, BENCH_ACTOR, now);
        votes.push(uid);
      }
      return { votes, sessions, households: await countOf() } satisfies Prepared;
    });
  });

  /** Closes each vote (the votes service counts it) and checks the tally against the ballots and the roll. */
  app.post<{ Body: { votes: string[] } }>('/bench/deliberation/check', publicRoute, async (req) => {
    const out: Checked[] = [];
    for (const uid of req.body.votes) {
      out.push(
        await db.transaction().execute(async (trx) => {
          const id = (await sql<{ id: number }>`select id::int as id from vote where uid = ${uid}::uuid`.execute(trx))
            .rows[0]?.id as number;
          const result = await closeVote(trx, id, BENCH_ACTOR, deps.clock());
          const n = (
            await sql<{ ballots: number; voted: number }>`
              select (select count(*)::int from ballot where vote_id = ${id}) as ballots,
                     (select count(*)::int from vote_voter where vote_id = ${id} and voted_at is not null) as voted`.execute(
              trx,
            )
          ).rows[0] as { ballots: number; voted: number };
          const counted = Object.values(result.counts).reduce((a, b) => a + b, 0);
          return {
            vote: uid,
            cast: result.cast,
            ballots: n.ballots,
            voted: n.voted,
            counted,
            tallyMatches: result.cast === n.ballots && n.ballots === n.voted && counted === n.ballots,
          };
        }),
      );
    }
    return out;
  });

  /** Deletes the bench's votes (rolls, ballots) and sessions; the bench households stay for the next run. */
  app.post<{ Body: { votes: string[] } }>('/bench/deliberation/cleanup', publicRoute, async (req) => {
    await db.transaction().execute(async (trx) => {
      const ids = sql`(select id from vote where uid = any(${req.body.votes}::uuid[]))`;
      await sql`delete from ballot where vote_id in ${ids}`.execute(trx);
      await sql`delete from vote_voter where vote_id in ${ids}`.execute(trx);
      await sql`delete from vote where id in ${ids}`.execute(trx);
      await sql`delete from user_session where user_agent = 'bench'
        and user_id in (select id from app_user where username like 'bench.voter%')`.execute(trx);
    });
    return { ok: true };
  });
}

// ── The bench's side ────────────────────────────────────────────────────────────────────────────
async function postJson<T>(target: Target, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${target.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const CHOICES = [['approve'], ['approve'], ['oppose'], ['abstain']];

export const VOTE_CAST: Scenario = {
  name: 'vote-cast',
  about: `POST /api/deliberation/votes/:uid/ballots: secret ballots of a community-wide vote of ≥ ${VOTERS} households, each request a different household's resident (target ≥ 0.4 × raw-write, p99 < 100 ms)`,
  prepare: async (target): Promise<Load> => {
    prepared = await postJson<Prepared>(target, '/bench/deliberation/setup', { voters: VOTERS });
    const { sessions, votes } = prepared;
    if (sessions.length === 0) throw new Error('no bench residents were signed in');
    let next = 0;
    const request = () => {
      const i = next++;
      const s = sessions[i % sessions.length] as Prepared['sessions'][0];
      const vote = votes[Math.floor(i / sessions.length) % votes.length] as string;
      return {
        path: `/api/deliberation/votes/${vote}/ballots`,
        headers: {
          cookie: `gz_session=${s.token}`,
          'x-csrf-token': s.csrf,
          'content-type': 'application/json',
          'idempotency-key': `bench-${randomUUID()}`,
        },
        body: JSON.stringify({ choice: CHOICES[i % CHOICES.length] }),
      };
    };
    const first = request();
    return {
      method: 'POST',
      ...first,
      setupRequest: (req) => ({ ...req, ...request() }),
    };
  },
  report: async (target) => {
    if (!prepared) return {};
    const checked = await postJson<Checked[]>(target, '/bench/deliberation/check', { votes: prepared.votes });
    return {
      households: prepared.households,
      ballots: checked.reduce((a, c) => a + c.ballots, 0),
      tallyMatches: checked.every((c) => c.tallyMatches),
    };
  },
  cleanup: async (target) => {
    if (!prepared) return;
    const votes = prepared.votes;
    prepared = null;
    await postJson(target, '/bench/deliberation/cleanup', { votes });
  },
};

export const DELIBERATION_SCENARIOS = [VOTE_CAST];
