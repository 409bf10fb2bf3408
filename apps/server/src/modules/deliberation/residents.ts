/**
 * The resident calling (deliberation:self): their account, registry person, current household and
 * community. One helper for every part of deliberation, so "my community" means the same thing in
 * topics, meetings, votes and micro-projects.
 *
 * The person is app_user.person_id; their community is the parent of their grid (a community or a
 * village). An account without a person falls back to the community of its resident grant (the
 * grant's unit, or its parent when the grant sits on a grid). The household is the one the person
 * currently belongs to (membership not ended, household active).
 */
import { sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';

export interface Resident {
  userId: number;
  personId: number | null;
  householdId: number | null;
  communityId: number;
  communityUid: string;
  communityName: string;
  communityPath: string;
}

/** The caller as a resident, or undefined when no community can be found for them. */
export async function findResident(db: Db, userId: number): Promise<Resident | undefined> {
  const { rows } = await sql<{
    person_id: number | null;
    household_id: number | null;
    community_id: number;
    community_uid: string;
    community_name: string;
    community_path: string;
  }>`
    select * from (
      select p.id as person_id,
             (select m.household_id from household_member m join household h on h.id = m.household_id
               where m.person_id = p.id and m.until is null and h.status = 'active'
               order by m.since desc limit 1) as household_id,
             c.id as community_id, c.uid as community_uid, c.name as community_name, c.path as community_path
        from app_user u
        join person p on p.id = u.person_id
        join org_unit g on g.id = p.grid_id
        join org_unit c on c.id = g.parent_id and c.kind in ('community', 'village')
       where u.id = ${userId}
      union all
      select null, null, c.id, c.uid, c.name, c.path
        from role_grant rg
        join org_unit g on g.id = rg.unit_id
        join org_unit c on (c.id = g.id or c.id = g.parent_id) and c.kind in ('community', 'village')
       where rg.user_id = ${userId} and rg.role = 'resident' and rg.revoked_at is null) x
     order by (person_id is null) limit 1`.execute(db);
  const r = rows[0];
  if (!r) return undefined;
  return {
    userId,
    personId: r.person_id === null ? null : Number(r.person_id),
    householdId: r.household_id === null ? null : Number(r.household_id),
    communityId: Number(r.community_id),
    communityUid: r.community_uid,
    communityName: r.community_name,
    communityPath: r.community_path,
  };
}

/**
 * The resident calling; a caller with no community gets 404 `notFoundCode` (nothing of
 * deliberation is theirs to see).
 */
export async function residentOf(db: Db, scope: Scope, notFoundCode = 'DELIB_TOPIC_NOT_FOUND'): Promise<Resident> {
  const me = await findResident(db, scope.user.id);
  if (!me) throw new AppError(notFoundCode, 404);
  return me;
}
