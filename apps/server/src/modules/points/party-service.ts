/**
 * Party members' duty posts (党员责任岗) and quarterly scores (党员积分制 → 评优评先). Staff keep
 * a community's posts and assign members; a member claims a post from their phone; a post's
 * capacity holds under concurrent claims (the post row is locked while counting). A member's
 * quarterly score is what their party_member account earned in the quarter; grades follow the
 * domain's one table (packages/domain/src/points/party.ts), relative to the whole community.
 */
import type {
  AssignBody,
  ClaimPostBody,
  DutyPost,
  DutyPostBody,
  DutyPostList,
  DutyPostPatch,
  PartyScores,
} from '@gongzhi/api';
import {
  currentQuarterAt,
  gradeParty,
  isWithin,
  PARTY_GRADES,
  type PartyGradeCode,
  partyGradeName,
  partyGradeRuleText,
  quarterPeriod,
} from '@gongzhi/domain';
import ExcelJS from 'exceljs';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { unitForScope } from '../org/service.ts';
import * as repo from './party-repo.ts';
import { communityAbove, personOfUser } from './rankings-repo.ts';
import { fieldError } from './rankings-service.ts';

const COMMUNITY_KINDS = ['community', 'village'];

export function createPartyService(deps: { clock: Clock }) {
  const { clock } = deps;

  function quarterOf(quarter: string | undefined) {
    return quarterPeriod(quarter ?? currentQuarterAt(clock()));
  }

  /** Posts as staff see them (with holders) or a member does (whether they hold it). */
  async function views(
    db: Db,
    rows: repo.PostRow[],
    quarter: string,
    opts: { staff: boolean; myPersonId?: number },
  ): Promise<DutyPost[]> {
    const held = await repo.holders(
      db,
      rows.map((r) => r.id),
      quarterPeriod(quarter).start,
    );
    return rows.map((r) => {
      const of = held.filter((h) => h.post_id === r.id);
      return {
        id: r.uid,
        community: { id: r.community_uid, name: r.community_name, kind: r.community_kind },
        name: r.name,
        duties: r.duties,
        capacity: r.capacity,
        active: r.active,
        createdAt: r.created_at.toISOString(),
        quarter,
        held: of.length,
        holders: opts.staff
          ? of.map((h) => ({
              person: h.person_uid,
              name: h.person_name,
              grid: h.grid_name,
              claimedAt: h.claimed_at.toISOString(),
              selfClaimed: Boolean(h.self_claimed),
            }))
          : [],
        mine: opts.myPersonId !== undefined && of.some((h) => h.person_id === opts.myPersonId),
      };
    });
  }

  async function listPosts(
    db: Db,
    scope: Scope,
    q: { unit?: string; quarter?: string; active?: boolean },
  ): Promise<DutyPostList> {
    const quarter = quarterOf(q.quarter).label;
    let filter: Parameters<typeof repo.posts>[1] = {
      where: inSubtrees('p.org_path', pathsWith(scope, 'points:manage')),
      active: q.active,
    };
    if (q.unit) {
      const unit = await unitForScope(db, scope, { uid: q.unit }, 'points:manage');
      if (unit.kind === 'grid') {
        const community = await communityAbove(db, unit.path);
        filter = { ...filter, communityId: community?.id ?? -1 };
      } else filter = { ...filter, subtree: unit.path };
    }
    const rows = await repo.posts(db, filter);
    return { quarter, items: await views(db, rows, quarter, { staff: true }) };
  }

  async function myPerson(db: Db, scope: Scope) {
    const person = await personOfUser(db, scope.user.id);
    if (!person) throw new AppError('POINTS_NO_PERSON', 404);
    const community = await communityAbove(db, person.org_path);
    if (!community) throw new AppError('POINTS_NO_PERSON', 404);
    return { person, community };
  }

  async function myPosts(db: Db, scope: Scope, q: { quarter?: string }): Promise<DutyPostList> {
    const quarter = quarterOf(q.quarter).label;
    const { person, community } = await myPerson(db, scope);
    const rows = await repo.posts(db, { communityId: community.id, active: true });
    return { quarter, items: await views(db, rows, quarter, { staff: false, myPersonId: person.id }) };
  }

  async function createPost(trx: Db, scope: Scope, body: DutyPostBody): Promise<DutyPost> {
    const unit = await unitForScope(trx, scope, { uid: body.community }, 'points:manage');
    if (!COMMUNITY_KINDS.includes(unit.kind))
      throw fieldError('community', 'kind', { 'zh-CN': '须为社区(村)', en: 'must be a community (village)' }, scope);
    const now = clock();
    const uid = await repo.insertPost(trx, {
      districtId: unit.districtId,
      communityId: unit.id,
      orgPath: unit.path,
      name: body.name.trim(),
      duties: body.duties.trim(),
      capacity: body.capacity ?? null,
      createdBy: scope.user.id,
      now,
    });
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.duty_post.create',
        targetType: 'party_duty_post',
        targetId: uid,
        orgPath: unit.path,
        after: { name: body.name.trim(), capacity: body.capacity ?? null },
      },
      now,
    );
    const row = (await repo.postByUid(trx, uid)) as repo.PostRow;
    return (await views(trx, [row], currentQuarterAt(now), { staff: true }))[0] as DutyPost;
  }

  async function managedPost(trx: Db, scope: Scope, uid: string) {
    const post = await repo.postByUid(trx, uid, true);
    if (!post || !canAt(scope, 'points:manage', post.org_path)) throw new AppError('POINTS_POST_NOT_FOUND', 404);
    return post;
  }

  async function patchPost(trx: Db, scope: Scope, uid: string, patch: DutyPostPatch): Promise<DutyPost> {
    const post = await managedPost(trx, scope, uid);
    const now = clock();
    const quarter = currentQuarterAt(now);
    if (patch.capacity != null) {
      const held = await repo.heldCount(trx, post.id, quarterPeriod(quarter).start);
      if (patch.capacity < held) throw new AppError('POINTS_POST_CAPACITY_BELOW_HELD', 409, { held });
    }
    const set = {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.duties !== undefined ? { duties: patch.duties.trim() } : {}),
      ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    };
    await repo.updatePost(trx, post.id, set);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.duty_post.update',
        targetType: 'party_duty_post',
        targetId: post.uid,
        orgPath: post.org_path,
        before: { name: post.name, duties: post.duties, capacity: post.capacity, active: post.active },
        after: set,
      },
      now,
    );
    const row = (await repo.postByUid(trx, uid)) as repo.PostRow;
    return (await views(trx, [row], quarter, { staff: true }))[0] as DutyPost;
  }

  /** Holds the (locked) post for the member in the quarter: active, not held already, not full. */
  async function holdPost(
    trx: Db,
    scope: Scope,
    post: repo.PostRow,
    person: { id: number; uid: string },
    quarter: string,
    how: 'assign' | 'claim',
  ) {
    if (!post.active) throw new AppError('POINTS_POST_INACTIVE', 409);
    const start = quarterPeriod(quarter).start;
    const existing = await repo.assignment(trx, post.id, person.id, start);
    if (existing?.status === 'held') throw new AppError('POINTS_POST_ALREADY_HELD', 409, { quarter });
    const held = await repo.heldCount(trx, post.id, start);
    if (post.capacity !== null && held >= post.capacity)
      throw new AppError('POINTS_POST_FULL', 409, { capacity: post.capacity, quarter });
    const now = clock();
    await repo.hold(trx, { postId: post.id, personId: person.id, quarter: start, claimedBy: scope.user.id, now });
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: how === 'assign' ? 'points.duty_post.assign' : 'points.duty_post.claim',
        targetType: 'party_duty_post',
        targetId: post.uid,
        orgPath: post.org_path,
        after: { person: person.uid, quarter },
      },
      now,
    );
  }

  async function assign(trx: Db, scope: Scope, uid: string, body: AssignBody): Promise<DutyPost> {
    const post = await managedPost(trx, scope, uid);
    const quarter = quarterOf(body.quarter).label;
    const person = await repo.personByUid(trx, body.person);
    // A person outside the post's community is, for this post, not found.
    if (person?.status !== 'resident' || !isWithin(person.org_path, post.org_path))
      throw new AppError('PERSON_NOT_FOUND', 404);
    if (!person.party_member) throw new AppError('POINTS_NOT_PARTY_MEMBER', 409);
    await holdPost(trx, scope, post, person, quarter, 'assign');
    return (await views(trx, [post], quarter, { staff: true }))[0] as DutyPost;
  }

  async function claim(trx: Db, scope: Scope, uid: string, body: ClaimPostBody): Promise<DutyPost> {
    const { person, community } = await myPerson(trx, scope);
    const post = await repo.postByUid(trx, uid, true);
    if (!post || post.community_id !== community.id) throw new AppError('POINTS_POST_NOT_FOUND', 404);
    if (!person.party_member || person.status !== 'resident') throw new AppError('POINTS_NOT_PARTY_MEMBER', 403);
    const current = currentQuarterAt(clock());
    const quarter = body.quarter ?? current;
    if (quarter < current)
      throw fieldError('quarter', 'past', { 'zh-CN': '不能认领已过去的季度', en: 'the quarter is over' }, scope);
    await holdPost(trx, scope, post, person, quarter, 'claim');
    return (await views(trx, [post], quarter, { staff: false, myPersonId: person.id }))[0] as DutyPost;
  }

  // ── Scores and the 评优评先 report ─────────────────────────────────────────────────────────
  async function scores(db: Db, scope: Scope, q: { unit: string; quarter?: string }): Promise<PartyScores> {
    const unit = await unitForScope(db, scope, { uid: q.unit }, 'points:read');
    if (!COMMUNITY_KINDS.includes(unit.kind) && unit.kind !== 'grid')
      throw fieldError('unit', 'kind', { 'zh-CN': '须为社区(村)或网格', en: 'must be a community or a grid' }, scope);
    const period = quarterOf(q.quarter);
    const community = COMMUNITY_KINDS.includes(unit.kind) ? { path: unit.path } : await communityAbove(db, unit.path);
    if (!community) throw new AppError('UNIT_NOT_FOUND', 404);
    const members = await repo.memberScores(
      db,
      community.path,
      period.months.map((m) => `${m}-01`),
    );
    // Grades among the whole community; a grid's answer is its members' rows of it.
    const graded = gradeParty(members, (m) => m.score).filter((m) => isWithin(m.org_path, unit.path));
    const posts = await repo.postsHeld(
      db,
      graded.map((m) => m.person_id),
      period.start,
    );
    const counts = Object.fromEntries(PARTY_GRADES.map((g) => [g, 0])) as Record<PartyGradeCode, number>;
    for (const m of graded) counts[m.grade] += 1;
    return {
      unit: { id: unit.uid, name: unit.name, kind: unit.kind },
      quarter: period,
      members: graded.map((m) => ({
        person: m.person_uid,
        name: m.name,
        grid: m.grid_name,
        score: m.score,
        posts: posts.get(m.person_id) ?? [],
        rank: m.rank,
        grade: m.grade,
        gradeName: partyGradeName(m.grade, scope.locale),
      })),
      counts,
      rule: partyGradeRuleText(scope.locale),
    };
  }

  /** The quarter's scores as .xlsx for 评优评先; the export is audited. */
  async function report(db: Db, scope: Scope, q: { unit: string; quarter?: string }) {
    const unit = await unitForScope(db, scope, { uid: q.unit }, 'points:read');
    const s = await scores(db, scope, q);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Gongzhi 共治';
    const sheet = wb.addWorksheet('党员积分', { views: [{ state: 'frozen', ySplit: 2 }] });
    sheet.mergeCells('A1:F1');
    sheet.getCell('A1').value = `${s.unit.name} ${s.quarter.label} 党员积分评定(评优评先)`;
    sheet.getCell('A1').font = { bold: true, size: 14 };
    sheet.getRow(2).values = ['排名', '姓名', '网格', '季度积分', '责任岗', '等级'];
    sheet.getRow(2).font = { bold: true };
    sheet.columns = [{ width: 8 }, { width: 14 }, { width: 22 }, { width: 12 }, { width: 30 }, { width: 12 }];
    for (const m of s.members)
      sheet.addRow([m.rank, m.name, m.grid ?? '', m.score, m.posts.join('、'), partyGradeName(m.grade)]);
    sheet.addRow([]);
    sheet.addRow([`评定规则:${partyGradeRuleText()}`]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await recordAudit(
      db,
      actorOf(scope),
      {
        action: 'points.party.report',
        targetType: 'org_unit',
        targetId: s.unit.id,
        orgPath: unit.path,
        after: { quarter: s.quarter.label, members: s.members.length },
      },
      clock(),
    );
    return {
      buffer,
      rows: s.members.length,
      fileName: `${s.unit.name}-${s.quarter.label}-党员积分.xlsx`,
      fallbackName: `party-scores-${s.quarter.label}.xlsx`,
    };
  }

  return { listPosts, myPosts, createPost, patchPost, assign, claim, scores, report };
}

export type PartyService = ReturnType<typeof createPartyService>;
