/** HTTP of Open311 clients (/api/cases/open311-clients): a district admin makes, lists and revokes API keys. */
import {
  CaseAdminParams,
  ErrorBody,
  Open311Client,
  Open311ClientBody,
  Open311ClientCreated,
  Open311ClientList,
} from '@gongzhi/api';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createOpen311ClientService } from './open311-clients-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['cases'];
const admin = { access: 'cases:admin' as const };

export function open311ClientRoutes(app: App, deps: AppDeps) {
  const clients = createOpen311ClientService({ clock: deps.clock });

  app.get(
    '/api/cases/open311-clients',
    {
      schema: {
        tags,
        summary: 'The district’s Open311 clients (keys are never shown again, only their last characters)',
        response: { 200: Open311ClientList, ...errors },
      },
      config: admin,
    },
    (req) => clients.list(deps.db, req.scope),
  );

  app.post(
    '/api/cases/open311-clients',
    {
      schema: {
        tags,
        summary: 'Make an Open311 client: its api_key is in this answer only',
        body: Open311ClientBody,
        response: { 201: Open311ClientCreated, ...errors },
      },
      config: admin,
    },
    // Not through write(): an Idempotency-Key would keep the answer, and with it the key in clear.
    async (req, reply) => {
      const made = await deps.db.transaction().execute((trx) => clients.create(trx, req.scope, req.body));
      reply.code(201);
      return made;
    },
  );

  app.post(
    '/api/cases/open311-clients/:uid/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an Open311 client: its key stops working and its account is disabled',
        params: CaseAdminParams,
        response: { 200: Open311Client, ...errors },
      },
      config: admin,
    },
    (req, reply) => write(deps, req, reply, (trx) => clients.revoke(trx, req.scope, req.params.uid)),
  );
}
