import type { App, AppDeps } from '../../platform/deps.ts';

// Registered by the board part (replaced by its owner).
export function boardRoutes(_app: App, _deps: AppDeps) {}
