import type { App, AppDeps } from '../../platform/deps.ts';

// Registered by the micro part (replaced by its owner).
export function microRoutes(_app: App, _deps: AppDeps) {}
