/**
 * Starts the platform: opens the database, migrates it, seeds the demo district on first
 * start, builds the app and the job runner. Used by main.ts, the bench and the tests.
 */
import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';
import { buildApp } from '../app.ts';
import { isSeeded, seedDemo } from '../demo/seed.ts';
import { rankingJobs } from '../modules/points/rankings-jobs.ts';
import { storeJobs } from '../modules/points/store-jobs.ts';
import { syncBuiltinTags } from '../modules/registry/builtin-tags.ts';
import { registryImportJobs } from '../modules/registry/import/service.ts';
import { visitPlanJobs } from '../modules/visits/subscribers.ts';
import { createAccessLog } from './audit/access-log.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { loadKeys, randomToken } from './crypto.ts';
import { type DatabaseOptions, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { App, AppDeps } from './deps.ts';
import { platformJobs, subscribers } from './jobs/platform-jobs.ts';
import { createJobRunner, type JobRunner } from './jobs/runner.ts';
import { createReadCaches } from './read-cache.ts';

export interface Platform {
  app: App;
  deps: AppDeps;
  jobs: JobRunner;
  seeded: { accounts: number; units: number } | null;
  close(): Promise<void>;
}

export async function startPlatform(
  config: Config,
  opts: { clock?: Clock; logger?: FastifyServerOptions['logger']; database?: DatabaseOptions; seed?: boolean } = {},
): Promise<Platform> {
  const clock = opts.clock ?? systemClock;
  const database = await openDatabase(
    opts.database ?? (config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }),
  );
  try {
    await migrateToLatest(database.db);
    await syncBuiltinTags(database.db, clock());
    // In memory (tests) a fresh key each run is right; on disk the key file persists.
    const keys = loadKeys(
      config.dataKey ??
        (opts.database && 'memory' in opts.database
          ? Buffer.from(randomToken(32), 'base64url').toString('base64')
          : undefined),
      config.dataDir,
    );
    const caches = createReadCaches();
    await database.listen('gongzhi_changes', caches.clear, caches.disable);
    const log = pino({ level: config.logLevel });
    const accessLog = createAccessLog(database.db, { onError: (err) => log.error({ err }, 'access log write failed') });
    const deps: AppDeps = { db: database.db, dbKind: database.kind, config, clock, keys, caches, accessLog };
    const seeded =
      (opts.seed ?? config.seedDemo) && !(await isSeeded(database.db))
        ? await seedDemo(database.db, keys, clock())
        : null;
    const app = await buildApp(deps, { logger: opts.logger, webDist: config.webDist });
    const platformWork = platformJobs(deps);
    const visitWork = visitPlanJobs(deps, subscribers);
    const rankingWork = rankingJobs(deps);
    const storeWork = storeJobs(deps);
    const jobs = createJobRunner({
      db: database.db,
      clock,
      log,
      recurring: [...platformWork.recurring, ...visitWork.recurring, ...rankingWork.recurring, ...storeWork.recurring],
      // Business modules' handlers beside the platform's own.
      handlers: {
        ...platformWork.handlers,
        ...registryImportJobs(deps),
        ...visitWork.handlers,
        ...rankingWork.handlers,
        ...storeWork.handlers,
      },
    });
    return {
      app,
      deps,
      jobs,
      seeded,
      async close() {
        await jobs.stop();
        await app.close();
        await accessLog.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
