import type { App, AppDeps } from '../../platform/deps.ts';

// Registered by the draws part (replaced by its owner).
export function drawRoutes(_app: App, _deps: AppDeps) {}
