/** HTTP for the org hierarchy (/api/org/*) and party organisations (/api/party/*). */
import {
  CreatePartyOrgBody,
  CreateUnitBody,
  ErrorBody,
  MergeGridsBody,
  MoveUnitBody,
  Ok,
  OrgChange,
  OrgTree,
  OrgTreeQuery,
  OrgUnit,
  OrgUnitDetail,
  PartyOrg,
  RenameUnitBody,
  SplitGridBody,
  SplitOrMergeResult,
  Uid,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createOrgService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ id: Uid });
const read = { access: 'org:read' as const };
const change = { access: 'org:write' as const };

export function orgRoutes(app: App, deps: AppDeps) {
  const org = createOrgService(deps);

  app.get(
    '/api/org/tree',
    {
      schema: {
        tags: ['org'],
        summary: 'The org tree within my scope',
        querystring: OrgTreeQuery,
        response: { 200: OrgTree, ...errors },
      },
      config: read,
    },
    (req) => org.tree(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/org/units/:id',
    {
      schema: {
        tags: ['org'],
        summary: 'A unit with its party organisations and history',
        params: Params,
        response: { 200: OrgUnitDetail, ...errors },
      },
      config: read,
    },
    (req) => org.unitDetail(deps.db, req.scope, req.params.id),
  );
  app.get(
    '/api/org/units/:id/history',
    {
      schema: {
        tags: ['org'],
        summary: 'Structural changes of a unit',
        params: Params,
        response: { 200: Type.Object({ items: Type.Array(OrgChange) }), ...errors },
      },
      config: read,
    },
    (req) => org.history(deps.db, req.scope, req.params.id),
  );
  app.post(
    '/api/org/units',
    {
      schema: { tags: ['org'], summary: 'Create a unit', body: CreateUnitBody, response: { 201: OrgUnit, ...errors } },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => org.createUnit(trx, req.scope, req.body), 201),
  );
  app.patch(
    '/api/org/units/:id',
    {
      schema: {
        tags: ['org'],
        summary: 'Rename a unit',
        params: Params,
        body: RenameUnitBody,
        response: { 200: OrgUnit, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => org.renameUnit(trx, req.scope, req.params.id, req.body)),
  );
  app.post(
    '/api/org/units/:id/move',
    {
      schema: {
        tags: ['org'],
        summary: 'Move a unit under another parent',
        params: Params,
        body: MoveUnitBody,
        response: { 200: OrgUnit, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => org.moveUnit(trx, req.scope, req.params.id, req.body)),
  );
  app.delete(
    '/api/org/units/:id',
    {
      schema: { tags: ['org'], summary: 'Retire an empty unit', params: Params, response: { 200: Ok, ...errors } },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => org.deleteUnit(trx, req.scope, req.params.id)),
  );
  app.post(
    '/api/org/grids/:id/split',
    {
      schema: {
        tags: ['org'],
        summary: 'Split a grid (网格拆分)',
        params: Params,
        body: SplitGridBody,
        response: { 200: SplitOrMergeResult, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => org.splitGrid(trx, req.scope, req.params.id, req.body)),
  );
  app.post(
    '/api/org/grids/merge',
    {
      schema: {
        tags: ['org'],
        summary: 'Merge grids of one community (网格合并)',
        body: MergeGridsBody,
        response: { 200: SplitOrMergeResult, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => org.mergeGrids(trx, req.scope, req.body)),
  );
  app.get(
    '/api/party/orgs',
    {
      schema: {
        tags: ['org'],
        summary: 'Party organisations (党组织) in my scope',
        querystring: Type.Object({ unitId: Type.Optional(Uid) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(PartyOrg) }), ...errors },
      },
      config: read,
    },
    (req) => org.listPartyOrgs(deps.db, req.scope, req.query),
  );
  app.post(
    '/api/party/orgs',
    {
      schema: {
        tags: ['org'],
        summary: 'Create a party organisation',
        body: CreatePartyOrgBody,
        response: { 201: PartyOrg, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => org.createPartyOrg(trx, req.scope, req.body), 201),
  );
}
