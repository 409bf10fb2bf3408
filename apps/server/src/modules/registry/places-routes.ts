import type { App, AppDeps } from '../../platform/deps.ts';

export function placesRoutes(_app: App, _deps: AppDeps) {}
