/**
 * Councils (议事会 / 议事委员会 / 工作协商委员会) under "7+X": staff of the community keep the council,
 * its term and its members (seven fixed seats, plus stakeholders who sit for one topic); staff
 * above read them; a resident sees their community's councils with members' names masked.
 * Every write is one transaction, audited at the community's path.
 */
import type {
  AddCouncilMemberBody,
  CouncilAction,
  CouncilDetail,
  CouncilKind,
  CouncilList,
  CouncilListQuery,
  CouncilMember,
  CouncilMemberRole,
  CouncilSeat,
  CouncilSummary,
  CreateCouncilBody,
  LeaveCouncilMemberBody,
  PatchCouncilBody,
} from '@gongzhi/api';
import {
  COUNCIL_PROBLEMS,
  COUNCIL_SEATS,
  isSitting,
  maskName,
  SEAT_NAMES,
  type SeatCode,
  seatSummary,
  validateMember,
  validateTerm,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { unitForScope } from '../org/service.ts';
import { invalid, todayOf } from '../registry/person-data.ts';
import * as repo from './councils-repo.ts';
import { findResident } from './residents.ts';

const NOT_FOUND = 'DELIB_COUNCIL_NOT_FOUND';

const PROBLEMS = {
  ...COUNCIL_PROBLEMS,
  UNIT_NOT_COMMUNITY: { 'zh-CN': '{f}:议事会须设在社区或村', en: '{f}: a council belongs to a community or village' },
  PERSON_UNKNOWN: {
    'zh-CN': '{f}:该居民不存在或不住在本社区(村)',
    en: '{f}: no such resident of the community',
  },
  TOPIC_UNKNOWN: { 'zh-CN': '{f}:本社区(村)没有该议题', en: '{f}: no such topic in the community' },
  TERM_MEMBERS: {
    'zh-CN': '{f}:仍有成员的任职日期在新任期之外',
    en: '{f}: members joined outside the new term',
  },
};

interface Viewer {
  staff: boolean;
  manage: boolean;
}

const iso = (d: Date) => d.toISOString();

export function createCouncilsService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function viewerOf(db: Db, scope: Scope, c: { org_path: string; community_id: number }): Promise<Viewer> {
    if (!hasPermission(scope, 'deliberation:read') && !hasPermission(scope, 'deliberation:self'))
      throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
    if (canAt(scope, 'deliberation:read', c.org_path))
      return { staff: true, manage: canAt(scope, 'deliberation:manage', c.org_path) };
    if (hasPermission(scope, 'deliberation:self')) {
      const me = await findResident(db, scope.user.id);
      if (me?.communityId === c.community_id) return { staff: false, manage: false };
    }
    throw new AppError(NOT_FOUND, 404);
  }

  function memberView(m: repo.MemberRow, v: Viewer, today: string): CouncilMember {
    const seat = m.seat as SeatCode;
    return {
      uid: m.uid,
      person: { uid: v.staff ? m.person_uid : null, name: v.staff ? m.name : maskName(m.name) },
      seat: seat as CouncilSeat,
      seatName: SEAT_NAMES[seat].zh,
      seatNameEn: SEAT_NAMES[seat].en,
      role: m.role as CouncilMemberRole,
      since: m.since,
      until: m.until,
      sitting: isSitting(m, today),
      topic: m.topic_uid ? { uid: m.topic_uid, title: m.topic_title as string } : null,
    };
  }

  function summaryOf(c: repo.CouncilRow, members: repo.MemberRow[], today: string): CouncilSummary {
    const s = seatSummary(
      members.map((m) => ({ seat: m.seat as SeatCode, since: m.since, until: m.until, topicKey: m.topic_uid })),
      today,
    );
    return {
      uid: c.uid,
      kind: c.kind as CouncilKind,
      name: c.name,
      community: { uid: c.community_uid, name: c.community_name, code: c.community_code },
      termStart: c.term_start,
      termEnd: c.term_end,
      active: c.active,
      memberCount: members.filter((m) => isSitting(m, today)).length,
      seatsFilled: s.filled.length,
      complete: s.complete,
    };
  }

  async function detail(db: Db, c: repo.CouncilRow, v: Viewer): Promise<CouncilDetail> {
    const today = todayOf(clock());
    const members = await repo.membersOf(db, [c.id]);
    const views = members.map((m) => memberView(m, v, today));
    const sitting = views.filter((m) => m.sitting);
    const s = seatSummary(
      members.map((m) => ({ seat: m.seat as SeatCode, since: m.since, until: m.until, topicKey: m.topic_uid })),
      today,
    );
    const byTopic = new Map<string, { topic: { uid: string; title: string }; members: CouncilMember[] }>();
    for (const m of sitting)
      if (m.seat === 'stakeholder' && m.topic) {
        const entry = byTopic.get(m.topic.uid) ?? { topic: m.topic, members: [] };
        entry.members.push(m);
        byTopic.set(m.topic.uid, entry);
      }
    const actions: CouncilAction[] = v.manage ? ['edit', 'add_member', 'end_member'] : [];
    return {
      ...summaryOf(c, members, today),
      seats: COUNCIL_SEATS.map((seat) => ({
        seat,
        name: SEAT_NAMES[seat].zh,
        nameEn: SEAT_NAMES[seat].en,
        filled: s.filled.includes(seat),
        members: sitting.filter((m) => m.seat === seat),
      })),
      filled: s.filled,
      empty: s.empty,
      stakeholders: [...byTopic.values()],
      members: v.staff ? views : sitting,
      createdAt: iso(c.created_at),
      updatedAt: iso(c.updated_at),
      allowedActions: actions,
    };
  }

  async function managed(trx: Db, scope: Scope, uid: string): Promise<repo.CouncilRow> {
    const c = await repo.councilByUid(trx, uid, true);
    if (!c || !canAt(scope, 'deliberation:read', c.org_path)) throw new AppError(NOT_FOUND, 404);
    if (!canAt(scope, 'deliberation:manage', c.org_path))
      throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:manage' });
    return c;
  }

  async function audit(trx: Db, scope: Scope, action: string, c: { uid: string; org_path: string }, after: unknown) {
    await recordAudit(
      trx,
      actorOf(scope),
      { action: `deliberation.${action}`, targetType: 'council', targetId: c.uid, orgPath: c.org_path, after },
      clock(),
    );
  }

  // ── Reads ───────────────────────────────────────────────────────────────────────────────────
  async function list(db: Db, scope: Scope, q: CouncilListQuery): Promise<CouncilList> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    let filter: repo.CouncilFilter;
    if (hasPermission(scope, 'deliberation:read')) {
      if (q.unit) {
        const unit = await unitForScope(db, scope, { uid: q.unit }, 'deliberation:read');
        filter = { paths: [unit.path], active: q.active };
      } else filter = { paths: pathsWith(scope, 'deliberation:read'), active: q.active };
    } else if (hasPermission(scope, 'deliberation:self')) {
      const me = await findResident(db, scope.user.id);
      if (!me) return { items: [], total: 0, page, pageSize };
      filter = { communityId: me.communityId, active: q.active };
    } else throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
    const { rows, total } = await repo.listCouncils(db, filter, page, pageSize);
    const members = await repo.membersOf(
      db,
      rows.map((r) => r.id),
    );
    const today = todayOf(clock());
    return {
      items: rows.map((c) =>
        summaryOf(
          c,
          members.filter((m) => m.council_id === c.id),
          today,
        ),
      ),
      total,
      page,
      pageSize,
    };
  }

  async function get(db: Db, scope: Scope, uid: string): Promise<CouncilDetail> {
    const c = await repo.councilByUid(db, uid);
    if (!c) throw new AppError(NOT_FOUND, 404);
    return detail(db, c, await viewerOf(db, scope, c));
  }

  // ── Writes ──────────────────────────────────────────────────────────────────────────────────
  async function create(trx: Db, scope: Scope, body: CreateCouncilBody): Promise<CouncilDetail> {
    const unit = await unitForScope(trx, scope, { uid: body.unit }, 'deliberation:manage');
    const issues: { field: string; code: string }[] = [];
    if (unit.kind !== 'community' && unit.kind !== 'village')
      issues.push({ field: 'unit', code: 'UNIT_NOT_COMMUNITY' });
    issues.push(...validateTerm(body.termStart, body.termEnd));
    if (issues.length > 0) throw invalid(issues, scope.locale, PROBLEMS);
    const inserted = await repo.insertCouncil(trx, {
      uid: body.uid,
      communityId: unit.id,
      orgPath: unit.path,
      kind: body.kind,
      name: body.name.trim(),
      termStart: body.termStart,
      termEnd: body.termEnd,
      now: clock(),
    });
    if (!inserted) throw new AppError('DELIB_COUNCIL_EXISTS', 409);
    const c = (await repo.councilByUid(trx, body.uid)) as repo.CouncilRow;
    await audit(trx, scope, 'council_created', c, {
      name: c.name,
      kind: c.kind,
      termStart: c.term_start,
      termEnd: c.term_end,
    });
    return detail(trx, c, { staff: true, manage: true });
  }

  async function patch(trx: Db, scope: Scope, uid: string, body: PatchCouncilBody): Promise<CouncilDetail> {
    const c = await managed(trx, scope, uid);
    const next = {
      kind: body.kind ?? c.kind,
      name: body.name?.trim() ?? c.name,
      term_start: body.termStart ?? c.term_start,
      term_end: body.termEnd ?? c.term_end,
      active: body.active ?? c.active,
      updated_at: clock(),
    };
    const issues: { field: string; code: string }[] = validateTerm(next.term_start, next.term_end);
    if (issues.length === 0 && next.term_start > c.term_start) {
      const members = await repo.membersOf(trx, [c.id]);
      if (members.some((m) => m.until === null && m.since < next.term_start))
        issues.push({ field: 'termStart', code: 'TERM_MEMBERS' });
    }
    if (issues.length > 0) throw invalid(issues, scope.locale, PROBLEMS);
    await repo.updateCouncil(trx, c.id, next);
    await audit(trx, scope, 'council_updated', c, {
      before: { kind: c.kind, name: c.name, termStart: c.term_start, termEnd: c.term_end, active: c.active },
      after: {
        kind: next.kind,
        name: next.name,
        termStart: next.term_start,
        termEnd: next.term_end,
        active: next.active,
      },
    });
    return detail(trx, (await repo.councilByUid(trx, uid)) as repo.CouncilRow, { staff: true, manage: true });
  }

  async function addMember(trx: Db, scope: Scope, uid: string, body: AddCouncilMemberBody): Promise<CouncilDetail> {
    const c = await managed(trx, scope, uid);
    const issues: { field: string; code: string }[] = validateMember(
      { seat: body.seat, role: body.role, since: body.since, topic: body.topicUid ?? null },
      { start: c.term_start, end: c.term_end },
    );
    const person = await repo.personIn(trx, body.personUid, c.org_path);
    if (!person) issues.push({ field: 'personUid', code: 'PERSON_UNKNOWN' });
    let topic: { id: number; uid: string; title: string } | undefined;
    if (body.topicUid && body.seat === 'stakeholder') {
      topic = await repo.topicOfCommunity(trx, body.topicUid, c.community_id);
      if (!topic) issues.push({ field: 'topicUid', code: 'TOPIC_UNKNOWN' });
    }
    if (issues.length > 0) throw invalid(issues, scope.locale, PROBLEMS);
    const p = person as { id: number; uid: string; name: string };
    if (await repo.currentMembership(trx, c.id, p.id, topic?.id ?? null))
      throw new AppError('DELIB_MEMBER_EXISTS', 409);
    const memberUid = await repo.insertMember(trx, {
      councilId: c.id,
      personId: p.id,
      seat: body.seat,
      role: body.role ?? 'member',
      topicId: topic?.id ?? null,
      since: body.since,
      now: clock(),
    });
    await audit(trx, scope, 'council_member_added', c, {
      member: memberUid,
      person: p.uid,
      seat: body.seat,
      role: body.role ?? 'member',
      topic: topic?.uid ?? null,
      since: body.since,
    });
    return detail(trx, c, { staff: true, manage: true });
  }

  async function leave(
    trx: Db,
    scope: Scope,
    uid: string,
    memberUid: string,
    body: LeaveCouncilMemberBody,
  ): Promise<CouncilDetail> {
    const c = await managed(trx, scope, uid);
    const m = await repo.memberByUid(trx, c.id, memberUid);
    if (!m) throw new AppError('DELIB_MEMBER_NOT_FOUND', 404);
    if (m.until !== null) throw new AppError('DELIB_MEMBER_LEFT', 409, { until: m.until });
    const issues = validateMember(
      { seat: m.seat, since: m.since, until: body.until, topic: m.seat === 'stakeholder' ? 'x' : null },
      { start: c.term_start, end: c.term_end },
    ).filter((i) => i.field === 'until');
    if (issues.length > 0) throw invalid(issues, scope.locale, PROBLEMS);
    await repo.endMember(trx, m.id, body.until);
    await audit(trx, scope, 'council_member_left', c, { member: memberUid, until: body.until });
    return detail(trx, c, { staff: true, manage: true });
  }

  return { list, get, create, patch, addMember, leave };
}
