/**
 * HTTP of in-app notices (/api/notices): each account reads its own, newest first, and marks
 * them read. Sent by other modules with `notify` (notices-service.ts).
 */
import { ErrorBody, Notice, NoticeList, NoticeListQuery, NoticeReadAllResult, Uid } from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createNoticesService } from './notices-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['notices'];
const session = { access: 'session' as const };

export function noticeRoutes(app: App, deps: AppDeps) {
  const notices = createNoticesService({ clock: deps.clock });

  app.get(
    '/api/notices',
    {
      schema: {
        tags,
        summary: 'My notices, newest first (unread=true: only the unread), with the unread count',
        querystring: NoticeListQuery,
        response: { 200: NoticeList, ...errors },
      },
      config: session,
    },
    (req) => notices.list(deps.db, req.scope, req.query),
  );
  app.post(
    '/api/notices/:uid/read',
    {
      schema: {
        tags,
        summary: 'Mark one of my notices read',
        params: Type.Object({ uid: Uid }),
        response: { 200: Notice, ...errors },
      },
      config: session,
    },
    (req, reply) => write(deps, req, reply, (trx) => notices.read(trx, req.scope, req.params.uid)),
  );
  app.post(
    '/api/notices/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all my notices read',
        response: { 200: NoticeReadAllResult, ...errors },
      },
      config: session,
    },
    (req, reply) => write(deps, req, reply, (trx) => notices.readAll(trx, req.scope)),
  );
}
