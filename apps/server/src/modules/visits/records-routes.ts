/**
 * HTTP of the diaries (/api/visits, /api/visits/sync, /api/visits/photos/:id). Photos arrive
 * as raw image bodies, parsed for the photo route only: every other route stays JSON.
 */
import { join } from 'node:path';
import {
  ErrorBody,
  StoredPhoto,
  SyncBody,
  SyncResponse,
  Uid,
  VisitDetail,
  VisitList,
  VisitListQuery,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { MAX_PHOTO_BYTES, photoRoutes } from '../../platform/files/photo-routes.ts';
import { createDiskFileStore, type FileStore } from '../../platform/files/store.ts';
import { write } from '../../platform/http/write.ts';
import { BatchRefused, createRecordsService } from './records-service.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
};
const Params = Type.Object({ id: Uid });
const tags = ['visits'];
const read = { access: 'visits:read' as const };
const record = { access: 'visits:record' as const };

export function recordRoutes(
  app: App,
  deps: AppDeps,
  files: FileStore = createDiskFileStore(join(deps.config.dataDir, 'files')),
) {
  const records = createRecordsService({ clock: deps.clock, accessLog: deps.accessLog, files });

  app.post(
    '/api/visits/sync',
    {
      schema: {
        tags,
        summary: 'Sync visit records made offline (≤ 50): each created, updated, unchanged, in conflict or rejected',
        body: SyncBody,
        response: { 200: SyncResponse, ...errors },
      },
      config: record,
    },
    async (req, reply) => {
      try {
        return await write(deps, req, reply, (trx) => records.sync(trx, req.scope, req.body, 'together'));
      } catch (err) {
        if (!(err instanceof BatchRefused)) throw err;
        req.log.warn({ err: err.reason }, 'visit sync: batch refused, writing its records one by one');
        const refused = (e: unknown, index: number) => req.log.warn({ err: e, index }, 'visit sync: record refused');
        return write(deps, req, reply, (trx) => records.sync(trx, req.scope, req.body, 'one by one', refused));
      }
    },
  );

  app.get(
    '/api/visits',
    {
      schema: {
        tags,
        summary: 'Visit diaries (民情日记) in my area, newest first',
        querystring: VisitListQuery,
        response: { 200: VisitList, ...errors },
      },
      config: read,
    },
    (req) => records.list(deps.db, req.scope, req.query),
  );

  app.get(
    '/api/visits/:id',
    {
      schema: {
        tags,
        summary: 'A visit record with every revision; the view is logged',
        params: Params,
        response: { 200: VisitDetail, ...errors },
      },
      config: read,
    },
    (req) => records.view(deps.db, req.scope, req.params.id),
  );

  app.post(
    '/api/visits/:id/conflict/ack',
    {
      schema: {
        tags,
        summary: 'Mark a record’s edit conflict as seen (its worker, or a manager); audited',
        params: Params,
        response: { 200: VisitDetail, ...errors },
      },
      config: record,
    },
    (req, reply) => write(deps, req, reply, (trx) => records.ackConflict(trx, req.scope, req.params.id)),
  );

  photoRoutes(app, deps, {
    path: '/api/visits/photos',
    photos: records.photos,
    tags,
    stored: StoredPhoto,
    read: { access: read.access, summary: 'A photo’s bytes: of a visit in my area, or uploaded by me' },
    upload: {
      access: record.access,
      summary: `Upload a visit photo (raw JPEG, PNG, WebP or HEIC body, ≤ ${MAX_PHOTO_BYTES / 1024 / 1024} MB) under an id the phone chose; 200 when it is already there`,
    },
  });
}
