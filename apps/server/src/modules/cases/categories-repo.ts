/**
 * SQL of 事件分类 (case_category, written here only), the departments a category may name
 * (org_unit, read), and the district's starter tree with its reply templates.
 */
import { type CategoryHandler, DEFAULT_CATEGORIES, flattenCategories } from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { DEFAULT_TEMPLATES } from './templates-repo.ts';

export interface CategoryRow {
  id: number;
  uid: string;
  district_id: number;
  parent_id: number | null;
  parent_uid: string | null;
  code: string;
  name: string;
  name_en: string | null;
  description: string | null;
  handler_kind: 'community' | 'department';
  department_id: number | null;
  department_uid: string | null;
  department_name: string | null;
  department_code: string | null;
  response_amount: number;
  response_unit: 'hours' | 'working_days';
  resolve_amount: number;
  resolve_unit: 'hours' | 'working_days';
  deliberable: boolean;
  sort: number;
  active: boolean;
  /** how many categories name this one as parent */
  children: number;
}

const columns = sql`
  c.id, c.uid::text as uid, c.district_id, c.parent_id, p.uid::text as parent_uid, c.code, c.name, c.name_en,
  c.description, c.handler_kind, c.department_id, d.uid::text as department_uid, d.name as department_name,
  d.code as department_code, c.response_amount, c.response_unit, c.resolve_amount, c.resolve_unit, c.deliberable,
  c.sort, c.active, (select count(*)::int from case_category k where k.parent_id = c.id) as children`;
const from = sql`
  case_category c
  left join case_category p on p.id = c.parent_id
  left join org_unit d on d.id = c.department_id`;

/** The district's tree, parents first, each level by sort then code. */
export async function categoriesOf(db: Db, districtId: number, withInactive: boolean): Promise<CategoryRow[]> {
  const { rows } = await sql<CategoryRow>`
    select ${columns} from ${from}
     where c.district_id = ${districtId} ${withInactive ? sql`` : sql`and c.active`}
     order by c.parent_id nulls first, c.sort, c.code`.execute(db);
  return rows;
}

export async function categoryByUid(db: Db, uid: string, lock = false): Promise<CategoryRow | undefined> {
  if (lock) await sql`select id from case_category where uid = ${uid}::uuid for update`.execute(db);
  const { rows } = await sql<CategoryRow>`select ${columns} from ${from} where c.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function categoryById(db: Db, id: number): Promise<CategoryRow | undefined> {
  const { rows } = await sql<CategoryRow>`select ${columns} from ${from} where c.id = ${id}`.execute(db);
  return rows[0];
}

export interface CategoryValues {
  parent_id: number | null;
  name: string;
  name_en: string | null;
  description: string | null;
  handler_kind: 'community' | 'department';
  department_id: number | null;
  response_amount: number;
  response_unit: 'hours' | 'working_days';
  resolve_amount: number;
  resolve_unit: 'hours' | 'working_days';
  deliberable: boolean;
  sort: number;
  active: boolean;
}

/** The new category's uid, or undefined when the district already has that code. */
export async function insertCategory(
  db: Db,
  districtId: number,
  code: string,
  v: CategoryValues,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .insertInto('case_category')
    .values({ district_id: districtId, code, ...v, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['district_id', 'code']).doNothing())
    .returning(sql<string>`uid::text`.as('uid'))
    .executeTakeFirst();
  return row?.uid;
}

export async function updateCategory(db: Db, id: number, v: CategoryValues, now: Date): Promise<void> {
  await db
    .updateTable('case_category')
    .set({ ...v, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export interface DepartmentRow {
  id: number;
  uid: string;
  name: string;
  code: string;
  path: string;
}

/** An active department of the district by uid (anything else — a community, another district's — is none). */
export async function departmentOf(db: Db, districtId: number, uid: string): Promise<DepartmentRow | undefined> {
  const { rows } = await sql<DepartmentRow>`
    select id, uid::text as uid, name, code, path from org_unit
     where uid = ${uid}::uuid and kind = 'department' and district_id = ${districtId} and status = 'active'`.execute(
    db,
  );
  return rows[0];
}

/** The district's departments by code ('001' …). */
async function departmentsByCode(db: Db, districtId: number): Promise<Map<string, number>> {
  const { rows } = await sql<{ id: number; code: string }>`
    select id, code from org_unit where kind = 'department' and district_id = ${districtId} and status = 'active'`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * DEFAULT_CATEGORIES into a district's case_category, with the starter reply templates.
 * Idempotent: a code the district has is left as it is (an admin may have changed it); the
 * templates are added only to a district that has none. A leaf naming a department the district
 * does not have is handled by the community (兜底) instead.
 */
export async function seedDefaultCategories(trx: Db, districtId: number, now: Date): Promise<void> {
  const departments = await departmentsByCode(trx, districtId);
  const handlerOf = (h: CategoryHandler) => {
    const id = h === 'community' ? undefined : departments.get(h.department);
    return id === undefined
      ? { handler_kind: 'community' as const, department_id: null }
      : { handler_kind: 'department' as const, department_id: id };
  };
  const ids = new Map<string, number>();
  const existing = await trx
    .selectFrom('case_category')
    .select(['id', 'code'])
    .where('district_id', '=', districtId)
    .execute();
  for (const e of existing) ids.set(e.code, e.id);
  for (const c of flattenCategories(DEFAULT_CATEGORIES)) {
    if (ids.has(c.code)) continue;
    const row = await trx
      .insertInto('case_category')
      .values({
        district_id: districtId,
        parent_id: c.parentCode ? (ids.get(c.parentCode) ?? null) : null,
        code: c.code,
        name: c.name,
        name_en: c.nameEn,
        description: c.description ?? null,
        ...handlerOf(c.handler),
        response_amount: c.response.amount,
        response_unit: c.response.unit,
        resolve_amount: c.resolve.amount,
        resolve_unit: c.resolve.unit,
        deliberable: c.deliberable,
        sort: c.sort,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['district_id', 'code']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) ids.set(c.code, row.id);
  }
  const hasTemplates = await trx
    .selectFrom('case_reply_template')
    .select('id')
    .where('district_id', '=', districtId)
    .limit(1)
    .executeTakeFirst();
  if (hasTemplates) return;
  await trx
    .insertInto('case_reply_template')
    .values(
      DEFAULT_TEMPLATES.map((t) => ({
        district_id: districtId,
        category_id: t.category ? (ids.get(t.category) ?? null) : null,
        purpose: t.purpose,
        title: t.title,
        body: t.body,
        updated_at: now,
      })),
    )
    .execute();
}

/** A district by its path ('440704'). */
export async function districtByPath(
  db: Db,
  path: string,
): Promise<{ id: number; path: string; bbox: number[] | null } | undefined> {
  const { rows } = await sql<{ id: number; path: string; bbox: number[] | null }>`
    select id, path, bbox from org_unit where path = ${path} and kind = 'district'`.execute(db);
  return rows[0];
}
