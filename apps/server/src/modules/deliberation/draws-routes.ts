/**
 * HTTP of public draws (抽签): staff publish a draw with its seed's hash and draw it once with the
 * seed; the public page (no login) shows entrants, seed hash, seed, algorithm and order.
 */
import { DrawCreateBody, DrawDoBody, DrawListQuery, DrawPage, DrawView, ErrorBody, Uid } from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createDrawsService } from './draws-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['deliberation'];

export function drawRoutes(app: App, deps: AppDeps) {
  const draws = createDrawsService({ clock: deps.clock });

  app.get(
    '/api/deliberation/draws',
    {
      schema: {
        tags,
        summary: 'Draws in my area, newest first',
        querystring: DrawListQuery,
        response: { 200: DrawPage, ...errors },
      },
      config: { access: 'deliberation:read' },
    },
    (req) => draws.list(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/deliberation/draws/:uid',
    {
      schema: { tags, summary: 'One draw', params: Params, response: { 200: DrawView, ...errors } },
      config: { access: 'deliberation:read' },
    },
    (req) => draws.get(deps.db, req.scope, req.params.uid),
  );
  app.post(
    '/api/deliberation/draws',
    {
      schema: {
        tags,
        summary:
          'Publish a draw: its entrants (or a vote’s options) and the SHA-256 of the seed kept by staff. 201 new, 200 when the uid was published already',
        body: DrawCreateBody,
        response: { 200: DrawView, 201: DrawView, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    async (req, reply) => {
      let found = false;
      const v = await write(
        deps,
        req,
        reply,
        async (trx) => {
          const r = await draws.create(trx, req.scope, req.body);
          found = !r.created;
          return r.view;
        },
        201,
      );
      if (found) reply.code(200);
      return v;
    },
  );
  app.post(
    '/api/deliberation/draws/:uid/draw',
    {
      schema: {
        tags,
        summary: 'Draw, once: the seed must hash to the published hash; the order is drawOrder(seed, entrant keys)',
        params: Params,
        body: DrawDoBody,
        response: { 200: DrawView, ...errors },
      },
      config: { access: 'deliberation:manage' },
    },
    (req, reply) => write(deps, req, reply, (trx) => draws.draw(trx, req.scope, req.params.uid, req.body)),
  );
  app.get(
    '/api/public/deliberation/draws/:uid',
    {
      schema: {
        tags,
        summary: 'A public draw: entrants, seed hash, seed, algorithm and the drawn order — all it takes to re-run it',
        params: Params,
        response: { 200: DrawView, ...errors },
      },
      config: { access: 'public' },
    },
    (req) => draws.publicDraw(deps.db, req.params.uid),
  );
}
