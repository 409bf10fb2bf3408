/**
 * HTTP of topics (议题): lists and detail (staff; residents their community's public ones), staff
 * open one (also from a deliberable case), residents propose and co-sign, edit, start, reject,
 * withdraw, and the step engine (complete the current step with its records).
 */
import {
  CompleteStepBody,
  CreateTopicBody,
  ErrorBody,
  PatchTopicBody,
  ProposeTopicBody,
  RejectTopicBody,
  StartTopicBody,
  TopicDetail,
  TopicList,
  TopicListQuery,
  TopicStepParams,
  Uid,
  WithdrawTopicBody,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createStepsService } from './steps-service.ts';
import { createTopicsService } from './topics-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['deliberation'];

export function topicRoutes(app: App, deps: AppDeps) {
  const topics = createTopicsService({ clock: deps.clock });
  const steps = createStepsService({ clock: deps.clock });

  app.get(
    '/api/deliberation/topics',
    {
      schema: {
        tags,
        summary: 'Topics in my area (staff), or my community’s public topics and my own proposals (residents)',
        querystring: TopicListQuery,
        response: { 200: TopicList, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => topics.list(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/deliberation/topics/:uid',
    {
      schema: {
        tags,
        summary:
          'One topic: its procedure’s steps (done / current / waiting) with their records, timeline, what I may do',
        params: Params,
        response: { 200: TopicDetail, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => topics.get(deps.db, req.scope, req.params.uid),
  );
  app.post(
    '/api/deliberation/topics',
    {
      schema: {
        tags,
        summary: 'Open a topic under a procedure (staff); from a deliberable case, the case is linked in the same step',
        body: CreateTopicBody,
        response: { 201: TopicDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => topics.create(trx, req.scope, req.body), 201),
  );
  app.post(
    '/api/deliberation/topics/me',
    {
      schema: {
        tags,
        summary: 'Propose a topic (resident): it gathers co-signatures until staff take it up',
        body: ProposeTopicBody,
        response: { 201: TopicDetail, ...errors },
      },
      config: { access: 'deliberation:self' },
    },
    (req, reply) => write(deps, req, reply, (trx) => topics.propose(trx, req.scope, req.body), 201),
  );
  app.patch(
    '/api/deliberation/topics/:uid',
    {
      schema: {
        tags,
        summary: 'Edit a topic (its proposer or staff) until a vote on it opens',
        params: Params,
        body: PatchTopicBody,
        response: { 200: TopicDetail, ...errors },
      },
      config: { access: 'session' },
    },
    (req, reply) => write(deps, req, reply, (trx) => topics.patch(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/topics/:uid/support',
    {
      schema: {
        tags,
        summary: 'Co-sign (联名) a proposal of my community, once',
        params: Params,
        response: { 200: TopicDetail, ...errors },
      },
      config: { access: 'deliberation:self' },
    },
    (req, reply) => write(deps, req, reply, (trx) => topics.support(trx, req.scope, req.params.uid)),
  );
  app.post(
    '/api/deliberation/topics/:uid/start',
    {
      schema: {
        tags,
        summary: 'Take a proposal up under a procedure (its steps are copied now)',
        params: Params,
        body: StartTopicBody,
        response: { 200: TopicDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => topics.start(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/topics/:uid/reject',
    {
      schema: {
        tags,
        summary: 'Turn a topic down, with the reason (the proposer is told)',
        params: Params,
        body: RejectTopicBody,
        response: { 200: TopicDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => topics.reject(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/topics/:uid/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw my own proposal (until it is decided)',
        params: Params,
        body: WithdrawTopicBody,
        response: { 200: TopicDetail, ...errors },
      },
      config: { access: 'session' },
    },
    (req, reply) => write(deps, req, reply, (trx) => topics.withdraw(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/topics/:uid/steps/:index/complete',
    {
      schema: {
        tags,
        summary:
          'Complete the current step with the records it needs (meeting, vote, notice, result); no step can be skipped',
        params: TopicStepParams,
        body: CompleteStepBody,
        response: { 200: TopicDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => steps.complete(trx, req.scope, req.params.uid, req.params.index, req.body)),
  );
}
