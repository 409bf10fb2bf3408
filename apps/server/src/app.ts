/**
 * Builds the HTTP application: platform plugins first, then the business modules, then the
 * web app. No listen() here: tests drive it with app.inject, main.ts serves it.
 */

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { accountsRoutes } from './modules/accounts/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { casesRoutes } from './modules/cases/routes.ts';
import { deliberationRoutes } from './modules/deliberation/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { noticeRoutes } from './modules/notices/routes.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { pointsRoutes } from './modules/points/routes.ts';
import { registryRoutes } from './modules/registry/routes.ts';
import { visitsRoutes } from './modules/visits/routes.ts';
import { registerAuth } from './platform/auth/plugin.ts';
import type { App, AppDeps } from './platform/deps.ts';
import { registerErrorHandling, sendError } from './platform/http/errors.ts';

function makeAjv(coerceTypes: false | 'array') {
  const ajv = new Ajv({ removeAdditional: false, allErrors: true, coerceTypes, useDefaults: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/** A route as registered, with the access it declares: the permission-matrix test reads these. */
export interface RouteEntry {
  method: string;
  url: string;
  access: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the app, in registration order, including those of plugins. */
    routeList: RouteEntry[];
  }
}

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app, served at / with a fallback to index.html. */
  webDist?: string;
}

export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
    genReqId: (req) =>
      typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 64) : randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Recorded before any plugin registers, so plugin routes (docs, static files) are listed too.
  const routeList: RouteEntry[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routeList.push({ method, url: route.url, access: route.config?.access });
  });

  // Unknown fields are an error, not silently dropped, and every bad field is reported at
  // once. Query strings and path params arrive as text and are coerced; a JSON body is not:
  // `"name": 123` is a wrong type, not the name "123".
  const validators = { body: makeAjv(false), text: makeAjv('array') };
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? validators.body : validators.text).compile(schema),
  );

  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => {
      const err = Object.assign(new Error('rate limited'), { statusCode: 429 });
      return err;
    },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Gongzhi 共治 API', version: '0.1.0', description: 'Grassroots community governance platform' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gz_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, deps);
  healthRoutes(app, deps);
  accountsRoutes(app, deps);
  orgRoutes(app, deps);
  registryRoutes(app, deps);
  auditRoutes(app, deps);
  visitsRoutes(app, deps);
  pointsRoutes(app, deps);
  casesRoutes(app, deps);
  deliberationRoutes(app, deps);
  noticeRoutes(app, deps);

  const webApp = opts.webDist !== undefined && existsSync(join(opts.webDist, 'index.html'));
  if (webApp) {
    // The build leaves .br and .gz copies beside the text files; browsers that accept them get those.
    await app.register(fastifyStatic, {
      root: opts.webDist as string,
      wildcard: false,
      maxAge: '1h',
      index: false,
      preCompressed: true,
    });
  }
  // Client-side routes get the web app's shell; everything else, /api above all, a JSON 404.
  app.setNotFoundHandler((req, reply) => {
    if (webApp && req.method === 'GET' && !req.url.startsWith('/api/') && req.headers.accept?.includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, 404, 'NOT_FOUND', { path: req.url.split('?')[0] });
  });
  return app;
}
