/**
 * SQL of deliberation procedures (议事程序), per district. The three shipped with Gongzhi (the
 * domain's PROCEDURES) are seeded by seedProcedures; staff of the district may edit or add more.
 */
import { PROCEDURES, type ProcedureStep } from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface ProcedureRow {
  id: number;
  uid: string;
  district_id: number;
  code: string;
  name: string;
  name_en: string | null;
  steps: ProcedureStep[];
  active: boolean;
  updated_at: Date;
}

const COLUMNS = sql`id, uid::text as uid, district_id, code, name, name_en, steps, active, updated_at`;

/**
 * Seeds the domain's procedures in a district; idempotent (one that exists, edited or not, stays
 * as it is). The demo seed and the tests call it; writes that need a procedure call it too.
 */
export async function seedProcedures(trx: Db, districtId: number, now: Date): Promise<void> {
  const values = Object.values(PROCEDURES).map(
    (p) => sql`(${districtId}, ${p.code}, ${p.name}, ${p.nameEn}, ${JSON.stringify(p.steps)}::jsonb, ${now})`,
  );
  await sql`insert into deliberation_procedure (district_id, code, name, name_en, steps, updated_at)
            values ${sql.join(values)} on conflict (district_id, code) do nothing`.execute(trx);
}

export async function proceduresOf(db: Db, districtId: number): Promise<ProcedureRow[]> {
  const { rows } = await sql<ProcedureRow>`
    select ${COLUMNS} from deliberation_procedure where district_id = ${districtId} order by id`.execute(db);
  return rows;
}

export async function procedureByCode(db: Db, districtId: number, code: string): Promise<ProcedureRow | undefined> {
  const { rows } = await sql<ProcedureRow>`
    select ${COLUMNS} from deliberation_procedure where district_id = ${districtId} and code = ${code}`.execute(db);
  return rows[0];
}

export async function upsertProcedure(
  db: Db,
  v: {
    districtId: number;
    code: string;
    name: string;
    nameEn: string | null;
    steps: ProcedureStep[];
    active: boolean;
    now: Date;
  },
): Promise<void> {
  await sql`
    insert into deliberation_procedure (district_id, code, name, name_en, steps, active, updated_at)
    values (${v.districtId}, ${v.code}, ${v.name}, ${v.nameEn}, ${JSON.stringify(v.steps)}::jsonb, ${v.active}, ${v.now})
    on conflict (district_id, code) do update
       set name = excluded.name, name_en = excluded.name_en, steps = excluded.steps, active = excluded.active,
           updated_at = excluded.updated_at`.execute(db);
}

/** The district a unit lies in (a district is its own), with the district's path. */
export async function districtOfUnit(db: Db, unitId: number): Promise<{ id: number; path: string } | undefined> {
  const { rows } = await sql<{ id: number; path: string }>`
    select d.id, d.path from org_unit u join org_unit d on d.id = coalesce(u.district_id, u.id) and d.kind = 'district'
     where u.id = ${unitId}`.execute(db);
  return rows[0];
}
