/**
 * SQL of 民生微实事: budgets, projects, milestones and their photos (micro_* tables). Reads that
 * list take the subtree condition (inSubtrees) or a community id from the service; the service
 * decides who may see what.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

// ── Budgets ─────────────────────────────────────────────────────────────────────────────────────
export interface BudgetRow {
  id: number;
  uid: string;
  community_id: number;
  org_path: string;
  year: number;
  title: string;
  amount_cents: number;
  phase: string;
  ballot_style: string;
  max_choices: number | null;
  min_projects: number;
  max_projects: number | null;
  vote_id: number | null;
  proposals_close_on: string | null;
  created_at: Date;
  updated_at: Date;
  community_uid: string;
  community_name: string;
  community_code: string;
  district_id: number;
  vote_uid: string | null;
  project_count: number;
  selected_count: number;
  allocated_cents: number;
  spent_cents: number;
}

/** Projects that won the vote, whatever became of them since. */
export const CHOSEN = ['selected', 'in_progress', 'completed', 'accepted'];

function budgetQuery(db: Db) {
  return db
    .selectFrom('micro_budget as b')
    .innerJoin('org_unit as c', 'c.id', 'b.community_id')
    .leftJoin('vote as v', 'v.id', 'b.vote_id')
    .select([
      'b.id',
      'b.uid',
      'b.community_id',
      'b.org_path',
      'b.year',
      'b.title',
      'b.amount_cents',
      'b.phase',
      'b.ballot_style',
      'b.max_choices',
      'b.min_projects',
      'b.max_projects',
      'b.vote_id',
      'b.proposals_close_on',
      'b.created_at',
      'b.updated_at',
      'c.uid as community_uid',
      'c.name as community_name',
      'c.code as community_code',
      sql<number>`coalesce(c.district_id, c.id)`.as('district_id'),
      'v.uid as vote_uid',
      sql<number>`(select count(*) from micro_project p where p.budget_id = b.id)::int`.as('project_count'),
      sql<number>`(select count(*) from micro_project p
                     where p.budget_id = b.id and p.status = any(${CHOSEN}::text[]))::int`.as('selected_count'),
      sql<number>`(select coalesce(sum(p.price_cents), 0) from micro_project p
                     where p.budget_id = b.id and p.status = any(${CHOSEN}::text[]))::bigint`.as('allocated_cents'),
      sql<number>`(select coalesce(sum(p.spent_cents), 0) from micro_project p
                     where p.budget_id = b.id and p.status = any(${CHOSEN}::text[]))::bigint`.as('spent_cents'),
    ]);
}

export async function budgetByUid(db: Db, uid: string): Promise<BudgetRow | undefined> {
  return (await budgetQuery(db).where('b.uid', '=', uid).executeTakeFirst()) as BudgetRow | undefined;
}

export async function budgetById(db: Db, id: number): Promise<BudgetRow | undefined> {
  return (await budgetQuery(db).where('b.id', '=', id).executeTakeFirst()) as BudgetRow | undefined;
}

/** Locks the budget row for a phase move or a proposal (two moves at once: one waits). */
export async function lockBudget(db: Db, id: number): Promise<{ phase: string } | undefined> {
  return db.selectFrom('micro_budget').select('phase').where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface BudgetFilter {
  where: RawBuilder<SqlBool>;
  year?: number;
  phase?: string;
}

export async function listBudgets(db: Db, f: BudgetFilter, limit: number, offset: number) {
  let q = budgetQuery(db).where(f.where);
  if (f.year !== undefined) q = q.where('b.year', '=', f.year);
  if (f.phase !== undefined) q = q.where('b.phase', '=', f.phase);
  let c = db.selectFrom('micro_budget as b').select(sql<number>`count(*)::int`.as('n')).where(f.where);
  if (f.year !== undefined) c = c.where('b.year', '=', f.year);
  if (f.phase !== undefined) c = c.where('b.phase', '=', f.phase);
  const [items, total] = await Promise.all([
    q.orderBy('b.year', 'desc').orderBy('b.created_at', 'desc').limit(limit).offset(offset).execute(),
    c.executeTakeFirstOrThrow(),
  ]);
  return { items: items as BudgetRow[], total: total.n };
}

/** False when the uid or the community's year is taken. */
export async function insertBudget(
  db: Db,
  row: {
    uid: string;
    community_id: number;
    org_path: string;
    year: number;
    title: string;
    amount_cents: number;
    ballot_style: string;
    max_choices: number | null;
    min_projects: number;
    max_projects: number | null;
    proposals_close_on: string | null;
    created_by: number;
  },
  now: Date,
): Promise<number | undefined> {
  const made = await db
    .insertInto('micro_budget')
    .values({ ...row, created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return made?.id;
}

export async function budgetYearTaken(db: Db, communityId: number, year: number): Promise<boolean> {
  const r = await db
    .selectFrom('micro_budget')
    .select('id')
    .where('community_id', '=', communityId)
    .where('year', '=', year)
    .executeTakeFirst();
  return r !== undefined;
}

export async function updateBudget(
  db: Db,
  id: number,
  set: Partial<{
    title: string;
    amount_cents: number;
    ballot_style: string;
    max_choices: number | null;
    min_projects: number;
    max_projects: number | null;
    proposals_close_on: string | null;
    phase: string;
    vote_id: number | null;
  }>,
  now: Date,
) {
  await db
    .updateTable('micro_budget')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .execute();
}

// ── Projects ────────────────────────────────────────────────────────────────────────────────────
export interface ProjectRow {
  id: number;
  uid: string;
  budget_id: number;
  org_path: string;
  title: string;
  description: string;
  location: string | null;
  estimate_cents: number;
  price_cents: number | null;
  proposer_user_id: number | null;
  proposer_name: string | null;
  status: string;
  review_note: string | null;
  reviewed_at: Date | null;
  votes: number | null;
  spent_cents: number;
  acceptance_note: string | null;
  accepted_at: Date | null;
  created_at: Date;
  budget_uid: string;
  budget_phase: string;
  community_id: number;
}

function projectQuery(db: Db) {
  return db
    .selectFrom('micro_project as p')
    .innerJoin('micro_budget as b', 'b.id', 'p.budget_id')
    .select([
      'p.id',
      'p.uid',
      'p.budget_id',
      'p.org_path',
      'p.title',
      'p.description',
      'p.location',
      'p.estimate_cents',
      'p.price_cents',
      'p.proposer_user_id',
      'p.proposer_name',
      'p.status',
      'p.review_note',
      'p.reviewed_at',
      'p.votes',
      'p.spent_cents',
      'p.acceptance_note',
      'p.accepted_at',
      'p.created_at',
      'b.uid as budget_uid',
      'b.phase as budget_phase',
      'b.community_id',
    ]);
}

/** The order projects are shown in: chosen first, then by votes, then as proposed. */
const PROJECT_ORDER = sql`case p.status when 'accepted' then 0 when 'completed' then 1 when 'in_progress' then 2
  when 'selected' then 3 when 'not_selected' then 4 when 'feasible' then 5 when 'proposed' then 6 else 7 end`;

export async function projectByUid(db: Db, uid: string): Promise<ProjectRow | undefined> {
  return (await projectQuery(db).where('p.uid', '=', uid).executeTakeFirst()) as ProjectRow | undefined;
}

export async function projectsOfBudget(db: Db, budgetId: number): Promise<ProjectRow[]> {
  return (await projectQuery(db)
    .where('p.budget_id', '=', budgetId)
    .orderBy(PROJECT_ORDER)
    .orderBy(sql`p.votes desc nulls last`)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute()) as ProjectRow[];
}

export interface ProjectFilter {
  where: RawBuilder<SqlBool>;
  budgetId?: number;
  status?: string;
  proposerUserId?: number;
}

export async function listProjects(db: Db, f: ProjectFilter, limit: number, offset: number) {
  let q = projectQuery(db).where(f.where);
  let c = db
    .selectFrom('micro_project as p')
    .innerJoin('micro_budget as b', 'b.id', 'p.budget_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(f.where);
  if (f.budgetId !== undefined) {
    q = q.where('p.budget_id', '=', f.budgetId);
    c = c.where('p.budget_id', '=', f.budgetId);
  }
  if (f.status !== undefined) {
    q = q.where('p.status', '=', f.status);
    c = c.where('p.status', '=', f.status);
  }
  if (f.proposerUserId !== undefined) {
    q = q.where('p.proposer_user_id', '=', f.proposerUserId);
    c = c.where('p.proposer_user_id', '=', f.proposerUserId);
  }
  const [items, total] = await Promise.all([
    q.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(limit).offset(offset).execute(),
    c.executeTakeFirstOrThrow(),
  ]);
  return { items: items as ProjectRow[], total: total.n };
}

export async function insertProject(
  db: Db,
  row: {
    uid: string;
    budget_id: number;
    org_path: string;
    title: string;
    description: string;
    location: string | null;
    estimate_cents: number;
    proposer_user_id: number;
    proposer_name: string | null;
  },
  now: Date,
): Promise<number | undefined> {
  const made = await db
    .insertInto('micro_project')
    .values({ ...row, status: 'proposed', created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('uid').doNothing())
    .returning('id')
    .executeTakeFirst();
  return made?.id;
}

export async function lockProject(db: Db, id: number): Promise<{ status: string } | undefined> {
  return db.selectFrom('micro_project').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateProject(
  db: Db,
  id: number,
  set: Partial<{
    title: string;
    description: string;
    location: string | null;
    estimate_cents: number;
    price_cents: number | null;
    status: string;
    review_note: string | null;
    reviewed_by: number | null;
    reviewed_at: Date | null;
    votes: number | null;
    acceptance_note: string | null;
    accepted_at: Date | null;
  }>,
  now: Date,
) {
  await db
    .updateTable('micro_project')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function countByStatus(db: Db, budgetId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('micro_project')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('budget_id', '=', budgetId)
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status, r.n]));
}

// ── Milestones and photos ───────────────────────────────────────────────────────────────────────
export interface MilestoneRow {
  id: number;
  uid: string;
  project_id: number;
  title: string;
  note: string | null;
  spent_cents: number;
  happened_on: string;
  created_at: Date;
}

export async function milestonesOf(db: Db, projectIds: number[]): Promise<MilestoneRow[]> {
  if (projectIds.length === 0) return [];
  return (await db
    .selectFrom('micro_milestone')
    .select(['id', 'uid', 'project_id', 'title', 'note', 'spent_cents', 'happened_on', 'created_at'])
    .where('project_id', 'in', projectIds)
    .orderBy('happened_on')
    .orderBy('id')
    .execute()) as MilestoneRow[];
}

export async function photosOfMilestones(
  db: Db,
  milestoneIds: number[],
): Promise<{ milestone_id: number; uid: string }[]> {
  if (milestoneIds.length === 0) return [];
  const rows = await db
    .selectFrom('micro_photo as mp')
    .innerJoin('stored_file as f', 'f.id', 'mp.file_id')
    .select(['mp.milestone_id', sql<string>`f.uid::text`.as('uid')])
    .where('mp.milestone_id', 'in', milestoneIds)
    .orderBy('f.id')
    .execute();
  return rows.map((r) => ({ milestone_id: Number(r.milestone_id), uid: r.uid }));
}

/** A milestone of a selected project, as written. */
export interface NewMilestone {
  uid: string;
  project_id: number;
  title: string;
  note: string | null;
  spent_cents: number;
  happened_on: string;
  created_by: number;
}

/** False when the milestone's uid is taken. */
export async function insertMilestone(db: Db, row: NewMilestone, now: Date): Promise<number | undefined> {
  const made = await db
    .insertInto('micro_milestone')
    .values({ ...row, created_at: now })
    .onConflict((oc) => oc.column('uid').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (made && row.spent_cents > 0)
    await db
      .updateTable('micro_project')
      .set({ spent_cents: sql`spent_cents + ${row.spent_cents}`, updated_at: now })
      .where('id', '=', row.project_id)
      .execute();
  return made?.id;
}

/** The stored files of these uids kept for micro-projects, and whether one is already in use. */
export async function photoFiles(
  db: Db,
  uids: string[],
  purpose: string,
): Promise<{ id: number; uid: string; created_by: number; used: boolean }[]> {
  if (uids.length === 0) return [];
  const { rows } = await sql<{ id: number; uid: string; created_by: number; used: boolean }>`
    select f.id, f.uid::text as uid, f.created_by,
           exists (select 1 from micro_photo mp where mp.file_id = f.id) as used
      from stored_file f
     where f.uid = any(${uids}::uuid[]) and f.purpose = ${purpose}`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), created_by: Number(r.created_by) }));
}

export async function attachPhotos(db: Db, projectId: number, milestoneId: number, fileIds: number[]) {
  if (fileIds.length === 0) return;
  await db
    .insertInto('micro_photo')
    .values(fileIds.map((file_id) => ({ project_id: projectId, milestone_id: milestoneId, file_id })))
    .execute();
}

/** The budget paths (with community) of the projects showing a photo. */
export async function photoBudgets(db: Db, photoUid: string): Promise<{ org_path: string; community_id: number }[]> {
  const { rows } = await sql<{ org_path: string; community_id: number }>`
    select b.org_path, b.community_id
      from stored_file f
      join micro_photo mp on mp.file_id = f.id
      join micro_project p on p.id = mp.project_id
      join micro_budget b on b.id = p.budget_id
     where f.uid = ${photoUid}::uuid`.execute(db);
  return rows.map((r) => ({ org_path: r.org_path, community_id: Number(r.community_id) }));
}

// ── Votes (read-only: the votes part owns the table) ────────────────────────────────────────────
export interface BudgetVoteRow {
  id: number;
  uid: string;
  status: string;
  eligible_count: number;
  cast_count: number;
  closes_at: Date | null;
  closed_at: Date | null;
  result: { counts?: Record<string, number> } | null;
}

export async function voteOfBudget(db: Db, voteId: number): Promise<BudgetVoteRow | undefined> {
  const r = await db
    .selectFrom('vote')
    .select([
      'id',
      'uid',
      'status',
      'eligible_count',
      'closes_at',
      'closed_at',
      'result',
      // an open vote's count is read when asked, never kept on the hot row
      sql<number>`case when status = 'open' then (select count(*) from ballot b where b.vote_id = vote.id)::int
                       else cast_count end`.as('cast_count'),
    ])
    .where('id', '=', voteId)
    .executeTakeFirst();
  return r as BudgetVoteRow | undefined;
}

// ── Residents and people (read-only) ────────────────────────────────────────────────────────────
/** The registry name of an account's person, if it has one. */
export async function personNameOfUser(db: Db, userId: number): Promise<string | null> {
  const r = await db
    .selectFrom('app_user as u')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .select('p.name')
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return r?.name ?? null;
}

/** An active community (or village) by code, for the public board. */
export async function communityByCode(db: Db, code: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'uid', 'name', 'code', 'path'])
    .where('code', '=', code)
    .where('status', '=', 'active')
    .where('kind', 'in', ['community', 'village'])
    .executeTakeFirst();
}
