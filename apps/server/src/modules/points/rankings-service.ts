/**
 * Rankings (积分排行) and their 公示: who may see which ranking, with names shown or masked;
 * publishing a ranking frozen as a notice with an objection window; objections, answers,
 * withdrawal; the public board. Staff (points:read) see the units in their area with names
 * as registry lists show them; a resident (points:self) sees their own community, masked.
 * Owns points_publication and points_objection; reads the monthly totals the ledger keeps.
 */
import type {
  AnswerBody,
  Objection,
  ObjectionBody,
  PublicationBody,
  PublicationSummary,
  Publication as PublicationView,
  PublicPublication,
  PublishedRow,
  Ranking,
  RankingQuery,
} from '@gongzhi/api';
import {
  currentMonthAt,
  householdName,
  isWithin,
  type RankingPeriod,
  type RankingSubjectKind,
  rankingName,
  rankingPeriod,
  roleHas,
  topWithTies,
} from '@gongzhi/domain';
import { type Actor, recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { unitForScope } from '../org/service.ts';
import { transfersPosted } from './ledger.ts';
import * as repo from './rankings-repo.ts';

const SLICE_TTL_MS = 5_000;
const SLICES_KEPT = 2_000;

const DAY_MS = 86_400_000;
const RANKED_KINDS = ['community', 'village', 'grid'];

/** A 400 naming the field, like the platform's schema errors. */
export function fieldError(field: string, rule: string, message: { 'zh-CN': string; en: string }, scope: Scope) {
  return new AppError('VALIDATION_FAILED', 400, [{ field, rule, message: `${field}: ${message[scope.locale]}` }]);
}

const UNIT_KIND_MESSAGE = { 'zh-CN': '须为社区(村)或网格', en: 'must be a community (village) or a grid' };

/** The community (village) of a resident: where their points:self grant lies. */
export async function residentCommunity(db: Db, scope: Scope): Promise<repo.UnitRow | undefined> {
  const grant = scope.grants.find((g) => roleHas(g.role, 'points:self'));
  return grant ? repo.communityAbove(db, grant.path) : undefined;
}

function periodOfRow(kind: string, start: string): RankingPeriod {
  return rankingPeriod(kind as 'month' | 'quarter', start.slice(0, 7)) as RankingPeriod;
}

/** open, but past its end and not yet closed by the job, reads as closed. */
function effectiveStatus(p: { status: string; ends_at: Date }, now: Date) {
  return p.status === 'open' && p.ends_at.getTime() <= now.getTime() ? 'closed' : p.status;
}

export function createRankingsService(deps: { clock: Clock }) {
  const { clock } = deps;

  /**
   * How the scope sees a unit's rankings and notices: staff in their area (names shown),
   * a resident in their own community (masked). Anything else is not found.
   */
  async function viewerOf(db: Db, scope: Scope, unit: repo.UnitRow, notFound: string): Promise<{ masked: boolean }> {
    if (unit.status === 'active' && canAt(scope, 'points:read', unit.path)) return { masked: false };
    if (hasPermission(scope, 'points:self')) {
      const community = await residentCommunity(db, scope);
      if (community && unit.status === 'active' && isWithin(unit.path, community.path)) return { masked: true };
    }
    if (!hasPermission(scope, 'points:read') && !hasPermission(scope, 'points:self'))
      throw new AppError('FORBIDDEN', 403, { permission: 'points:read' });
    throw new AppError(notFound, 404);
  }

  /** The unit a ranking is asked for: given, or the viewer's own (a resident's community, a worker's grid). */
  async function rankingUnit(db: Db, scope: Scope, uid: string | undefined): Promise<repo.UnitRow> {
    if (uid) {
      const unit = await repo.unitByUid(db, uid);
      if (!unit) {
        if (!hasPermission(scope, 'points:read') && !hasPermission(scope, 'points:self'))
          throw new AppError('FORBIDDEN', 403, { permission: 'points:read' });
        throw new AppError('UNIT_NOT_FOUND', 404);
      }
      return unit;
    }
    const grant = scope.grants.find((g) => g.role !== 'resident' && canAt(scope, 'points:read', g.path));
    if (grant) {
      const unit = await repo.unitByUid(db, grant.unitUid);
      if (unit) return unit;
    }
    if (hasPermission(scope, 'points:self')) {
      const community = await residentCommunity(db, scope);
      if (community) return community;
    }
    if (!hasPermission(scope, 'points:read') && !hasPermission(scope, 'points:self'))
      throw new AppError('FORBIDDEN', 403, { permission: 'points:read' });
    throw fieldError('unit', 'required', { 'zh-CN': '请选择社区或网格', en: 'choose a community or a grid' }, scope);
  }

  function resolvePeriod(scope: Scope, kind: 'month' | 'quarter' | undefined, at: string | undefined) {
    const period = rankingPeriod(kind, at ?? currentMonthAt(clock()));
    if (!period)
      throw fieldError('at', 'period', { 'zh-CN': '季度不能按月排行', en: 'a quarter is not a month' }, scope);
    return period;
  }

  function rowName(subject: string, name: string | null, masked: boolean) {
    if (subject === 'household') return householdName(name, masked);
    return name === null ? '某人' : rankingName(name, masked);
  }

  /**
   * A community's residents open the same board again and again: a page of a ranking is kept for
   * a few seconds, and dropped as soon as this process posts points (another process's postings
   * show within SLICE_TTL_MS).
   */
  const slices = new Map<string, { until: number; posted: number; slice: repo.RankingSlice }>();
  async function rankingSlice(db: Db, q: Parameters<typeof repo.ranking>[1]): Promise<repo.RankingSlice> {
    const key = JSON.stringify(q);
    const now = Date.now();
    const kept = slices.get(key);
    if (kept && kept.until > now && kept.posted === transfersPosted()) return kept.slice;
    const posted = transfersPosted();
    const slice = await repo.ranking(db, q);
    if (slices.size >= SLICES_KEPT) slices.clear();
    slices.set(key, { until: now + SLICE_TTL_MS, posted, slice });
    return slice;
  }

  async function rankings(db: Db, scope: Scope, q: RankingQuery): Promise<Ranking> {
    const unit = await rankingUnit(db, scope, q.unit);
    const { masked } = await viewerOf(db, scope, unit, 'UNIT_NOT_FOUND');
    if (!RANKED_KINDS.includes(unit.kind)) throw fieldError('unit', 'kind', UNIT_KIND_MESSAGE, scope);
    const period = resolvePeriod(scope, q.period, q.at);
    const subject = q.subject ?? 'person';
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const slice = await rankingSlice(db, {
      by: unit.kind === 'grid' ? 'grid' : 'community',
      unitId: unit.id,
      kind: subject,
      months: period.months.map((m) => `${m}-01`),
      page: { limit: pageSize, offset: (page - 1) * pageSize },
    });
    const person = hasPermission(scope, 'points:self') ? await repo.personOfUser(db, scope.user.id) : undefined;
    const mine = person
      ? await repo.standingOf(db, {
          by: unit.kind === 'grid' ? 'grid' : 'community',
          unitId: unit.id,
          kind: subject,
          months: period.months.map((m) => `${m}-01`),
          personId: person.id,
        })
      : undefined;
    return {
      unit: { id: unit.uid, name: unit.name, kind: unit.kind },
      subject,
      period,
      ...(mine === undefined ? {} : { mine }),
      rows: slice.rows.map((r) => ({
        rank: r.rank,
        name: rowName(subject, r.name, masked),
        points: r.points,
        grid: r.gridName,
        ...(masked ? {} : { account: r.accountUid }),
      })),
      total: slice.total,
      page,
      pageSize,
      masked,
    };
  }

  // ── Publications ──────────────────────────────────────────────────────────────────────────
  function summaryOf(
    p: repo.PublicationRow,
    counts: { all: number; open: number } | undefined,
    now: Date,
  ): PublicationSummary {
    const status = effectiveStatus(p, now) as PublicationSummary['status'];
    const unit = p.grid_uid
      ? { id: p.grid_uid, name: p.grid_name ?? '', kind: 'grid' }
      : { id: p.community_uid, name: p.community_name, kind: p.community_kind };
    return {
      id: p.uid,
      unit,
      subject: p.subject as RankingSubjectKind,
      period: periodOfRow(p.period_kind, p.period_start),
      title: p.title,
      status,
      publishedBy: p.publisher_name,
      publishedAt: p.published_at.toISOString(),
      objectionUntil: p.objection_until.toISOString(),
      endsAt: p.ends_at.toISOString(),
      closedAt: p.closed_at?.toISOString() ?? null,
      withdrawnReason: p.withdrawn_reason,
      rowCount: (p.rows as PublishedRow[]).length,
      objectionCount: counts?.all ?? 0,
      openObjections: counts?.open ?? 0,
      acceptsObjections: status === 'open' && now.getTime() < p.objection_until.getTime(),
    };
  }

  function objectionOf(o: repo.ObjectionRow, scope: Scope): Objection {
    return {
      id: o.uid,
      text: o.text,
      status: o.status as Objection['status'],
      raisedBy: o.raiser_name,
      mine: o.raised_by === scope.user.id,
      createdAt: o.created_at.toISOString(),
      answer: o.answer,
      answeredBy: o.answerer_name,
      answeredAt: o.answered_at?.toISOString() ?? null,
    };
  }

  /** A notice the scope may see, with how (staff see every objection, a resident their own). */
  async function visiblePublication(db: Db, scope: Scope, uid: string, lock = false) {
    const p = await repo.publicationByUid(db, uid, lock);
    if (!p) {
      if (!hasPermission(scope, 'points:read') && !hasPermission(scope, 'points:self'))
        throw new AppError('FORBIDDEN', 403, { permission: 'points:read' });
      throw new AppError('POINTS_PUBLICATION_NOT_FOUND', 404);
    }
    if (canAt(scope, 'points:read', p.org_path)) return { p, staff: true };
    if (hasPermission(scope, 'points:self')) {
      const community = await residentCommunity(db, scope);
      if (community?.id === p.community_id) return { p, staff: false };
    }
    if (!hasPermission(scope, 'points:read') && !hasPermission(scope, 'points:self'))
      throw new AppError('FORBIDDEN', 403, { permission: 'points:read' });
    throw new AppError('POINTS_PUBLICATION_NOT_FOUND', 404);
  }

  async function detail(db: Db, scope: Scope, p: repo.PublicationRow, staff: boolean): Promise<PublicationView> {
    const onlyBy = staff ? undefined : scope.user.id;
    const [objections, counts] = await Promise.all([
      repo.objectionsOf(db, p.id, onlyBy),
      repo.objectionCounts(db, [p.id], onlyBy),
    ]);
    return {
      ...summaryOf(p, counts.get(p.id), clock()),
      rows: p.rows as PublishedRow[],
      objections: objections.map((o) => objectionOf(o, scope)),
    };
  }

  async function publish(trx: Db, scope: Scope, body: PublicationBody): Promise<PublicationView> {
    const unit = await unitForScope(trx, scope, { uid: body.unit }, 'points:manage');
    if (!RANKED_KINDS.includes(unit.kind)) throw fieldError('unit', 'kind', UNIT_KIND_MESSAGE, scope);
    const period = resolvePeriod(scope, body.period, body.at);
    const objectionDays = body.objectionDays ?? 7;
    const days = body.days ?? 15;
    if (days < objectionDays)
      throw fieldError(
        'days',
        'min',
        { 'zh-CN': '公示天数不能少于异议期天数', en: 'must not be fewer than objectionDays' },
        scope,
      );
    const top = body.top ?? 50;
    const slice = await repo.ranking(trx, {
      by: unit.kind === 'grid' ? 'grid' : 'community',
      unitId: unit.id,
      kind: body.subject,
      months: period.months.map((m) => `${m}-01`),
      topRank: top,
    });
    const rows: PublishedRow[] = topWithTies(slice.rows, top).map((r) => ({
      rank: r.rank,
      name: rowName(body.subject, r.name, true),
      points: r.points,
      grid: r.gridName,
    }));
    if (rows.length === 0) throw new AppError('POINTS_RANKING_EMPTY', 409, { period: period.label });
    const community = unit.kind === 'grid' ? await repo.communityAbove(trx, unit.path) : undefined;
    const now = clock();
    const uid = await repo.insertPublication(trx, {
      districtId: unit.districtId,
      communityId: community?.id ?? unit.id,
      orgPath: unit.path,
      gridId: unit.kind === 'grid' ? unit.id : null,
      subject: body.subject,
      periodKind: period.kind,
      periodStart: period.start,
      periodEnd: period.end,
      title: body.title.trim(),
      rows,
      publishedBy: scope.user.id,
      publishedAt: now,
      objectionUntil: new Date(now.getTime() + objectionDays * DAY_MS),
      endsAt: new Date(now.getTime() + days * DAY_MS),
    });
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.publication.publish',
        targetType: 'points_publication',
        targetId: uid,
        orgPath: unit.path,
        after: { title: body.title.trim(), subject: body.subject, period: period.label, rows: rows.length, days },
      },
      now,
    );
    const p = (await repo.publicationByUid(trx, uid)) as repo.PublicationRow;
    return detail(trx, scope, p, true);
  }

  async function list(
    db: Db,
    scope: Scope,
    q: { unit?: string; status?: 'open' | 'closed' | 'withdrawn'; page?: number; pageSize?: number },
  ) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const now = clock();
    let filter: Parameters<typeof repo.listPublications>[1];
    let onlyBy: number | undefined;
    const base = { status: q.status, now, limit: pageSize, offset: (page - 1) * pageSize };
    if (hasPermission(scope, 'points:read')) {
      const unit = q.unit ? await unitForScope(db, scope, { uid: q.unit }, 'points:read') : undefined;
      filter = { ...base, where: inSubtrees('pb.org_path', pathsWith(scope, 'points:read')), unitPath: unit?.path };
    } else if (hasPermission(scope, 'points:self')) {
      const community = await residentCommunity(db, scope);
      if (!community) throw new AppError('UNIT_NOT_FOUND', 404);
      let unitPath: string | undefined;
      if (q.unit) {
        const unit = await repo.unitByUid(db, q.unit);
        if (!unit || !isWithin(unit.path, community.path)) throw new AppError('UNIT_NOT_FOUND', 404);
        unitPath = unit.path;
      }
      filter = { ...base, where: null, communityId: community.id, unitPath };
      onlyBy = scope.user.id;
    } else throw new AppError('FORBIDDEN', 403, { permission: 'points:read' });
    const { total, rows } = await repo.listPublications(db, filter);
    const counts = await repo.objectionCounts(
      db,
      rows.map((r) => r.id),
      onlyBy,
    );
    return { items: rows.map((r) => summaryOf(r, counts.get(r.id), now)), total, page, pageSize };
  }

  async function view(db: Db, scope: Scope, uid: string): Promise<PublicationView> {
    const { p, staff } = await visiblePublication(db, scope, uid);
    return detail(db, scope, p, staff);
  }

  async function withdraw(trx: Db, scope: Scope, uid: string, reason: string): Promise<PublicationView> {
    const p = await repo.publicationByUid(trx, uid, true);
    if (!p || !canAt(scope, 'points:manage', p.org_path)) throw new AppError('POINTS_PUBLICATION_NOT_FOUND', 404);
    const now = clock();
    const status = effectiveStatus(p, now);
    if (status !== 'open') throw new AppError('POINTS_PUBLICATION_NOT_OPEN', 409, { status });
    await repo.withdrawPublication(trx, p.id, reason.trim(), now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.publication.withdraw',
        targetType: 'points_publication',
        targetId: p.uid,
        orgPath: p.org_path,
        before: { status: 'open' },
        after: { status: 'withdrawn', reason: reason.trim() },
      },
      now,
    );
    return detail(trx, scope, (await repo.publicationById(trx, p.id)) as repo.PublicationRow, true);
  }

  // ── Objections ────────────────────────────────────────────────────────────────────────────
  async function object(trx: Db, scope: Scope, uid: string, body: ObjectionBody): Promise<Objection> {
    const { p } = await visiblePublication(trx, scope, uid, true);
    const now = clock();
    if (effectiveStatus(p, now) !== 'open' || now.getTime() >= p.objection_until.getTime())
      throw new AppError('POINTS_OBJECTION_CLOSED', 409, { objectionUntil: p.objection_until.toISOString() });
    const objectionUid = await repo.insertObjection(trx, {
      publicationId: p.id,
      raisedBy: scope.user.id,
      text: body.text.trim(),
      now,
    });
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.objection.raise',
        targetType: 'points_objection',
        targetId: objectionUid,
        orgPath: p.org_path,
        after: { publication: p.uid, text: body.text.trim() },
      },
      now,
    );
    return objectionOf((await repo.objectionByUid(trx, objectionUid)) as repo.ObjectionRow, scope);
  }

  async function answer(trx: Db, scope: Scope, uid: string, body: AnswerBody): Promise<Objection> {
    const o = await repo.objectionByUid(trx, uid, true);
    const p = o ? await repo.publicationById(trx, o.publication_id) : undefined;
    if (!o || !p || !canAt(scope, 'points:manage', p.org_path)) throw new AppError('POINTS_OBJECTION_NOT_FOUND', 404);
    if (o.status !== 'open') throw new AppError('POINTS_OBJECTION_ANSWERED', 409);
    const now = clock();
    await repo.answerObjection(trx, o.id, body.answer.trim(), scope.user.id, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.objection.answer',
        targetType: 'points_objection',
        targetId: o.uid,
        orgPath: p.org_path,
        before: { status: 'open' },
        after: { status: 'answered', answer: body.answer.trim() },
      },
      now,
    );
    return objectionOf((await repo.objectionByUid(trx, uid)) as repo.ObjectionRow, scope);
  }

  // ── The public board ──────────────────────────────────────────────────────────────────────
  function publicSummary(p: repo.PublicationRow) {
    return {
      id: p.uid,
      community: p.community_name,
      grid: p.grid_name,
      subject: p.subject as RankingSubjectKind,
      period: periodOfRow(p.period_kind, p.period_start),
      title: p.title,
      publishedAt: p.published_at.toISOString(),
      objectionUntil: p.objection_until.toISOString(),
      endsAt: p.ends_at.toISOString(),
    };
  }

  async function publicList(db: Db, communityCode: string) {
    const community = await repo.activeCommunityByCode(db, communityCode);
    if (!community) throw new AppError('UNIT_NOT_FOUND', 404);
    return { items: (await repo.openPublicationsOf(db, community.id, clock())).map(publicSummary) };
  }

  async function publicView(db: Db, uid: string): Promise<PublicPublication> {
    const p = await repo.publicationByUid(db, uid);
    if (!p || effectiveStatus(p, clock()) !== 'open') throw new AppError('POINTS_PUBLICATION_NOT_FOUND', 404);
    return { ...publicSummary(p), rows: p.rows as PublishedRow[] };
  }

  return { rankings, publish, list, view, withdraw, object, answer, publicList, publicView };
}

/** The job's work: closes notices whose end has come, each audited as the system's doing. */
export async function closeEndedPublications(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const closed = await repo.closeEnded(trx, now);
    const system: Actor = { id: null, name: 'system', roles: [], ip: null, requestId: null };
    for (const p of closed) {
      await recordAudit(
        trx,
        system,
        {
          action: 'points.publication.close',
          targetType: 'points_publication',
          targetId: p.uid,
          orgPath: p.org_path,
          after: { status: 'closed' },
        },
        now,
      );
    }
    return closed.length;
  });
}

export type RankingsService = ReturnType<typeof createRankingsService>;
