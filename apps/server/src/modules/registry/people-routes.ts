import type { App, AppDeps } from '../../platform/deps.ts';

export function peopleRoutes(_app: App, _deps: AppDeps) {}
