/** HTTP of reply templates (/api/cases/templates): read by staff, kept by a district admin. */
import {
  CaseAdminParams,
  CaseTemplate,
  CaseTemplateBody,
  CaseTemplateList,
  CaseTemplatePatch,
  CaseTemplateQuery,
  ErrorBody,
} from '@gongzhi/api';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createTemplateService } from './templates-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['cases'];
const admin = { access: 'cases:admin' as const };

export function templateRoutes(app: App, deps: AppDeps) {
  const templates = createTemplateService({ clock: deps.clock });

  app.get(
    '/api/cases/templates',
    {
      schema: {
        tags,
        summary: 'Reply templates (回复模板) by purpose; with a category, its own first, then those for every category',
        querystring: CaseTemplateQuery,
        response: { 200: CaseTemplateList, ...errors },
      },
      config: { access: 'cases:read' },
    },
    (req) => templates.list(deps.db, req.scope, req.query),
  );

  app.post(
    '/api/cases/templates',
    {
      schema: {
        tags,
        summary: 'Add a reply template, for one category or all',
        body: CaseTemplateBody,
        response: { 201: CaseTemplate, ...errors },
      },
      config: admin,
    },
    (req, reply) => write(deps, req, reply, (trx) => templates.create(trx, req.scope, req.body), 201),
  );

  app.patch(
    '/api/cases/templates/:uid',
    {
      schema: {
        tags,
        summary: 'Change a reply template, or switch it off (active: false)',
        params: CaseAdminParams,
        body: CaseTemplatePatch,
        response: { 200: CaseTemplate, ...errors },
      },
      config: admin,
    },
    (req, reply) => write(deps, req, reply, (trx) => templates.update(trx, req.scope, req.params.uid, req.body)),
  );
}
