/**
 * The plans' background work: the monthly build of every community's lists (1st of the month,
 * 00:30 Asia/Shanghai, one job per community so a failure stays local), and the reactions to
 * other modules' events — a tag set or ended, a life event (the person's grid is rebuilt for
 * the current month), a grid worker granted or revoked (the grid's open items move to whoever
 * works it now). Every reaction is idempotent: an event may be delivered twice.
 */
import { chinaDate } from '@gongzhi/domain';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { DomainEvent, Subscriber } from '../../platform/jobs/outbox.ts';
import { enqueueJob, type JobHandler, type RecurringJob } from '../../platform/jobs/runner.ts';
import { buildCommunity, buildPlans, currentMonth } from './plans-build.ts';
import * as repo from './plans-repo.ts';

export const MONTHLY_PLANS_JOB = 'visits.monthly_plans';
export const BUILD_COMMUNITY_JOB = 'visits.build_community';

/** Rebuilds the current month of every grid a change to the person touches. */
async function rebuildForPerson(db: Db, personUid: string, householdUid: string | null, now: Date) {
  const grids = new Set(await repo.gridsOfPerson(db, personUid, chinaDate(now)));
  if (householdUid) {
    const grid = await repo.gridOfHousehold(db, householdUid);
    if (grid !== undefined) grids.add(grid);
  }
  const month = currentMonth(now);
  for (const id of [...grids].sort((a, b) => a - b)) await buildPlans(db, { id, kind: 'grid', path: '' }, month, now);
}

/** Hands a grid's open items of current and coming periods to the grid's worker now. */
async function followGridWorker(db: Db, event: DomainEvent, now: Date) {
  const p = event.payload as { role?: string; unitId?: string };
  if (p.role !== 'grid_worker' || !p.unitId) return;
  const unit = await repo.unitByUid(db, p.unitId);
  if (unit?.kind !== 'grid') return;
  const worker = (await repo.gridWorkers(db, [unit.id])).get(unit.id) ?? null;
  await repo.reassignOpen(db, unit.id, worker, chinaDate(now));
}

/** Marks the subscribers this module adds, so a second platform in one process replaces them. */
const OWN = Symbol('visits.plans');

/**
 * Adds the plans' subscribers to the platform's map (replacing those of an earlier start in
 * the same process). The clock is the platform's: a subscriber acts on "now" at delivery.
 */
export function registerVisitSubscribers(subscribers: Record<string, Subscriber[]>, clock: Clock): void {
  const own = (fn: Subscriber): Subscriber => Object.assign(fn, { [OWN]: true });
  const onPerson = own(async (db, event) => {
    const p = event.payload as { personId?: string; householdId?: string | null };
    if (p.personId) await rebuildForPerson(db, p.personId, p.householdId ?? null, clock());
  });
  const onGrant = own((db, event) => followGridWorker(db, event, clock()));
  const topics: Record<string, Subscriber> = {
    'registry.person_tagged': onPerson,
    'registry.person_untagged': onPerson,
    'registry.life_event': onPerson,
    'accounts.role_granted': onGrant,
    'accounts.role_revoked': onGrant,
  };
  for (const [topic, fn] of Object.entries(topics)) {
    const kept = (subscribers[topic] ?? []).filter((s) => !(OWN in s));
    subscribers[topic] = [...kept, fn];
  }
}

/**
 * Job handlers and recurring jobs of the plans, for the platform's runner; adds the plans'
 * event subscribers to the platform's map on the way.
 */
export function visitPlanJobs(
  deps: Pick<AppDeps, 'clock'>,
  subscribers: Record<string, Subscriber[]>,
): { handlers: Record<string, JobHandler>; recurring: RecurringJob[] } {
  registerVisitSubscribers(subscribers, deps.clock);
  return {
    handlers: {
      [MONTHLY_PLANS_JOB]: async ({ db, clock }) => {
        const now = clock();
        const month = currentMonth(now);
        for (const c of await repo.allCommunities(db)) {
          await enqueueJob(db, BUILD_COMMUNITY_JOB, { communityId: c.id, month }, now, {
            dedupeKey: `${BUILD_COMMUNITY_JOB}:${c.id}:${month}`,
          });
        }
      },
      [BUILD_COMMUNITY_JOB]: async ({ db, payload, clock }) => {
        const { communityId, month } = payload as { communityId: number; month: string };
        await db.transaction().execute(async (trx) => {
          const community = await repo.unitById(trx, communityId);
          if (community?.status === 'active') await buildCommunity(trx, community, null, month, clock());
        });
      },
    },
    recurring: [{ name: MONTHLY_PLANS_JOB, cron: '30 0 1 * *' }],
  };
}
