/**
 * SQL of Open311: the jurisdiction (a district), its services (active leaf categories), the
 * service requests it shows (never a reporter column), and the api_key's client.
 */
import type { Db } from '../../platform/db/database.ts';

export interface Jurisdiction {
  id: number;
  code: string;
  name: string;
  path: string;
  bbox: unknown[] | null;
}

const jurisdictionColumns = ['d.id', 'd.code', 'd.name', 'd.path', 'd.bbox'] as const;

/** A district by its code (440704000000) or its path segment (440704). */
export async function districtByCode(db: Db, code: string): Promise<Jurisdiction | undefined> {
  return db
    .selectFrom('org_unit as d')
    .select([...jurisdictionColumns])
    .where('d.kind', '=', 'district')
    .where('d.status', '=', 'active')
    .where((eb) => eb.or([eb('d.code', '=', code), eb('d.path', '=', code)]))
    .executeTakeFirst();
}

export async function districtById(db: Db, id: number): Promise<Jurisdiction> {
  return db
    .selectFrom('org_unit as d')
    .select([...jurisdictionColumns])
    .where('d.id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The districts that have categories: with exactly one, it is the jurisdiction by default. */
export async function districtsWithCategories(db: Db): Promise<Jurisdiction[]> {
  return db
    .selectFrom('org_unit as d')
    .select([...jurisdictionColumns])
    .where('d.kind', '=', 'district')
    .where('d.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_category as k')
          .select('k.id')
          .whereRef('k.district_id', '=', 'd.id')
          .where('k.active', '=', true),
      ),
    )
    .limit(2)
    .execute();
}

/** Active categories without active children (what a report may be filed under), with the parent's name. */
export async function services(db: Db, districtId: number, code?: string) {
  let q = db
    .selectFrom('case_category as k')
    .leftJoin('case_category as p', 'p.id', 'k.parent_id')
    .select([
      'k.id',
      'k.uid',
      'k.code',
      'k.name',
      'k.name_en',
      'k.description',
      'p.name as group_name',
      'p.name_en as group_name_en',
    ])
    .where('k.district_id', '=', districtId)
    .where('k.active', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_category as c')
            .select('c.id')
            .whereRef('c.parent_id', '=', 'k.id')
            .where('c.active', '=', true),
        ),
      ),
    );
  if (code !== undefined) q = q.where('k.code', '=', code);
  return q.orderBy('p.sort').orderBy('k.sort').orderBy('k.code').execute();
}
export type ServiceRow = Awaited<ReturnType<typeof services>>[number];

export interface RequestFilter {
  districtId: number;
  receiptNos?: string[];
  serviceCodes?: string[];
  statuses?: string[];
  start?: Date;
  end?: Date;
  limit: number;
}

/** Service requests of the district, newest first; the columns a public feed may carry. */
export async function requests(db: Db, f: RequestFilter) {
  let q = db
    .selectFrom('cases as c')
    .innerJoin('case_category as k', 'k.id', 'c.category_id')
    .leftJoin('org_unit as h', 'h.id', 'c.handler_unit_id')
    .leftJoin('cases as m', 'm.id', 'c.merged_into_id')
    .select([
      'c.receipt_no',
      'c.status',
      'c.title',
      'c.address',
      'c.lng',
      'c.lat',
      'c.result',
      'c.created_at',
      'c.updated_at',
      'c.resolve_due_at',
      'k.code as service_code',
      'k.name as service_name',
      'k.name_en as service_name_en',
      'h.name as agency',
      'm.receipt_no as merged_into',
    ])
    .where('c.district_id', '=', f.districtId);
  if (f.receiptNos) q = q.where('c.receipt_no', 'in', f.receiptNos);
  if (f.serviceCodes) q = q.where('k.code', 'in', f.serviceCodes);
  if (f.statuses) q = q.where('c.status', 'in', f.statuses);
  if (f.start) q = q.where('c.created_at', '>=', f.start);
  if (f.end) q = q.where('c.created_at', '<=', f.end);
  return q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
}
export type RequestRow = Awaited<ReturnType<typeof requests>>[number];

/** The active client of an api_key's SHA-256, with its technical account. */
export async function clientByKeyHash(db: Db, keyHash: string) {
  return db
    .selectFrom('open311_client as o')
    .innerJoin('app_user as u', 'u.id', 'o.user_id')
    .select([
      'o.id',
      'o.uid',
      'o.name',
      'o.district_id',
      'o.user_id',
      'u.uid as user_uid',
      'u.username',
      'u.display_name',
      'u.org_path',
    ])
    .where('o.key_hash', '=', keyHash)
    .where('o.active', '=', true)
    .executeTakeFirst();
}
export type ClientRow = NonNullable<Awaited<ReturnType<typeof clientByKeyHash>>>;

/** Marks a case as come in through Open311 with the reporter the client named (see open311-service). */
