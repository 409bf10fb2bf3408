import type { App, AppDeps } from '../../platform/deps.ts';

// Its owner fills this in (issue 4, in progress).
export function duplicateRoutes(_app: App, _deps: AppDeps) {}
