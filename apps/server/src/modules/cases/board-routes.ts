/**
 * HTTP of the public board (/api/public/cases: resolved and closed cases, masked, with the
 * result's photos) and of satisfaction (/api/cases/satisfaction, from the monthly tally).
 */
import {
  ErrorBody,
  PublicCaseDetail,
  PublicCaseList,
  PublicCaseParams,
  PublicCasePhotoParams,
  PublicCaseQuery,
  Satisfaction,
  SatisfactionQuery,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { fileStoreIn } from '../../platform/files/store.ts';
import { createBoardService } from './board-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['cases'];
const FileBody = Type.Unknown({ description: 'the photo (binary)' });

export function boardRoutes(app: App, deps: AppDeps) {
  const board = createBoardService({ clock: deps.clock, files: fileStoreIn(deps.config.dataDir) });

  app.get(
    '/api/public/cases',
    {
      schema: {
        tags,
        summary: 'The public board (办结公示): resolved and closed cases of a community, masked, newest first',
        querystring: PublicCaseQuery,
        response: { 200: PublicCaseList, ...errors },
      },
      config: { access: 'public' },
    },
    (req) => board.list(deps.db, req.query),
  );
  app.get(
    '/api/public/cases/:receiptNo',
    {
      schema: {
        tags,
        summary: 'One public case by its receipt number (回执号): steps and the photos of the result',
        params: PublicCaseParams,
        response: { 200: PublicCaseDetail, ...errors },
      },
      config: { access: 'public' },
    },
    (req) => board.detail(deps.db, req.params.receiptNo),
  );
  app.get(
    '/api/public/cases/:receiptNo/photos/:uid',
    {
      schema: {
        tags,
        summary: 'A photo of the result of a public case',
        params: PublicCasePhotoParams,
        response: { 200: FileBody, ...errors },
      },
      config: { access: 'public' },
    },
    async (req, reply) => {
      const photo = await board.photo(deps.db, req.params.receiptNo, req.params.uid);
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

  app.get(
    '/api/cases/satisfaction',
    {
      schema: {
        tags,
        summary: 'Satisfaction (满意度) and resolution times by department, community or category, by month',
        querystring: SatisfactionQuery,
        response: { 200: Satisfaction, ...errors },
      },
      config: { access: 'cases:read' },
    },
    (req) => board.satisfaction(deps.db, req.scope, req.query),
  );
}
