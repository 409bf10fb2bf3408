/**
 * HTTP of Open311 GeoReport v2 at /open311/v2: discovery, services, a service's definition,
 * service requests (GET, and POST with an api_key) and one request, each as .json or .xml.
 * The routes are public; POST checks its api_key itself. They live in a context of their own:
 * form-encoded bodies are parsed here only, and every failure answers as the spec says — an
 * array of {code, description} (`<errors><error>…`) with the HTTP status as the code.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppDeps } from '../../platform/deps.ts';
import { AppError, type Locale, localeOf, messageFor } from '../../platform/errors.ts';
import { fileStoreIn } from '../../platform/files/store.ts';
import { write } from '../../platform/http/write.ts';
import { createIntakeService } from './intake-service.ts';
import { createOpen311Service, type Params } from './open311-service.ts';
import { type XmlValue, xmlDocument } from './open311-xml.ts';

type Format = 'json' | 'xml';
const FORMATS: Format[] = ['json', 'xml'];
const BASE = '/open311/v2';
const tags = ['open311'];
const ITEMS = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
};
const public_ = { access: 'public' as const };

function send(reply: FastifyReply, format: Format, root: string, value: XmlValue, status?: number) {
  if (status) reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(xmlDocument(root, value, ITEMS));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** `env.litter.json` → ['env.litter', 'json']; another extension is refused. */
function split(file: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new AppError('CASE_OPEN311_FORMAT', 400);
  return [m[1] as string, m[2] as Format];
}

function formatOf(req: FastifyRequest): Format {
  return /\.xml(\?|$)/.test(req.url) ? 'xml' : 'json';
}

/** Any failure as Open311's error array, in the request's format and locale. */
function open311Errors(err: FastifyError | AppError, locale: Locale): { status: number; errors: XmlValue[] } {
  if (err instanceof AppError) {
    if (err.code === 'VALIDATION_FAILED' && Array.isArray(err.details)) {
      const problems = err.details as Array<{ message: string }>;
      return { status: err.status, errors: problems.map((p) => ({ code: err.status, description: p.message })) };
    }
    const field = (err.details as { field?: string } | undefined)?.field;
    const description = `${messageFor(err.code, locale)}${field ? ` (${field})` : ''}`;
    return { status: err.status, errors: [{ code: err.status, description }] };
  }
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  const code =
    status === 500
      ? 'INTERNAL'
      : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'BODY_TOO_LARGE'
          : err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
            ? 'INVALID_JSON'
            : 'CASE_OPEN311_BAD_PARAM';
  return { status, errors: [{ code: status, description: messageFor(code, locale) }] };
}

export function open311Routes(app: App, deps: AppDeps) {
  const intake = createIntakeService({ clock: deps.clock, keys: deps.keys, files: fileStoreIn(deps.config.dataDir) });
  const open311 = createOpen311Service({ clock: deps.clock, keys: deps.keys, intake });
  const localeFor = (req: FastifyRequest) => localeOf(req.headers['accept-language']);
  const query = (req: FastifyRequest) => (req.query ?? {}) as Params;

  app.register(async (scoped: FastifyInstance) => {
    scoped.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => {
        const params: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(body as string)) params[k] = v;
        done(null, params);
      },
    );
    scoped.setErrorHandler((err: FastifyError, req, reply) => {
      const { status, errors } = open311Errors(err, localeFor(req));
      if (status === 500) req.log.error({ err }, 'unhandled error');
      return send(reply, formatOf(req), 'errors', errors, status);
    });

    for (const format of FORMATS) {
      scoped.get(
        `${BASE}/discovery.${format}`,
        { schema: { tags, summary: `Open311 service discovery (${format})` }, config: public_ },
        async (req, reply) => {
          const base = `${req.protocol}://${req.host}${BASE}`;
          const contact = localeFor(req) === 'en' ? 'The district’s case dispatch centre' : '区事件统一分拨中心';
          return send(reply, format, 'discovery', open311.discovery(base, contact));
        },
      );
      scoped.get(
        `${BASE}/services.${format}`,
        { schema: { tags, summary: `Open311 services: the case categories (${format})` }, config: public_ },
        async (req, reply) =>
          send(reply, format, 'services', await open311.services(deps.db, query(req), localeFor(req))),
      );
      scoped.get(
        `${BASE}/requests.${format}`,
        {
          schema: {
            tags,
            summary: `Open311 service requests, masked: service_code, start_date, end_date, status (${format})`,
          },
          config: public_,
        },
        async (req, reply) =>
          send(reply, format, 'service_requests', await open311.requests(deps.db, query(req), localeFor(req))),
      );
      scoped.post(
        `${BASE}/requests.${format}`,
        {
          schema: { tags, summary: `Open311: post a service request with an api_key (${format})` },
          config: public_,
        },
        async (req, reply) => {
          const params = { ...query(req), ...((req.body as Params | undefined) ?? {}) };
          const meta = { ip: req.ip, requestId: String(req.id), locale: localeFor(req) };
          const made = await write(deps, req, reply, (trx) => open311.post(trx, params, meta), 201);
          return send(reply, format, 'service_requests', made);
        },
      );
    }

    scoped.get(
      `${BASE}/services/:file`,
      { schema: { tags, summary: 'Open311 service definition: /services/{service_code}.{json|xml}' }, config: public_ },
      async (req, reply) => {
        const [code, format] = split((req.params as { file: string }).file);
        return send(reply, format, 'service_definition', await open311.definition(deps.db, code, query(req)));
      },
    );
    scoped.get(
      `${BASE}/requests/:file`,
      {
        schema: { tags, summary: 'Open311 one service request: /requests/{service_request_id}.{json|xml}' },
        config: public_,
      },
      async (req, reply) => {
        const [id, format] = split((req.params as { file: string }).file);
        return send(reply, format, 'service_requests', await open311.request(deps.db, id, query(req), localeFor(req)));
      },
    );
  });
}
