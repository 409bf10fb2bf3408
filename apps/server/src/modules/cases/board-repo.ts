/**
 * SQL of the public board (resolved and closed cases of a community, by receipt number, and the
 * result's photos) and of satisfaction (case_month_tally rows of a subtree and months).
 */
import { sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';

export const PUBLIC_STATUSES = ['resolved', 'closed'] as const;

export async function activeCommunityByCode(db: Db, code: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'uid', 'code', 'name', 'path'])
    .where('code', '=', code)
    .where('kind', 'in', ['community', 'village'])
    .where('status', '=', 'active')
    .executeTakeFirst();
}

function publicCases(db: Db) {
  return db
    .selectFrom('cases as c')
    .innerJoin('case_category as k', 'k.id', 'c.category_id')
    .innerJoin('org_unit as cu', 'cu.id', 'c.community_id')
    .leftJoin('org_unit as h', 'h.id', 'c.handler_unit_id')
    .select([
      'c.id',
      'c.receipt_no',
      'c.title',
      'c.status',
      'c.address',
      'c.created_at',
      'c.resolved_at',
      'c.closed_at',
      'c.result',
      'c.rating',
      'k.code as category_code',
      'k.name as category_name',
      'cu.code as community_code',
      'cu.name as community_name',
      'h.name as handler_name',
    ])
    .where('c.status', 'in', [...PUBLIC_STATUSES]);
}
export type PublicCaseRow = Awaited<ReturnType<ReturnType<typeof publicCases>['executeTakeFirstOrThrow']>>;

/** Newest resolution first. */
export async function publicCasesOf(db: Db, communityId: number, limit: number, offset: number) {
  const [items, count] = await Promise.all([
    publicCases(db)
      .where('c.community_id', '=', communityId)
      .orderBy(sql`coalesce(c.resolved_at, c.closed_at)`, 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('community_id', '=', communityId)
      .where('status', 'in', [...PUBLIC_STATUSES])
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function publicCaseByReceipt(db: Db, receiptNo: string) {
  return publicCases(db).where('c.receipt_no', '=', receiptNo).executeTakeFirst();
}

export async function publicSteps(db: Db, caseId: number, actions: readonly string[]) {
  return db
    .selectFrom('case_event')
    .select(['at', 'action'])
    .where('case_id', '=', caseId)
    .where('action', 'in', [...actions])
    .orderBy('seq')
    .execute();
}

/** The photos of the result stage (never those of the report, which may show people or homes). */
export async function resultPhotos(db: Db, caseId: number) {
  return db
    .selectFrom('case_photo as p')
    .innerJoin('stored_file as f', 'f.id', 'p.file_id')
    .select(['f.uid', 'f.sha256', 'f.content_type', 'f.bytes'])
    .where('p.case_id', '=', caseId)
    .where('p.stage', '=', 'result')
    .orderBy('p.sort')
    .execute();
}

/** Tally rows of the months [from, to] whose community lies in the subtree, or whose handler does. */
export async function tallyRows(db: Db, path: string, from: string, to: string) {
  return db
    .selectFrom('case_month_tally as t')
    .innerJoin('org_unit as h', 'h.id', 't.handler_unit_id')
    .innerJoin('org_unit as cu', 'cu.id', 't.community_id')
    .innerJoin('case_category as k', 'k.id', 't.category_id')
    .select([
      't.resolved',
      't.overdue',
      't.rated',
      't.rating_sum',
      't.satisfied',
      't.resolve_hours',
      'h.uid as handler_uid',
      'h.name as handler_name',
      'h.code as handler_code',
      'cu.uid as community_uid',
      'cu.name as community_name',
      'cu.code as community_code',
      'k.uid as category_uid',
      'k.name as category_name',
      'k.code as category_code',
    ])
    .where(sql<boolean>`t.month between ${from}::date and ${to}::date`)
    .where((eb) => eb.or([inSubtrees('t.org_path', [path]), inSubtrees('h.path', [path])]))
    .execute();
}
export type TallyRow = Awaited<ReturnType<typeof tallyRows>>[number];
