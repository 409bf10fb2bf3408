/**
 * HTTP of the workflow: POST /api/cases/:uid/<action> (each answers the case's detail), bulk
 * dispatch (POST /api/cases/dispatch), a handling unit's inbox (GET /api/cases/inbox), and the
 * follow-up tasks (GET /api/cases/tasks, POST /api/cases/tasks/:uid/done). Every write is one
 * transaction and honours Idempotency-Key (write()).
 */
import {
  AcceptCaseBody,
  BulkDispatchBody,
  BulkDispatchResult,
  CaseDetail,
  CaseInbox,
  CaseInboxQuery,
  CaseTask,
  CaseTaskDoneBody,
  CaseTaskList,
  CaseTaskListQuery,
  CloseCaseBody,
  CommentCaseBody,
  DispatchCaseBody,
  ErrorBody,
  EscalateCaseBody,
  LinkTopicBody,
  RateCaseBody,
  RejectCaseBody,
  ResolveCaseBody,
  ReturnCaseBody,
  StartCaseBody,
  SuperviseCaseBody,
  TransferCaseBody,
  Uid,
} from '@gongzhi/api';
import type { Permission } from '@gongzhi/domain';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createTasksService } from './tasks-service.ts';
import { createWorkflowService } from './workflow-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['cases'];

export function workflowRoutes(app: App, deps: AppDeps) {
  const wf = createWorkflowService({ clock: deps.clock });
  const tasks = createTasksService({ clock: deps.clock });

  /** One action on one case: POST /api/cases/:uid/<path>. */
  function action<B extends TSchema>(
    path: string,
    access: Permission | 'session',
    summary: string,
    body: B,
    run: (trx: Db, scope: Scope, uid: string, body: Static<B>) => Promise<CaseDetail>,
  ) {
    app.post(
      `/api/cases/:uid/${path}`,
      {
        schema: { tags, summary, params: Params, body, response: { 200: CaseDetail, ...errors } },
        config: { access },
      },
      (req: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) =>
        write(deps, req, reply, (trx) => run(trx, req.scope, req.params.uid, (req.body ?? {}) as Static<B>)),
    );
  }

  action('accept', 'cases:dispatch', 'Accept a report (受理): reported → accepted', AcceptCaseBody, wf.accept);
  action(
    'reject',
    'cases:dispatch',
    'Reject a report with the reason (不予受理): → rejected',
    RejectCaseBody,
    wf.reject,
  );
  action(
    'dispatch',
    'cases:dispatch',
    'Dispatch (分拨) to a department of the district or the community (default: the category’s handler; no usable handler → the community, 兜底)',
    DispatchCaseBody,
    wf.dispatch,
  );
  action(
    'transfer',
    'cases:dispatch',
    'Transfer (转派) to another unit, with the reason',
    TransferCaseBody,
    wf.transfer,
  );
  action(
    'return',
    'cases:handle',
    'The handler gives the case back to dispatch (退回), with the reason: → accepted',
    ReturnCaseBody,
    wf.giveBack,
  );
  action('start', 'cases:handle', 'Start handling (开始办理): dispatched → in_progress', StartCaseBody, wf.start);
  action(
    'resolve',
    'cases:handle',
    'Resolve (办结) with the result and photos (uploaded first with PUT /api/cases/photos/{uid})',
    ResolveCaseBody,
    wf.resolve,
  );
  action(
    'rate',
    'cases:self',
    'The reporter rates the result (评价 1–5): ≥ 3 closes it, ≤ 2 reopens it with a follow-up task',
    RateCaseBody,
    wf.rate,
  );
  action('close', 'cases:dispatch', 'Close a resolved case without a rating (办结归档)', CloseCaseBody, wf.close);
  action(
    'escalate',
    'cases:supervise',
    'Escalate one level (升级: community → street → district)',
    EscalateCaseBody,
    wf.escalate,
  );
  action('supervise', 'cases:supervise', 'Supervise (督办) with an instruction', SuperviseCaseBody, wf.supervise);
  action(
    'comment',
    'session',
    'A note on the timeline, by anyone who may read the case (staff, handlers, the reporter)',
    CommentCaseBody,
    wf.comment,
  );
  action(
    'link-topic',
    'cases:dispatch',
    'Link the deliberation topic the case became (转议事; deliberable categories only)',
    LinkTopicBody,
    wf.linkTopic,
  );

  app.post(
    '/api/cases/dispatch',
    {
      schema: {
        tags,
        summary:
          'Dispatch up to 100 cases at once (one transaction); cases that may not be dispatched are reported back',
        body: BulkDispatchBody,
        response: { 200: BulkDispatchResult, ...errors },
      },
      config: { access: 'cases:dispatch' },
    },
    (req, reply) => write(deps, req, reply, (trx) => wf.bulkDispatch(trx, req.scope, req.body)),
  );

  app.get(
    '/api/cases/inbox',
    {
      schema: {
        tags,
        summary: 'Cases dispatched to my units, due soonest first, with their SLA state',
        querystring: CaseInboxQuery,
        response: { 200: CaseInbox, ...errors },
      },
      config: { access: 'cases:handle' },
    },
    (req) => wf.inbox(deps.db, req.scope, req.query),
  );

  app.get(
    '/api/cases/tasks',
    {
      schema: {
        tags,
        summary: 'Follow-up tasks (回访) after bad ratings in my area, open ones by default, due soonest first',
        querystring: CaseTaskListQuery,
        response: { 200: CaseTaskList, ...errors },
      },
      config: { access: 'cases:read' },
    },
    (req) => tasks.list(deps.db, req.scope, req.query),
  );

  app.post(
    '/api/cases/tasks/:uid/done',
    {
      schema: {
        tags,
        summary: 'Mark a follow-up task done, with a note of the call',
        params: Params,
        body: CaseTaskDoneBody,
        response: { 200: CaseTask, ...errors },
      },
      config: { access: 'cases:dispatch' },
    },
    (req, reply) => write(deps, req, reply, (trx) => tasks.done(trx, req.scope, req.params.uid, req.body)),
  );
}
