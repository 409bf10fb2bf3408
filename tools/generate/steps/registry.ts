/**
 * The living registry of every generated grid: addresses, households, persons (sealed as the
 * registry service seals them), life events, migrant registrations, tags, organisations and
 * facilities, planned by apps/server/src/demo/population.ts and written by
 * apps/server/src/demo/registry-seed.ts — the demo seed's own code, so scale 1 gives the
 * demo district's population.
 *
 * `--scale N` gives ≈ 5,280 × N residents (110 a grid at scale 1, the same total spread
 * over ≈ 48 × N grids beyond). Grids are planned in chunks of CHUNK_GRIDS; for a large
 * district two worker threads plan, seal and encode chunks while the main thread runs the
 * statements on the generator's transaction, so PostgreSQL and the sealing work at once.
 * The big person indexes are dropped for the load and built again at the end (in the same
 * transaction: a failed load leaves nothing behind).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { chinaDate } from '@gongzhi/domain';
import { sql } from 'kysely';
import { PERSONS_PER_GRID, type PopulationGrid } from '../../../apps/server/src/demo/population.ts';
import { executeStatement, PopulationWriter } from '../../../apps/server/src/demo/registry-seed.ts';
import { canCopyIn, type Db } from '../../../apps/server/src/platform/db/database.ts';
import type { Step } from '../step.ts';
import { CHUNK_GRIDS, type ChunkJob, ChunkPlanner, type ChunkResult, type ChunkSettings } from './registry-chunk.ts';

/** Residents of the demo district (48 grids × 110); scale N has N times as many. */
const RESIDENTS_PER_SCALE = 48 * PERSONS_PER_GRID;

/**
 * From this many persons on, the load is a bulk load: worker threads, deferred indexes, no
 * per-row foreign-key triggers. Below it the chunks are planned on the main thread.
 */
const bulkFromPersons = () => Number(process.env.GONGZHI_GENERATE_BULK_FROM) || 60_000;

/**
 * Foreign keys are checked by a trigger per row, a lookup each: millions of them for a large
 * district. As a superuser (the throwaway databases of the bench) the load skips them
 * (session_replication_role = replica, for this transaction only) and checks every
 * reference set-based afterwards instead; otherwise the triggers run as usual.
 */
async function skipRowTriggers(db: Db): Promise<boolean> {
  const { rows } = await sql<{ su: boolean }>`select rolsuper as su from pg_roles where rolname = current_user`.execute(
    db,
  );
  if (!rows[0]?.su) return false;
  await sql`set local session_replication_role = replica`.execute(db);
  return true;
}

/** Every reference the skipped foreign-key triggers would have checked, one anti-join each. */
const REFERENCES: Array<[string, string, string]> = [
  ['building_unit', 'building_id', 'building'],
  ['room', 'building_id', 'building'],
  ['room', 'unit_id', 'building_unit'],
  ['person', 'room_id', 'room'],
  ['person', 'grid_id', 'org_unit'],
  ['household', 'room_id', 'room'],
  ['household_member', 'household_id', 'household'],
  ['household_member', 'person_id', 'person'],
  ['life_event', 'person_id', 'person'],
  ['life_event', 'household_id', 'household'],
  ['life_event', 'room_id', 'room'],
  ['migrant_registration', 'person_id', 'person'],
  ['person_tag', 'person_id', 'person'],
  ['person_tag', 'tag_id', 'tag_definition'],
  ['organisation', 'building_id', 'building'],
  ['facility', 'building_id', 'building'],
];

async function checkReferences(db: Db): Promise<void> {
  for (const [table, column, parent] of REFERENCES) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table)} t
       where t.${sql.ref(column)} is not null
         and not exists (select 1 from ${sql.table(parent)} p where p.id = t.${sql.ref(column)})`.execute(db);
    if (rows[0]?.n) throw new Error(`registry step: ${rows[0].n} rows of ${table}.${column} point at no ${parent}`);
  }
}

/**
 * Indexes rebuilt after a large load rather than kept up to date row by row: building a
 * btree or GIN index over sorted input is several times cheaper. A unique one rebuilt
 * checks its rows all at once, so a duplicate still fails the load.
 */
const DEFERRED_INDEXES = [
  'person_id_number',
  'household_member_current',
  'person_tag_current',
  'migrant_registration_open',
  'person_name',
  'person_name_grams',
  'person_path',
  'person_phone',
  'person_room',
  'life_event_person',
  'life_event_path',
  'household_member_household',
  'household_path',
  'household_room',
  'room_path',
  'person_tag_by_tag',
  'migrant_registration_path',
  'migrant_registration_person',
];

/**
 * The registry's tables, emptied in the load's own transaction. They are empty already; the
 * TRUNCATE gives them new files, and on a server with `wal_level = minimal` (the bench's
 * throwaway server) PostgreSQL then writes them without WAL and syncs them once at commit,
 * its documented way to populate a database. Elsewhere it costs nothing. CASCADE takes the
 * later modules' tables that reference the registry (visits …) along: empty as well, in a
 * database being generated.
 */
const REGISTRY_TABLES = [
  'building',
  'building_unit',
  'room',
  'person',
  'household',
  'household_member',
  'life_event',
  'migrant_registration',
  'person_tag',
  'organisation',
  'facility',
];

/**
 * Every registry table but the membership rows has a unique opaque `uid`: random UUIDs land
 * all over a btree kept up to date row by row, while one built afterwards is several times
 * cheaper.
 */
const UID_TABLES = REGISTRY_TABLES.filter((t) => t !== 'household_member');

async function dropIndexes(db: Db): Promise<string[]> {
  // app_user.person_id (a resident's person) references the registry too, but the accounts are
  // already written: the reference is set aside for the load, or CASCADE would empty app_user.
  await sql`alter table app_user drop constraint app_user_person_id_fkey`.execute(db);
  await sql`truncate ${sql.join(REGISTRY_TABLES.map((t) => sql.table(t)))} cascade`.execute(db);
  const { rows } = await sql<{ name: string; def: string }>`
    select indexname as name, indexdef as def from pg_indexes
     where schemaname = 'public' and indexname in (${sql.join(DEFERRED_INDEXES)})`.execute(db);
  for (const r of rows) await sql`drop index ${sql.ref(r.name)}`.execute(db);
  const rebuild = rows.map((r) => r.def);
  for (const t of UID_TABLES) {
    await sql`alter table ${sql.table(t)} drop constraint ${sql.ref(`${t}_uid_key`)}`.execute(db);
    rebuild.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_uid_key UNIQUE (uid)`);
  }
  rebuild.push(
    'ALTER TABLE app_user ADD CONSTRAINT app_user_person_id_fkey FOREIGN KEY (person_id) REFERENCES person (id)',
  );
  return rebuild;
}

/** GONGZHI_GENERATE_TRACE=1 prints the milliseconds spent per table to stderr. */
const TRACE: Record<string, number> | null = process.env.GONGZHI_GENERATE_TRACE ? {} : null;

export const registryStep: Step = {
  name: 'registry',
  async run(ctx) {
    const { plan, now } = ctx;
    const grids: PopulationGrid[] = [];
    const refs = new Map<string, { id: number; path: string }>();
    for (const s of plan.streets) {
      for (const c of s.communities) {
        for (const g of c.grids) {
          const u = ctx.units.get(g.code);
          if (!u) throw new Error(`registry step: grid ${g.code} was not written`);
          grids.push({ code: g.code, path: u.path, name: g.name, communityName: c.name, communityKind: c.kind });
          refs.set(g.code, { id: u.id, path: u.path });
        }
      }
    }
    const district = ctx.units.get(plan.district.code);
    if (!district) throw new Error('registry step: the district was not written');
    const personsPerGrid = Math.max(1, Math.round((RESIDENTS_PER_SCALE * plan.scale) / grids.length));
    const today = chinaDate(now);

    const writer = new PopulationWriter(ctx.db, ctx.keys, now, { districtId: district.id, grids: refs });
    const state = await writer.begin();
    // The default seed is the demo seed's (POPULATION_SEED): scale 1 is the demo district.
    const large = personsPerGrid * grids.length >= bulkFromPersons();
    const settings: ChunkSettings = {
      seed: plan.seed,
      personsPerGrid,
      today,
      state,
      // A large district on a PostgreSQL server goes in with COPY; PGlite takes inserts.
      format: large && (await canCopyIn(ctx.db)) ? 'copy' : 'unnest',
    };
    const jobs: ChunkJob[] = [];
    for (let i = 0; i * CHUNK_GRIDS < grids.length; i++) {
      jobs.push({ index: i, grids: grids.slice(i * CHUNK_GRIDS, (i + 1) * CHUNK_GRIDS) });
    }

    const counts: Record<string, number> = {};
    const next = { ...state.next };
    const apply = async (result: ChunkResult) => {
      for (const st of result.statements) {
        const t = performance.now();
        await executeStatement(ctx.db, st);
        if (TRACE) TRACE[st.table] = (TRACE[st.table] ?? 0) + performance.now() - t;
      }
      for (const [t, n] of Object.entries(result.counts)) counts[t] = (counts[t] ?? 0) + n;
      for (const [t, n] of Object.entries(result.next)) {
        const key = t as keyof typeof next;
        next[key] = Math.max(next[key], n);
      }
    };

    const deferred = large ? await dropIndexes(ctx.db) : [];
    const unchecked = large && process.env.GONGZHI_GENERATE_FK !== '1' ? await skipRowTriggers(ctx.db) : false;
    if (!large) {
      const planner = new ChunkPlanner(ctx.keys, settings);
      for (const job of jobs) await apply(planner.run(job));
    } else {
      await runInWorkers(jobs, settings, ctx.keys, apply);
    }
    for (const def of deferred) {
      const t = performance.now();
      await sql.raw(def).execute(ctx.db);
      if (TRACE) TRACE[def.split(' ').slice(2, 6).join(' ')] = performance.now() - t;
    }
    if (unchecked) {
      await sql`set local session_replication_role = origin`.execute(ctx.db);
      const t = performance.now();
      await checkReferences(ctx.db);
      if (TRACE) TRACE.checkReferences = performance.now() - t;
    }
    await writer.finish(next);
    if (TRACE)
      console.error(JSON.stringify(Object.fromEntries(Object.entries(TRACE).map(([k, v]) => [k, Math.round(v)]))));
    return {
      buildings: counts.building ?? 0,
      rooms: counts.room ?? 0,
      persons: counts.person ?? 0,
      households: counts.household ?? 0,
      lifeEvents: counts.life_event ?? 0,
      migrants: counts.migrant_registration ?? 0,
      personTags: counts.person_tag ?? 0,
      organisations: counts.organisation ?? 0,
      facilities: counts.facility ?? 0,
    };
  },
};

/**
 * Workers (two, or GONGZHI_GENERATE_WORKERS) plan chunks round-robin; the main thread runs
 * each chunk's statements as it arrives and then lets that worker post another.
 */
async function runInWorkers(
  jobs: ChunkJob[],
  settings: ChunkSettings,
  keys: { seal: Buffer; index: Buffer },
  apply: (r: ChunkResult) => Promise<void>,
): Promise<void> {
  const count = Math.max(
    1,
    Math.min(jobs.length, Number(process.env.GONGZHI_GENERATE_WORKERS) || Math.min(2, availableParallelism())),
  );
  const workers: Worker[] = [];
  const queue: Array<{ result: ChunkResult; worker: Worker }> = [];
  let done = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  for (let w = 0; w < count; w++) {
    // The worker is TypeScript: it registers tsx's loader first, as `npx tsx` did for this thread.
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./registry-worker.ts', import.meta.url).href)}); })`;
    const worker = new Worker(bootstrap, {
      eval: true,
      // A chunk allocates its rows by the hundred thousand and drops them: a larger young
      // generation collects them in fewer, cheaper scavenges.
      resourceLimits: { maxYoungGenerationSizeMb: 256 },
      workerData: {
        keys: { seal: new Uint8Array(keys.seal), index: new Uint8Array(keys.index) },
        settings,
        jobs: jobs.filter((j) => j.index % count === w),
      },
    });
    worker.on('message', (m: { type: 'chunk'; result: ChunkResult } | { type: 'done' }) => {
      if (m.type === 'chunk') queue.push({ result: m.result, worker });
      else done++;
      notify();
    });
    worker.on('error', (err) => {
      failure = err;
      notify();
    });
    workers.push(worker);
  }
  try {
    let applied = 0;
    while (applied < jobs.length) {
      if (failure) throw failure;
      const item = queue.shift();
      if (!item) {
        if (done === count && queue.length === 0)
          throw new Error('registry workers stopped before every chunk was written');
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      await apply(item.result);
      applied++;
      item.worker.postMessage({ type: 'ack' });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
