/**
 * HTTP of councils (议事会, "7+X") and of the district's procedures (议事程序).
 */
import {
  AddCouncilMemberBody,
  CouncilDetail,
  CouncilList,
  CouncilListQuery,
  CreateCouncilBody,
  ErrorBody,
  LeaveCouncilMemberBody,
  PatchCouncilBody,
  ProcedureList,
  ProcedureListQuery,
  ProcedureView,
  PutProcedureBody,
  Uid,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createCouncilsService } from './councils-service.ts';
import { createProceduresService } from './procedures-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['deliberation'];

export function councilRoutes(app: App, deps: AppDeps) {
  const councils = createCouncilsService({ clock: deps.clock });
  const procedures = createProceduresService({ clock: deps.clock });

  app.get(
    '/api/deliberation/councils',
    {
      schema: {
        tags,
        summary: 'Councils in my area (staff), or of my community (residents), with how many of the 7 seats are filled',
        querystring: CouncilListQuery,
        response: { 200: CouncilList, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => councils.list(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/deliberation/councils/:uid',
    {
      schema: {
        tags,
        summary:
          'One council: the 7 seats filled or empty, the X stakeholders per topic, members (masked for residents)',
        params: Params,
        response: { 200: CouncilDetail, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => councils.get(deps.db, req.scope, req.params.uid),
  );
  app.post(
    '/api/deliberation/councils',
    {
      schema: {
        tags,
        summary: 'Set up a council of a community or village for a term',
        body: CreateCouncilBody,
        response: { 201: CouncilDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => councils.create(trx, req.scope, req.body), 201),
  );
  app.patch(
    '/api/deliberation/councils/:uid',
    {
      schema: {
        tags,
        summary: 'Change a council: name, kind, term, active',
        params: Params,
        body: PatchCouncilBody,
        response: { 200: CouncilDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => councils.patch(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/councils/:uid/members',
    {
      schema: {
        tags,
        summary: 'Seat a resident on the council (one of the 7 seats, or a stakeholder for one topic)',
        params: Params,
        body: AddCouncilMemberBody,
        response: { 200: CouncilDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => councils.addMember(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/councils/:uid/members/:memberUid/leave',
    {
      schema: {
        tags,
        summary: 'A member leaves the council on a date',
        params: Type.Object({ uid: Uid, memberUid: Uid }),
        body: LeaveCouncilMemberBody,
        response: { 200: CouncilDetail, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => councils.leave(trx, req.scope, req.params.uid, req.params.memberUid, req.body)),
  );

  app.get(
    '/api/deliberation/procedures',
    {
      schema: {
        tags,
        summary: 'The procedures of my district (四议两公开, 三议三公开, 五步工作法 and any the district added)',
        querystring: ProcedureListQuery,
        response: { 200: ProcedureList, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => procedures.list(deps.db, req.scope, req.query),
  );
  app.put(
    '/api/deliberation/procedures/:code',
    {
      schema: {
        tags,
        summary: 'Create or replace a procedure of the district (only topics started afterwards follow the change)',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' }) }),
        body: PutProcedureBody,
        response: { 200: ProcedureView, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => procedures.put(trx, req.scope, req.params.code, req.body)),
  );
}
