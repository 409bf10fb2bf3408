/**
 * The points store's background work: every hour, orders still placed past their pickup time
 * (the item's last valid day, or 30 days) expire and their points are refunded.
 */
import type { AppDeps } from '../../platform/deps.ts';
import type { JobHandler, RecurringJob } from '../../platform/jobs/runner.ts';
import { createStoreService } from './store-service.ts';

export const EXPIRE_ORDERS_JOB = 'points.expire_orders';

/** Job handlers and recurring jobs of the store, for the platform's runner. */
export function storeJobs(_deps: Pick<AppDeps, 'clock'>): {
  handlers: Record<string, JobHandler>;
  recurring: RecurringJob[];
} {
  return {
    handlers: {
      [EXPIRE_ORDERS_JOB]: async ({ db, clock }) => {
        await createStoreService({ clock }).expireDue(db);
      },
    },
    recurring: [{ name: EXPIRE_ORDERS_JOB, cron: '7 * * * *' }],
  };
}
