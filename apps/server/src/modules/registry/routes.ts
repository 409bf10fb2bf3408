/** HTTP for the living registry (/api/registry/*): places, people, import and export. */
import type { App, AppDeps } from '../../platform/deps.ts';
import { importRoutes } from './import/routes.ts';
import { peopleRoutes } from './people-routes.ts';
import { placesRoutes } from './places-routes.ts';

export function registryRoutes(app: App, deps: AppDeps) {
  placesRoutes(app, deps);
  peopleRoutes(app, deps);
  importRoutes(app, deps);
}
