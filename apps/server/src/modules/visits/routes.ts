/** HTTP of home visits (/api/visits/*): the must-visit plans and the diaries with their sync. */
import type { App, AppDeps } from '../../platform/deps.ts';
import { planRoutes } from './plans-routes.ts';
import { recordRoutes } from './records-routes.ts';

export function visitsRoutes(app: App, deps: AppDeps) {
  planRoutes(app, deps);
  recordRoutes(app, deps);
}
