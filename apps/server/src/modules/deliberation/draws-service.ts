/**
 * Public draws (抽签, e.g. the 英南村 collective-housing lottery). Staff publish the draw with its
 * entrants and the SHA-256 of a seed they keep (the staff page makes the seed in the browser with
 * the domain's newDrawSeed and asks them to keep it safe); nobody, the server included, can know
 * the order before the seed is revealed. Drawing reveals the seed, which must hash to the
 * published hash, and stores the order drawOrder(seed, entrant keys) — once: a second draw, with
 * the same seed or another, is refused. The public page shows everything needed to re-run it.
 */
import type { DrawCreateBody, DrawDoBody, DrawEntrant, DrawListQuery, DrawPage, DrawView } from '@gongzhi/api';
import { DRAW_ALGORITHM, DRAW_PROBLEMS, drawOrder, seedMatches, validateDraw } from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { unitForScope } from '../org/service.ts';
import { type Catalogue, invalid } from '../registry/person-data.ts';
import * as repo from './draws-repo.ts';

const NOT_FOUND = 'DELIB_DRAW_NOT_FOUND';
type Issue = { field: string; code: string };

export const DRAW_FIELD_PROBLEMS: Catalogue = {
  ...DRAW_PROBLEMS,
  TOPIC_NOT_FOUND: { 'zh-CN': '{f}:议题不存在或不在您的管辖范围内', en: '{f}: no such topic within your area' },
  VOTE_NOT_FOUND: { 'zh-CN': '{f}:表决不存在或不在您的管辖范围内', en: '{f}: no such vote within your area' },
  VOTE_NO_OPTIONS: { 'zh-CN': '{f}:该表决没有可抽签的选项', en: '{f}: the vote has no options to draw from' },
  ENTRANTS_REQUIRED: {
    'zh-CN': '{f}:请列出参加抽签的对象,或指定一次表决',
    en: '{f}: list the entrants, or name a vote to take them from',
  },
  ENTRANTS_BOTH: { 'zh-CN': '{f}:参加对象与表决只能二选一', en: '{f}: give the entrants or a vote, not both' },
  COMMUNITY_REQUIRED: { 'zh-CN': '{f}:请指定社区(村)或议题', en: '{f}: name a community or a topic' },
  NOT_A_COMMUNITY: { 'zh-CN': '{f}:须为社区或村', en: '{f}: must be a community or a village' },
};

function view(d: repo.DrawRow, manage: boolean): DrawView {
  const labels = new Map(d.entrants.map((e) => [e.key, e.label]));
  return {
    uid: d.uid,
    title: d.title,
    community: { uid: d.community_uid, name: d.community_name },
    topic: d.topic_uid ? { uid: d.topic_uid, title: d.topic_title ?? '' } : null,
    status: d.seed === null ? 'sealed' : 'drawn',
    entrants: d.entrants,
    winners: d.winners,
    seedHash: d.seed_hash,
    seed: d.seed,
    algorithm: d.algorithm,
    result: d.result,
    winnerList: (d.result ?? [])
      .slice(0, d.winners)
      .map((key, i) => ({ rank: i + 1, key, label: labels.get(key) ?? key })),
    drawnAt: d.drawn_at ? d.drawn_at.toISOString() : null,
    createdAt: d.created_at.toISOString(),
    allowedActions: manage && d.seed === null ? ['draw'] : [],
  };
}

export function createDrawsService(deps: { clock: () => Date }) {
  const { clock } = deps;

  async function manageable(db: Db, scope: Scope, uid: string): Promise<repo.DrawRow> {
    const d = await repo.drawByUid(db, uid);
    if (!d || !canAt(scope, 'deliberation:manage', d.org_path)) throw new AppError(NOT_FOUND, 404);
    return d;
  }

  return {
    async create(trx: Db, scope: Scope, body: DrawCreateBody): Promise<{ created: boolean; view: DrawView }> {
      const now = clock();
      const existing = await repo.drawByUid(trx, body.uid);
      if (existing) {
        if (existing.created_by !== scope.user.id || !canAt(scope, 'deliberation:manage', existing.org_path))
          throw new AppError('DELIB_DRAW_EXISTS', 409);
        return { created: false, view: view(existing, true) };
      }
      const issues: Issue[] = [];
      let communityId: number | null = null;
      let path: string | null = null;
      let topicId: number | null = null;
      if (body.topicUid) {
        const t = await repo.topicForDraw(trx, body.topicUid);
        if (!t || !canAt(scope, 'deliberation:manage', t.org_path))
          issues.push({ field: 'topicUid', code: 'TOPIC_NOT_FOUND' });
        else {
          communityId = t.community_id;
          path = t.org_path;
          topicId = t.id;
        }
      } else if (body.unit) {
        const unit = await unitForScope(trx, scope, { uid: body.unit }, 'deliberation:manage', NOT_FOUND);
        if (unit.kind !== 'community' && unit.kind !== 'village')
          issues.push({ field: 'unit', code: 'NOT_A_COMMUNITY' });
        else {
          communityId = unit.id;
          path = unit.path;
        }
      }
      let entrants: DrawEntrant[] = body.entrants ?? [];
      if (body.entrants && body.fromVote) issues.push({ field: 'fromVote', code: 'ENTRANTS_BOTH' });
      else if (body.fromVote) {
        const v = await repo.voteOptionsForDraw(trx, body.fromVote);
        if (
          !v ||
          !canAt(scope, 'deliberation:manage', v.org_path) ||
          (communityId !== null && v.community_id !== communityId)
        )
          issues.push({ field: 'fromVote', code: 'VOTE_NOT_FOUND' });
        else if (v.style === 'motion' || !v.options || v.options.length < 2)
          issues.push({ field: 'fromVote', code: 'VOTE_NO_OPTIONS' });
        else {
          entrants = v.options.map((o) => ({ key: o.key, label: o.label }));
          if (communityId === null) {
            communityId = v.community_id;
            path = v.org_path;
          }
        }
      } else if (!body.entrants) issues.push({ field: 'entrants', code: 'ENTRANTS_REQUIRED' });
      if (communityId === null && !issues.length) issues.push({ field: 'unit', code: 'COMMUNITY_REQUIRED' });
      if (!issues.some((i) => i.field === 'fromVote' || i.field === 'entrants'))
        issues.push(...validateDraw({ entrants, winners: body.winners, seedHash: body.seedHash }));
      if (issues.length) throw invalid(issues, scope.locale, DRAW_FIELD_PROBLEMS);
      await repo.insertDraw(trx, {
        uid: body.uid,
        communityId: communityId as number,
        orgPath: path as string,
        topicId,
        title: body.title,
        entrants,
        winners: body.winners,
        seedHash: body.seedHash,
        algorithm: DRAW_ALGORITHM,
        createdBy: scope.user.id,
        now,
      });
      await recordAudit(
        trx,
        actorOf(scope),
        {
          action: 'deliberation.draw_create',
          targetType: 'draw',
          targetId: body.uid,
          orgPath: path,
          after: { title: body.title, entrants: entrants.length, winners: body.winners, seedHash: body.seedHash },
        },
        now,
      );
      return { created: true, view: view((await repo.drawByUid(trx, body.uid)) as repo.DrawRow, true) };
    },

    async draw(trx: Db, scope: Scope, uid: string, body: DrawDoBody): Promise<DrawView> {
      const now = clock();
      const d = await manageable(trx, scope, uid);
      if (d.seed !== null) throw new AppError('DELIB_DRAW_DONE', 409);
      if (!seedMatches(body.seed, d.seed_hash)) throw new AppError('DELIB_DRAW_SEED_MISMATCH', 409);
      const order = drawOrder(
        body.seed,
        d.entrants.map((e) => e.key),
      );
      if (!(await repo.markDrawn(trx, d.id, body.seed, order, scope.user.id, now)))
        throw new AppError('DELIB_DRAW_DONE', 409);
      const winners = order.slice(0, d.winners);
      await recordAudit(
        trx,
        actorOf(scope),
        {
          action: 'deliberation.draw_made',
          targetType: 'draw',
          targetId: d.uid,
          orgPath: d.org_path,
          after: { seed: body.seed, winners },
        },
        now,
      );
      await emitEvent(
        trx,
        'deliberation.draw_made',
        { drawUid: d.uid, topicUid: d.topic_uid, winners },
        d.org_path,
        now,
      );
      return view((await repo.drawByUid(trx, uid)) as repo.DrawRow, true);
    },

    async get(db: Db, scope: Scope, uid: string): Promise<DrawView> {
      const d = await repo.drawByUid(db, uid);
      if (!d || !canAt(scope, 'deliberation:read', d.org_path)) throw new AppError(NOT_FOUND, 404);
      return view(d, canAt(scope, 'deliberation:manage', d.org_path));
    },

    async list(db: Db, scope: Scope, q: DrawListQuery): Promise<DrawPage> {
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const unitPath = q.unit ? (await unitForScope(db, scope, { uid: q.unit }, 'deliberation:read')).path : null;
      const { rows, total } = await repo.listDraws(
        db,
        { paths: pathsWith(scope, 'deliberation:read'), unitPath, topicUid: q.topic ?? null },
        pageSize,
        (page - 1) * pageSize,
      );
      return {
        items: rows.map((d) => view(d, canAt(scope, 'deliberation:manage', d.org_path))),
        total,
        page,
        pageSize,
      };
    },

    /** The public page: everything needed to re-run the draw (not for a non-public topic's draw). */
    async publicDraw(db: Db, uid: string): Promise<DrawView> {
      const d = await repo.drawByUid(db, uid);
      if (!d || d.topic_public === false) throw new AppError(NOT_FOUND, 404);
      return view(d, false);
    },
  };
}
