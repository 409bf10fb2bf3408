/**
 * Startup figures: wall time from spawning the server as `npm start` runs it
 * (`node --import tsx apps/server/src/main.ts`, without the web build check of
 * tools/start.mjs) until /readyz answers 200 —
 *   startup-fresh     on an empty database: migrate and seed the demo district (target < 30 s)
 *   startup-existing  the same database again (target < 5 s)
 * — with the server's memory when it became ready.
 */
import { freePort, HOST, memoryOf, spawnTs, stopChild, waitForOk } from './children.ts';
import { createBenchDatabase, type DbKind } from './databases.ts';

export interface StartupLine {
  scenario: 'startup-fresh' | 'startup-existing';
  db: DbKind;
  readyMs: number;
  targetMs: number;
  rssMb: number | null;
}

async function startOnce(
  env: Record<string, string>,
  logFile: string | undefined,
): Promise<{ readyMs: number; rssMb: number | null }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnTs('apps/server/src/main.ts', {
    env: { ...env, PORT: String(port), HOST, LOG_LEVEL: 'info' },
    ...(logFile ? { logFile } : {}),
  });
  try {
    await waitForOk(`http://${HOST}:${port}/readyz`, child, 180_000);
    const readyMs = Math.round(performance.now() - started);
    return { readyMs, rssMb: child.pid ? (memoryOf(child.pid)?.rssMb ?? null) : null };
  } finally {
    await stopChild(child);
  }
}

export async function measureStartup(kind: DbKind, opts: { pgUrl?: string; logFile?: string }): Promise<StartupLine[]> {
  const db = await createBenchDatabase(kind, opts.pgUrl ? { pgUrl: opts.pgUrl } : {});
  try {
    const fresh = await startOnce(db.env, opts.logFile);
    const existing = await startOnce(db.env, opts.logFile);
    return [
      { scenario: 'startup-fresh', db: kind, readyMs: fresh.readyMs, targetMs: 30_000, rssMb: fresh.rssMb },
      { scenario: 'startup-existing', db: kind, readyMs: existing.readyMs, targetMs: 5_000, rssMb: existing.rssMb },
    ];
  } finally {
    await db.drop();
  }
}
