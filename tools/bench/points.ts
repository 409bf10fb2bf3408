/**
 * The points scenarios (积分制), each as community staff of up to 10 communities spread over the
 * district (staff.jinxi first), rotating request by request, 50 connections:
 *
 * - `points-balance`: GET /api/points/accounts/:id — a holder account of the staff member's own
 *   community (balance, earned this month and year, spent), over up to 200 accounts each.
 *   Target ≥ 0.5 × raw-read req/s in the same run.
 * - `points-ranking`: GET /api/points/rankings?unit=<community>&subject=person&period=month&at=<this
 *   month> — the community's ranking, read from points_month_total. Target p99 < 50 ms.
 * - `points-award`: POST /api/points/awards — a staff award of a person rule to a resident of the
 *   staff member's community, a fresh Idempotency-Key each, spread over up to 200 residents per
 *   community. The rule (志愿服务, uncapped) is added to each community's catalogue by the bench:
 *   the starter rules are capped per month and year, and a kept district would reach the caps run
 *   after run. Target ≥ 0.4 × raw-write req/s in the same run.
 *
 * The district needs its ledger (the generator's points step; a kept district gets it added).
 */
import { randomUUID } from 'node:crypto';
import type { Load, Scenario } from './scenarios.ts';
import { communityStaff, getJson, rotating } from './staff.ts';

const COMMUNITIES = 10;
const PER_COMMUNITY = 200;
/** The uncapped rule the bench awards, added to each community's catalogue once. */
const AWARD_RULE = 'BENCH-ZY';

/** This month in China, 'YYYY-MM'. */
const chinaMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
const chinaDay = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export const POINTS_BALANCE: Scenario = {
  name: 'points-balance',
  about: `GET /api/points/accounts/:id as community staff of ${COMMUNITIES} communities over ${PER_COMMUNITY} holder accounts each (target ≥ 0.5 × raw-read)`,
  prepare: async (target) => {
    const requests: Array<{ path: string; headers: Record<string, string> }> = [];
    for (const s of await communityStaff(target, COMMUNITIES)) {
      const q = new URLSearchParams({ unit: s.community, pageSize: String(PER_COMMUNITY) });
      const list = await getJson<{ items: Array<{ id: string }> }>(
        target.baseUrl,
        `/api/points/accounts?${q}`,
        s.cookie,
      );
      for (const a of list.items)
        requests.push({ path: `/api/points/accounts/${a.id}`, headers: { cookie: s.cookie } });
    }
    if (requests.length === 0) throw new Error('no points accounts: generate the district with the points step');
    return rotating('GET', requests);
  },
};

export const POINTS_RANKING: Scenario = {
  name: 'points-ranking',
  about: `GET /api/points/rankings of the community's persons this month as its staff, ${COMMUNITIES} communities (target p99 < 50 ms)`,
  prepare: async (target) => {
    const month = chinaMonth();
    const requests = (await communityStaff(target, COMMUNITIES)).map((s) => ({
      path: `/api/points/rankings?${new URLSearchParams({ unit: s.community, subject: 'person', period: 'month', at: month })}`,
      headers: { cookie: s.cookie },
    }));
    return rotating('GET', requests);
  },
};

export const POINTS_AWARD: Scenario = {
  name: 'points-award',
  about: `POST /api/points/awards as community staff: a person rule to one of ${PER_COMMUNITY} residents of each of ${COMMUNITIES} communities, fresh Idempotency-Keys (target ≥ 0.4 × raw-write)`,
  prepare: async (target) => {
    const requests: Array<{ path: string; headers: Record<string, string>; body: () => string }> = [];
    for (const s of await communityStaff(target, COMMUNITIES)) {
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
      const added = await fetch(`${target.baseUrl}/api/points/rules`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': `bench-rule-${s.community}` },
        body: JSON.stringify({
          unit: s.community,
          code: AWARD_RULE,
          category: 'volunteering',
          title: '志愿服务(压测)',
          points: 1,
          appliesTo: 'person',
          evidence: ['staff'],
          claimable: false,
          validFrom: '2026-01-01',
        }),
      });
      const answer = await added.text();
      if (!added.ok && !answer.includes('POINTS_RULE_CODE_TAKEN')) {
        throw new Error(`adding the bench's rule: HTTP ${added.status} ${answer.slice(0, 300)}`);
      }
      const catalogue = await getJson<{ categories: Array<{ rules: Array<{ id: string; code: string }> }> }>(
        target.baseUrl,
        `/api/points/rules?${new URLSearchParams({ community: s.community })}`,
        s.cookie,
      );
      const rule = catalogue.categories.flatMap((c) => c.rules).find((r) => r.code === AWARD_RULE)?.id;
      if (!rule) throw new Error(`the bench's rule is missing from ${s.username}'s catalogue`);
      const q = new URLSearchParams({ unit: s.community, pageSize: String(PER_COMMUNITY) });
      const persons = await getJson<{ items: Array<{ id: string }> }>(
        target.baseUrl,
        `/api/registry/persons?${q}`,
        s.cookie,
      );
      for (const p of persons.items) {
        requests.push({
          path: '/api/points/awards',
          headers,
          body: () => JSON.stringify({ person: p.id, rule, occurredOn: chinaDay(), reason: '压测:志愿服务记分' }),
        });
      }
    }
    if (requests.length === 0) throw new Error('no residents to award: generate the district with the registry step');
    // A fresh Idempotency-Key per request, as the workbench sends one per click.
    const load = rotating('POST', requests);
    const setup = load.setupRequest as NonNullable<Load['setupRequest']>;
    return {
      ...load,
      headers: { ...(load.headers ?? {}), 'idempotency-key': `bench-${randomUUID()}` },
      setupRequest: (req, context) => {
        const r = setup(req, context) as { headers?: Record<string, string> };
        return { ...r, headers: { ...(r.headers ?? {}), 'idempotency-key': `bench-${randomUUID()}` } } as typeof req;
      },
    };
  },
};

export const POINTS_SCENARIOS = [POINTS_BALANCE, POINTS_RANKING, POINTS_AWARD];
