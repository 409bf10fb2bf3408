/**
 * SQL of duplicates: open cases of a category in a box around a point (the cases_nearby index
 * narrows to the category's recent open cases, the box to the neighbourhood), and the rows a
 * merge moves.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { CaseRow } from './case-access.ts';

export async function categoryForNearby(db: Db, uid: string) {
  return db
    .selectFrom('case_category as k')
    .innerJoin('org_unit as d', 'd.id', 'k.district_id')
    .select(['k.id', 'k.district_id', 'd.path as district_path'])
    .where('k.uid', '=', uid)
    .where('k.active', '=', true)
    .executeTakeFirst();
}

/** Open (not resolved) cases of the category created since `since` inside the box. */
export async function openCasesInBox(
  db: Db,
  categoryId: number,
  since: Date,
  box: { west: number; south: number; east: number; north: number },
) {
  return db
    .selectFrom('cases')
    .select(['uid', 'receipt_no', 'title', 'status', 'address', 'created_at', 'lng', 'lat'])
    .where('category_id', '=', categoryId)
    .where('status', 'not in', ['closed', 'rejected', 'merged'])
    .where('status', '<>', 'resolved')
    .where('created_at', '>=', since)
    .where('lng', '>=', box.west)
    .where('lng', '<=', box.east)
    .where('lat', '>=', box.south)
    .where('lat', '<=', box.north)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

/** Both cases locked FOR UPDATE in id order (two merges of the same pair cannot deadlock). */
export async function lockPair(db: Db, a: number, b: number): Promise<CaseRow[]> {
  return db.selectFrom('cases').selectAll().where('id', 'in', [a, b]).orderBy('id').forUpdate().execute();
}

export async function markMerged(db: Db, sourceId: number, targetId: number, now: Date) {
  await db
    .updateTable('cases')
    .set({ status: 'merged', merged_into_id: targetId, updated_at: now })
    .where('id', '=', sourceId)
    .execute();
}

/**
 * The target's reporters gain the source's reporter and those of the cases merged into the
 * source before (their cases then point at the target too, so no chain is ever two deep).
 */
export async function moveReporters(db: Db, source: CaseRow, targetId: number, now: Date): Promise<void> {
  await db
    .insertInto('case_reporter')
    .values({
      case_id: targetId,
      source_case_id: source.id,
      reporter_user_id: source.reporter_user_id,
      reporter_person_id: source.reporter_person_id,
      added_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await sql`
    insert into case_reporter (case_id, source_case_id, reporter_user_id, reporter_person_id, added_at)
    select ${targetId}, r.source_case_id, r.reporter_user_id, r.reporter_person_id, ${now}
    from case_reporter r where r.case_id = ${source.id}
    on conflict do nothing`.execute(db);
  await db
    .updateTable('cases')
    .set({ merged_into_id: targetId, updated_at: now })
    .where('merged_into_id', '=', source.id)
    .where('status', '=', 'merged')
    .execute();
}

export async function reporterCount(db: Db, caseId: number): Promise<number> {
  const row = await db
    .selectFrom('case_reporter')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
