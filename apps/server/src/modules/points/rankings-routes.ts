/**
 * HTTP of rankings and their 公示: /api/points/rankings, /api/points/publications,
 * /api/points/objections, and the public board /api/public/points/publications (no session;
 * open notices only, masked, rate-limited).
 */
import {
  AnswerBody,
  ErrorBody,
  Objection,
  ObjectionBody,
  Publication,
  PublicationBody,
  PublicationList,
  PublicationListQuery,
  PublicPublication,
  PublicPublicationList,
  PublicPublicationQuery,
  Ranking,
  RankingQuery,
  Uid,
  WithdrawPublicationBody,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createRankingsService } from './rankings-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['points'];
const session = { access: 'session' as const };
const manage = { access: 'points:manage' as const };

export function rankingRoutes(app: App, deps: AppDeps) {
  const rankings = createRankingsService({ clock: deps.clock });

  app.get(
    '/api/points/rankings',
    {
      schema: {
        tags,
        summary:
          'A community’s or grid’s ranking for a month or quarter (dense ranks): staff in their area, a resident in their community (names masked)',
        querystring: RankingQuery,
        response: { 200: Ranking, ...errors },
      },
      config: session,
    },
    (req) => rankings.rankings(deps.db, req.scope, req.query),
  );

  app.post(
    '/api/points/publications',
    {
      schema: {
        tags,
        summary: 'Publish a ranking as a 公示 (frozen, masked) with an objection window',
        body: PublicationBody,
        response: { 201: Publication, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => rankings.publish(trx, req.scope, req.body), 201),
  );

  app.get(
    '/api/points/publications',
    {
      schema: {
        tags,
        summary: 'Published rankings: staff in their area, a resident in their community',
        querystring: PublicationListQuery,
        response: { 200: PublicationList, ...errors },
      },
      config: session,
    },
    (req) => rankings.list(deps.db, req.scope, req.query),
  );

  app.get(
    '/api/points/publications/:uid',
    {
      schema: {
        tags,
        summary: 'A published ranking with its objections (a resident sees their own)',
        params: Params,
        response: { 200: Publication, ...errors },
      },
      config: session,
    },
    (req) => rankings.view(deps.db, req.scope, req.params.uid),
  );

  app.post(
    '/api/points/publications/:uid/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw an open 公示, with the reason shown on it',
        params: Params,
        body: WithdrawPublicationBody,
        response: { 200: Publication, ...errors },
      },
      config: manage,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => rankings.withdraw(trx, req.scope, req.params.uid, req.body.reason)),
  );

  app.post(
    '/api/points/publications/:uid/objections',
    {
      schema: {
        tags,
        summary: 'Raise an objection to a 公示 while its objection window is open',
        params: Params,
        body: ObjectionBody,
        response: { 201: Objection, ...errors },
      },
      config: session,
    },
    (req, reply) => write(deps, req, reply, (trx) => rankings.object(trx, req.scope, req.params.uid, req.body), 201),
  );

  app.post(
    '/api/points/objections/:uid/answer',
    {
      schema: {
        tags,
        summary: 'Answer an objection (once)',
        params: Params,
        body: AnswerBody,
        response: { 200: Objection, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => rankings.answer(trx, req.scope, req.params.uid, req.body)),
  );

  // ── The public board (no session) ─────────────────────────────────────────────────────────
  const publicBoard = { access: 'public' as const, rateLimit: { max: 300, timeWindow: '1 minute' } };
  app.get(
    '/api/public/points/publications',
    {
      schema: {
        tags,
        summary: 'The open 公示 of a community (by its code): masked names, no ids',
        querystring: PublicPublicationQuery,
        response: { 200: PublicPublicationList, 404: ErrorBody, 400: ErrorBody },
      },
      config: publicBoard,
    },
    (req) => rankings.publicList(deps.db, req.query.community),
  );

  app.get(
    '/api/public/points/publications/:uid',
    {
      schema: {
        tags,
        summary: 'An open 公示: masked names, no ids',
        params: Params,
        response: { 200: PublicPublication, 404: ErrorBody, 400: ErrorBody },
      },
      config: publicBoard,
    },
    (req) => rankings.publicView(deps.db, req.params.uid),
  );
}
