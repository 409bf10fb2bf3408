/** HTTP of the rule catalogue (/api/points/rules): a community's catalogue, a rule, and keeping rules. */
import {
  Catalogue,
  CatalogueQuery,
  ErrorBody,
  RetireRuleBody,
  Rule,
  RuleBody,
  RuleParams,
  RuleVersionBody,
} from '@gongzhi/api';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createCatalogueService } from './catalogue-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['points'];
const manage = { access: 'points:manage' as const };

export function catalogueRoutes(app: App, deps: AppDeps) {
  const rules = createCatalogueService({ clock: deps.clock });

  app.get(
    '/api/points/rules',
    {
      schema: {
        tags,
        summary:
          'A community’s rule catalogue (积分细则): own and inherited rules by category; residents see what they may claim today',
        querystring: CatalogueQuery,
        response: { 200: Catalogue, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => rules.catalogue(deps.db, req.scope, req.query),
  );

  app.get(
    '/api/points/rules/:uid',
    {
      schema: {
        tags,
        summary: 'A rule with every version, oldest first',
        params: RuleParams,
        response: { 200: Rule, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => rules.view(deps.db, req.scope, req.params.uid),
  );

  app.post(
    '/api/points/rules',
    {
      schema: {
        tags,
        summary: 'Add a rule to a district’s, street’s or community’s catalogue (version 1)',
        body: RuleBody,
        response: { 201: Rule, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => rules.create(trx, req.scope, req.body), 201),
  );

  app.put(
    '/api/points/rules/:uid',
    {
      schema: {
        tags,
        summary: 'Change a rule: a new version; what was awarded stays on the version it was awarded under',
        params: RuleParams,
        body: RuleVersionBody,
        response: { 200: Rule, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => rules.revise(trx, req.scope, req.params.uid, req.body)),
  );

  app.post(
    '/api/points/rules/:uid/retire',
    {
      schema: {
        tags,
        summary: 'Retire a rule: no longer claimed or awarded; its entries stay',
        params: RuleParams,
        body: RetireRuleBody,
        response: { 200: Rule, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => rules.retire(trx, req.scope, req.params.uid, req.body?.reason)),
  );
}
