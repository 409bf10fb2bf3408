/**
 * HTTP of party members' points: duty posts (/api/points/party/posts, a member's
 * /api/points/me/party/posts), quarterly scores and the 评优评先 report (.xlsx).
 */
import {
  AssignBody,
  ClaimPostBody,
  DutyPost,
  DutyPostBody,
  DutyPostList,
  DutyPostPatch,
  DutyPostQuery,
  ErrorBody,
  MyDutyPostQuery,
  PartyScores,
  PartyScoresQuery,
  Uid,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { attachment } from '../registry/import/export.ts';
import { createPartyService } from './party-service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['points'];
const read = { access: 'points:read' as const };
const manage = { access: 'points:manage' as const };
const self = { access: 'points:self' as const };
const FileBody = Type.Unknown({ description: 'the .xlsx file (binary)' });

export function partyRoutes(app: App, deps: AppDeps) {
  const party = createPartyService({ clock: deps.clock });

  app.get(
    '/api/points/party/posts',
    {
      schema: {
        tags,
        summary: 'Duty posts (党员责任岗) of the communities in my area, with their holders for a quarter',
        querystring: DutyPostQuery,
        response: { 200: DutyPostList, ...errors },
      },
      config: manage,
    },
    (req) => party.listPosts(deps.db, req.scope, req.query),
  );

  app.post(
    '/api/points/party/posts',
    {
      schema: {
        tags,
        summary: 'Create a duty post in a community',
        body: DutyPostBody,
        response: { 201: DutyPost, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => party.createPost(trx, req.scope, req.body), 201),
  );

  app.patch(
    '/api/points/party/posts/:uid',
    {
      schema: {
        tags,
        summary: 'Change a duty post: name, duties, capacity (not below this quarter’s holders), active',
        params: Params,
        body: DutyPostPatch,
        response: { 200: DutyPost, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => party.patchPost(trx, req.scope, req.params.uid, req.body)),
  );

  app.post(
    '/api/points/party/posts/:uid/assign',
    {
      schema: {
        tags,
        summary: 'Assign a party member of the community to a post for a quarter (capacity respected)',
        params: Params,
        body: AssignBody,
        response: { 200: DutyPost, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => party.assign(trx, req.scope, req.params.uid, req.body)),
  );

  app.get(
    '/api/points/me/party/posts',
    {
      schema: {
        tags,
        summary: 'My community’s active duty posts, and which I hold',
        querystring: MyDutyPostQuery,
        response: { 200: DutyPostList, ...errors },
      },
      config: self,
    },
    (req) => party.myPosts(deps.db, req.scope, req.query),
  );

  app.post(
    '/api/points/me/party/posts/:uid/claim',
    {
      schema: {
        tags,
        summary: 'Claim a duty post for a quarter (party members only; capacity respected)',
        params: Params,
        body: ClaimPostBody,
        response: { 200: DutyPost, ...errors },
      },
      config: self,
    },
    (req, reply) => write(deps, req, reply, (trx) => party.claim(trx, req.scope, req.params.uid, req.body)),
  );

  app.get(
    '/api/points/party/scores',
    {
      schema: {
        tags,
        summary: 'Party members’ quarterly scores, posts held, ranks and grades (评优评先)',
        querystring: PartyScoresQuery,
        response: { 200: PartyScores, ...errors },
      },
      config: read,
    },
    (req) => party.scores(deps.db, req.scope, req.query),
  );

  app.get(
    '/api/points/party/report.xlsx',
    {
      schema: {
        tags,
        summary: 'The quarter’s party scores as .xlsx for 评优评先; audited',
        querystring: PartyScoresQuery,
        response: { 200: FileBody, ...errors },
      },
      config: read,
    },
    async (req, reply) => {
      const r = await party.report(deps.db, req.scope, req.query);
      reply
        .type(XLSX)
        .header('content-disposition', attachment(r.fileName, r.fallbackName))
        .header('cache-control', 'no-store')
        .header('x-row-count', String(r.rows));
      return reply.send(req.method === 'HEAD' ? '' : r.buffer);
    },
  );
}
