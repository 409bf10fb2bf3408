/**
 * Shared helpers for the cases tests: the demo district's outline and categories, photos, a
 * point at a registry building of a grid, and reports made through the API as a grid worker,
 * staff or a resident would. Others may add exported functions here with small edits.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DEMO_DISTRICT } from '../src/demo/district.ts';
import type { Client, TestPlatform } from './harness.ts';

/** [west, south, east, north] of 江海区 (the demo seed sets the same on org_unit.bbox). */
export const JIANGHAI_BBOX: [number, number, number, number] = [113.08, 22.53, 113.16, 22.6];
/** A leaf the tests report under by default: 路灯损坏 (城管, general SLA). */
export const STREET_LIGHT = 'facilities.street-light';

/**
 * The district's outline and a category or two, when the demo seed has not put them there
 * (idempotent: on conflict do nothing).
 */
export async function ensureCaseBasics(t: TestPlatform): Promise<void> {
  const db = t.deps.db;
  await sql`update org_unit set bbox = ${JIANGHAI_BBOX}::double precision[]
             where kind = 'district' and code = ${DEMO_DISTRICT.code} and bbox is null`.execute(db);
  await sql`
    insert into case_category (district_id, code, name, name_en, handler_kind, response_amount, response_unit,
                               resolve_amount, resolve_unit, deliberable, created_at, updated_at)
    select d.id, x.code, x.name, x.name_en, 'community', x.ra, x.ru, x.sa, x.su, x.deliberable, ${t.clock()}, ${t.clock()}
      from org_unit d,
           (values ('facilities.street-light', '路灯损坏', 'Broken street light', 24, 'hours', 7, 'working_days', false),
                   ('neighbour.noise', '噪音扰民', 'Noise from neighbours', 24, 'hours', 7, 'working_days', true))
             as x(code, name, name_en, ra, ru, sa, su, deliberable)
     where d.kind = 'district' and d.code = ${DEMO_DISTRICT.code}
    on conflict (district_id, code) do nothing`.execute(db);
}

/** The public id of a category of 江海区 by its code. */
export async function categoryUid(t: TestPlatform, code = STREET_LIGHT): Promise<string> {
  const { rows } = await sql<{ uid: string }>`
    select c.uid::text as uid from case_category c join org_unit d on d.id = c.district_id
     where d.code = ${DEMO_DISTRICT.code} and c.code = ${code}`.execute(t.deps.db);
  if (!rows[0]) throw new Error(`no case category ${code}`);
  return rows[0].uid;
}

/** The smallest PNG there is (1×1): what a photo upload sends. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Uploads a case photo as this client; returns its uid. */
export async function uploadCasePhoto(as: Client, bytes: Buffer = PNG_1X1): Promise<string> {
  const uid = randomUUID();
  const res = await as.put(`/api/cases/photos/${uid}`, bytes, { 'content-type': 'image/png' });
  if (res.status !== 201) throw new Error(`photo upload: ${res.status} ${JSON.stringify(res.body)}`);
  return uid;
}

/** The location of an active registry building of a grid (where a report there would stand). */
export async function pointInGrid(
  t: TestPlatform,
  gridCode: string,
): Promise<{ lng: number; lat: number; building: string }> {
  const { rows } = await sql<{ lng: number; lat: number; uid: string }>`
    select b.lng, b.lat, b.uid::text as uid from building b join org_unit g on g.id = b.grid_id
     where g.code = ${gridCode} and g.status = 'active' and b.status = 'active' and b.lng is not null
     order by b.id limit 1`.execute(t.deps.db);
  const r = rows[0];
  if (!r) throw new Error(`no building with a location in ${gridCode}`);
  return { lng: r.lng, lat: r.lat, building: r.uid };
}

/** A body for POST /api/cases: a grid worker on patrol at a building of 金溪社区's first grid. */
export async function caseBody(t: TestPlatform, overrides: Record<string, unknown> = {}) {
  const at = await pointInGrid(t, '440704001001001');
  return {
    uid: randomUUID(),
    category: await categoryUid(t),
    title: '路灯不亮',
    description: '小区东门路灯连续三晚不亮',
    lng: at.lng,
    lat: at.lat,
    address: '金溪路 1 号东门',
    channel: 'grid',
    origin: 'patrol',
    ...overrides,
  };
}

/**
 * Reports a case through POST /api/cases (staff or grid worker) and returns the CaseDetail;
 * throws unless 201.
 */
export async function reportCase(t: TestPlatform, as: Client, overrides: Record<string, unknown> = {}) {
  const res = await as.post('/api/cases', await caseBody(t, overrides));
  if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Reports a case as a resident through POST /api/cases/me and returns the CaseDetail. */
export async function residentReport(t: TestPlatform, as: Client, overrides: Record<string, unknown> = {}) {
  const { channel: _c, origin: _o, ...body } = await caseBody(t);
  const res = await as.post('/api/cases/me', { ...body, ...overrides });
  if (res.status !== 201) throw new Error(`resident report: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
