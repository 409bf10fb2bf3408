/**
 * HTTP of points (积分制, /api/points/*): the ledger, the rule catalogue and claims, the points
 * store, rankings with their 公示, and party members' duty posts. Each part registers its own.
 */
import type { App, AppDeps } from '../../platform/deps.ts';
import { catalogueRoutes } from './catalogue-routes.ts';
import { claimRoutes } from './claims-routes.ts';
import { ledgerRoutes } from './ledger-routes.ts';
import { partyRoutes } from './party-routes.ts';
import { rankingRoutes } from './rankings-routes.ts';
import { storeRoutes } from './store-routes.ts';

export function pointsRoutes(app: App, deps: AppDeps) {
  ledgerRoutes(app, deps);
  catalogueRoutes(app, deps);
  claimRoutes(app, deps);
  storeRoutes(app, deps);
  rankingRoutes(app, deps);
  partyRoutes(app, deps);
}
