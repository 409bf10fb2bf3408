/**
 * The auditor's view of the audit log (审计员). Auditors read records within their subtree;
 * records of system-wide events (no org path) only at the root of a district.
 */
import { AuditQuery, AuditRecord, ErrorBody, Page } from '@gongzhi/api';
import { sql } from 'kysely';
import { inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';
import type { App, AppDeps } from '../../platform/deps.ts';

export async function listAudit(db: Db, scope: Scope, q: typeof AuditQuery.static) {
  const paths = pathsWith(scope, 'audit:read');
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const seesSystem = paths.some((p) => !p.includes('.'));
  let query = db
    .selectFrom('audit_log')
    .where((eb) =>
      seesSystem ? eb.or([inSubtrees('org_path', paths), eb('org_path', 'is', null)]) : inSubtrees('org_path', paths),
    );
  if (q.actor) query = query.where('actor_name', '=', q.actor);
  if (q.action) query = query.where('action', 'like', `${likeEscape(q.action)}%`);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.from) query = query.where('at', '>=', new Date(q.from));
  if (q.to) query = query.where('at', '<', new Date(q.to));
  const rows = await query
    .select([
      'chain',
      'seq',
      'at',
      'actor_name',
      'actor_roles',
      'action',
      'outcome',
      'target_type',
      'target_id',
      'org_path',
      'before',
      'after',
      'ip',
    ])
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('at', 'desc')
    .orderBy('chain')
    .orderBy('seq', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  // A page past the end has no row to carry the window count: count on its own.
  const total =
    rows.length > 0 || page === 1
      ? Number(rows[0]?.total ?? 0)
      : Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    items: rows.map((r) => ({
      id: `${r.chain}:${r.seq}`,
      at: r.at.toISOString(),
      actor: r.actor_name,
      actorRoles: r.actor_roles,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      orgPath: r.org_path,
      before: r.before,
      after: r.after,
      ip: r.ip,
      outcome: r.outcome as 'ok' | 'denied' | 'failed',
    })),
    total,
    page,
    pageSize,
  };
}

export function auditRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log (审计日志)',
        querystring: AuditQuery,
        response: { 200: Page(AuditRecord), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
      config: { access: 'audit:read' },
    },
    (req) => listAudit(deps.db, req.scope, req.query),
  );
}
