import type { App, AppDeps } from '../../platform/deps.ts';

// Registered by the councils part (replaced by its owner).
export function councilRoutes(_app: App, _deps: AppDeps) {}
