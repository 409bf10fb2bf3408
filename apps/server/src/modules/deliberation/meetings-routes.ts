import type { App, AppDeps } from '../../platform/deps.ts';

// Registered by the meetings part (replaced by its owner).
export function meetingRoutes(_app: App, _deps: AppDeps) {}
