/**
 * The data generator: `generate(db, { scale, seed, keys })` writes a deterministic district
 * into an empty, migrated database (PGlite or PostgreSQL) — org units, party organisations,
 * accounts — in one transaction, and returns what it wrote. Same scale and seed, same rows
 * (ids and uuids aside). Later modules add their steps (persons, households …) to STEPS.
 */
import { sql } from 'kysely';
import { recordAudit } from '../../apps/server/src/platform/audit/audit.ts';
import type { Keys } from '../../apps/server/src/platform/crypto.ts';
import type { Db } from '../../apps/server/src/platform/db/database.ts';
import { type AccountPlan, DEFAULT_SEED, type DistrictPlan, planDistrict, type Shape } from './plan.ts';
import { type GenerateContext, type Step, streamFor, type UnitRef } from './step.ts';
import { accountsStep } from './steps/accounts.ts';
import { casesStep, hasCases } from './steps/cases.ts';
import { deliberationStep } from './steps/deliberation.ts';
import { orgStep } from './steps/org.ts';
import { hasPoints, pointsStep } from './steps/points.ts';
import { registryStep } from './steps/registry.ts';

export const STEPS: readonly Step[] = [orgStep, accountsStep, registryStep, pointsStep, casesStep, deliberationStep];

/** The key the demo seed marks itself with: the generated district includes the demo one. */
const DEMO_SEEDED_KEY = 'demo.seeded_at';
export const GENERATED_KEY = 'generate.params';

export interface GenerateOptions {
  scale?: number;
  seed?: number;
  keys: Keys;
  now?: Date;
  steps?: readonly Step[];
}

export interface GenerateResult {
  scale: number;
  seed: number;
  shape: Shape;
  counts: Record<string, number>;
  /** Milliseconds per step, and in total. */
  ms: Record<string, number>;
  accounts: AccountPlan[];
  district: UnitRef;
}

const POINTS_TABLES = sql`points_account, points_transfer, points_entry, points_month_total`;
const CASES_TABLES = sql`cases, case_event, case_reporter, case_month_tally`;

/**
 * Adds what a later module's step writes to a district generated before that step existed
 * (the bench's kept databases): the points ledger and the cases, each when the database has
 * none. The database must be migrated. Returns what it wrote, or null when nothing was missing.
 */
export async function addMissing(
  db: Db,
  opts: GenerateOptions,
): Promise<{ counts: Record<string, number>; ms: Record<string, number> } | null> {
  const missing = [
    ...((await hasPoints(db)) ? [] : [{ step: pointsStep, tables: sql`${POINTS_TABLES}, person` }]),
    ...((await hasCases(db)) ? [] : [{ step: casesStep, tables: CASES_TABLES }]),
  ];
  if (missing.length === 0) return null;
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? DEFAULT_SEED;
  const now = opts.now ?? new Date();
  const plan = planDistrict(scale, seed);
  const counts: Record<string, number> = {};
  const ms: Record<string, number> = {};
  for (const { step, tables } of missing) {
    const started = performance.now();
    Object.assign(
      counts,
      await db
        .transaction()
        .execute((trx) =>
          step.run({ db: trx, keys: opts.keys, now, plan, units: new Map(), users: new Map(), rng: streamFor(seed) }),
        ),
    );
    const t = performance.now();
    await sql`vacuum (analyze) ${tables}`.execute(db);
    ms[step.name] = Math.round(t - started);
    ms[`${step.name}Vacuum`] = Math.round(performance.now() - t);
  }
  return { counts, ms };
}

export class DatabaseNotEmpty extends Error {
  constructor() {
    super(
      'the database already holds org units: generate into a fresh database (a new data dir or an empty PostgreSQL database)',
    );
  }
}

export async function generate(db: Db, opts: GenerateOptions): Promise<GenerateResult> {
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? DEFAULT_SEED;
  const now = opts.now ?? new Date();
  const started = performance.now();
  const plan: DistrictPlan = planDistrict(scale, seed);
  const ms: Record<string, number> = { plan: Math.round(performance.now() - started) };
  const counts: Record<string, number> = {};

  const district = await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('org_unit').select('id').limit(1).executeTakeFirst();
    if (existing) throw new DatabaseNotEmpty();
    const ctx: GenerateContext = {
      db: trx,
      keys: opts.keys,
      now,
      plan,
      units: new Map(),
      users: new Map(),
      rng: streamFor(seed),
    };
    for (const step of opts.steps ?? STEPS) {
      const t = performance.now();
      Object.assign(counts, await step.run(ctx));
      ms[step.name] = Math.round(performance.now() - t);
    }
    const root = ctx.units.get(plan.district.code) as UnitRef;
    const params = { scale, seed, at: now.toISOString(), counts };
    await trx
      .insertInto('app_setting')
      .values([
        { key: DEMO_SEEDED_KEY, value: JSON.stringify(now.toISOString()) },
        { key: GENERATED_KEY, value: JSON.stringify(params) },
      ])
      .execute();
    await recordAudit(
      trx,
      { id: null, name: 'system', roles: [], ip: null, requestId: null },
      { action: 'data.generate', orgPath: root.path, after: params },
      now,
    );
    return root;
  });
  // Statistics and the visibility map now, not when autovacuum gets round to them: the first
  // queries after a bulk load (the bench's) would be planned for empty tables, and a search
  // counting its hits could not answer from the index alone. VACUUM cannot run in the load's
  // transaction, so it follows the commit.
  const t = performance.now();
  await sql`vacuum (analyze) building, building_unit, room, person, household, household_member, life_event,
                   migrant_registration, person_tag, organisation, facility, ${POINTS_TABLES},
                   ${CASES_TABLES}`.execute(db);
  ms.vacuum = Math.round(performance.now() - t);
  ms.total = Math.round(performance.now() - started);
  return { scale, seed, shape: plan.shape, counts, ms, accounts: plan.accounts, district };
}
