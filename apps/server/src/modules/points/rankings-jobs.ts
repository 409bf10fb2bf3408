/**
 * The 公示's background work: every five minutes (Asia/Shanghai cron) the notices whose end
 * has come are closed. Reads already treat an open notice past its end as closed, so the
 * job only makes the stored status catch up; running it twice closes nothing twice.
 */
import type { AppDeps } from '../../platform/deps.ts';
import type { JobHandler, RecurringJob } from '../../platform/jobs/runner.ts';
import { closeEndedPublications } from './rankings-service.ts';

export const CLOSE_PUBLICATIONS_JOB = 'points.close_publications';

export function rankingJobs(_deps: Pick<AppDeps, 'clock'>): {
  handlers: Record<string, JobHandler>;
  recurring: RecurringJob[];
} {
  return {
    handlers: {
      [CLOSE_PUBLICATIONS_JOB]: async ({ db, clock }) => {
        await closeEndedPublications(db, clock());
      },
    },
    recurring: [{ name: CLOSE_PUBLICATIONS_JOB, cron: '*/5 * * * *' }],
  };
}
