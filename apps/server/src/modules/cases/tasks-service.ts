/**
 * Tasks beside the workflow (case_task): the follow-up contact (回访) the community owes a reporter
 * who rated a case badly. Made by the workflow's rate (workflow-service.ts); listed here for the
 * community's staff and marked done with a note of the call. Staff see tasks by the community's
 * path (cases:read to list, cases:dispatch to close one).
 */
import type { CaseTask, CaseTaskDoneBody, CaseTaskList, CaseTaskListQuery } from '@gongzhi/api';
import { type SqlBool, sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { unitForScope } from '../org/service.ts';
import { appendEvents } from './timeline.ts';

interface TaskRow {
  id: number;
  uid: string;
  case_id: number;
  org_path: string;
  status: string;
  due_at: Date;
  note: string | null;
  done_at: Date | null;
  done_by_name: string | null;
  created_at: Date;
  case_uid: string;
  receipt_no: string;
  title: string;
  case_status: string;
  rating: number | null;
  rating_comment: string | null;
}

function taskQuery(db: Db) {
  return db
    .selectFrom('case_task as t')
    .innerJoin('cases as c', 'c.id', 't.case_id')
    .leftJoin('app_user as u', 'u.id', 't.done_by')
    .select([
      't.id',
      't.uid',
      't.case_id',
      't.org_path',
      't.status',
      't.due_at',
      't.note',
      't.done_at',
      'u.display_name as done_by_name',
      't.created_at',
      'c.uid as case_uid',
      'c.receipt_no',
      'c.title',
      'c.status as case_status',
      'c.rating',
      'c.rating_comment',
    ]);
}

function toTask(r: TaskRow, now: Date): CaseTask {
  return {
    uid: r.uid,
    kind: 'follow_up',
    status: r.status as CaseTask['status'],
    dueAt: r.due_at.toISOString(),
    overdue: r.status === 'open' && r.due_at.getTime() < now.getTime(),
    note: r.note,
    doneBy: r.done_by_name,
    doneAt: r.done_at ? r.done_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    case: {
      uid: r.case_uid,
      receiptNo: r.receipt_no,
      title: r.title,
      status: r.case_status as CaseTask['case']['status'],
      rating: r.rating,
      ratingComment: r.rating_comment,
    },
  };
}

export function createTasksService(deps: { clock: Clock }) {
  const { clock } = deps;

  /** Tasks in the caller's area (or one unit of it), open ones by default, due soonest first. */
  async function list(db: Db, scope: Scope, q: CaseTaskListQuery): Promise<CaseTaskList> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const paths = q.unit
      ? [(await unitForScope(db, scope, { uid: q.unit }, 'cases:read')).path]
      : pathsWith(scope, 'cases:read');
    const status = q.status ?? 'open';
    const where = sql<SqlBool>`${inSubtrees('t.org_path', paths)} and t.status = ${status}`;
    const [rows, count] = await Promise.all([
      taskQuery(db)
        .where(where)
        .orderBy(status === 'open' ? 't.due_at' : 't.done_at', status === 'open' ? 'asc' : 'desc')
        .orderBy('t.id', 'asc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      db
        .selectFrom('case_task as t')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(where)
        .executeTakeFirstOrThrow(),
    ]);
    const now = clock();
    return { items: rows.map((r) => toTask(r, now)), total: Number(count.n), page, pageSize };
  }

  /** The call was made: the task is done, with its note; the case's timeline says so too. */
  async function done(trx: Db, scope: Scope, uid: string, body: CaseTaskDoneBody): Promise<CaseTask> {
    const now = clock();
    const task = await trx.selectFrom('case_task').selectAll().where('uid', '=', uid).forUpdate().executeTakeFirst();
    if (!task || !canAt(scope, 'cases:dispatch', task.org_path)) throw new AppError('CASE_TASK_NOT_FOUND', 404);
    if (task.status !== 'open') throw new AppError('CASE_TASK_DONE', 409, { doneAt: task.done_at?.toISOString() });
    await trx
      .updateTable('case_task')
      .set({ status: 'done', note: body.note, done_by: scope.user.id, done_at: now })
      .where('id', '=', task.id)
      .execute();
    const c = await trx
      .selectFrom('cases')
      .select(['id', 'uid', 'status', 'org_path'])
      .where('id', '=', task.case_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await appendEvents(
      trx,
      c.id,
      { id: scope.user.id, name: scope.user.displayName },
      [
        {
          action: 'follow_up',
          fromStatus: c.status,
          toStatus: c.status,
          note: body.note,
          detail: { task: task.uid },
        },
      ],
      now,
    );
    await emitEvent(trx, 'case.followed_up', { caseUid: c.uid, task: task.uid }, c.org_path, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.task_done',
        targetType: 'case_task',
        targetId: task.uid,
        orgPath: c.org_path,
        before: { status: 'open' },
        after: { status: 'done', case: c.uid },
      },
      now,
    );
    const row = await taskQuery(trx).where('t.id', '=', task.id).executeTakeFirstOrThrow();
    return toTask(row, now);
  }

  return { list, done };
}
