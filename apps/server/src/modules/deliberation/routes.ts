/**
 * HTTP of deliberation (议事协商, /api/deliberation/*, /api/public/deliberation/*): councils and
 * procedures, topics and their steps, meetings, votes and draws, micro-projects (民生微实事) and
 * the public board of the two 公开. Each part registers its own.
 */
import type { App, AppDeps } from '../../platform/deps.ts';
import { boardRoutes } from './board-routes.ts';
import { councilRoutes } from './councils-routes.ts';
import { drawRoutes } from './draws-routes.ts';
import { meetingRoutes } from './meetings-routes.ts';
import { microRoutes } from './micro-routes.ts';
import { topicRoutes } from './topics-routes.ts';
import { voteRoutes } from './votes-routes.ts';

export function deliberationRoutes(app: App, deps: AppDeps) {
  councilRoutes(app, deps);
  topicRoutes(app, deps);
  meetingRoutes(app, deps);
  voteRoutes(app, deps);
  drawRoutes(app, deps);
  microRoutes(app, deps);
  boardRoutes(app, deps);
}
