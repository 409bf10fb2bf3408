import type { App, AppDeps } from '../../platform/deps.ts';

// Registered by the votes part (replaced by its owner).
export function voteRoutes(_app: App, _deps: AppDeps) {}
