/**
 * What the diary tests visit: households of the demo district with their current members,
 * read straight from the database, a tiny real JPEG and PNG, and visit records as a phone
 * sends them.
 */
import { randomUUID } from 'node:crypto';
import type { VisitInput } from '@gongzhi/api';
import { sql } from 'kysely';
import type { TestPlatform } from './harness.ts';

export interface HouseholdFixture {
  id: number;
  uid: string;
  gridId: number;
  members: Array<{ id: number; uid: string }>;
}

/**
 * Active households of a grid with at least two residents and no visit yet (the demo's diaries
 * stay out of the tests' counts), lowest id first: `count` of them, or all (count 0).
 */
export async function householdsIn(t: TestPlatform, gridCode: string, count: number): Promise<HouseholdFixture[]> {
  const { rows } = await sql<{ id: number; uid: string; grid_id: number; ids: number[]; uids: string[] }>`
    select h.id, h.uid::text as uid, h.grid_id, array_agg(p.id order by p.id) as ids,
           array_agg(p.uid::text order by p.id) as uids
      from household h
      join household_member m on m.household_id = h.id and m.until is null
      join person p on p.id = m.person_id and p.status = 'resident'
     where h.status = 'active'
       and h.grid_id = (select id from org_unit where code = ${gridCode} and status = 'active')
       and not exists (select 1 from visit v where v.household_id = h.id)
     group by h.id having count(*) >= 2
     order by h.id limit ${count || null}`.execute(t.deps.db);
  if (rows.length < count) throw new Error(`only ${rows.length} households with two residents in ${gridCode}`);
  return rows.map((r) => ({
    id: r.id,
    uid: r.uid,
    gridId: r.grid_id,
    members: r.ids.map((id, i) => ({ id, uid: r.uids[i] as string })),
  }));
}

export async function userId(t: TestPlatform, username: string): Promise<number> {
  const row = await t.deps.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A valid 1×1 JPEG (baseline, grey), as a camera would write it, only smaller. */
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
/** A valid 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A new record as a phone sends it: made an hour before the test clock, saved a minute later. */
export function visitInput(t: TestPlatform, over: Partial<VisitInput> = {}): VisitInput {
  const visited = new Date(t.clock().getTime() - 3_600_000);
  return {
    id: randomUUID(),
    baseRevision: 0,
    householdId: null,
    personIds: [],
    visitedAt: visited.toISOString(),
    recordedAt: new Date(visited.getTime() + 60_000).toISOString(),
    method: 'home',
    summary: '独居老人王奶奶反映楼道灯坏了,已记录并联系物业。',
    findings: [{ kind: 'need', text: '楼道灯坏了' }],
    location: { lng: 113.08, lat: 22.58 },
    photoIds: [],
    ...over,
  };
}

/**
 * A household of the grid with an open must-visit item for November 2026 (the test clock's
 * month): one the demo's lists already hold, or else one made here.
 */
export async function openDueItem(
  t: TestPlatform,
  gridCode: string,
  assigneeId: number,
): Promise<{ id: number; household: HouseholdFixture }> {
  const households = await householdsIn(t, gridCode, 0);
  const ids = households.map((h) => h.id);
  const open = await t.deps.db
    .selectFrom('visit_due')
    .select(['id', 'household_id'])
    .where('household_id', 'in', ids)
    .where('status', '=', 'open')
    .where('period_start', '<=', '2026-11-23')
    .where('period_end', '>=', '2026-11-23')
    .orderBy('id')
    .executeTakeFirst();
  if (open) return { id: open.id, household: households.find((h) => h.id === open.household_id) as HouseholdFixture };
  const listed = await t.deps.db
    .selectFrom('visit_due')
    .select('household_id')
    .where('household_id', 'in', ids)
    .where('period_start', '=', '2026-11-01')
    .execute();
  const taken = new Set(listed.map((r) => r.household_id));
  const household = households.find((h) => !taken.has(h.id));
  if (!household) throw new Error(`every household of ${gridCode} is on a list already, none open`);
  const grid = await t.deps.db
    .selectFrom('org_unit')
    .select(['id', 'path', 'district_id'])
    .where('id', '=', household.gridId)
    .executeTakeFirstOrThrow();
  const row = await t.deps.db
    .insertInto('visit_due')
    .values({
      district_id: grid.district_id ?? grid.id,
      grid_id: grid.id,
      org_path: grid.path,
      household_id: household.id,
      person_ids: household.members.map((m) => m.id),
      reasons: ['elderly_alone'],
      frequency: 'monthly',
      period_start: '2026-11-01',
      period_end: '2026-11-30',
      assignee_id: assigneeId,
      created_at: t.clock(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, household };
}
