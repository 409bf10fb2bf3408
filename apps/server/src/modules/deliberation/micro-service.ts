/**
 * 民生微实事 (Futian's micro-projects, 三议三公开): a community's budget for a year; residents propose
 * projects (提议), the community reviews each for feasibility and sets its price (商议 — an unfeasible
 * one gets a written explanation, sent to the proposer), residents choose by vote (决议), and the
 * chosen ones are carried out with milestones, spending and photos and accepted (验收). Every stage
 * is public on the board (board-*.ts).
 *
 * The vote belongs to the votes part: this part only asks it to create and open the vote over the
 * feasible projects (createBudgetVote) and to close it (closeVote), then applies the domain's
 * selectProjects to the counts. Owns micro_budget, micro_project, micro_milestone, micro_photo.
 */
import type {
  BudgetAction,
  BudgetCreateBody,
  BudgetDetail,
  BudgetListQuery,
  BudgetPage,
  BudgetPatchBody,
  BudgetPhase,
  BudgetPhaseBody,
  BudgetSelection,
  BudgetSummary,
  MilestoneCreateBody,
  MilestoneView,
  ProjectAcceptBody,
  ProjectAction,
  ProjectCreateBody,
  ProjectDetail,
  ProjectListQuery,
  ProjectPage,
  ProjectPatchBody,
  ProjectReviewBody,
  ProjectStepBody,
  ProjectSummary,
} from '@gongzhi/api';
import {
  type BudgetPhase as DomainPhase,
  maskName,
  nextBudgetPhase,
  type ProjectStatus,
  projectTransition,
  roleHas,
  selectProjects,
} from '@gongzhi/domain';
import { type Actor, recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { createPhotoStore } from '../../platform/files/photos.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { notify } from '../notices/notices-service.ts';
import { unitForScope } from '../org/service.ts';
import { type Catalogue, invalid, todayOf } from '../registry/person-data.ts';
import * as repo from './micro-repo.ts';
import { findResident } from './residents.ts';
import { closeVote, createBudgetVote } from './votes-service.ts';

export const MICRO_PHOTO_PURPOSE = 'micro_photo';
const BUDGET_NOT_FOUND = 'DELIB_BUDGET_NOT_FOUND';
const PROJECT_NOT_FOUND = 'DELIB_PROJECT_NOT_FOUND';

/** Field problems of this part, for 400s that name the field (zh + en). */
export const MICRO_PROBLEMS: Catalogue = {
  NOT_COMMUNITY: { 'zh-CN': '{f}:应为社区或村', en: '{f}: must be a community or village' },
  MIN_OVER_MAX: { 'zh-CN': '{f}:不能大于最多入选项目数', en: '{f}: cannot exceed the most projects selected' },
  PRICE_REQUIRED: { 'zh-CN': '{f}:认定可行时须核定价格', en: '{f}: a feasible project needs its price' },
  NOTE_REQUIRED: {
    'zh-CN': '{f}:认定不可行时须写明理由,该说明将发送给提议人',
    en: '{f}: an unfeasible project needs a written explanation, which is sent to the proposer',
  },
  PHOTO_UNKNOWN: {
    'zh-CN': '{f}:照片未上传,或已用于其他项目',
    en: '{f}: a photo was not uploaded, or is used by another project already',
  },
  DATE_FUTURE: { 'zh-CN': '{f} 不能晚于今天', en: '{f} cannot be in the future' },
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Phases in which the budget's rules and the proposals may still change. */
const BEFORE_VOTE = ['proposing', 'reviewing'];
/** Phases in which chosen projects are carried out. */
const CARRYING_OUT = ['selected', 'closed'];

interface Viewer {
  /** deliberation:read at the budget's path */
  staff: boolean;
  /** deliberation:manage at the budget's path */
  manage: boolean;
  /** a resident of the budget's community */
  resident: boolean;
  userId: number;
}

/** The selection of a selected budget, recomputed from the stored votes and prices (the same rule). */
export function selectionOf(b: repo.BudgetRow, projects: repo.ProjectRow[]): BudgetSelection | null {
  if (!CARRYING_OUT.includes(b.phase)) return null;
  const voted = projects.filter((p) => p.votes !== null && p.price_cents !== null);
  const out = selectProjects(
    voted.map((p) => ({ key: p.uid, priceCents: p.price_cents as number, votes: p.votes as number })),
    b.amount_cents,
    { minProjects: b.min_projects, maxProjects: b.max_projects },
  );
  return {
    selected: out.selected,
    notSelected: out.notSelected,
    spentCents: out.spentCents,
    shortOfMinimum: out.shortOfMinimum,
    ruleText: out.ruleText,
    ruleTextEn: out.ruleTextEn,
  };
}

export function createMicroService(deps: { clock: Clock }) {
  const { clock } = deps;

  function requireReader(scope: Scope): void {
    if (!hasPermission(scope, 'deliberation:read') && !hasPermission(scope, 'deliberation:self'))
      throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
  }

  /** A resident's community id (deliberation:self only); undefined for anyone else. */
  async function residentCommunity(db: Db, scope: Scope): Promise<number | undefined> {
    if (!hasPermission(scope, 'deliberation:self')) return undefined;
    return (await findResident(db, scope.user.id))?.communityId;
  }

  /** Who the caller is to the budget; a budget they may not see is 404. */
  async function viewerOf(
    db: Db,
    scope: Scope,
    b: { org_path: string; community_id: number },
    /** the caller's community when already known (lists look it up once) */
    known?: { community: number | undefined },
  ): Promise<Viewer> {
    const staff = canAt(scope, 'deliberation:read', b.org_path);
    const manage = canAt(scope, 'deliberation:manage', b.org_path);
    const community = staff ? undefined : known ? known.community : await residentCommunity(db, scope);
    const resident = !staff && community !== undefined && community === b.community_id;
    return { staff, manage, resident, userId: scope.user.id };
  }

  async function visibleBudget(db: Db, scope: Scope, uid: string) {
    requireReader(scope);
    const b = await repo.budgetByUid(db, uid);
    if (!b) throw new AppError(BUDGET_NOT_FOUND, 404);
    const viewer = await viewerOf(db, scope, b);
    if (!viewer.staff && !viewer.resident) throw new AppError(BUDGET_NOT_FOUND, 404);
    return { b, viewer };
  }

  async function visibleProject(db: Db, scope: Scope, uid: string) {
    requireReader(scope);
    const p = await repo.projectByUid(db, uid);
    if (!p) throw new AppError(PROJECT_NOT_FOUND, 404);
    const viewer = await viewerOf(db, scope, p);
    if (!viewer.staff && !viewer.resident) throw new AppError(PROJECT_NOT_FOUND, 404);
    return { p, viewer };
  }

  /** Staff who may run the budget; anyone else who may see it is refused, anyone else 404. */
  async function managedBudget(db: Db, scope: Scope, uid: string) {
    const b = await repo.budgetByUid(db, uid);
    if (!b || !canAt(scope, 'deliberation:read', b.org_path)) throw new AppError(BUDGET_NOT_FOUND, 404);
    if (!canAt(scope, 'deliberation:manage', b.org_path))
      throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:manage' });
    return b;
  }

  async function managedProject(db: Db, scope: Scope, uid: string) {
    const p = await repo.projectByUid(db, uid);
    if (!p || !canAt(scope, 'deliberation:read', p.org_path)) throw new AppError(PROJECT_NOT_FOUND, 404);
    if (!canAt(scope, 'deliberation:manage', p.org_path))
      throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:manage' });
    return p;
  }

  // ── Views ──
  function proposalsOpen(b: repo.BudgetRow, today: string): boolean {
    return b.phase === 'proposing' && (b.proposals_close_on === null || today <= b.proposals_close_on);
  }

  function budgetActions(b: repo.BudgetRow, v: Viewer): BudgetAction[] {
    const out: BudgetAction[] = [];
    if (v.manage && BEFORE_VOTE.includes(b.phase)) out.push('edit');
    if ((v.manage || v.resident) && proposalsOpen(b, todayOf(clock()))) out.push('propose');
    if (v.manage && b.phase !== 'closed') out.push('advance');
    if (v.resident && b.phase === 'voting' && b.vote_uid) out.push('vote');
    return out;
  }

  function budgetSummary(b: repo.BudgetRow, v: Viewer): BudgetSummary {
    return {
      uid: b.uid,
      title: b.title,
      year: b.year,
      community: { uid: b.community_uid, name: b.community_name, code: b.community_code },
      amountCents: Number(b.amount_cents),
      phase: b.phase as BudgetPhase,
      ballotStyle: b.ballot_style as BudgetSummary['ballotStyle'],
      maxChoices: b.max_choices,
      minProjects: b.min_projects,
      maxProjects: b.max_projects,
      proposalsCloseOn: b.proposals_close_on,
      projectCount: Number(b.project_count),
      selectedCount: Number(b.selected_count),
      allocatedCents: Number(b.allocated_cents),
      spentCents: Number(b.spent_cents),
      voteUid: b.vote_uid,
      createdAt: b.created_at.toISOString(),
      updatedAt: b.updated_at.toISOString(),
      allowedActions: budgetActions(b, v),
    };
  }

  function projectActions(p: repo.ProjectRow, v: Viewer): ProjectAction[] {
    const out: ProjectAction[] = [];
    if (p.proposer_user_id === v.userId && p.budget_phase === 'proposing') out.push('edit');
    if (!v.manage) return out;
    if (BEFORE_VOTE.includes(p.budget_phase) && ['proposed', 'feasible', 'unfeasible'].includes(p.status))
      out.push('review');
    if (CARRYING_OUT.includes(p.budget_phase)) {
      if (p.status === 'selected') out.push('start');
      if (p.status === 'in_progress') out.push('complete');
      if (p.status === 'completed') out.push('accept');
      if (p.status === 'in_progress' || p.status === 'completed') out.push('milestone');
    }
    return out;
  }

  function projectSummary(p: repo.ProjectRow, v: Viewer): ProjectSummary {
    const mine = p.proposer_user_id !== null && p.proposer_user_id === v.userId;
    return {
      uid: p.uid,
      budgetUid: p.budget_uid,
      title: p.title,
      description: p.description,
      location: p.location,
      estimateCents: Number(p.estimate_cents),
      priceCents: p.price_cents === null ? null : Number(p.price_cents),
      status: p.status as ProjectSummary['status'],
      proposerName: p.proposer_name === null ? null : v.staff || mine ? p.proposer_name : maskName(p.proposer_name),
      mine,
      reviewNote: p.review_note,
      reviewedAt: iso(p.reviewed_at),
      votes: p.votes,
      spentCents: Number(p.spent_cents),
      acceptanceNote: p.acceptance_note,
      acceptedAt: iso(p.accepted_at),
      createdAt: p.created_at.toISOString(),
      allowedActions: projectActions(p, v),
    };
  }

  async function milestoneViews(db: Db, projectIds: number[]): Promise<Map<number, MilestoneView[]>> {
    const milestones = await repo.milestonesOf(db, projectIds);
    const photos = await repo.photosOfMilestones(
      db,
      milestones.map((m) => m.id),
    );
    const out = new Map<number, MilestoneView[]>();
    for (const m of milestones) {
      const list = out.get(m.project_id) ?? [];
      list.push({
        uid: m.uid,
        title: m.title,
        note: m.note,
        spentCents: Number(m.spent_cents),
        happenedOn: m.happened_on,
        photos: photos.filter((ph) => ph.milestone_id === m.id).map((ph) => ({ uid: ph.uid })),
        createdAt: m.created_at.toISOString(),
      });
      out.set(m.project_id, list);
    }
    return out;
  }

  async function budgetDetailOf(db: Db, b: repo.BudgetRow, v: Viewer): Promise<BudgetDetail> {
    const projects = await repo.projectsOfBudget(db, b.id);
    const vote = b.vote_id === null ? undefined : await repo.voteOfBudget(db, b.vote_id);
    return {
      ...budgetSummary(b, v),
      projects: projects.map((p) => projectSummary(p, v)),
      vote: vote
        ? {
            uid: vote.uid,
            status: vote.status,
            eligibleCount: vote.eligible_count,
            castCount: Number(vote.cast_count),
            closesAt: iso(vote.closes_at),
            closedAt: iso(vote.closed_at),
          }
        : null,
      selection: selectionOf(b, projects),
    };
  }

  async function projectDetailOf(db: Db, p: repo.ProjectRow, v: Viewer): Promise<ProjectDetail> {
    const b = (await repo.budgetById(db, p.budget_id)) as repo.BudgetRow;
    const milestones = await milestoneViews(db, [p.id]);
    return {
      ...projectSummary(p, v),
      budget: { uid: b.uid, title: b.title, year: b.year, phase: b.phase as BudgetPhase },
      community: { uid: b.community_uid, name: b.community_name, code: b.community_code },
      milestones: milestones.get(p.id) ?? [],
    };
  }

  async function audit(trx: Db, scope: Scope, action: string, type: string, uid: string, path: string, after: unknown) {
    await recordAudit(
      trx,
      actorOf(scope),
      { action: `deliberation.${action}`, targetType: type, targetId: uid, orgPath: path, after },
      clock(),
    );
  }

  // ── Budgets ──
  async function listBudgets(db: Db, scope: Scope, q: BudgetListQuery): Promise<BudgetPage> {
    requireReader(scope);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    let where: ReturnType<typeof inSubtrees>;
    const staff = hasPermission(scope, 'deliberation:read');
    const known = { community: staff ? undefined : await residentCommunity(db, scope) };
    if (staff) {
      const paths = q.unit
        ? [(await unitForScope(db, scope, { uid: q.unit }, 'deliberation:read')).path]
        : pathsWith(scope, 'deliberation:read');
      where = inSubtrees('b.org_path', paths);
    } else {
      if (known.community === undefined) return { items: [], total: 0, page, pageSize };
      const c = await db
        .selectFrom('org_unit')
        .select('path')
        .where('id', '=', known.community)
        .executeTakeFirstOrThrow();
      where = inSubtrees('b.org_path', [c.path]);
    }
    const { items, total } = await repo.listBudgets(
      db,
      { where, year: q.year, phase: q.phase },
      pageSize,
      (page - 1) * pageSize,
    );
    const out: BudgetSummary[] = [];
    for (const b of items) out.push(budgetSummary(b, await viewerOf(db, scope, b, known)));
    return { items: out, total, page, pageSize };
  }

  async function budgetDetail(db: Db, scope: Scope, uid: string): Promise<BudgetDetail> {
    const { b, viewer } = await visibleBudget(db, scope, uid);
    return budgetDetailOf(db, b, viewer);
  }

  function checkLimits(
    locale: Scope['locale'],
    v: { minProjects: number; maxProjects: number | null; proposalsCloseOn?: string | null },
  ) {
    if (v.maxProjects !== null && v.minProjects > v.maxProjects)
      throw invalid([{ field: 'minProjects', code: 'MIN_OVER_MAX' }], locale, MICRO_PROBLEMS);
  }

  async function createBudget(trx: Db, scope: Scope, body: BudgetCreateBody): Promise<BudgetDetail> {
    const unit = await unitForScope(trx, scope, { uid: body.unit }, 'deliberation:manage');
    if (unit.kind !== 'community' && unit.kind !== 'village')
      throw invalid([{ field: 'unit', code: 'NOT_COMMUNITY' }], scope.locale, MICRO_PROBLEMS);
    const minProjects = body.minProjects ?? 0;
    const maxProjects = body.maxProjects ?? null;
    checkLimits(scope.locale, { minProjects, maxProjects });
    if (await repo.budgetYearTaken(trx, unit.id, body.year))
      throw new AppError('DELIB_BUDGET_EXISTS', 409, { year: body.year });
    const now = clock();
    const id = await repo.insertBudget(
      trx,
      {
        uid: body.uid,
        community_id: unit.id,
        org_path: unit.path,
        year: body.year,
        title: body.title.trim(),
        amount_cents: body.amountCents,
        ballot_style: body.ballotStyle,
        max_choices: body.maxChoices ?? null,
        min_projects: minProjects,
        max_projects: maxProjects,
        proposals_close_on: body.proposalsCloseOn ?? null,
        created_by: scope.user.id,
      },
      now,
    );
    if (id === undefined) throw new AppError('DELIB_BUDGET_EXISTS', 409, { uid: body.uid });
    await audit(trx, scope, 'budget_create', 'micro_budget', body.uid, unit.path, {
      year: body.year,
      amountCents: body.amountCents,
      ballotStyle: body.ballotStyle,
    });
    const b = (await repo.budgetById(trx, id)) as repo.BudgetRow;
    return budgetDetailOf(trx, b, await viewerOf(trx, scope, b));
  }

  async function patchBudget(trx: Db, scope: Scope, uid: string, body: BudgetPatchBody): Promise<BudgetDetail> {
    const b = await managedBudget(trx, scope, uid);
    const locked = await repo.lockBudget(trx, b.id);
    if (!locked || !BEFORE_VOTE.includes(locked.phase))
      throw new AppError('DELIB_BUDGET_PHASE', 409, { phase: locked?.phase, allowed: BEFORE_VOTE });
    const minProjects = body.minProjects ?? b.min_projects;
    const maxProjects = body.maxProjects === undefined ? b.max_projects : body.maxProjects;
    checkLimits(scope.locale, { minProjects, maxProjects });
    const set = {
      ...(body.title !== undefined ? { title: body.title.trim() } : {}),
      ...(body.amountCents !== undefined ? { amount_cents: body.amountCents } : {}),
      ...(body.ballotStyle !== undefined ? { ballot_style: body.ballotStyle } : {}),
      ...(body.maxChoices !== undefined ? { max_choices: body.maxChoices } : {}),
      ...(body.minProjects !== undefined ? { min_projects: body.minProjects } : {}),
      ...(body.maxProjects !== undefined ? { max_projects: body.maxProjects } : {}),
      ...(body.proposalsCloseOn !== undefined ? { proposals_close_on: body.proposalsCloseOn } : {}),
    };
    await repo.updateBudget(trx, b.id, set, clock());
    await audit(trx, scope, 'budget_edit', 'micro_budget', b.uid, b.org_path, body);
    const after = (await repo.budgetById(trx, b.id)) as repo.BudgetRow;
    return budgetDetailOf(trx, after, await viewerOf(trx, scope, after));
  }

  /** Moves the budget to its next phase; voting opens the vote, selected closes it and selects. */
  async function movePhase(trx: Db, scope: Scope, uid: string, body: BudgetPhaseBody): Promise<BudgetDetail> {
    const b = await managedBudget(trx, scope, uid);
    const locked = await repo.lockBudget(trx, b.id);
    const phase = locked?.phase ?? b.phase;
    const next = nextBudgetPhase(phase as DomainPhase);
    if (body.to !== next) throw new AppError('DELIB_BUDGET_PHASE', 409, { phase, allowed: next ? [next] : [] });
    const now = clock();
    const actor = actorOf(scope);
    let detail: Record<string, unknown> = {};
    if (next === 'voting') detail = await openBudgetVote(trx, b, actor, body.closesAt, now);
    if (next === 'selected') detail = await selectFromVote(trx, b, actor, now);
    if (next === 'closed') {
      const counts = await repo.countByStatus(trx, b.id);
      const open = (counts.get('in_progress') ?? 0) + (counts.get('completed') ?? 0);
      if (open > 0) throw new AppError('DELIB_BUDGET_WORK_OPEN', 409, { projects: open });
    }
    await repo.updateBudget(trx, b.id, { phase: next }, now);
    await audit(trx, scope, 'budget_phase', 'micro_budget', b.uid, b.org_path, { from: phase, to: next, ...detail });
    await emitEvent(
      trx,
      'deliberation.budget_phase',
      { budgetUid: b.uid, from: phase, to: next, ...detail },
      b.org_path,
      now,
    );
    const after = (await repo.budgetById(trx, b.id)) as repo.BudgetRow;
    return budgetDetailOf(trx, after, await viewerOf(trx, scope, after));
  }

  async function openBudgetVote(
    trx: Db,
    b: repo.BudgetRow,
    actor: Actor,
    closesAt: string | undefined,
    now: Date,
  ): Promise<Record<string, unknown>> {
    const counts = await repo.countByStatus(trx, b.id);
    const unreviewed = counts.get('proposed') ?? 0;
    if (unreviewed > 0) throw new AppError('DELIB_BUDGET_UNREVIEWED', 409, { projects: unreviewed });
    const feasible = (await repo.projectsOfBudget(trx, b.id))
      .filter((p) => p.status === 'feasible')
      .sort((x, y) => x.created_at.getTime() - y.created_at.getTime() || x.id - y.id);
    if (feasible.length === 0) throw new AppError('DELIB_BUDGET_NO_FEASIBLE', 409);
    const knapsack = b.ballot_style === 'knapsack';
    const vote = await createBudgetVote(
      trx,
      {
        budgetId: b.id,
        communityId: b.community_id,
        orgPath: b.org_path,
        title: `${b.title} 居民投票`,
        style: knapsack ? 'knapsack' : 'approval',
        options: feasible.map((p) => ({ key: p.uid, label: p.title, costCents: Number(p.price_cents) })),
        maxChoices: knapsack ? null : b.max_choices,
        budgetCents: knapsack ? Number(b.amount_cents) : null,
        electorate: 'residents',
        closesAt: closesAt ? new Date(closesAt) : null,
      },
      actor,
      now,
    );
    await repo.updateBudget(trx, b.id, { vote_id: vote.id }, now);
    await notify(
      trx,
      {
        userIds: feasible.map((p) => p.proposer_user_id).filter((u): u is number => u !== null),
        kind: 'micro_voting',
        title: `「${b.title}」开始投票,您提议的项目已列入选票`,
        body: '请邀请邻居一起参与投票。',
        link: `/r/deliberation/budgets/${b.uid}`,
      },
      now,
    );
    return { voteUid: vote.uid, options: feasible.length };
  }

  async function selectFromVote(trx: Db, b: repo.BudgetRow, actor: Actor, now: Date) {
    if (b.vote_id === null) throw new AppError('DELIB_BUDGET_PHASE', 409, { phase: b.phase });
    const vote = await repo.voteOfBudget(trx, b.vote_id);
    if (vote?.status === 'cancelled' || vote?.status === 'draft')
      throw new AppError('DELIB_BUDGET_VOTE_CANCELLED', 409);
    // The votes part may have closed it already (its own close route); then its stored result stands.
    const counts =
      vote?.status === 'open' ? (await closeVote(trx, b.vote_id, actor, now)).counts : (vote?.result?.counts ?? {});
    const feasible = (await repo.projectsOfBudget(trx, b.id)).filter((p) => p.status === 'feasible');
    const out = selectProjects(
      feasible.map((p) => ({ key: p.uid, priceCents: Number(p.price_cents), votes: counts[p.uid] ?? 0 })),
      Number(b.amount_cents),
      { minProjects: b.min_projects, maxProjects: b.max_projects },
    );
    const selected = new Set(out.selected);
    for (const p of feasible)
      await repo.updateProject(
        trx,
        p.id,
        { votes: counts[p.uid] ?? 0, status: selected.has(p.uid) ? 'selected' : 'not_selected' },
        now,
      );
    for (const p of feasible) {
      if (p.proposer_user_id === null) continue;
      const chosen = selected.has(p.uid);
      await notify(
        trx,
        {
          userIds: [p.proposer_user_id],
          kind: 'micro_selected',
          title: chosen ? `您提议的「${p.title}」已入选${b.year}年民生微实事` : `您提议的「${p.title}」本次未入选`,
          body: `得票 ${counts[p.uid] ?? 0} 票。${out.ruleText}`,
          link: `/r/deliberation/projects/${p.uid}`,
        },
        now,
      );
    }
    return { selected: [...selected], spentCents: out.spentCents };
  }

  // ── Projects ──
  async function listProjects(db: Db, scope: Scope, q: ProjectListQuery): Promise<ProjectPage> {
    requireReader(scope);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    let budgetId: number | undefined;
    if (q.budget) budgetId = (await visibleBudget(db, scope, q.budget)).b.id;
    let paths = pathsWith(scope, 'deliberation:read');
    const known = { community: paths.length > 0 ? undefined : await residentCommunity(db, scope) };
    if (paths.length === 0) {
      if (known.community === undefined) return { items: [], total: 0, page, pageSize };
      const c = await db
        .selectFrom('org_unit')
        .select('path')
        .where('id', '=', known.community)
        .executeTakeFirstOrThrow();
      paths = [c.path];
    }
    const { items, total } = await repo.listProjects(
      db,
      {
        where: inSubtrees('p.org_path', paths),
        budgetId,
        status: q.status,
        proposerUserId: q.mine ? scope.user.id : undefined,
      },
      pageSize,
      (page - 1) * pageSize,
    );
    const out: ProjectSummary[] = [];
    for (const p of items) out.push(projectSummary(p, await viewerOf(db, scope, p, known)));
    return { items: out, total, page, pageSize };
  }

  async function projectDetail(db: Db, scope: Scope, uid: string): Promise<ProjectDetail> {
    const { p, viewer } = await visibleProject(db, scope, uid);
    return projectDetailOf(db, p, viewer);
  }

  async function propose(trx: Db, scope: Scope, budgetUid: string, body: ProjectCreateBody): Promise<ProjectDetail> {
    const { b, viewer } = await visibleBudget(trx, scope, budgetUid);
    if (!viewer.manage && !viewer.resident) throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:manage' });
    const locked = await repo.lockBudget(trx, b.id);
    if (locked?.phase !== 'proposing')
      throw new AppError('DELIB_BUDGET_PHASE', 409, { phase: locked?.phase, allowed: ['proposing'] });
    const now = clock();
    if (!proposalsOpen(b, todayOf(now)))
      throw new AppError('DELIB_PROPOSALS_CLOSED', 409, { closedOn: b.proposals_close_on });
    const proposerName = (await repo.personNameOfUser(trx, scope.user.id)) ?? scope.user.displayName;
    const id = await repo.insertProject(
      trx,
      {
        uid: body.uid,
        budget_id: b.id,
        org_path: b.org_path,
        title: body.title.trim(),
        description: body.description.trim(),
        location: body.location?.trim() ?? null,
        estimate_cents: body.estimateCents,
        proposer_user_id: scope.user.id,
        proposer_name: proposerName,
      },
      now,
    );
    if (id === undefined) throw new AppError('DELIB_PROJECT_EXISTS', 409, { uid: body.uid });
    await audit(trx, scope, 'project_propose', 'micro_project', body.uid, b.org_path, {
      budget: b.uid,
      title: body.title,
      estimateCents: body.estimateCents,
    });
    const p = (await repo.projectByUid(trx, body.uid)) as repo.ProjectRow;
    return projectDetailOf(trx, p, viewer);
  }

  /** The proposer edits while proposals are open; a reviewed proposal goes back to review. */
  async function patchProject(trx: Db, scope: Scope, uid: string, body: ProjectPatchBody): Promise<ProjectDetail> {
    const { p, viewer } = await visibleProject(trx, scope, uid);
    if (p.proposer_user_id !== scope.user.id) throw new AppError('DELIB_NOT_PROPOSER', 403);
    const locked = await repo.lockBudget(trx, p.budget_id);
    if (locked?.phase !== 'proposing') throw new AppError('DELIB_PROJECT_LOCKED', 409, { phase: locked?.phase });
    const now = clock();
    await repo.updateProject(
      trx,
      p.id,
      {
        ...(body.title !== undefined ? { title: body.title.trim() } : {}),
        ...(body.description !== undefined ? { description: body.description.trim() } : {}),
        ...(body.location !== undefined ? { location: body.location?.trim() ?? null } : {}),
        ...(body.estimateCents !== undefined ? { estimate_cents: body.estimateCents } : {}),
        status: 'proposed',
        price_cents: null,
        review_note: null,
        reviewed_by: null,
        reviewed_at: null,
      },
      now,
    );
    await audit(trx, scope, 'project_edit', 'micro_project', p.uid, p.org_path, { ...body, reviewCleared: p.status });
    const after = (await repo.projectByUid(trx, uid)) as repo.ProjectRow;
    return projectDetailOf(trx, after, viewer);
  }

  async function review(trx: Db, scope: Scope, uid: string, body: ProjectReviewBody): Promise<ProjectDetail> {
    const p = await managedProject(trx, scope, uid);
    const locked = await repo.lockBudget(trx, p.budget_id);
    if (!locked || !BEFORE_VOTE.includes(locked.phase))
      throw new AppError('DELIB_BUDGET_PHASE', 409, { phase: locked?.phase, allowed: BEFORE_VOTE });
    if (body.verdict === 'feasible' && body.priceCents === undefined)
      throw invalid([{ field: 'priceCents', code: 'PRICE_REQUIRED' }], scope.locale, MICRO_PROBLEMS);
    const moved = projectTransition(
      ((await repo.lockProject(trx, p.id))?.status ?? p.status) as ProjectStatus,
      body.verdict === 'feasible' ? 'review_feasible' : 'review_unfeasible',
      { note: body.note },
    );
    if (!moved.ok && moved.code === 'PROJECT_NOTE_REQUIRED')
      throw invalid([{ field: 'note', code: 'NOTE_REQUIRED' }], scope.locale, MICRO_PROBLEMS);
    if (!moved.ok) throw new AppError('DELIB_PROJECT_STATUS', 409, { status: p.status, action: 'review' });
    const now = clock();
    await repo.updateProject(
      trx,
      p.id,
      {
        status: body.verdict,
        price_cents: body.verdict === 'feasible' ? (body.priceCents as number) : null,
        review_note: body.note?.trim() ?? null,
        reviewed_by: scope.user.id,
        reviewed_at: now,
      },
      now,
    );
    await audit(trx, scope, 'project_review', 'micro_project', p.uid, p.org_path, body);
    if (p.proposer_user_id !== null && p.proposer_user_id !== scope.user.id) {
      const feasible = body.verdict === 'feasible';
      await notify(
        trx,
        {
          userIds: [p.proposer_user_id],
          kind: 'micro_review',
          title: feasible ? `您提议的「${p.title}」经审核可行,将列入居民投票` : `您提议的「${p.title}」经审核暂不可行`,
          body: feasible
            ? `核定金额 ¥${((body.priceCents as number) / 100).toFixed(2)}${body.note ? `。${body.note}` : ''}`
            : (body.note as string),
          link: `/r/deliberation/projects/${p.uid}`,
        },
        now,
      );
    }
    const after = (await repo.projectByUid(trx, uid)) as repo.ProjectRow;
    return projectDetailOf(trx, after, await viewerOf(trx, scope, after));
  }

  /** 开工, 完工, 验收: kept as the project's status, and (start, complete) as a milestone of its timeline. */
  async function move(
    trx: Db,
    scope: Scope,
    uid: string,
    action: 'start' | 'complete' | 'accept',
    body: ProjectStepBody | ProjectAcceptBody,
  ): Promise<ProjectDetail> {
    const p = await managedProject(trx, scope, uid);
    const locked = await repo.lockProject(trx, p.id);
    const status = (locked?.status ?? p.status) as ProjectStatus;
    const moved = projectTransition(status, action);
    if (!moved.ok || !CARRYING_OUT.includes(p.budget_phase))
      throw new AppError('DELIB_PROJECT_STATUS', 409, { status, action });
    const now = clock();
    const note = body.note?.trim() ?? null;
    await repo.updateProject(
      trx,
      p.id,
      action === 'accept' ? { status: moved.to, acceptance_note: note, accepted_at: now } : { status: moved.to },
      now,
    );
    if (action !== 'accept')
      await repo.insertMilestone(
        trx,
        {
          uid: crypto.randomUUID(),
          project_id: p.id,
          title: action === 'start' ? '开工' : '完工',
          note,
          spent_cents: 0,
          happened_on: todayOf(now),
          created_by: scope.user.id,
        },
        now,
      );
    await audit(trx, scope, `project_${action}`, 'micro_project', p.uid, p.org_path, { note });
    await emitEvent(
      trx,
      `deliberation.project_${action}`,
      { projectUid: p.uid, budgetUid: p.budget_uid },
      p.org_path,
      now,
    );
    if (action === 'accept' && p.proposer_user_id !== null)
      await notify(
        trx,
        {
          userIds: [p.proposer_user_id],
          kind: 'micro_accepted',
          title: `您提议的「${p.title}」已完工验收`,
          body: note,
          link: `/r/deliberation/projects/${p.uid}`,
        },
        now,
      );
    const after = (await repo.projectByUid(trx, uid)) as repo.ProjectRow;
    return projectDetailOf(trx, after, await viewerOf(trx, scope, after));
  }

  async function addMilestone(trx: Db, scope: Scope, uid: string, body: MilestoneCreateBody): Promise<ProjectDetail> {
    const p = await managedProject(trx, scope, uid);
    const locked = await repo.lockProject(trx, p.id);
    const status = locked?.status ?? p.status;
    if (!['in_progress', 'completed'].includes(status))
      throw new AppError('DELIB_PROJECT_STATUS', 409, { status, action: 'milestone' });
    const now = clock();
    if (body.happenedOn > todayOf(now))
      throw invalid([{ field: 'happenedOn', code: 'DATE_FUTURE' }], scope.locale, MICRO_PROBLEMS);
    const uids = body.photos.map((u) => u.toLowerCase());
    const files = await repo.photoFiles(trx, uids, MICRO_PHOTO_PURPOSE);
    // a photo is attached by whoever uploaded it, to one milestone only
    const usable = files.filter((f) => !f.used && f.created_by === scope.user.id);
    if (usable.length !== uids.length)
      throw invalid([{ field: 'photos', code: 'PHOTO_UNKNOWN' }], scope.locale, MICRO_PROBLEMS);
    const id = await repo.insertMilestone(
      trx,
      {
        uid: body.uid,
        project_id: p.id,
        title: body.title.trim(),
        note: body.note?.trim() ?? null,
        spent_cents: body.spentCents,
        happened_on: body.happenedOn,
        created_by: scope.user.id,
      },
      now,
    );
    if (id === undefined) throw new AppError('DELIB_MILESTONE_EXISTS', 409, { uid: body.uid });
    await repo.attachPhotos(
      trx,
      p.id,
      id,
      usable.map((f) => f.id),
    );
    await audit(trx, scope, 'project_milestone', 'micro_project', p.uid, p.org_path, {
      milestone: body.uid,
      title: body.title,
      spentCents: body.spentCents,
      photos: uids.length,
    });
    const after = (await repo.projectByUid(trx, uid)) as repo.ProjectRow;
    return projectDetailOf(trx, after, await viewerOf(trx, scope, after));
  }

  return {
    listBudgets,
    budgetDetail,
    createBudget,
    patchBudget,
    movePhase,
    listProjects,
    projectDetail,
    propose,
    patchProject,
    review,
    start: (trx: Db, scope: Scope, uid: string, body: ProjectStepBody) => move(trx, scope, uid, 'start', body),
    complete: (trx: Db, scope: Scope, uid: string, body: ProjectStepBody) => move(trx, scope, uid, 'complete', body),
    accept: (trx: Db, scope: Scope, uid: string, body: ProjectAcceptBody) => move(trx, scope, uid, 'accept', body),
    addMilestone,
  };
}

export type MicroService = ReturnType<typeof createMicroService>;

/** Milestone photos: staff who run the budget upload them; whoever may see the budget sees them. */
export function createMicroPhotos(deps: { clock: Clock; files: FileStore }) {
  return createPhotoStore({
    ...deps,
    purpose: MICRO_PHOTO_PURPOSE,
    mayUpload(scope) {
      if (!hasPermission(scope, 'deliberation:manage'))
        throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:manage' });
    },
    visibleTo: async (db, scope, uid) => {
      const budgets = await repo.photoBudgets(db, uid);
      if (budgets.some((b) => canAt(scope, 'deliberation:read', b.org_path))) return true;
      if (!scope.grants.some((g) => roleHas(g.role, 'deliberation:self'))) return false;
      const mine = (await findResident(db, scope.user.id))?.communityId;
      return budgets.some((b) => b.community_id === mine);
    },
  });
}
