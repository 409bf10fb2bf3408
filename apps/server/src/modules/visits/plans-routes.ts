/** HTTP of the must-visit plans (/api/visits/rules, /plans/rebuild, /mine, /due, /coverage). */
import {
  Coverage,
  CoverageQuery,
  DueList,
  DueListQuery,
  ErrorBody,
  MyVisitList,
  MyVisitListQuery,
  RebuildPlansBody,
  RebuildPlansResult,
  VisitRules,
  VisitRulesBody,
  VisitRulesQuery,
} from '@gongzhi/api';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createPlansService } from './plans-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['visits'];

export function planRoutes(app: App, deps: AppDeps) {
  const plans = createPlansService(deps);

  app.get(
    '/api/visits/rules',
    {
      schema: {
        tags,
        summary: 'A community’s visit rules (六必访): which tags put a home on the list, and how often',
        querystring: VisitRulesQuery,
        response: { 200: VisitRules, ...errors },
      },
      config: { access: 'visits:read' },
    },
    (req) => plans.getRules(deps.db, req.scope, req.query),
  );
  app.put(
    '/api/visits/rules',
    {
      schema: {
        tags,
        summary: 'Change a community’s visit rules; its current lists are rebuilt at once; audited',
        body: VisitRulesBody,
        response: { 200: VisitRules, ...errors },
      },
      config: { access: 'visits:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => plans.putRules(trx, req.scope, req.body)),
  );
  app.post(
    '/api/visits/plans/rebuild',
    {
      schema: {
        tags,
        summary: 'Rebuild the must-visit lists of a grid, community or street for a month (idempotent)',
        body: RebuildPlansBody,
        response: { 200: RebuildPlansResult, ...errors },
      },
      config: { access: 'visits:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => plans.rebuild(trx, req.scope, req.body)),
  );
  app.get(
    '/api/visits/mine',
    {
      schema: {
        tags,
        summary: 'My must-visit list for a month, with household cards (for the phone, offline)',
        querystring: MyVisitListQuery,
        response: { 200: MyVisitList, ...errors },
      },
      config: { access: 'visits:record' },
    },
    (req) => plans.mine(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/visits/due',
    {
      schema: {
        tags,
        summary: 'Must-visit items of a unit for a month, e.g. the overdue ones (督访)',
        querystring: DueListQuery,
        response: { 200: DueList, ...errors },
      },
      config: { access: 'visits:read' },
    },
    (req) => plans.dueList(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/visits/coverage',
    {
      schema: {
        tags,
        summary: 'Coverage of a unit for a month: due, done, overdue, visits per worker, findings',
        querystring: CoverageQuery,
        response: { 200: Coverage, ...errors },
      },
      config: { access: 'visits:read' },
    },
    (req) => plans.coverage(deps.db, req.scope, req.query),
  );
}
