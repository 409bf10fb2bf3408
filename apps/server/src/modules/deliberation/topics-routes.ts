import type { App, AppDeps } from '../../platform/deps.ts';

// Registered by the topics part (replaced by its owner).
export function topicRoutes(_app: App, _deps: AppDeps) {}
