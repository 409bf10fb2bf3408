/**
 * HTTP of 民生微实事: budgets (/api/deliberation/budgets), projects (/api/deliberation/projects and a
 * budget's /projects), and milestone photos (/api/deliberation/photos/:id, raw image bodies).
 * Reads are 'session': staff see their area's, residents their community's (the service decides).
 */
import {
  BudgetCreateBody,
  BudgetDetail,
  BudgetListQuery,
  BudgetPage,
  BudgetPatchBody,
  BudgetPhaseBody,
  ErrorBody,
  MicroPhoto,
  MilestoneCreateBody,
  ProjectAcceptBody,
  ProjectCreateBody,
  ProjectDetail,
  ProjectListQuery,
  ProjectPage,
  ProjectPatchBody,
  ProjectReviewBody,
  ProjectStepBody,
  Uid,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { MAX_PHOTO_BYTES, photoRoutes } from '../../platform/files/photo-routes.ts';
import { fileStoreIn } from '../../platform/files/store.ts';
import { write } from '../../platform/http/write.ts';
import { createMicroPhotos, createMicroService } from './micro-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['deliberation'];
const reader = { access: 'session' as const };
const manage = { access: 'deliberation:manage' as const };

export function microRoutes(app: App, deps: AppDeps) {
  const micro = createMicroService({ clock: deps.clock });
  const photos = createMicroPhotos({ clock: deps.clock, files: fileStoreIn(deps.config.dataDir) });

  // ── Budgets ──
  app.get(
    '/api/deliberation/budgets',
    {
      schema: {
        tags,
        summary: '民生微实事 budgets: staff their area’s (or under unit), residents their community’s',
        querystring: BudgetListQuery,
        response: { 200: BudgetPage, ...errors },
      },
      config: reader,
    },
    (req) => micro.listBudgets(deps.db, req.scope, req.query),
  );
  app.post(
    '/api/deliberation/budgets',
    {
      schema: {
        tags,
        summary: 'Create a community’s budget for a year (one per year), in the proposing phase',
        body: BudgetCreateBody,
        response: { 201: BudgetDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.createBudget(trx, req.scope, req.body), 201),
  );
  app.get(
    '/api/deliberation/budgets/:uid',
    {
      schema: {
        tags,
        summary: 'A budget with its projects, its vote’s progress and, once selected, the selection and its rule',
        params: Params,
        response: { 200: BudgetDetail, ...errors },
      },
      config: reader,
    },
    (req) => micro.budgetDetail(deps.db, req.scope, req.params.uid),
  );
  app.patch(
    '/api/deliberation/budgets/:uid',
    {
      schema: {
        tags,
        summary: 'Change a budget’s amount or rules, before its vote opens',
        params: Params,
        body: BudgetPatchBody,
        response: { 200: BudgetDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.patchBudget(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/budgets/:uid/phase',
    {
      schema: {
        tags,
        summary:
          'Move to the next phase: voting opens the residents’ vote over the feasible projects; selected closes it and selects',
        params: Params,
        body: BudgetPhaseBody,
        response: { 200: BudgetDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.movePhase(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/budgets/:uid/projects',
    {
      schema: {
        tags,
        summary: 'Propose a project (a resident of the community, or staff), while proposals are open',
        params: Params,
        body: ProjectCreateBody,
        response: { 201: ProjectDetail, ...errors },
      },
      config: reader,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.propose(trx, req.scope, req.params.uid, req.body), 201),
  );

  // ── Projects ──
  app.get(
    '/api/deliberation/projects',
    {
      schema: {
        tags,
        summary: 'Projects: of a budget, by status, or mine (a resident’s own proposals with their review)',
        querystring: ProjectListQuery,
        response: { 200: ProjectPage, ...errors },
      },
      config: reader,
    },
    (req) => micro.listProjects(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/deliberation/projects/:uid',
    {
      schema: {
        tags,
        summary: 'A project with its review, votes, milestones, spending and acceptance',
        params: Params,
        response: { 200: ProjectDetail, ...errors },
      },
      config: reader,
    },
    (req) => micro.projectDetail(deps.db, req.scope, req.params.uid),
  );
  app.patch(
    '/api/deliberation/projects/:uid',
    {
      schema: {
        tags,
        summary: 'The proposer changes their proposal while proposals are open (a reviewed one returns to review)',
        params: Params,
        body: ProjectPatchBody,
        response: { 200: ProjectDetail, ...errors },
      },
      config: { access: 'deliberation:self' },
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.patchProject(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/projects/:uid/review',
    {
      schema: {
        tags,
        summary:
          'Feasibility review: feasible with its price, or unfeasible with a written explanation to the proposer',
        params: Params,
        body: ProjectReviewBody,
        response: { 200: ProjectDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.review(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/projects/:uid/start',
    {
      schema: {
        tags,
        summary: 'Start work on a selected project (开工)',
        params: Params,
        body: ProjectStepBody,
        response: { 200: ProjectDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.start(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/projects/:uid/complete',
    {
      schema: {
        tags,
        summary: 'Mark the work done (完工), awaiting acceptance',
        params: Params,
        body: ProjectStepBody,
        response: { 200: ProjectDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.complete(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/projects/:uid/accept',
    {
      schema: {
        tags,
        summary: 'Accept the finished work (验收) with its written result',
        params: Params,
        body: ProjectAcceptBody,
        response: { 200: ProjectDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.accept(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/projects/:uid/milestones',
    {
      schema: {
        tags,
        summary: 'Record a milestone with what was spent and its photos (uploaded first)',
        params: Params,
        body: MilestoneCreateBody,
        response: { 201: ProjectDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => micro.addMilestone(trx, req.scope, req.params.uid, req.body), 201),
  );

  // ── Photos ──
  photoRoutes(app, deps, {
    path: '/api/deliberation/photos',
    photos,
    tags,
    stored: MicroPhoto,
    read: { access: 'session', summary: 'A milestone photo’s bytes: uploaded by me, or of a budget I may see' },
    upload: {
      access: 'deliberation:manage',
      summary: `Upload a milestone photo (raw JPEG, PNG, WebP or HEIC, ≤ ${MAX_PHOTO_BYTES / 1024 / 1024} MB) under an id the client chose; 200 when already there`,
    },
  });
}
