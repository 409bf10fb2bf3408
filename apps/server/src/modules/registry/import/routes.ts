import type { App, AppDeps } from '../../../platform/deps.ts';

export function importRoutes(_app: App, _deps: AppDeps) {}
