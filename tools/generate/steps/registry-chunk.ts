/**
 * One chunk of the registry step: plan a run of grids, seal its persons and encode the
 * statements that write it. Runs on the main thread for a small district and in worker
 * threads (registry-worker.ts) for a large one; the same chunk gives the same rows either way.
 */

import { LANES, type PopulationGrid, planPopulation } from '../../../apps/server/src/demo/population.ts';
import {
  type EncoderState,
  type IdBases,
  PopulationEncoder,
  type Statement,
  type StatementFormat,
  sealPersons,
} from '../../../apps/server/src/demo/registry-seed.ts';
import type { Keys } from '../../../apps/server/src/platform/crypto.ts';

/** Grids per chunk: ≈ 11,000 persons, a few statements per table. */
export const CHUNK_GRIDS = 100;
/**
 * Each chunk owns a range of ids per table (chunk k: k × ID_STRIDE …), so chunks planned in
 * parallel never need each other's counts. A chunk has ≈ 12,000 rows per table at most.
 */
export const ID_STRIDE = 1_000_000;

export interface ChunkJob {
  index: number;
  grids: PopulationGrid[];
}

export interface ChunkSettings {
  seed: number;
  personsPerGrid: number;
  today: string;
  state: EncoderState;
  format: StatementFormat;
}

export interface ChunkResult {
  index: number;
  statements: Statement[];
  counts: Record<string, number>;
  /** The ids after the chunk's last rows. */
  next: IdBases;
}

/** What one thread keeps between its chunks: the id numbers it handed out, per lane. */
export class ChunkPlanner {
  readonly #taken = new Map<number, Set<number>>();

  constructor(
    private readonly keys: Keys,
    private readonly settings: ChunkSettings,
  ) {}

  run(job: ChunkJob): ChunkResult {
    const lane = job.index % LANES;
    let taken = this.#taken.get(lane);
    if (!taken) {
      taken = new Set();
      this.#taken.set(lane, taken);
    }
    const { seed, personsPerGrid, today, state, format } = this.settings;
    const plan = planPopulation(job.grids, { seed, personsPerGrid, today, lane, taken });
    const sealed = sealPersons(this.keys, plan);
    const encoder = new PopulationEncoder(this.keys, state, format);
    const at = Object.fromEntries(
      Object.entries(state.next).map(([t, n]) => [t, n + job.index * ID_STRIDE]),
    ) as unknown as IdBases;
    const statements = encoder.encode(plan, sealed, at);
    return { index: job.index, statements, counts: encoder.counts, next: encoder.next };
  }
}
