/**
 * HTTP of the diaries (/api/visits, /api/visits/sync, /api/visits/photos/:id). Photos arrive
 * as raw image bodies, parsed for the photo route only: every other route stays JSON.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
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
import type { FastifyRequest } from 'fastify';
import type { App, AppDeps } from '../../platform/deps.ts';
import { AppError, localeOf, messageFor } from '../../platform/errors.ts';
import { createDiskFileStore, DEFAULT_MAX_FILE_BYTES, type FileStore } from '../../platform/files/store.ts';
import { write } from '../../platform/http/write.ts';
import { BatchRefused, createRecordsService, PhotoUpload } from './records-service.ts';

/** 10 MB: a phone photo at full resolution; the phone app scales photos down before upload. */
export const MAX_PHOTO_BYTES = DEFAULT_MAX_FILE_BYTES;
/** What a phone may send; the bytes are sniffed whatever the header claims. */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];

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
/** A file answer: sent as bytes, not serialised. */
const FileBody = Type.Unknown({ description: 'the photo (binary)' });

function tooLarge(req: FastifyRequest) {
  const en = localeOf(req.headers['accept-language']) === 'en';
  const mb = MAX_PHOTO_BYTES / 1024 / 1024;
  return new AppError('PAYLOAD_TOO_LARGE', 413, [
    {
      field: 'photo',
      rule: 'maxBytes',
      limitBytes: MAX_PHOTO_BYTES,
      message: en ? `photo is larger than ${mb} MB` : `photo 超过 ${mb} MB 上限`,
    },
  ]);
}

function notAnImage(req: FastifyRequest) {
  const locale = localeOf(req.headers['accept-language']);
  return new AppError('PHOTO_NOT_AN_IMAGE', 400, [
    { field: 'photo', rule: 'image', message: `photo: ${messageFor('PHOTO_NOT_AN_IMAGE', locale)}` },
  ]);
}

/**
 * Reads an image body of at most MAX_PHOTO_BYTES, hashing it on the way. A body that says it
 * is bigger is refused before a byte is read; one that turns out bigger, as soon as it does.
 */
async function readPhoto(req: FastifyRequest, payload: NodeJS.ReadableStream): Promise<PhotoUpload> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_PHOTO_BYTES) throw tooLarge(req);
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PHOTO_BYTES) throw tooLarge(req);
    hash.update(chunk);
    chunks.push(chunk);
  }
  return new PhotoUpload(hash.digest('hex'), size, Buffer.concat(chunks, size));
}

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

  app.get(
    '/api/visits/photos/:id',
    {
      schema: {
        tags,
        summary: 'A photo’s bytes: of a visit in my area, or uploaded by me',
        params: Params,
        response: { 200: FileBody, ...errors },
      },
      config: read,
    },
    async (req, reply) => {
      const photo = await records.openPhoto(deps.db, req.scope, req.params.id);
      reply
        .type(photo.contentType)
        .header('content-length', String(photo.bytes))
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('etag', `"${photo.sha256}"`)
        .header('x-content-type-options', 'nosniff');
      if (req.method === 'HEAD') {
        photo.stream.destroy();
        return reply.send();
      }
      return reply.send(photo.stream);
    },
  );

  app.register(async (scoped) => {
    const r = scoped.withTypeProvider<TypeBoxTypeProvider>();
    r.addContentTypeParser(PHOTO_TYPES, (req: FastifyRequest, payload: NodeJS.ReadableStream) =>
      readPhoto(req, payload),
    );
    r.put(
      '/api/visits/photos/:id',
      {
        schema: {
          tags,
          summary: `Upload a visit photo (raw JPEG, PNG, WebP or HEIC body, ≤ ${MAX_PHOTO_BYTES / 1024 / 1024} MB) under an id the phone chose; 200 when it is already there`,
          consumes: PHOTO_TYPES,
          params: Params,
          response: { 200: StoredPhoto, 201: StoredPhoto, ...errors },
        },
        config: record,
      },
      async (req, reply) => {
        if (req.body === undefined || req.body === null) throw notAnImage(req);
        if (!(req.body instanceof PhotoUpload)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
        const upload = req.body;
        const id = req.params.id.toLowerCase();
        const checked = await records.checkPhoto(deps.db, req.scope, id, upload);
        if (checked.existing) return reply.code(200).send(checked.existing);
        return write(
          deps,
          req,
          reply,
          (trx) => records.storePhoto(trx, req.scope, id, upload, checked.contentType),
          201,
        );
      },
    );
  });
}
