/**
 * The HTTP of a photo store: PUT <path>/:id takes a raw image body (parsed for that route only,
 * every other route stays JSON) under an id the client chose — 201 new, 200 the same bytes
 * again, 409 other bytes, 413 over the size limit, 400 not an image; GET (and HEAD) <path>/:id
 * sends the bytes to whom the store lets see them.
 */
import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, Uid } from '@gongzhi/api';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Access } from '../auth/plugin.ts';
import type { App, AppDeps } from '../deps.ts';
import { AppError, localeOf } from '../errors.ts';
import { write } from '../http/write.ts';
import { notAnImage, type PhotoStore, PhotoUpload } from './photos.ts';
import { DEFAULT_MAX_FILE_BYTES } from './store.ts';

/** 10 MB: a phone photo at full resolution; the phone app scales photos down before upload. */
export const MAX_PHOTO_BYTES = DEFAULT_MAX_FILE_BYTES;
/** What a phone may send; the bytes are sniffed whatever the header claims. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];

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

export interface PhotoRoutes {
  /** e.g. '/api/visits/photos': the routes are <path>/:id. */
  path: string;
  photos: PhotoStore;
  tags: string[];
  /** The schema of the stored photo a PUT answers with. */
  stored: TSchema;
  read: { access: Access; summary: string };
  upload: { access: Access; summary: string };
}

export function photoRoutes(app: App, deps: AppDeps, opts: PhotoRoutes) {
  const { photos, tags } = opts;
  const url = `${opts.path}/:id`;

  app.get(
    url,
    {
      schema: {
        tags,
        summary: opts.read.summary,
        params: Params,
        response: { 200: FileBody, ...errors },
      },
      config: { access: opts.read.access },
    },
    async (req, reply) => {
      const photo = await photos.open(deps.db, req.scope, req.params.id);
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
      url,
      {
        schema: {
          tags,
          summary: opts.upload.summary,
          consumes: PHOTO_TYPES,
          params: Params,
          response: { 200: opts.stored, 201: opts.stored, ...errors },
        },
        config: { access: opts.upload.access },
      },
      async (req, reply) => {
        if (req.body === undefined || req.body === null) throw notAnImage(req.scope.locale);
        if (!(req.body instanceof PhotoUpload)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
        const upload = req.body;
        const id = req.params.id.toLowerCase();
        const checked = await photos.check(deps.db, req.scope, id, upload);
        if (checked.existing) return reply.code(200).send(checked.existing);
        return write(deps, req, reply, (trx) => photos.store(trx, req.scope, id, upload, checked.contentType), 201);
      },
    );
  });
}
