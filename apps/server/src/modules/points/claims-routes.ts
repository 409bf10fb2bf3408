/**
 * HTTP of earning points: a resident's claims (/api/points/me/claims), the review queue
 * (/api/points/claims), direct awards and deductions (/api/points/awards), and the evidence
 * photos (/api/points/photos/:id, raw image bodies parsed for that route only).
 */
import { join } from 'node:path';
import {
  ApproveClaimBody,
  AwardBody,
  AwardResult,
  Claim,
  ClaimBody,
  ClaimList,
  ClaimListQuery,
  ClaimReplyBody,
  ErrorBody,
  MyClaimsQuery,
  PointsPhoto,
  RejectClaimBody,
  RequestInfoBody,
  Uid,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { MAX_PHOTO_BYTES, photoRoutes } from '../../platform/files/photo-routes.ts';
import { createDiskFileStore, type FileStore } from '../../platform/files/store.ts';
import { write } from '../../platform/http/write.ts';
import { createAwardsService } from './awards-service.ts';
import { createClaimPhotos, createClaimsService } from './claims-service.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
};
const Params = Type.Object({ uid: Uid });
const tags = ['points'];
const self = { access: 'points:self' as const };
const review = { access: 'points:review' as const };

export function claimRoutes(
  app: App,
  deps: AppDeps,
  files: FileStore = createDiskFileStore(join(deps.config.dataDir, 'files')),
) {
  const claims = createClaimsService({ clock: deps.clock });
  const awards = createAwardsService({ clock: deps.clock });
  const photos = createClaimPhotos({ clock: deps.clock, files });

  // ── The resident's own ──
  app.post(
    '/api/points/me/claims',
    {
      schema: {
        tags,
        summary: 'Claim points for a rule (申报), with the evidence it asks for; photos uploaded first',
        body: ClaimBody,
        response: { 201: Claim, ...errors },
      },
      config: self,
    },
    (req, reply) => write(deps, req, reply, (trx) => claims.submit(trx, req.scope, req.body), 201),
  );
  app.get(
    '/api/points/me/claims',
    {
      schema: {
        tags,
        summary: 'My claims, newest first',
        querystring: MyClaimsQuery,
        response: { 200: ClaimList, ...errors },
      },
      config: self,
    },
    (req) => claims.mine(deps.db, req.scope, req.query),
  );
  app.post(
    '/api/points/me/claims/:uid/reply',
    {
      schema: {
        tags,
        summary: 'Answer a request for more (needs_info → pending), with a note and photos',
        params: Params,
        body: ClaimReplyBody,
        response: { 200: Claim, ...errors },
      },
      config: self,
    },
    (req, reply) => write(deps, req, reply, (trx) => claims.reply(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/points/me/claims/:uid/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw my claim while it waits',
        params: Params,
        response: { 200: Claim, ...errors },
      },
      config: self,
    },
    (req, reply) => write(deps, req, reply, (trx) => claims.withdraw(trx, req.scope, req.params.uid)),
  );

  // ── Review ──
  app.get(
    '/api/points/claims',
    {
      schema: {
        tags,
        summary: 'The review queue: claims in my area, oldest first (pending and needs_info unless a status is given)',
        querystring: ClaimListQuery,
        response: { 200: ClaimList, ...errors },
      },
      config: review,
    },
    (req) => claims.queue(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/points/claims/:uid',
    {
      schema: {
        tags,
        summary: 'A claim with its evidence and timeline',
        params: Params,
        response: { 200: Claim, ...errors },
      },
      config: { access: 'points:read' },
    },
    (req) => claims.view(deps.db, req.scope, req.params.uid),
  );
  app.post(
    '/api/points/claims/:uid/approve',
    {
      schema: {
        tags,
        summary: 'Approve a claim: its points move to the holder’s account (cap permitting)',
        params: Params,
        body: ApproveClaimBody,
        response: { 200: Claim, ...errors },
      },
      config: review,
    },
    (req, reply) => write(deps, req, reply, (trx) => claims.approve(trx, req.scope, req.params.uid, req.body?.note)),
  );
  app.post(
    '/api/points/claims/:uid/reject',
    {
      schema: {
        tags,
        summary: 'Reject a claim, with the reason',
        params: Params,
        body: RejectClaimBody,
        response: { 200: Claim, ...errors },
      },
      config: review,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => claims.decide(trx, req.scope, req.params.uid, 'reject', req.body.reason)),
  );
  app.post(
    '/api/points/claims/:uid/request-info',
    {
      schema: {
        tags,
        summary: 'Ask the claimant for more (pending → needs_info), saying what',
        params: Params,
        body: RequestInfoBody,
        response: { 200: Claim, ...errors },
      },
      config: review,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => claims.decide(trx, req.scope, req.params.uid, 'request_info', req.body.note)),
  );

  // ── Direct ──
  app.post(
    '/api/points/awards',
    {
      schema: {
        tags,
        summary: 'Award (rule points > 0) or deduct (< 0, reason required and shown to the person) directly',
        body: AwardBody,
        response: { 201: AwardResult, ...errors },
      },
      config: review,
    },
    (req, reply) => write(deps, req, reply, (trx) => awards.award(trx, req.scope, req.body), 201),
  );

  // ── Photos ──
  photoRoutes(app, deps, {
    path: '/api/points/photos',
    photos,
    tags,
    stored: PointsPhoto,
    read: { access: 'session', summary: 'An evidence photo’s bytes: uploaded by me, or shown by a claim in my area' },
    upload: {
      access: 'session',
      summary: `Upload an evidence photo (raw JPEG, PNG, WebP or HEIC, ≤ ${MAX_PHOTO_BYTES / 1024 / 1024} MB) under an id the client chose; 200 when already there`,
    },
  });
}
