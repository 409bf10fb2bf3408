/**
 * HTTP of what a district admin keeps for cases: categories (here), reply templates, the working
 * calendar and Open311 clients (their own route files, registered from here).
 */
import {
  CaseAdminParams,
  CaseCategory,
  CaseCategoryBody,
  CaseCategoryPatch,
  CaseCategoryTree,
  ErrorBody,
} from '@gongzhi/api';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { calendarRoutes } from './calendar-routes.ts';
import { createCategoryService } from './categories-service.ts';
import { open311ClientRoutes } from './open311-clients-routes.ts';
import { templateRoutes } from './templates-routes.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['cases'];
const admin = { access: 'cases:admin' as const };

export function categoryRoutes(app: App, deps: AppDeps) {
  const categories = createCategoryService({ clock: deps.clock });

  app.get(
    '/api/cases/categories',
    {
      schema: {
        tags,
        summary:
          'The district’s case categories (事件分类), two levels, with time limits and handlers; inactive ones for cases:admin only',
        response: { 200: CaseCategoryTree, ...errors },
      },
      config: { access: 'session' },
    },
    (req) => categories.tree(deps.db, req.scope),
  );

  app.post(
    '/api/cases/categories',
    {
      schema: {
        tags,
        summary: 'Add a category: name, code (Open311 service_code), time limits, default handler, deliberable',
        body: CaseCategoryBody,
        response: { 201: CaseCategory, ...errors },
      },
      config: admin,
    },
    (req, reply) => write(deps, req, reply, (trx) => categories.create(trx, req.scope, req.body), 201),
  );

  app.patch(
    '/api/cases/categories/:uid',
    {
      schema: {
        tags,
        summary: 'Change a category (the code stays): names, time limits, handler, deliberable, active, parent, order',
        params: CaseAdminParams,
        body: CaseCategoryPatch,
        response: { 200: CaseCategory, ...errors },
      },
      config: admin,
    },
    (req, reply) => write(deps, req, reply, (trx) => categories.update(trx, req.scope, req.params.uid, req.body)),
  );

  templateRoutes(app, deps);
  calendarRoutes(app, deps);
  open311ClientRoutes(app, deps);
}
