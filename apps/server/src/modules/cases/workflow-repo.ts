/**
 * SQL of the workflow: the case row's changes (under the lock caseFor took), result photos, the
 * inbox of a handling unit, and read-only looks at categories, reply templates, org units and
 * accounts (who may take a case at a unit). The timeline is written by timeline.ts only.
 */
import { type Permission, ROLES, roleHas } from '@gongzhi/domain';
import { sql, type Updateable } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.gen.ts';

/** Roles holding a permission, for "is anyone there to take it?". */
export function rolesWith(permission: Permission): string[] {
  return ROLES.filter((r) => roleHas(r, permission));
}

// ── Categories, templates ─────────────────────────────────────────────────────────────────────
export interface CategoryRow {
  id: number;
  uid: string;
  code: string;
  name: string;
  district_id: number;
  handler_kind: string;
  department_id: number | null;
  deliberable: boolean;
}

export async function categoryById(db: Db, id: number): Promise<CategoryRow> {
  return db
    .selectFrom('case_category')
    .select(['id', 'uid', 'code', 'name', 'district_id', 'handler_kind', 'department_id', 'deliberable'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export interface TemplateRow {
  id: number;
  uid: string;
  title: string;
  purpose: string;
}

/** An active reply template of the district (any purpose: the text was the actor's to edit). */
export async function templateByUid(db: Db, uid: string, districtId: number): Promise<TemplateRow | undefined> {
  return db
    .selectFrom('case_reply_template')
    .select(['id', 'uid', 'title', 'purpose'])
    .where('uid', '=', uid)
    .where('district_id', '=', districtId)
    .where('active', '=', true)
    .executeTakeFirst();
}

// ── Units and people ──────────────────────────────────────────────────────────────────────────
export interface UnitRow {
  id: number;
  uid: string;
  kind: string;
  name: string;
  path: string;
  status: string;
  district_id: number | null;
}

const unitColumns = ['id', 'uid', 'kind', 'name', 'path', 'status', 'district_id'] as const;

export async function unitById(db: Db, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('org_unit').select(unitColumns).where('id', '=', id).executeTakeFirst();
}

export async function unitByUid(db: Db, uid: string): Promise<UnitRow | undefined> {
  return db.selectFrom('org_unit').select(unitColumns).where('uid', '=', uid).executeTakeFirst();
}

/** Does an active account hold a role that handles cases on this very unit? */
export async function unitHasHandler(db: Db, unitId: number): Promise<boolean> {
  const row = await db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select('g.id')
    .where('g.unit_id', '=', unitId)
    .where('g.revoked_at', 'is', null)
    .where('g.role', 'in', rolesWith('cases:handle'))
    .where('u.status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** An active account handling cases within the unit's subtree (a community's grid workers too). */
export async function handlerOfUnit(
  db: Db,
  userUid: string,
  unitPath: string,
): Promise<{ id: number; uid: string; display_name: string } | undefined> {
  return db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.uid', 'u.display_name'])
    .where('u.uid', '=', userUid)
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_grant as g')
          .select('g.id')
          .whereRef('g.user_id', '=', 'u.id')
          .where('g.revoked_at', 'is', null)
          .where('g.role', 'in', rolesWith('cases:handle'))
          .where(inSubtrees('g.org_path', [unitPath])),
      ),
    )
    .executeTakeFirst();
}

export async function userNames(db: Db, ids: number[]): Promise<Map<number, { uid: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'uid', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { uid: r.uid, name: r.display_name }]));
}

// ── The case ──────────────────────────────────────────────────────────────────────────────────
export async function updateCase(trx: Db, id: number, set: Updateable<DB['cases']>): Promise<void> {
  await trx.updateTable('cases').set(set).where('id', '=', id).execute();
}

/** Result photos after the report's, in the order given. */
export async function addResultPhotos(trx: Db, caseId: number, fileIds: number[]): Promise<void> {
  if (fileIds.length === 0) return;
  const { max } = await trx
    .selectFrom('case_photo')
    .select((eb) => eb.fn.coalesce(eb.fn.max('sort'), sql<number>`0`).as('max'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('case_photo')
    .values(fileIds.map((file_id, i) => ({ case_id: caseId, file_id, stage: 'result', sort: Number(max) + 1 + i })))
    .onConflict((oc) => oc.columns(['case_id', 'file_id']).doNothing())
    .execute();
}

// ── The inbox ─────────────────────────────────────────────────────────────────────────────────
export interface InboxRow {
  uid: string;
  receipt_no: string;
  title: string;
  status: string;
  address: string | null;
  created_at: Date;
  dispatched_at: Date | null;
  resolve_due_at: Date;
  overdue: boolean;
  escalation_level: number;
  supervised: boolean;
  reopen_count: number;
  category_uid: string;
  category_code: string;
  category_name: string;
  community_uid: string;
  community_name: string;
  handler_uid: string;
  handler_name: string;
  handler_kind: string;
  assignee_uid: string | null;
  assignee_name: string | null;
}

/**
 * Cases dispatched to units the caller handles for, due soonest first: handled by a unit in
 * their subtrees (a department, a community), or handled by the community where it happened
 * inside their subtrees (a grid worker's grid).
 */
export async function inbox(
  db: Db,
  paths: string[],
  statuses: string[],
  page: number,
  pageSize: number,
): Promise<{ rows: InboxRow[]; total: number }> {
  const base = db
    .selectFrom('cases as c')
    .where('c.status', 'in', statuses)
    .where((eb) =>
      eb.or([
        inSubtrees('c.handler_path', paths),
        eb.and([inSubtrees('c.org_path', paths), eb(eb.ref('c.handler_unit_id'), '=', eb.ref('c.community_id'))]),
      ]),
    );
  const [rows, count] = await Promise.all([
    base
      .innerJoin('case_category as k', 'k.id', 'c.category_id')
      .innerJoin('org_unit as cm', 'cm.id', 'c.community_id')
      .innerJoin('org_unit as h', 'h.id', 'c.handler_unit_id')
      .leftJoin('app_user as a', 'a.id', 'c.assignee_id')
      .select([
        'c.uid',
        'c.receipt_no',
        'c.title',
        'c.status',
        'c.address',
        'c.created_at',
        'c.dispatched_at',
        'c.resolve_due_at',
        'c.overdue',
        'c.escalation_level',
        'c.supervised',
        'c.reopen_count',
        'k.uid as category_uid',
        'k.code as category_code',
        'k.name as category_name',
        'cm.uid as community_uid',
        'cm.name as community_name',
        'h.uid as handler_uid',
        'h.name as handler_name',
        'h.kind as handler_kind',
        'a.uid as assignee_uid',
        'a.display_name as assignee_name',
      ])
      .orderBy('c.resolve_due_at', 'asc')
      .orderBy('c.id', 'asc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
