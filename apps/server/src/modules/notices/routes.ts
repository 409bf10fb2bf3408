import type { App, AppDeps } from '../../platform/deps.ts';

// In-app notices (/api/notices): registered by the notices part (replaced by its owner).
export function noticeRoutes(_app: App, _deps: AppDeps) {}
