/**
 * HTTP for the 台账 import and the register export (/api/registry/import*, /api/registry/export).
 * Multipart parsing is registered for these routes only: every other route stays JSON.
 * An upload is streamed to a temporary file (20 MB at most, refused by its Content-Length
 * before a byte is read when it declares more), then checked in the background.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, ExportQuery, Page, PageQuery, RegistryImport, Uid } from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../../platform/deps.ts';
import { AppError, localeOf } from '../../../platform/errors.ts';
import { sendError } from '../../../platform/http/errors.ts';
import { write } from '../../../platform/http/write.ts';
import { attachment, prepareExport, templateFile, XLSX } from './export.ts';
import { type FileKind, sniffKind } from './read.ts';
import { createImportService } from './service.ts';

/** The largest register file accepted: 200,000 rows of .xlsx fit well within it. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Multipart framing and the `unit` field around the file. */
const ENVELOPE_BYTES = 64 * 1024;

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody };
const write_ = { access: 'registry:write' as const };
/** A file answer: not serialised, streamed or sent as bytes. */
const FileBody = Type.Unknown({ description: 'the file (binary)' });

function tooLarge(locale: 'zh-CN' | 'en', fileName: string | undefined) {
  const name = fileName ? `「${fileName}」` : '';
  return locale === 'en'
    ? `The file ${fileName ? `"${fileName}" ` : ''}is larger than 20 MB; split the register into smaller files`
    : `上传文件${name}超过 20 MB 上限,请拆分后分批导入`;
}

async function headOf(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function importRoutes(app: App, deps: AppDeps) {
  const imports = createImportService(deps);

  app.register(async (scoped) => {
    const r = scoped.withTypeProvider<TypeBoxTypeProvider>();
    await r.register(multipart, { throwFileSizeLimit: false });

    r.get(
      '/api/registry/import/template',
      {
        schema: {
          tags: ['registry'],
          summary: 'The 台账 import template (.xlsx or .csv)',
          querystring: Type.Object(
            { format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' })) },
            { additionalProperties: false },
          ),
          response: { 200: FileBody, ...errors },
        },
        config: write_,
      },
      async (req, reply) => {
        const format = req.query.format ?? 'xlsx';
        const body = await templateFile(deps.db, req.scope, format);
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX)
          .header('content-disposition', attachment(`台账导入模板.${format}`, `registry-import-template.${format}`))
          .send(body);
      },
    );

    r.post(
      '/api/registry/imports',
      {
        schema: {
          tags: ['registry'],
          summary: 'Upload a register (.xlsx or .csv, multipart: file + unit) and start its check',
          consumes: ['multipart/form-data'],
          response: { 202: RegistryImport, ...errors },
        },
        config: write_,
      },
      async (req, reply) => {
        const locale = localeOf(req.headers['accept-language']);
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES + ENVELOPE_BYTES) {
          // Refused on what the request says it carries: nothing of the body is read.
          reply.header('connection', 'close');
          return sendError(
            reply,
            413,
            'IMPORT_FILE_TOO_LARGE',
            { limitBytes: MAX_UPLOAD_BYTES },
            tooLarge(locale, undefined),
          );
        }
        if (!req.isMultipart()) {
          throw new AppError('IMPORT_FILE_MISSING', 400, [
            { field: 'file', rule: 'required', message: locale === 'en' ? 'Missing file' : '缺少文件 file' },
          ]);
        }
        let unitUid: string | undefined;
        let fileName: string | undefined;
        let path: string | undefined;
        let truncated = false;
        try {
          for await (const part of req.parts({
            limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 4096 },
          })) {
            if (part.type === 'file') {
              if (part.fieldname !== 'file' || path) {
                part.file.resume();
                continue;
              }
              fileName = (part.filename || 'upload').slice(0, 200);
              path = join(tmpdir(), `gongzhi-import-${randomUUID()}`);
              await pipeline(part.file, createWriteStream(path));
              truncated = part.file.truncated;
            } else if (part.fieldname === 'unit') {
              unitUid = String(part.value).trim();
            }
          }
          if (truncated) {
            return sendError(
              reply,
              413,
              'IMPORT_FILE_TOO_LARGE',
              { file: fileName, limitBytes: MAX_UPLOAD_BYTES },
              tooLarge(locale, fileName),
            );
          }
          if (!path || !fileName) {
            throw new AppError('IMPORT_FILE_MISSING', 400, [
              { field: 'file', rule: 'required', message: locale === 'en' ? 'Missing file' : '缺少文件 file' },
            ]);
          }
          if (!unitUid || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(unitUid)) {
            throw new AppError('VALIDATION_FAILED', 400, [
              {
                field: 'unit',
                rule: unitUid ? 'format' : 'required',
                message: locale === 'en' ? 'unit must be the id of a community or grid' : 'unit 须为社区或网格的 id',
              },
            ]);
          }
          const kind: FileKind | undefined = sniffKind(await headOf(path));
          if (!kind) throw new AppError('IMPORT_FILE_TYPE', 400, { file: fileName });
          let start: (() => void) | undefined;
          const file = path;
          const unit = unitUid;
          const name = fileName;
          const result = await write(
            deps,
            req,
            reply,
            async (trx) => {
              const created = await imports.create(trx, req.scope, { unitUid: unit, fileName: name, file, kind });
              start = created.start;
              return created.result;
            },
            202,
          );
          path = undefined; // the check owns the file now
          start?.();
          return result;
        } finally {
          if (path) await rm(path, { force: true });
        }
      },
    );

    r.get(
      '/api/registry/imports',
      {
        schema: {
          tags: ['registry'],
          summary: 'Imports of my area (newest first), or of one community or grid',
          querystring: Type.Object({ unit: Type.Optional(Uid), ...PageQuery }, { additionalProperties: false }),
          response: { 200: Page(RegistryImport), ...errors },
        },
        config: write_,
      },
      (req) => imports.list(deps.db, req.scope, req.query),
    );

    r.get(
      '/api/registry/imports/:id',
      {
        schema: {
          tags: ['registry'],
          summary: 'An import: status, progress and the problems of its rows',
          params: Type.Object({ id: Uid }),
          response: { 200: RegistryImport, ...errors },
        },
        config: write_,
      },
      (req) => imports.get(deps.db, req.scope, req.params.id),
    );

    r.post(
      '/api/registry/imports/:id/commit',
      {
        schema: {
          tags: ['registry'],
          summary: 'Commit the valid rows of a checked import (all in one transaction, or none)',
          params: Type.Object({ id: Uid }),
          response: { 202: RegistryImport, ...errors },
        },
        config: write_,
      },
      async (req, reply) => {
        let start: (() => void) | undefined;
        const result = await write(
          deps,
          req,
          reply,
          async (trx) => {
            const c = await imports.commit(trx, req.scope, req.params.id);
            start = c.start;
            return c.result;
          },
          202,
        );
        start?.();
        return result;
      },
    );

    r.get(
      '/api/registry/export',
      {
        schema: {
          tags: ['registry'],
          summary: 'The resident register of a unit as .xlsx (身份证号 and phone masked), audited',
          querystring: ExportQuery,
          response: { 200: FileBody, ...errors },
        },
        config: { access: 'registry:export' },
      },
      async (req, reply) => {
        const head = req.method === 'HEAD';
        const prepared = await prepareExport(deps, req.scope, req.query.unit, !head);
        reply
          .type(prepared.contentType)
          .header('content-disposition', attachment(prepared.fileName, prepared.fallbackName))
          .header('cache-control', 'no-store')
          .header('x-row-count', String(prepared.rows));
        if (head) return reply.send('');
        return reply.send(prepared.stream());
      },
    );
  });
}
