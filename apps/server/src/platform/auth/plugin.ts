/**
 * Authentication and coarse authorisation for every route, from the route's `config.access`:
 * 'public' (no session), 'session' (any signed-in user) or a Permission the user must hold
 * somewhere. Which records they may touch is decided later, by the Scope, in the services.
 * A route under /api without `config.access` refuses to register: nothing is open by accident.
 */
import type { Permission } from '@gongzhi/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { AppError, localeOf } from '../errors.ts';
import type { ReadCaches } from '../read-cache.ts';
import { hasPermission, type Scope } from './scope.ts';
import { type LoadedSession, loadSession, SESSION_COOKIE } from './sessions.ts';

export type Access = 'public' | 'session' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Reachable by a session that must still enrol TOTP or change its password. */
    allowRestricted?: boolean;
  }
  interface FastifyRequest {
    scope: Scope;
    session: LoadedSession | undefined;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function clientIp(req: FastifyRequest): string {
  return req.ip;
}

export function registerAuth(app: FastifyInstance, deps: { db: Db; config: Config; clock: Clock; caches: ReadCaches }) {
  app.decorateRequest('scope', null as unknown as Scope);
  app.decorateRequest('session', undefined);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && route.url !== '/api/openapi.json') {
      if (!route.config?.access) throw new Error(`route ${route.method} ${route.url} declares no config.access`);
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('UNAUTHENTICATED', 401);
    const loaded = await loadSession(deps.db, token, deps.config.profile, deps.clock(), deps.caches.sessions);
    if (typeof loaded === 'string') throw new AppError(loaded, 401);
    if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== loaded.csrfToken) {
      throw new AppError('CSRF_INVALID', 403);
    }
    req.session = loaded;
    req.scope = {
      ...loaded.scope,
      ip: req.ip,
      requestId: String(req.id),
      locale: localeOf(req.headers['accept-language']),
    };
    if (!req.routeOptions.config.allowRestricted) {
      if (loaded.mfaEnrolmentRequired) throw new AppError('MFA_ENROLMENT_REQUIRED', 403);
      if (loaded.passwordChangeRequired) throw new AppError('PASSWORD_CHANGE_REQUIRED', 403);
    }
    if (access !== 'session' && !hasPermission(req.scope, access)) {
      throw new AppError('FORBIDDEN', 403, { permission: access });
    }
  });
}
