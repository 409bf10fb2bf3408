/**
 * A generation step: one kind of data (org units, accounts, later persons, households …),
 * written in bulk from the plan and from what earlier steps recorded in the context.
 * Steps run in order inside one transaction.
 */

import { Rng } from '../../apps/server/src/demo/random.ts';
import type { Keys } from '../../apps/server/src/platform/crypto.ts';
import type { Db } from '../../apps/server/src/platform/db/database.ts';
import type { DistrictPlan } from './plan.ts';

export interface UnitRef {
  id: number;
  code: string;
  path: string;
  kind: string;
}

export interface GenerateContext {
  db: Db;
  keys: Keys;
  now: Date;
  plan: DistrictPlan;
  /** Units written so far, by code. */
  units: Map<string, UnitRef>;
  /** Account ids written so far, by username. */
  users: Map<string, number>;
  /** This step's own random stream: independent of every other step's draws. */
  rng(label: string): Rng;
}

export interface Step {
  name: string;
  /** Writes the step's rows and returns how many of each it wrote. */
  run(ctx: GenerateContext): Promise<Record<string, number>>;
}

export function streamFor(seed: number) {
  return (label: string) => Rng.stream(seed, label);
}
