/**
 * HTTP of the public board of the two 公开 and of 民生微实事 (/api/public/deliberation): no login,
 * personal data masked.
 */
import {
  ErrorBody,
  PublicBoardQuery,
  PublicBudgetDetail,
  PublicDeliberationBoard,
  PublicPhotoParams,
  PublicTopicDetail,
  PublicUidParams,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { fileStoreIn } from '../../platform/files/store.ts';
import { createBoardService } from './board-service.ts';

const errors = { 400: ErrorBody, 404: ErrorBody };
const tags = ['deliberation'];
const pub = { access: 'public' as const };
const FileBody = Type.Unknown({ description: 'the photo (binary)' });

export function boardRoutes(app: App, deps: AppDeps) {
  const board = createBoardService({ files: fileStoreIn(deps.config.dataDir) });

  app.get(
    '/api/public/deliberation',
    {
      schema: {
        tags,
        summary: 'The public board of a community: published resolutions and results (两公开) and 民生微实事 budgets',
        querystring: PublicBoardQuery,
        response: { 200: PublicDeliberationBoard, ...errors },
      },
      config: pub,
    },
    (req) => board.board(deps.db, req.query),
  );
  app.get(
    '/api/public/deliberation/topics/:uid',
    {
      schema: {
        tags,
        summary: 'A published topic: its resolution and outcome, and the records of each step',
        params: PublicUidParams,
        response: { 200: PublicTopicDetail, ...errors },
      },
      config: pub,
    },
    (req) => board.topic(deps.db, req.params.uid),
  );
  app.get(
    '/api/public/deliberation/budgets/:uid',
    {
      schema: {
        tags,
        summary: 'A 民生微实事 budget: projects, votes per project, the selection and its rule, spending, milestones',
        params: PublicUidParams,
        response: { 200: PublicBudgetDetail, ...errors },
      },
      config: pub,
    },
    (req) => board.budget(deps.db, req.params.uid),
  );
  app.get(
    '/api/public/deliberation/projects/:uid/photos/:photoUid',
    {
      schema: {
        tags,
        summary: 'A milestone photo of a 民生微实事 project',
        params: PublicPhotoParams,
        response: { 200: FileBody, ...errors },
      },
      config: pub,
    },
    async (req, reply) => {
      const photo = await board.photo(deps.db, req.params.uid, req.params.photoUid);
      reply
        .type(photo.contentType)
        .header('content-length', String(photo.bytes))
        .header('cache-control', 'public, max-age=86400')
        .header('etag', `"${photo.sha256}"`)
        .header('x-content-type-options', 'nosniff');
      if (req.method === 'HEAD') {
        photo.stream.destroy();
        return reply.send();
      }
      return reply.send(photo.stream);
    },
  );
}
