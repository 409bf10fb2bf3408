/**
 * SQL of the rule catalogue: points_rule and points_rule_version (written here only) and the
 * org units that own rules (read). A community's rules are found by its ancestors' paths, which
 * the points_rule_path index answers by equality.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface VersionRow {
  id: number;
  version: number;
  title: string;
  description: string | null;
  points: number;
  applies_to: 'person' | 'household' | 'party_member';
  evidence: Array<'photo' | 'witness' | 'staff'>;
  claimable: boolean;
  cap_month: number | null;
  cap_year: number | null;
  valid_from: string;
  valid_until: string | null;
  created_at: string;
  created_by: string;
}

export interface RuleRow {
  id: number;
  uid: string;
  district_id: number;
  owner_unit_id: number;
  org_path: string;
  code: string;
  category: string;
  current_version: number;
  retired_at: Date | null;
  owner_uid: string;
  owner_name: string;
  owner_kind: 'district' | 'street' | 'community';
  owner_code: string;
  /** oldest first */
  versions: VersionRow[];
}

const ruleColumns = sql`
  r.id, r.uid::text as uid, r.district_id, r.owner_unit_id, r.org_path, r.code, r.category, r.current_version,
  r.retired_at, u.uid::text as owner_uid, u.name as owner_name,
  case when u.kind = 'village' then 'community' else u.kind end as owner_kind, u.code as owner_code,
  coalesce((
    select json_agg(json_build_object(
      'id', v.id, 'version', v.version, 'title', v.title, 'description', v.description, 'points', v.points,
      'applies_to', v.applies_to, 'evidence', v.evidence, 'claimable', v.claimable, 'cap_month', v.cap_month,
      'cap_year', v.cap_year, 'valid_from', v.valid_from::text, 'valid_until', v.valid_until::text,
      'created_at', v.created_at, 'created_by', cu.display_name) order by v.version)
      from points_rule_version v join app_user cu on cu.id = v.created_by
     where v.rule_id = r.id), '[]'::json) as versions`;

/** The paths of a unit and every unit above it: '440704', '440704.440704001', … */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Rules owned by the community or a unit above it (retired ones only when asked). */
export async function rulesFor(db: Db, communityPath: string, withRetired: boolean): Promise<RuleRow[]> {
  const { rows } = await sql<RuleRow>`
    select ${ruleColumns}
      from points_rule r join org_unit u on u.id = r.owner_unit_id
     where r.org_path = any(${ancestorPaths(communityPath)}::text[])
       ${withRetired ? sql`` : sql`and r.retired_at is null`}
     order by r.category, length(r.org_path), r.code`.execute(db);
  return rows;
}

export async function ruleByUid(db: Db, uid: string, lock = false): Promise<RuleRow | undefined> {
  if (lock) await sql`select id from points_rule where uid = ${uid}::uuid for update`.execute(db);
  const { rows } = await sql<RuleRow>`
    select ${ruleColumns}
      from points_rule r join org_unit u on u.id = r.owner_unit_id
     where r.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

/** A rule by its code and its owner's unit code (the event interface names rules this way). */
export async function ruleByCode(db: Db, ownerCode: string, code: string): Promise<RuleRow | undefined> {
  const { rows } = await sql<RuleRow>`
    select ${ruleColumns}
      from points_rule r join org_unit u on u.id = r.owner_unit_id
     where u.code = ${ownerCode} and u.status = 'active' and r.code = ${code}`.execute(db);
  return rows[0];
}

export interface NewRule {
  district_id: number;
  owner_unit_id: number;
  org_path: string;
  code: string;
  category: string;
  created_by: number;
}

/** The new rule's id and uid, or undefined when its owner already has a rule with that code. */
export async function insertRule(db: Db, r: NewRule, now: Date): Promise<{ id: number; uid: string } | undefined> {
  const { rows } = await sql<{ id: number; uid: string }>`
    insert into points_rule (district_id, owner_unit_id, org_path, code, category, current_version, created_by, created_at)
    values (${r.district_id}, ${r.owner_unit_id}, ${r.org_path}, ${r.code}, ${r.category}, 1, ${r.created_by}, ${now})
    on conflict (owner_unit_id, code) do nothing
    returning id, uid::text as uid`.execute(db);
  return rows[0];
}

export interface VersionTerms {
  title: string;
  description: string | null;
  points: number;
  applies_to: string;
  evidence: string[];
  claimable: boolean;
  cap_month: number | null;
  cap_year: number | null;
  valid_from: string;
  valid_until: string | null;
}

export async function insertVersion(
  db: Db,
  ruleId: number,
  version: number,
  t: VersionTerms,
  createdBy: number,
  now: Date,
): Promise<void> {
  await sql`
    insert into points_rule_version (rule_id, version, title, description, points, applies_to, evidence, claimable,
      cap_month, cap_year, valid_from, valid_until, created_by, created_at)
    values (${ruleId}, ${version}, ${t.title}, ${t.description}, ${t.points}, ${t.applies_to}, ${t.evidence}::text[],
      ${t.claimable}, ${t.cap_month}, ${t.cap_year}, ${t.valid_from}::date, ${t.valid_until}::date, ${createdBy},
      ${now})`.execute(db);
  await sql`update points_rule set current_version = ${version} where id = ${ruleId}`.execute(db);
}

export async function retireRule(db: Db, ruleId: number, now: Date): Promise<void> {
  await sql`update points_rule set retired_at = ${now} where id = ${ruleId}`.execute(db);
}

export interface UnitRow {
  id: number;
  uid: string;
  kind: string;
  name: string;
  code: string;
  path: string;
  status: string;
}

export async function unitByUid(db: Db, uid: string): Promise<UnitRow | undefined> {
  const { rows } = await sql<UnitRow>`
    select id, uid::text as uid, kind, name, code, path, status from org_unit where uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

/** The district a unit belongs to (a district is its own). */
export async function districtOf(db: Db, unitId: number): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    select coalesce(district_id, id) as id from org_unit where id = ${unitId}`.execute(db);
  return (rows[0] as { id: number }).id;
}
