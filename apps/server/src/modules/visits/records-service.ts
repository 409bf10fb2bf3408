/**
 * 民情日记: the records part of the visits module — the sync of records made offline, photos,
 * the diary list and a record's detail with every revision. Owns visit, visit_person,
 * visit_photo, visit_revision and the diaries' share of the monthly tallies (the photos' files
 * and stored_file rows are kept by platform/files/photos.ts, which asks here who may see one);
 * reads the registry's households and persons; closes must-visit items only through the plans'
 * markDueVisited.
 *
 * A sync is one transaction. Every record is checked first against what one query finds
 * (subjects, the visits already synced, photos), so an invalid record is reported `rejected`
 * before anything is written. The valid ones are then written together, a few set-based
 * statements for the whole batch (a 50-record batch is about ten statements). Should the
 * database refuse that (a concurrent sync of the same records, a value it cannot store), the
 * transaction rolls back and the batch runs again with each record in a savepoint of its own,
 * so that one failing record is rejected and the others are kept.
 */
import type {
  SyncBody,
  SyncResponse,
  SyncResult,
  VisitDetail,
  VisitInput,
  VisitList,
  VisitSummary,
} from '@gongzhi/api';
import {
  checkVisitTime,
  chinaDate,
  type EditResolution,
  resolveEdit,
  sameVisitBody,
  type VisitBody,
} from '@gongzhi/domain';
import type { Static } from '@sinclair/typebox';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AccessLog } from '../../platform/audit/access-log.ts';
import { type AuditEntry, recordAudit, recordAudits } from '../../platform/audit/audit.ts';
import { actorOf, canAt, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, type Locale, messageFor } from '../../platform/errors.ts';
import { createPhotoStore } from '../../platform/files/photos.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { unitForScope } from '../org/service.ts';
import { markDueVisitedMany } from './due.ts';
import * as repo from './records-repo.ts';
import { applyTallies, monthOf, TallyChanges } from './tallies.ts';

export const PHOTO_PURPOSE = 'visit_photo';
export const RECORDED_TOPIC = 'visits.recorded';
/** A points claim started from a visit goes to the points module through this event. */
export const AWARD_REQUESTED_TOPIC = 'points.award_requested';

export interface RecordsDeps {
  clock: Clock;
  accessLog: AccessLog;
  files: FileStore;
}

interface Problem {
  field: string;
  code: string;
}

/** One record of a batch, with its place in the batch. */
interface Item {
  index: number;
  input: VisitInput;
  body: VisitBody;
}

interface BatchContext {
  scope: Scope;
  now: Date;
  deviceId: string;
  /** Told why the database refused a record written on its own. */
  onRefused?: (err: unknown, index: number) => void;
}

const field = (i: number, name: string) => `records[${i}].${name}`;

/** What a record says, as kept in its revisions and compared between edits. */
function bodyOf(input: VisitInput): VisitBody {
  return {
    householdId: input.householdId ?? null,
    personIds: input.personIds,
    visitedAt: input.visitedAt,
    method: input.method,
    summary: input.summary,
    findings: input.findings,
    location: input.location ?? null,
    photoIds: input.photoIds,
  };
}

function rejected(item: Item, problems: Problem[], locale: Locale): SyncResult {
  const code = (problems[0] as Problem).code;
  return {
    id: item.input.id,
    outcome: 'rejected',
    revision: null,
    error: {
      code,
      message: messageFor(code, locale),
      details: problems.map((p) => ({
        field: p.field,
        rule: p.code,
        message: `${p.field}: ${messageFor(p.code, locale)}`,
      })),
    },
  };
}

/** Problems a record has on its own, before the database is asked anything. */
function staticProblems(item: Item, now: Date): Problem[] {
  const { input, index } = item;
  const problems: Problem[] = [];
  if (!input.householdId && input.personIds.length === 0)
    problems.push({ field: field(index, 'personIds'), code: 'VISIT_SUBJECT_REQUIRED' });
  for (const name of ['visitedAt', 'recordedAt'] as const) {
    const problem = checkVisitTime(input[name], now);
    if (problem === 'TIME_IN_FUTURE') problems.push({ field: field(index, name), code: 'VISIT_TIME_IN_FUTURE' });
    if (problem === 'TIME_INVALID') problems.push({ field: field(index, name), code: 'VALIDATION_FAILED' });
  }
  return problems;
}

/** The database refused a batch written together: run it again one record at a time. */
export class BatchRefused extends Error {
  constructor(readonly reason: unknown) {
    super('the database refused the batch');
    this.name = 'BatchRefused';
  }
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

export function createRecordsService(deps: RecordsDeps) {
  const { clock, accessLog, files } = deps;

  /**
   * Checks a set of records (distinct ids) against the database, decides each, and writes the
   * ones to apply with set-based statements. Returns the result of every record given.
   */
  async function applyRecords(trx: Db, ctx: BatchContext, items: Item[]): Promise<Map<number, SyncResult>> {
    const { scope, now, deviceId } = ctx;
    const me = scope.user.id;
    const locale = scope.locale;
    const results = new Map<number, SyncResult>();
    if (items.length === 0) return results;

    const refs = await repo.batchRefs(trx, {
      households: [...new Set(items.flatMap((i) => (i.input.householdId ? [i.input.householdId] : [])))],
      persons: [
        ...new Set(items.flatMap((i) => [...i.input.personIds, ...(i.input.award ? [i.input.award.personId] : [])])),
      ],
      visits: items.map((i) => i.input.id),
      files: [...new Set(items.flatMap((i) => i.input.photoIds))],
    });
    const revisions = await repo.revisionsOf(
      trx,
      refs.visits.map((v) => v.id),
    );
    const households = new Map(refs.households.map((h) => [h.uid, h]));
    const persons = new Map(refs.persons.map((p) => [p.uid, p]));
    const photos = new Map(refs.files.map((f) => [f.uid, f]));
    const visits = new Map(refs.visits.map((v) => [v.uid, v]));
    const revisionsByVisit = new Map<number, repo.RevisionRow[]>();
    for (const r of revisions) revisionsByVisit.set(r.visit_id, [...(revisionsByVisit.get(r.visit_id) ?? []), r]);

    const inserts: Array<{ item: Item; columns: repo.VisitColumns; personIds: number[]; fileIds: number[] }> = [];
    const updates: Array<{
      item: Item;
      visit: repo.ExistingVisitRow;
      columns: repo.VisitColumns;
      personIds: number[];
      fileIds: number[];
      resolution: EditResolution;
    }> = [];
    const kept: Array<{ item: Item; visit: repo.ExistingVisitRow }> = [];

    for (const item of items) {
      const { input, index } = item;
      const problems: Problem[] = [];
      const visible = (path: string) => canAt(scope, 'visits:record', path);
      let household: repo.SubjectRow | undefined;
      if (input.householdId) {
        household = households.get(input.householdId.toLowerCase());
        if (!household || !visible(household.org_path)) {
          problems.push({ field: field(index, 'householdId'), code: 'VISIT_SUBJECT_NOT_FOUND' });
          household = undefined;
        }
      }
      const personRows: repo.SubjectRow[] = [];
      input.personIds.forEach((uid, j) => {
        const p = persons.get(uid.toLowerCase());
        if (!p || !visible(p.org_path))
          problems.push({ field: field(index, `personIds[${j}]`), code: 'VISIT_SUBJECT_NOT_FOUND' });
        else if (household && p.household_id !== household.id)
          problems.push({ field: field(index, `personIds[${j}]`), code: 'VISIT_PERSON_NOT_IN_HOUSEHOLD' });
        else personRows.push(p);
      });
      if (input.award) {
        const p = persons.get(input.award.personId.toLowerCase());
        if (!p || !visible(p.org_path))
          problems.push({ field: field(index, 'award.personId'), code: 'VISIT_SUBJECT_NOT_FOUND' });
      }
      const fileIds: number[] = [];
      input.photoIds.forEach((uid, j) => {
        const f = photos.get(uid.toLowerCase());
        if (!f || f.created_by !== me || f.purpose !== PHOTO_PURPOSE)
          problems.push({ field: field(index, `photoIds[${j}]`), code: 'VISIT_PHOTO_NOT_FOUND' });
        else fileIds.push(f.id);
      });
      const current = visits.get(input.id.toLowerCase());
      // Someone else's record is not there as far as this worker is concerned.
      if (current && current.worker_id !== me) problems.push({ field: field(index, 'id'), code: 'VISIT_NOT_FOUND' });
      if (!current && checkVisitTime(input.visitedAt, now) === 'TIME_TOO_OLD')
        problems.push({ field: field(index, 'visitedAt'), code: 'VISIT_TIME_TOO_OLD' });
      if (problems.length > 0) {
        results.set(index, rejected(item, problems, locale));
        continue;
      }

      // The visit hangs on the household, or else on the first person named.
      const anchor = household ?? (personRows[0] as repo.SubjectRow);
      const columns: repo.VisitColumns = {
        uid: input.id,
        district_id: anchor.district_id,
        grid_id: anchor.grid_id,
        org_path: anchor.org_path,
        household_id: household?.id ?? null,
        worker_id: me,
        visited_at: input.visitedAt,
        method: input.method,
        findings: input.findings,
        summary: input.summary,
        lng: input.location?.lng ?? null,
        lat: input.location?.lat ?? null,
        device_id: deviceId,
        recorded_at: input.recordedAt,
      };
      const personIds = [...new Set(personRows.map((p) => p.id))];
      if (!current) {
        inserts.push({ item, columns, personIds, fileIds });
        continue;
      }
      const history = revisionsByVisit.get(current.id) ?? [];
      const applied = history.filter((r) => r.applied).at(-1);
      const resolution = resolveEdit(
        { revision: current.revision, recordedAt: current.recorded_at },
        {
          baseRevision: input.baseRevision,
          recordedAt: input.recordedAt,
          sameBodyAsApplied: applied !== undefined && sameVisitBody(applied.body as VisitBody, item.body),
          alreadyReceived: history.some(
            (r) =>
              r.base_revision === input.baseRevision &&
              r.recorded_at.getTime() === Date.parse(input.recordedAt) &&
              sameVisitBody(r.body as VisitBody, item.body),
          ),
        },
      );
      if (resolution === 'unchanged')
        results.set(index, { id: input.id, outcome: 'unchanged', revision: current.revision });
      else if (resolution === 'conflict_keep') kept.push({ item, visit: current });
      else updates.push({ item, visit: current, columns, personIds, fileIds, resolution });
    }

    // ── Writes, each a statement for the whole set ──
    const ids = await repo.createVisits(
      trx,
      inserts.map((i) => ({
        uid: i.columns.uid,
        district_id: i.columns.district_id,
        grid_id: i.columns.grid_id,
        org_path: i.columns.org_path,
        household_id: i.columns.household_id,
        worker_id: me,
        device_id: deviceId,
        recorded_at: i.columns.recorded_at,
        base_revision: i.item.input.baseRevision,
        person_ids: i.personIds,
        file_ids: i.fileIds,
        body: i.item.body,
        award_uid: i.item.input.award?.uid ?? null,
      })),
      RECORDED_TOPIC,
      now,
    );
    // A points claim started at the door: filed by the points module, in this same transaction's outbox.
    await repo.emitEvents(
      trx,
      AWARD_REQUESTED_TOPIC,
      inserts.flatMap(({ item, columns }) => {
        const award = item.input.award;
        if (!award) return [];
        const payload = {
          source: 'visit',
          sourceRef: award.uid.toLowerCase(),
          personUid: award.personId.toLowerCase(),
          ruleUid: award.ruleUid.toLowerCase(),
          ruleCode: null,
          ruleOwner: null,
          occurredOn: chinaDate(new Date(item.input.visitedAt)),
          note: award.note ?? null,
          mode: 'claim',
          actorUid: scope.user.uid,
          visitId: item.input.id,
        };
        return [{ orgPath: columns.org_path, payload }];
      }),
      now,
    );
    const idOf = (uid: string) => ids.get(uid.toLowerCase()) as number;

    // Edits (rarer): the visit's row, its persons and photos replaced, the edit kept as a revision.
    await repo.updateVisits(
      trx,
      updates.map((u) => ({
        ...u.columns,
        id: u.visit.id,
        revision: u.visit.revision + 1,
        conflict: u.resolution === 'conflict_apply',
      })),
      now,
    );
    await repo.flagConflicts(
      trx,
      kept.map((k) => k.visit.id),
    );
    await repo.clearLinks(
      trx,
      updates.map((u) => u.visit.id),
    );
    await repo.insertVisitPersons(
      trx,
      updates.flatMap((u) => u.personIds.map((personId) => ({ visitId: u.visit.id, personId }))),
    );
    await repo.insertVisitPhotos(
      trx,
      updates.flatMap((u) => u.fileIds.map((fileId, sort) => ({ visitId: u.visit.id, fileId, sort }))),
    );
    const revisionRow = (visitId: number, item: Item, applied: boolean): repo.RevisionColumns => ({
      visit_id: visitId,
      base_revision: item.input.baseRevision,
      applied,
      body: item.body,
      worker_id: me,
      device_id: deviceId,
      recorded_at: item.input.recordedAt,
    });
    await repo.insertRevisions(
      trx,
      [
        ...updates.map((u) => revisionRow(u.visit.id, u.item, true)),
        ...kept.map((k) => revisionRow(k.visit.id, k.item, false)),
      ],
      now,
    );
    await repo.emitEvents(
      trx,
      RECORDED_TOPIC,
      updates.map((u) => ({
        orgPath: u.columns.org_path,
        payload: {
          visitId: u.item.input.id,
          householdId: u.item.input.householdId ?? null,
          personIds: u.item.input.personIds,
          orgPath: u.columns.org_path,
          revision: u.visit.revision + 1,
        },
      })),
      now,
    );

    // Rows other syncs of the same grid and community also write come last, so that they are
    // locked for the last few statements of the transaction only: the must-visit items and
    // their counts, the tallies, the audit chain.
    await markDueVisitedMany(
      trx,
      inserts.map((i) => ({
        id: idOf(i.item.input.id),
        householdId: i.columns.household_id,
        personIds: i.personIds,
        visitedOn: chinaDate(new Date(i.columns.visited_at)),
      })),
      now,
    );
    const tallies = new TallyChanges();
    for (const i of inserts)
      tallies.add({
        workerId: me,
        gridId: i.columns.grid_id,
        month: monthOf(i.columns.visited_at),
        findings: i.columns.findings,
      });
    for (const u of updates)
      tallies.replace(
        {
          workerId: u.visit.worker_id,
          gridId: u.visit.grid_id,
          month: monthOf(u.visit.visited_at),
          findings: u.visit.findings,
        },
        { workerId: me, gridId: u.columns.grid_id, month: monthOf(u.columns.visited_at), findings: u.columns.findings },
      );
    await applyTallies(trx, tallies);

    // The audit keeps both clocks: when the worker acted (device) and when it reached the server.
    const audit = (item: Item, action: string, orgPath: string, outcome: string, revision: number): AuditEntry => ({
      action,
      targetType: 'visit',
      targetId: item.input.id,
      orgPath,
      after: {
        outcome,
        revision,
        baseRevision: item.input.baseRevision,
        deviceId,
        deviceTime: item.input.recordedAt,
        serverTime: now.toISOString(),
        visitedAt: item.input.visitedAt,
      },
    });
    const entries: AuditEntry[] = [];
    for (const i of inserts) {
      entries.push(audit(i.item, 'visits.record', i.columns.org_path, 'created', 1));
      results.set(i.item.index, { id: i.item.input.id, outcome: 'created', revision: 1 });
    }
    for (const u of updates) {
      const outcome = u.resolution === 'apply' ? 'updated' : 'conflict';
      entries.push(audit(u.item, 'visits.update', u.columns.org_path, outcome, u.visit.revision + 1));
      results.set(u.item.index, { id: u.item.input.id, outcome, revision: u.visit.revision + 1 });
    }
    for (const k of kept) {
      entries.push(audit(k.item, 'visits.update', k.visit.org_path, 'conflict_kept', k.visit.revision));
      results.set(k.item.index, { id: k.item.input.id, outcome: 'conflict', revision: k.visit.revision });
    }
    await recordAudits(trx, actorOf(scope), entries, now);
    return results;
  }

  /** One record in a savepoint of its own; a second try after a concurrent sync wrote it first. */
  async function applyOne(trx: Db, ctx: BatchContext, item: Item): Promise<SyncResult> {
    const name = sql.raw(`r${item.index}`);
    for (let attempt = 1; ; attempt++) {
      await sql`savepoint ${name}`.execute(trx);
      try {
        const result = (await applyRecords(trx, ctx, [item])).get(item.index) as SyncResult;
        await sql`release savepoint ${name}`.execute(trx);
        return result;
      } catch (err) {
        await sql`rollback to savepoint ${name}`.execute(trx);
        await sql`release savepoint ${name}`.execute(trx);
        if (attempt === 1 && isUniqueViolation(err)) continue;
        ctx.onRefused?.(err, item.index);
        return rejected(item, [{ field: field(item.index, 'id'), code: 'VISIT_NOT_SAVED' }], ctx.scope.locale);
      }
    }
  }

  /**
   * A batch, in one of two ways. `together`: the valid records are written by one set of
   * statements; should the database refuse them, BatchRefused is thrown and the transaction
   * rolls back, and the caller runs the batch again `one by one`: each record in a savepoint of
   * its own (SAVEPOINT r<i>), so that the records the database takes are kept and the one it
   * refuses is reported `rejected`.
   */
  async function sync(
    trx: Db,
    scope: Scope,
    body: SyncBody,
    mode: 'together' | 'one by one' = 'together',
    onRefused?: (err: unknown, index: number) => void,
  ): Promise<SyncResponse> {
    const now = clock();
    const ctx: BatchContext = { scope, now, deviceId: body.deviceId, onRefused };
    const results: SyncResult[] = new Array(body.records.length);
    const first: Item[] = [];
    const repeated: Item[] = [];
    const seen = new Set<string>();
    body.records.forEach((input, index) => {
      const item: Item = { index, input: { ...input, id: input.id.toLowerCase() }, body: bodyOf(input) };
      const problems = staticProblems(item, now);
      if (problems.length > 0) results[index] = rejected(item, problems, scope.locale);
      else if (seen.has(item.input.id)) repeated.push(item);
      else {
        seen.add(item.input.id);
        first.push(item);
      }
    });

    if (mode === 'together') {
      let done: Map<number, SyncResult>;
      try {
        done = await applyRecords(trx, ctx, first);
      } catch (err) {
        throw new BatchRefused(err);
      }
      for (const [index, result] of done) results[index] = result;
    } else {
      for (const item of first) results[item.index] = await applyOne(trx, ctx, item);
    }
    // A record edited twice on the device before it synced: the later edit after the earlier.
    for (const item of repeated) results[item.index] = await applyOne(trx, ctx, item);
    return { serverTime: now.toISOString(), results };
  }

  // ── Photos ────────────────────────────────────────────────────────────────────────────────
  /** Visit photos: seen by their uploader, or by a reader of a visit showing them. */
  const photos = createPhotoStore({
    files,
    clock,
    purpose: PHOTO_PURPOSE,
    visibleTo: async (db, scope, uid) =>
      (await repo.photoVisitPaths(db, uid)).some((p) => canAt(scope, 'visits:read', p)),
  });

  // ── Reading diaries ──────────────────────────────────────────────────────────────────────
  function summaryOf(r: repo.SummaryRow): VisitSummary {
    return {
      id: r.uid,
      grid: { id: r.grid_uid, name: r.grid_name },
      worker: { id: r.worker_uid, name: r.worker_name },
      household: r.household_uid ? { id: r.household_uid, address: r.household_address } : null,
      persons: r.persons,
      visitedAt: r.visited_at.toISOString(),
      method: r.method as VisitSummary['method'],
      summary: r.summary,
      findings: r.findings as VisitSummary['findings'],
      photos: r.photos,
      revision: r.revision,
      conflict: r.conflict,
      receivedAt: r.received_at.toISOString(),
    };
  }

  interface ListQuery {
    unit?: string;
    household?: string;
    person?: string;
    worker?: string;
    from?: string;
    to?: string;
    finding?: string;
    page?: number;
    pageSize?: number;
  }

  /** Diaries in the caller's area (or one unit of it), newest visit first. */
  async function list(db: Db, scope: Scope, query: ListQuery): Promise<Static<typeof VisitList>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const paths = query.unit
      ? [(await unitForScope(db, scope, { uid: query.unit }, 'visits:read')).path]
      : pathsWith(scope, 'visits:read');
    const where: RawBuilder<SqlBool>[] = [inSubtrees('v.org_path', paths)];
    if (query.household)
      where.push(sql<SqlBool>`v.household_id = (select id from household where uid = ${query.household}::uuid)`);
    if (query.person)
      where.push(sql<SqlBool>`v.id in (select vp.visit_id from visit_person vp
                                        where vp.person_id = (select id from person where uid = ${query.person}::uuid))`);
    if (query.worker)
      where.push(sql<SqlBool>`v.worker_id = (select id from app_user where uid = ${query.worker}::uuid)`);
    // Calendar days in China: from its first instant, to the first instant of the day after.
    if (query.from) where.push(sql<SqlBool>`v.visited_at >= ${`${query.from}T00:00:00+08:00`}::timestamptz`);
    if (query.to)
      where.push(sql<SqlBool>`v.visited_at < ${`${query.to}T00:00:00+08:00`}::timestamptz + interval '1 day'`);
    if (query.finding) where.push(sql<SqlBool>`v.findings @> ${JSON.stringify([{ kind: query.finding }])}::jsonb`);
    const { rows, total } = await repo.visitPage(db, where, { limit: pageSize, offset: (page - 1) * pageSize });
    return { items: rows.map(summaryOf), total, page, pageSize };
  }

  async function detailOf(db: Db, scope: Scope, uid: string): Promise<{ row: repo.DetailRow; detail: VisitDetail }> {
    const row = await repo.visitDetail(db, uid);
    if (!row || !canAt(scope, 'visits:read', row.org_path)) throw new AppError('VISIT_NOT_FOUND', 404);
    const revisions = await repo.revisionsOf(db, [row.id]);
    const detail: VisitDetail = {
      ...summaryOf(row),
      location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null,
      photoIds: row.photo_ids,
      deviceId: row.device_id,
      recordedAt: row.recorded_at.toISOString(),
      createdAt: row.created_at.toISOString(),
      revisions: revisions.map((r) => {
        const b = r.body as VisitBody;
        return {
          baseRevision: r.base_revision,
          applied: r.applied,
          deviceId: r.device_id,
          recordedAt: r.recorded_at.toISOString(),
          receivedAt: r.received_at.toISOString(),
          summary: b.summary,
          findings: b.findings as VisitDetail['findings'],
          method: b.method as VisitDetail['method'],
          visitedAt: new Date(b.visitedAt).toISOString(),
        };
      }),
      links: { caseId: row.case_uid, awardId: row.award_uid },
      canEdit: row.worker_id === scope.user.id && canAt(scope, 'visits:record', row.org_path),
    };
    return { row, detail };
  }

  /** A record with every revision; the view of personal data is logged. */
  async function view(db: Db, scope: Scope, uid: string): Promise<VisitDetail> {
    const { row, detail } = await detailOf(db, scope, uid);
    accessLog.record({
      at: clock(),
      actorId: scope.user.id,
      actorName: scope.user.username,
      action: 'visits.view',
      targetType: 'visit',
      targetId: row.uid,
      orgPath: row.org_path,
      ip: scope.ip,
    });
    return detail;
  }

  /** The worker (or a manager) has looked at both versions: the conflict flag goes. */
  async function ackConflict(trx: Db, scope: Scope, uid: string): Promise<VisitDetail> {
    const { row, detail } = await detailOf(trx, scope, uid);
    const mine = row.worker_id === scope.user.id && canAt(scope, 'visits:record', row.org_path);
    if (!mine && !canAt(scope, 'visits:manage', row.org_path))
      throw new AppError('FORBIDDEN', 403, { permission: 'visits:manage' });
    if (!row.conflict) return detail;
    await repo.clearConflict(trx, row.id);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'visits.conflict_ack',
        targetType: 'visit',
        targetId: row.uid,
        orgPath: row.org_path,
        before: { conflict: true, revision: row.revision },
        after: { conflict: false, revision: row.revision },
      },
      clock(),
    );
    return { ...detail, conflict: false };
  }

  return { sync, photos, list, view, ackConflict };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
