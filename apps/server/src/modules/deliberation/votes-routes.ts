/**
 * HTTP of votes: staff create, open, close and cancel them and record a show of hands; residents
 * on the roll cast (a secret ballot's receipt is answered once); anyone with a receipt verifies it;
 * the public bulletin board lists a closed vote's ballots.
 */
import {
  BallotCastBody,
  BallotCastResult,
  BallotRecordBody,
  BallotRecordResult,
  BallotVerifyQuery,
  BallotVerifyResult,
  ErrorBody,
  PublicVoteBallots,
  Uid,
  VoteCancelBody,
  VoteCreateBody,
  VoteDetail,
  VoteListQuery,
  VoteOpenBody,
  VotePage,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createVotesService } from './votes-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['deliberation'];

/**
 * The request as the Idempotency-Key sees it for a cast: the route and no body. write() keeps a
 * hash of the request beside the caller's key, and a hash of a ballot's body (a choice out of a
 * handful) would tell anyone reading that table how the caller voted. A retry under the same key
 * gets the first answer back whatever its body.
 */
function withoutBody(req: FastifyRequest): FastifyRequest {
  return Object.create(req, { body: { value: null } }) as FastifyRequest;
}

export function voteRoutes(app: App, deps: AppDeps) {
  const votes = createVotesService({ clock: deps.clock });

  app.get(
    '/api/deliberation/votes',
    {
      schema: {
        tags,
        summary: 'Votes in my area (staff), or my community’s opened votes with whether I may and did vote (residents)',
        querystring: VoteListQuery,
        response: { 200: VotePage, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => votes.list(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/deliberation/votes/:uid',
    {
      schema: {
        tags,
        summary:
          'One vote: the rule in words, turnout, the result once closed (an open secret vote shows turnout only); for a resident their place on the roll',
        params: Params,
        response: { 200: VoteDetail, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => votes.get(deps.db, req.scope, req.params.uid),
  );
  app.post(
    '/api/deliberation/votes',
    {
      schema: {
        tags,
        summary:
          'Create a vote in draft: from a topic’s step (its rule comes from the step) or standalone. 201 new, 200 when the uid was created already',
        body: VoteCreateBody,
        response: { 200: VoteDetail, 201: VoteDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    async (req, reply) => {
      let found = false;
      const detail = await write(
        deps,
        req,
        reply,
        async (trx) => {
          const r = await votes.create(trx, req.scope, req.body);
          found = !r.created;
          return r.detail;
        },
        201,
      );
      if (found) reply.code(200);
      return detail;
    },
  );
  app.post(
    '/api/deliberation/votes/:uid/open',
    {
      schema: {
        tags,
        summary: 'Open the vote: the roll of eligible voters is fixed now',
        params: Params,
        body: VoteOpenBody,
        response: { 200: VoteDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => votes.open(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/votes/:uid/close',
    {
      schema: {
        tags,
        summary: 'Close the vote: the server counts the ballots and states the verdict by the rule',
        params: Params,
        response: { 200: VoteDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => votes.close(trx, req.scope, req.params.uid)),
  );
  app.post(
    '/api/deliberation/votes/:uid/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a draft or open vote, with the reason',
        params: Params,
        body: VoteCancelBody,
        response: { 200: VoteDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => votes.cancel(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/votes/:uid/ballots',
    {
      schema: {
        tags,
        summary:
          'Cast my ballot (once; changed only where the vote allows — a secret one with its receipt). A secret ballot’s receipt is answered once and never stored',
        params: Params,
        body: BallotCastBody,
        response: { 200: BallotCastResult, ...errors },
      },
      config: { access: 'deliberation:self' },
    },
    async (req, reply) => {
      let shown: { receipt: string | null; receiptHash: string | null } | null = null;
      const stored = await write(deps, withoutBody(req), reply, async (trx) => {
        const r = await votes.cast(trx, req.scope, req.params.uid, req.body);
        shown = { receipt: r.receipt, receiptHash: r.receiptHash };
        // What a replay gets back: neither the receipt nor its hash, which would link me to my ballot.
        return { ...r, receipt: null, receiptHash: null };
      });
      return shown ? { ...stored, ...(shown as object) } : stored;
    },
  );
  app.post(
    '/api/deliberation/votes/:uid/ballots/recorded',
    {
      schema: {
        tags,
        summary: 'Record the show of hands of a meeting vote (open ballots only), one ballot per person on the roll',
        params: Params,
        body: BallotRecordBody,
        response: { 200: BallotRecordResult, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => votes.record(trx, req.scope, req.params.uid, req.body)),
  );
  app.get(
    '/api/deliberation/votes/:uid/verify',
    {
      schema: {
        tags,
        summary: 'Check a ballot by its receipt: counted or not, and the choice it holds (anyone holding the receipt)',
        params: Params,
        querystring: BallotVerifyQuery,
        response: { 200: BallotVerifyResult, ...errors },
      },
      config: { access: 'public' },
    },
    (req) => votes.verify(deps.db, req.params.uid, req.query.receipt),
  );
  app.get(
    '/api/public/deliberation/votes/:uid/ballots',
    {
      schema: {
        tags,
        summary:
          'The bulletin board of a closed vote: every ballot’s choice, a secret one with its receipt hash, so each voter finds theirs and anyone can recount',
        params: Params,
        response: { 200: PublicVoteBallots, ...errors },
      },
      config: { access: 'public' },
    },
    (req) => votes.publicBallots(deps.db, req.params.uid),
  );
}
