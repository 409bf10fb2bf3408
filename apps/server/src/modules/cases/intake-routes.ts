/**
 * HTTP of intake and the case's reads: reports by staff (/api/cases) and by residents
 * (/api/cases/me), their photos (/api/cases/photos/:id, raw image bodies parsed for that route
 * only), the console's list, one case, my reports and the map.
 */
import { join } from 'node:path';
import {
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseMap,
  CaseMapQuery,
  CaseStoredPhoto,
  CreateCaseBody,
  ErrorBody,
  MyCaseList,
  MyCasesQuery,
  ReportCaseBody,
  Uid,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppDeps } from '../../platform/deps.ts';
import { MAX_PHOTO_BYTES, photoRoutes } from '../../platform/files/photo-routes.ts';
import { createDiskFileStore, type FileStore } from '../../platform/files/store.ts';
import { write } from '../../platform/http/write.ts';
import { createIntakeService } from './intake-service.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  422: ErrorBody,
};
const Params = Type.Object({ uid: Uid });
const tags = ['cases'];

export function intakeRoutes(
  app: App,
  deps: AppDeps,
  files: FileStore = createDiskFileStore(join(deps.config.dataDir, 'files')),
) {
  const intake = createIntakeService({ clock: deps.clock, keys: deps.keys, files });

  /**
   * 201 with the new case; a retry under the same uid (its answer lost, no Idempotency-Key)
   * finds the case the first attempt made: 200 with it, never a second case.
   */
  async function created(
    req: FastifyRequest,
    reply: FastifyReply,
    work: Parameters<typeof write<{ created: boolean; detail: CaseDetail }>>[3],
  ) {
    let found = false;
    const detail = await write(
      deps,
      req,
      reply,
      async (trx) => {
        const r = await work(trx);
        found = !r.created;
        return r.detail;
      },
      201,
    );
    if (found) reply.code(200);
    return detail;
  }

  app.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary:
          'Take a report in (网格员上报, 窗口, 热线; 首问负责: the receiver owns it); photos uploaded first. 201 new, 200 when the uid was reported already',
        body: CreateCaseBody,
        response: { 200: CaseDetail, 201: CaseDetail, ...errors },
      },
      config: { access: 'cases:intake' },
    },
    (req, reply) => created(req, reply, (trx) => intake.report(trx, req.scope, req.body)),
  );
  app.post(
    '/api/cases/me',
    {
      schema: {
        tags,
        summary: 'Report a problem (居民说事), anonymously if I like; photos uploaded first',
        body: ReportCaseBody,
        response: { 200: CaseDetail, 201: CaseDetail, ...errors },
      },
      config: { access: 'cases:self' },
    },
    (req, reply) => created(req, reply, (trx) => intake.reportMine(trx, req.scope, req.body)),
  );

  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'The console: cases in my area (open ones unless a status is given), newest first',
        querystring: CaseListQuery,
        response: { 200: CaseList, ...errors },
      },
      config: { access: 'cases:read' },
    },
    (req) => intake.list(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/cases/me',
    {
      schema: {
        tags,
        summary: 'My reports with their live status, including those merged into another case',
        querystring: MyCasesQuery,
        response: { 200: MyCaseList, ...errors },
      },
      config: { access: 'cases:self' },
    },
    (req) => intake.mine(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/cases/map',
    {
      schema: {
        tags,
        summary: 'Open cases of my area with a location, as GeoJSON (at most 2,000, newest first)',
        querystring: CaseMapQuery,
        response: { 200: CaseMap, ...errors },
      },
      config: { access: 'cases:read' },
    },
    (req) => intake.map(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/cases/:uid',
    {
      schema: {
        tags,
        summary: 'One case with its timeline and what I may do next (readers in its area, its handlers, its reporter)',
        params: Params,
        response: { 200: CaseDetail, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => intake.detail(deps.db, req.scope, req.params.uid),
  );

  photoRoutes(app, deps, {
    path: '/api/cases/photos',
    photos: intake.photos,
    tags,
    stored: CaseStoredPhoto,
    read: { access: 'session', summary: 'A case photo’s bytes: uploaded by me, or shown by a case I may read' },
    upload: {
      access: 'session',
      summary: `Upload a case photo (raw JPEG, PNG, WebP or HEIC, ≤ ${MAX_PHOTO_BYTES / 1024 / 1024} MB) under an id the client chose; 200 when already there`,
    },
  });
}
