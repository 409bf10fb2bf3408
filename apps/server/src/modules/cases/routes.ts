/**
 * HTTP of cases (事件, /api/cases/*, /open311/v2/*): intake and the case's reads, the workflow,
 * categories with their SLAs, reply templates and the working calendar, duplicates, Open311,
 * the public board and satisfaction. Each part registers its own.
 */
import type { App, AppDeps } from '../../platform/deps.ts';
import { boardRoutes } from './board-routes.ts';
import { categoryRoutes } from './categories-routes.ts';
import { duplicateRoutes } from './duplicates-routes.ts';
import { intakeRoutes } from './intake-routes.ts';
import { open311Routes } from './open311-routes.ts';
import { workflowRoutes } from './workflow-routes.ts';

export function casesRoutes(app: App, deps: AppDeps) {
  intakeRoutes(app, deps);
  workflowRoutes(app, deps);
  categoryRoutes(app, deps);
  duplicateRoutes(app, deps);
  open311Routes(app, deps);
  boardRoutes(app, deps);
}
