/** The platform's own recurring work: delivering domain events, purging dead sessions; and the cases' clocks. */
import { caseJobs } from '../../modules/cases/sla-jobs.ts';
import { registerClaimSubscribers } from '../../modules/points/claims-subscribers.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEvents, type Subscriber } from './outbox.ts';
import type { JobHandler, RecurringJob } from './runner.ts';

const DELIVERY_BATCH = 100;
const DELIVERY_BUDGET_MS = 40_000;

/** Subscribers to domain events, by topic. Business modules add theirs here. */
export const subscribers: Record<string, Subscriber[]> = {};

export function platformJobs(deps: AppDeps): { handlers: Record<string, JobHandler>; recurring: RecurringJob[] } {
  // points.award_requested: other modules (visits first) ask for points through the outbox.
  registerClaimSubscribers(subscribers, deps.clock);
  // cases.sla (overdue, escalation) and cases.autoclose (unrated after 7 days)
  const cases = caseJobs(deps);
  return {
    handlers: {
      ...cases.handlers,
      'outbox.deliver': async ({ db, clock }) => {
        // Until the queue is empty, or for a share of the minute before the next run takes over:
        // events arrive in bursts (a phone's 50 visits at once) faster than one batch a minute.
        const until = Date.now() + DELIVERY_BUDGET_MS;
        let delivered: number;
        do delivered = await deliverEvents(db, subscribers, clock, DELIVERY_BATCH);
        while (delivered >= DELIVERY_BATCH && Date.now() < until);
      },
      'sessions.purge': async ({ db, clock }) => {
        // Ended sessions are kept a month for the audit trail of who was signed in when.
        const cutoff = new Date(clock().getTime() - 30 * 86_400_000);
        await db.deleteFrom('user_session').where('last_seen_at', '<', cutoff).execute();
      },
    },
    recurring: [
      { name: 'outbox.deliver', cron: '* * * * *' },
      { name: 'sessions.purge', cron: '17 3 * * *' },
      ...cases.recurring,
    ],
  };
}
