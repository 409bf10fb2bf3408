/**
 * What cases need in the demo district before the first report: the district's outline (so a
 * reported point can be checked as ours) and the starter categories with their reply templates.
 */
import { sql } from 'kysely';
import { seedDefaultCategories } from '../modules/cases/categories-repo.ts';
import type { Db } from '../platform/db/database.ts';
import { DEMO_DISTRICT } from './district.ts';
import { DISTRICT_BOUNDS } from './population.ts';

/** [west, south, east, north] of 江海区, the box every generated address lies in. */
export const DEMO_DISTRICT_BBOX: [number, number, number, number] = [
  DISTRICT_BOUNDS.west,
  DISTRICT_BOUNDS.south,
  DISTRICT_BOUNDS.east,
  DISTRICT_BOUNDS.north,
];

export async function seedCaseBasics(trx: Db, now: Date): Promise<void> {
  const { rows } = await sql<{ id: number }>`
    update org_unit set bbox = ${DEMO_DISTRICT_BBOX}::double precision[]
     where kind = 'district' and code = ${DEMO_DISTRICT.code}
     returning id`.execute(trx);
  for (const d of rows) await seedDefaultCategories(trx, d.id, now);
}
