/** HTTP for accounts: /api/auth/* (own session), /api/users/* (account administration), /api/residents/* (residents' own accounts). */
import {
  ChangePasswordBody,
  CreateUserBody,
  ErrorBody,
  GrantRoleBody,
  LoginBody,
  Me,
  Ok,
  Page,
  ResetPasswordBody,
  TotpConfirmBody,
  TotpSetup,
  Uid,
  UpdateUserBody,
  UserListQuery,
  UserSummary,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { CSRF_COOKIE, loadSession, SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { sha256 } from '../../platform/crypto.ts';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createAuthService } from './auth-service.ts';
import { residentsRoutes } from './residents.ts';
import { createUsersService } from './users-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function accountsRoutes(app: App, deps: AppDeps) {
  const auth = createAuthService(deps);
  const users = createUsersService(deps);

  function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string) {
    const secure = reply.request.protocol === 'https';
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure });
    reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure });
  }

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in (登录)',
        body: LoginBody,
        response: { 200: Me, 423: ErrorBody, 429: ErrorBody, ...errors },
      },
      config: { access: 'public', rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const previous = req.cookies[SESSION_COOKIE];
      const { token, csrfToken } = await auth.login({
        ...req.body,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: String(req.id),
        ...(previous ? { previousTokenHash: sha256(previous) } : {}),
      });
      if (previous) deps.caches.sessions.delete(sha256(previous));
      setSessionCookies(reply, token, csrfToken);
      // Answer like /me does, from the new session.
      const loaded = await loadSession(deps.db, token, deps.config.profile, deps.clock());
      if (typeof loaded === 'string') throw new Error('new session did not load');
      return auth.me({ ...loaded.scope, ip: req.ip, requestId: String(req.id), locale: 'zh-CN' }, loaded);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Sign out', response: { 200: Ok, ...errors } },
      config: { access: 'session', allowRestricted: true },
    },
    async (req, reply) => {
      if (req.session) {
        await auth.logout(req.scope, req.session);
        deps.caches.sessions.delete(req.session.tokenHash);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: Me, ...errors } },
      config: { access: 'session', allowRestricted: true },
    },
    async (req) => auth.me(req.scope, req.session!),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change own password',
        body: ChangePasswordBody,
        response: { 200: Ok, ...errors },
      },
      config: { access: 'session', allowRestricted: true },
    },
    (req, reply) =>
      write(deps, req, reply, (trx) =>
        auth.changePassword(trx, req.scope, req.session!, req.body.currentPassword, req.body.newPassword),
      ),
  );

  app.post(
    '/api/auth/totp/setup',
    {
      schema: { tags: ['auth'], summary: 'Start TOTP enrolment', response: { 200: TotpSetup, ...errors } },
      config: { access: 'session', allowRestricted: true },
    },
    (req, reply) => write(deps, req, reply, (trx) => auth.startTotp(trx, req.scope)),
  );

  app.post(
    '/api/auth/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment with a code',
        body: TotpConfirmBody,
        response: { 200: Me, ...errors },
      },
      config: { access: 'session', allowRestricted: true },
    },
    (req, reply) => write(deps, req, reply, (trx) => auth.confirmTotp(trx, req.scope, req.session!, req.body.code)),
  );

  const UserParams = Type.Object({ id: Uid });
  const manage = { access: 'users:manage' as const };

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Accounts in my subtrees',
        querystring: UserListQuery,
        response: { 200: Page(UserSummary), ...errors },
      },
      config: manage,
    },
    (req) => users.listUsers(deps.db, req.scope, req.query),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create an account',
        body: CreateUserBody,
        response: { 201: UserSummary, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => users.createUser(trx, req.scope, req.body), 201),
  );
  app.get(
    '/api/users/:id',
    { schema: { tags: ['users'], params: UserParams, response: { 200: UserSummary, ...errors } }, config: manage },
    (req) => users.getUser(deps.db, req.scope, req.params.id),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Rename, disable or enable',
        params: UserParams,
        body: UpdateUserBody,
        response: { 200: UserSummary, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => users.updateUser(trx, req.scope, req.params.id, req.body)),
  );
  app.post(
    '/api/users/:id/password',
    {
      schema: {
        tags: ['users'],
        summary: 'Reset a password',
        params: UserParams,
        body: ResetPasswordBody,
        response: { 200: Ok, ...errors },
      },
      config: manage,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => users.resetPassword(trx, req.scope, req.params.id, req.body.password)),
  );
  app.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags: ['users'],
        summary: 'Unlock after failed logins',
        params: UserParams,
        response: { 200: Ok, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => users.unlockUser(trx, req.scope, req.params.id)),
  );
  app.post(
    '/api/users/:id/grants',
    {
      schema: {
        tags: ['users'],
        summary: 'Grant a role on a unit',
        params: UserParams,
        body: GrantRoleBody,
        response: { 200: UserSummary, ...errors },
      },
      config: manage,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => users.grantRole(trx, req.scope, req.params.id, req.body.role, req.body.unitId)),
  );
  app.delete(
    '/api/users/:id/grants/:grantId',
    {
      schema: {
        tags: ['users'],
        summary: 'Revoke a role',
        params: Type.Object({ id: Uid, grantId: Uid }),
        response: { 200: UserSummary, ...errors },
      },
      config: manage,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => users.revokeRole(trx, req.scope, req.params.id, req.params.grantId)),
  );

  residentsRoutes(app, deps);
}
