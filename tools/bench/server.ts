/**
 * The server the bench drives: the product exactly as apps/server/src/main.ts starts it
 * (startPlatform with the environment's config, production logging, the job runner), plus
 * three baseline routes that exist only here, never in the product app:
 *
 *   GET  /bench/hello      a bare route: the HTTP ceiling of this Fastify instance, its
 *                          hooks (request ids, auth hook, metrics) and its logger
 *   GET  /bench/raw-read   one primary-key SELECT through the same database pool
 *   POST /bench/raw-write  one single-row INSERT transaction into bench_write
 *
 * Run by tools/bench/run.ts as a child process over IPC: it answers { type: 'ready', port }
 * once listening, and shuts down on SIGTERM or when the parent goes away. On
 * { type: 'profile', action: 'start' | 'stop', file } it records a V8 CPU profile of just
 * that stretch (one scenario) with the inspector, and answers { type: 'profiled', file }.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { startPlatform } from '../../apps/server/src/platform/boot.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import type { App, AppDeps } from '../../apps/server/src/platform/deps.ts';
import { registerDeliberationBench } from './deliberation.ts';

interface Inserted {
  id: number;
}

async function registerBaselines(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps;
  // The bench's own table: created in the throwaway bench database, never by a migration.
  await sql`create table if not exists bench_write (
              id bigint generated always as identity primary key,
              at timestamptz not null,
              note text not null)`.execute(db);
  const { rows } = await sql<{ n: number | null }>`select max(id)::int as n from org_unit`.execute(db);
  const maxId = rows[0]?.n ?? 1;
  const publicRoute = { config: { access: 'public' as const } };

  app.get('/bench/hello', publicRoute, async () => ({ hello: 'world' }));

  app.get('/bench/raw-read', publicRoute, async () => {
    const id = 1 + Math.floor(Math.random() * maxId);
    const r = await sql<{ id: number; name: string; path: string }>`
      select id, name, path from org_unit where id = ${id}`.execute(db);
    return r.rows[0] ?? {};
  });

  app.post('/bench/raw-write', publicRoute, async () => {
    const id = await db.transaction().execute(async (trx) => {
      const r = await sql<Inserted>`
        insert into bench_write (at, note) values (${new Date()}, 'bench') returning id`.execute(trx);
      return r.rows[0]?.id;
    });
    return { id };
  });

  // vote-cast's setup and check (tools/bench/deliberation.ts): they need the database.
  registerDeliberationBench(app, deps);
}

async function main() {
  const config = loadConfig();
  const platform = await startPlatform(config, { logger: { level: config.logLevel } });
  await registerBaselines(platform.app, platform.deps);
  await platform.app.listen({ port: config.port, host: config.host });
  if (config.runJobs) platform.jobs.start();

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void platform.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.once('disconnect', shutdown);
  const profiler = new Session();
  process.on('message', (m: { type?: string; action?: string; file?: string }) => {
    if (m?.type !== 'profile') return;
    void (async () => {
      if (m.action === 'start') {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      } else if (m.action === 'stop' && m.file) {
        const { profile } = await profiler.post('Profiler.stop');
        profiler.disconnect();
        writeFileSync(m.file, JSON.stringify(profile));
      }
      process.send?.({ type: 'profiled', action: m.action, file: m.file });
    })();
  });
  const { port } = platform.app.server.address() as AddressInfo;
  process.send?.({ type: 'ready', port, pid: process.pid, db: platform.deps.dbKind });
}

await main();
