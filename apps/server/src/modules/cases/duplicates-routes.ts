/**
 * HTTP of duplicates: "same problem?" (/api/cases/nearby, for whoever may report) and merging a
 * case into the one it repeats (/api/cases/:uid/merge, at the dispatch desk).
 */
import { ErrorBody, MergeCaseBody, MergeCaseResult, NearbyCases, NearbyQuery, Uid } from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createDuplicatesService } from './duplicates-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['cases'];

export function duplicateRoutes(app: App, deps: AppDeps) {
  const duplicates = createDuplicatesService({ clock: deps.clock });

  app.get(
    '/api/cases/nearby',
    {
      schema: {
        tags,
        summary:
          '"Same problem?": open cases of the category within 50 m reported in the last 3 days, masked (cases:intake or cases:self)',
        querystring: NearbyQuery,
        response: { 200: NearbyCases, ...errors },
      },
      // cases:intake or cases:self: the service checks which
      config: { access: 'session' },
    },
    (req) => duplicates.nearby(deps.db, req.scope, req.query),
  );

  app.post(
    '/api/cases/:uid/merge',
    {
      schema: {
        tags,
        summary: 'Merge a case into the open case it repeats: its reporters follow that case',
        params: Type.Object({ uid: Uid }),
        body: MergeCaseBody,
        response: { 200: MergeCaseResult, ...errors },
      },
      config: { access: 'cases:dispatch' },
    },
    (req, reply) => write(deps, req, reply, (trx) => duplicates.merge(trx, req.scope, req.params.uid, req.body)),
  );
}
