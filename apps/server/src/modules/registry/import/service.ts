/**
 * The 台账 import: an upload is checked first (the dry run: every row's problems, nothing
 * written to the register), then committed on request, all valid rows in one transaction or
 * none. Both steps are jobs (the `job` table keeps the record of the work) run in-process at
 * once; the job runner picks up what a restart interrupted.
 *
 * A row is checked exactly like the person form (personColumns), plus what only a file has:
 * grid codes, duplicates within the file, households spread over rows. Valid rows are kept
 * already sealed: no plaintext 身份证号 or phone rests in registry_import_row.
 */
import { access, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { RegistryImport } from '@gongzhi/api';
import { householdProblems, parseEthnicity, parseRelation } from '@gongzhi/domain';
import { sql } from 'kysely';
import { type Actor, recordAudit } from '../../../platform/audit/audit.ts';
import { actorOf, canAt, pathsWith, type Scope } from '../../../platform/auth/scope.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Keys } from '../../../platform/crypto.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { AppDeps } from '../../../platform/deps.ts';
import { AppError, type Locale } from '../../../platform/errors.ts';
import { enqueueJob, type JobHandler } from '../../../platform/jobs/runner.ts';
import { unitForScope } from '../../org/service.ts';
import { personColumns, todayOf } from '../person-data.ts';
import {
  COLUMN_BY_KEY,
  COLUMNS,
  type ColumnKey,
  cellText,
  columnLabel,
  columnOfHeader,
  floorOfRoom,
  IMPORT_ERRORS,
  importProblemMessage,
  parseDateText,
  parseGender,
  parseYesNo,
  splitTags,
} from './columns.ts';
import { type FileKind, readRows } from './read.ts';
import * as repo from './repo.ts';

/** Rows past this many (non-empty ones) stop the check: import a larger register in parts. */
export const MAX_ROWS = 200_000;
/** Problems kept in the import's summary (all of them stay on the rows). */
export const SUMMARY_PROBLEMS = 500;
export const IMPORT_SOURCE = '台账导入';
const BATCH = 2000;
const PROGRESS_EVERY = 2000;

export const JOB_CHECK = 'registry.import.check';
export const JOB_COMMIT = 'registry.import.commit';

interface Problem {
  column: ColumnKey | null;
  code: string;
}

/** What the check keeps of a row in memory once its data is stored: enough for the file-wide checks. */
interface RowMark {
  rowNo: number;
  household: string;
  room: string;
  relation: string;
  birthDate: string | null;
  idIndex: string | null;
  /** A new building named without an address: the key, until some row gives the address. */
  buildingNeedsAddress: string | null;
  bad: boolean;
  extra: Problem[];
}

export interface CheckPayload {
  importId: number;
  file: string;
  kind: FileKind;
}
export interface CommitPayload {
  importId: number;
  actor: Actor;
}

class CheckStop extends Error {
  constructor(readonly code: keyof typeof IMPORT_ERRORS) {
    super(code);
  }
}

function toApi(r: repo.ImportRecord, locale: Locale, withProblems: boolean): RegistryImport {
  const summary = (r.summary ?? {}) as {
    problems?: Array<{ row: number; column: ColumnKey | null; code: string }>;
    households?: number;
  };
  const errorCode = r.error as keyof typeof IMPORT_ERRORS | null;
  return {
    id: r.uid,
    fileName: r.file_name,
    unit: { id: r.unit_uid, name: r.unit_name },
    status: r.status,
    totalRows: r.total_rows,
    processedRows: r.processed_rows,
    validRows: r.valid_rows,
    errorRows: r.error_rows,
    problems: withProblems
      ? (summary.problems ?? []).map((p) => ({
          row: p.row,
          column: p.column === null ? null : columnLabel(p.column, 'zh-CN'),
          code: p.code,
          message: importProblemMessage(p.code, p.column, locale),
        }))
      : [],
    households: summary.households ?? 0,
    error: errorCode === null ? null : (IMPORT_ERRORS[errorCode]?.[locale] ?? errorCode),
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

// ── Running the jobs in-process ─────────────────────────────────────────────────────────────
const inFlight = new WeakMap<Db, Set<Promise<void>>>();
const WORKER = `${hostname()}:${process.pid}:import`;

/**
 * Claims the job with this dedupe key (unless the runner already has it) and runs it now,
 * after the request that enqueued it has committed. The job row is the record of the work.
 */
function runNow(deps: AppDeps, key: string, handler: JobHandler) {
  const task = (async () => {
    const { rows } = await sql<{ id: number; payload: unknown }>`
      update job set status = 'running', locked_by = ${WORKER}, locked_at = ${deps.clock()}, attempts = attempts + 1
       where dedupe_key = ${key} and status = 'queued' returning id, payload`.execute(deps.db);
    const job = rows[0];
    if (!job) return;
    try {
      await handler({ db: deps.db, payload: job.payload, clock: deps.clock, jobId: job.id });
      await sql`update job set status = 'done', finished_at = ${deps.clock()}, locked_by = null where id = ${job.id}`.execute(
        deps.db,
      );
    } catch (err) {
      await sql`update job set status = 'failed', finished_at = ${deps.clock()}, locked_by = null,
                       last_error = ${String((err as Error).message ?? err).slice(0, 2000)} where id = ${job.id}`.execute(
        deps.db,
      );
    }
  })().catch(() => undefined);
  const set = inFlight.get(deps.db) ?? new Set<Promise<void>>();
  inFlight.set(deps.db, set);
  set.add(task);
  void task.finally(() => set.delete(task));
}

/** Waits for the imports this process is running (tests, shutdown). */
export async function settleImports(db: Db): Promise<void> {
  for (;;) {
    const set = inFlight.get(db);
    if (!set || set.size === 0) return;
    await Promise.allSettled([...set]);
  }
}

// ── The check (dry run) ─────────────────────────────────────────────────────────────────────
export async function checkImport(db: Db, keys: Keys, clock: Clock, payload: CheckPayload): Promise<void> {
  const record = await repo.importById(db, payload.importId);
  if (record?.status !== 'checking') return;
  try {
    await runCheck(db, keys, clock, record, payload);
  } catch (err) {
    const code = err instanceof CheckStop ? err.code : 'FILE_UNREADABLE';
    await repo.failImport(db, record.id, code, clock());
    // A file that will not read is the uploader's problem; anything else goes on the job record too.
    if (!(err instanceof CheckStop) && !/zip|xml|sax|csv|invalid|end of/i.test(String((err as Error)?.message)))
      throw err;
  } finally {
    await rm(payload.file, { force: true });
  }
}

async function runCheck(db: Db, keys: Keys, clock: Clock, record: repo.ImportRecord, payload: CheckPayload) {
  const today = todayOf(clock());
  // A restarted check begins again from the file.
  await db.deleteFrom('registry_import_row').where('import_id', '=', record.id).execute();
  const unit = await db
    .selectFrom('org_unit')
    .select(['kind', 'code', 'path'])
    .where('id', '=', record.unit_id)
    .executeTakeFirstOrThrow();
  const grids = new Map((await repo.gridsUnder(db, unit.path)).map((g) => [g.code, g]));
  const defaultGrid = unit.kind === 'grid' ? unit.code : undefined;
  const existingBuildings = await repo.buildingKeys(
    db,
    [...grids.values()].map((g) => g.id),
  );
  const tagIds = new Map<string, number>();
  for (const t of await repo.activeTags(db)) {
    for (const name of [t.code, t.zh, t.en]) tagIds.set(name.toLowerCase(), t.id);
  }

  let header: Array<ColumnKey | undefined> | undefined;
  const marks: RowMark[] = [];
  const addressed = new Set<string>();
  let batch: repo.StoredRow[] = [];
  let count = 0;
  const t0 = performance.now();
  let insertMs = 0;
  let pending: Promise<void> = Promise.resolve();

  for await (const sheetRow of readRows(payload.file, payload.kind)) {
    if (!header) {
      header = sheetRow.cells.map((c) => columnOfHeader(c));
      if (!header.includes('name')) throw new CheckStop('HEADER_MISSING');
      continue;
    }
    count++;
    if (count > MAX_ROWS) throw new CheckStop('TOO_MANY_ROWS');
    const cells = new Map<ColumnKey, string>();
    const problems: Problem[] = [];
    header.forEach((key, i) => {
      if (key && !cells.get(key)) cells.set(key, cellText(sheetRow.cells[i]));
    });
    for (const i of sheetRow.formulas) {
      const key = header[i] ?? null;
      problems.push({ column: key, code: 'FORMULA_NOT_ALLOWED' });
      if (key) cells.set(key, '');
    }
    const get = (key: ColumnKey) => cells.get(key) ?? '';
    const formulaIn = (key: ColumnKey) => problems.some((p) => p.column === key && p.code === 'FORMULA_NOT_ALLOWED');
    if (!get('grid') && defaultGrid) cells.set('grid', defaultGrid);
    for (const c of COLUMNS) {
      const v = get(c.key);
      if (c.required && v === '' && !formulaIn(c.key)) problems.push({ column: c.key, code: 'REQUIRED' });
      if (c.maxLength !== undefined && Array.from(v).length > c.maxLength)
        problems.push({ column: c.key, code: 'TOO_LONG' });
    }
    const grid = get('grid') ? grids.get(get('grid')) : undefined;
    if (get('grid') && !grid) problems.push({ column: 'grid', code: 'GRID_UNKNOWN' });

    const genderText = get('gender');
    const gender = genderText ? parseGender(genderText) : undefined;
    if (genderText && !gender) problems.push({ column: 'gender', code: 'GENDER_UNKNOWN' });
    const birthText = get('birthDate');
    const ethnicityText = get('ethnicity');
    const person = personColumns(
      keys,
      {
        name: get('name') || ' ',
        gender: gender ?? null,
        birthDate: birthText ? parseDateText(birthText) : null,
        idNumber: get('idNumber') || null,
        phone: get('phone') || null,
        ethnicity: ethnicityText ? (parseEthnicity(ethnicityText) ?? ethnicityText) : null,
      },
      today,
    );
    if (!person.ok) {
      for (const issue of person.issues) {
        // An empty name is already REQUIRED.
        if (issue.field === 'name' && issue.code === 'NAME_EMPTY') continue;
        if (COLUMN_BY_KEY.has(issue.field as ColumnKey))
          problems.push({ column: issue.field as ColumnKey, code: issue.code });
      }
    }
    const relationText = get('relation');
    const relation = relationText ? parseRelation(relationText) : undefined;
    if (relationText && !relation) problems.push({ column: 'relation', code: 'RELATION_UNKNOWN' });
    const yesNo = (key: ColumnKey, fallback: boolean) => {
      const v = get(key);
      if (v === '') return fallback;
      const b = parseYesNo(v);
      if (b === undefined) problems.push({ column: key, code: 'YES_NO_INVALID' });
      return b ?? fallback;
    };
    const registeredHere = yesNo('registeredHere', true);
    const partyMember = yesNo('partyMember', false);
    const migrant = yesNo('migrant', false);
    const tags: number[] = [];
    for (const name of splitTags(get('tags'))) {
      const id = tagIds.get(name.toLowerCase());
      if (id === undefined) problems.push({ column: 'tags', code: 'TAG_UNKNOWN' });
      else if (!tags.includes(id)) tags.push(id);
    }

    const building = get('building');
    const buildingKey = grid ? `${grid.id}\u001f${building}` : '';
    const buildingAddress = get('buildingAddress');
    if (buildingAddress) addressed.add(buildingKey);
    const room = `${grid?.id ?? ''}\u001f${building}\u001f${get('unit')}\u001f${get('room')}`;
    const householdNo = get('householdNo');
    const household = householdNo ? `no\u001f${householdNo}` : `room\u001f${room}`;
    const bad = problems.length > 0 || !person.ok;
    const columns = person.ok ? person.columns : undefined;
    marks.push({
      rowNo: sheetRow.rowNo,
      household,
      room,
      relation: relation ?? '',
      birthDate: columns?.birth_date ?? null,
      idIndex: columns?.id_number_index ?? null,
      buildingNeedsAddress:
        grid && building && !buildingAddress && !existingBuildings.has(buildingKey) ? buildingKey : null,
      bad,
      extra: [],
    });
    batch.push({
      row_no: sheetRow.rowNo,
      // A row with problems keeps only its name: nothing of a 身份证号 or phone, sealed or not.
      data:
        bad || !columns || !grid
          ? { name: get('name') }
          : {
              grid: grid.id,
              building,
              buildingAddress,
              unit: get('unit'),
              room: get('room'),
              floor: floorOfRoom(get('room')),
              householdNo,
              household,
              relation,
              name: columns.name,
              grams: columns.name_grams,
              gender: columns.gender,
              birthDate: columns.birth_date,
              ethnicity: columns.ethnicity,
              idSealed: columns.id_number_sealed,
              idIndex: columns.id_number_index,
              idMasked: columns.id_number_masked,
              phoneSealed: columns.phone_sealed,
              phoneIndex: columns.phone_index,
              phoneMasked: columns.phone_masked,
              registeredAddress: get('registeredAddress'),
              registeredHere,
              partyMember,
              migrant,
              tags,
            },
      problems,
    });
    if (batch.length >= BATCH) {
      // One batch is written while the next is read: parsing and the database overlap.
      const ti = performance.now();
      await pending;
      insertMs += performance.now() - ti;
      pending = repo.insertRows(db, record.id, batch);
      pending.catch(() => undefined);
      batch = [];
    }
    if (count % PROGRESS_EVERY === 0) await repo.setProgress(db, record.id, count);
  }
  if (process.env.GZ_IMPORT_TIMING)
    console.error(`check read+rows: ${Math.round(performance.now() - t0)} ms, inserts ${Math.round(insertMs)} ms`);
  await pending;
  if (!header || count === 0) throw new CheckStop('NO_ROWS');
  await repo.insertRows(db, record.id, batch);
  batch = [];

  // ── File-wide checks ──
  const byIndex = new Map<string, RowMark[]>();
  for (const m of marks) {
    if (m.buildingNeedsAddress && !addressed.has(m.buildingNeedsAddress)) {
      m.extra.push({ column: 'buildingAddress', code: 'BUILDING_ADDRESS_REQUIRED' });
    }
    if (!m.idIndex) continue;
    const list = byIndex.get(m.idIndex);
    if (list) list.push(m);
    else byIndex.set(m.idIndex, [m]);
  }
  for (const list of byIndex.values()) {
    if (list.length > 1) for (const m of list) m.extra.push({ column: 'idNumber', code: 'ID_NUMBER_DUPLICATE' });
  }
  const taken = await repo.takenIdNumbers(db, [...byIndex.keys()]);
  for (const [idx, inHousehold] of taken) {
    for (const m of byIndex.get(idx) ?? []) {
      m.extra.push({ column: 'idNumber', code: inHousehold ? 'ALREADY_IN_HOUSEHOLD' : 'ID_NUMBER_TAKEN' });
    }
  }
  const households = new Map<string, RowMark[]>();
  for (const m of marks) {
    const list = households.get(m.household);
    if (list) list.push(m);
    else households.set(m.household, [m]);
  }
  let validHouseholds = 0;
  for (const members of households.values()) {
    const room = members[0]?.room;
    for (const m of members) if (m.room !== room) m.extra.push({ column: 'room', code: 'HOUSEHOLD_ROOM_MISMATCH' });
    // Rows whose relation is unreadable already say so; the household is judged on the others.
    const judged = members.filter((m) => m.relation !== '');
    if (judged.length === members.length) {
      for (const p of householdProblems(judged, today)) {
        if (p.severity !== 'error' || p.code === 'UNKNOWN_RELATION') continue;
        const at = p.members.length > 0 ? p.members.map((i) => judged[i] as RowMark) : judged;
        for (const m of at) m.extra.push({ column: 'relation', code: p.code });
      }
    }
    for (const m of members) if (m.extra.length > 0) m.bad = true;
    if (members.some((m) => m.bad)) {
      for (const m of members) if (!m.bad) m.extra.push({ column: null, code: 'HOUSEHOLD_INCOMPLETE' });
      for (const m of members) m.bad = true;
    } else validHouseholds++;
  }
  await repo.addProblems(
    db,
    record.id,
    marks.filter((m) => m.extra.length > 0).map((m) => ({ row_no: m.rowNo, problems: m.extra })),
  );
  const errors = marks.filter((m) => m.bad).length;
  const problems: Array<{ row: number; column: string | null; code: string }> = [];
  for (const r of await repo.firstProblems(db, record.id, SUMMARY_PROBLEMS)) {
    for (const p of r.problems) {
      if (problems.length < SUMMARY_PROBLEMS) problems.push({ row: r.row_no, column: p.column, code: p.code });
    }
  }
  if (process.env.GZ_IMPORT_TIMING) console.error(`check done: ${Math.round(performance.now() - t0)} ms`);
  await repo.finishCheck(db, record.id, {
    total: count,
    valid: count - errors,
    errors,
    summary: { problems, households: validHouseholds },
    now: clock(),
  });
}

// ── The commit ──────────────────────────────────────────────────────────────────────────────
export async function commitImport(db: Db, clock: Clock, payload: CommitPayload): Promise<void> {
  const record = await repo.importById(db, payload.importId);
  if (record?.status !== 'committing') return;
  const now = clock();
  try {
    await db.transaction().execute(async (trx) => {
      const locked = await sql<{ status: string }>`
        select status from registry_import where id = ${record.id} for update`.execute(trx);
      if (locked.rows[0]?.status !== 'committing') return;
      const counts = await repo.commitRows(trx, {
        importId: record.id,
        userId: record.created_by,
        today: todayOf(now),
        now,
        source: IMPORT_SOURCE,
      });
      await trx
        .updateTable('registry_import')
        .set({ status: 'committed', finished_at: clock() })
        .where('id', '=', record.id)
        .execute();
      await recordAudit(
        trx,
        payload.actor,
        {
          action: 'registry.import.commit',
          targetType: 'registry_import',
          targetId: record.uid,
          orgPath: record.org_path,
          after: { fileName: record.file_name, rows: record.valid_rows, errorRows: record.error_rows, ...counts },
        },
        now,
      );
    });
  } catch (err) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('registry_import')
        .set({ status: 'failed', error: 'COMMIT_FAILED', finished_at: clock() })
        .where('id', '=', record.id)
        .execute();
      await recordAudit(
        trx,
        payload.actor,
        {
          action: 'registry.import.commit',
          outcome: 'failed',
          targetType: 'registry_import',
          targetId: record.uid,
          orgPath: record.org_path,
          after: { fileName: record.file_name, rows: record.valid_rows, reason: String((err as Error).message) },
        },
        clock(),
      );
    });
  }
}

/** The job handlers the runner needs to finish what a restart interrupted. */
export function registryImportJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    [JOB_CHECK]: async ({ db, payload, clock }) => {
      const p = payload as CheckPayload;
      const record = await repo.importById(db, p.importId);
      if (record?.status !== 'checking') return;
      try {
        await access(p.file);
      } catch {
        await repo.failImport(db, p.importId, 'INTERRUPTED', clock());
        return;
      }
      await checkImport(db, deps.keys, clock, p);
    },
    [JOB_COMMIT]: async ({ db, payload, clock }) => commitImport(db, clock, payload as CommitPayload),
  };
}

// ── Use-cases behind the routes ─────────────────────────────────────────────────────────────
export function createImportService(deps: AppDeps) {
  const { clock } = deps;
  const handlers = registryImportJobs(deps);

  /** The unit an import goes into: a community or grid where the caller may write the register. */
  async function importUnit(db: Db, scope: Scope, uid: string) {
    const unit = await unitForScope(db, scope, { uid }, 'registry:write', 'UNIT_NOT_FOUND');
    if (unit.kind !== 'community' && unit.kind !== 'grid') {
      throw new AppError('VALIDATION_FAILED', 400, [
        {
          field: 'unit',
          rule: 'kind',
          message:
            scope.locale === 'en' ? 'unit must be a community or a grid' : 'unit 须为社区或网格(导入到社区或网格)',
        },
      ]);
    }
    return unit;
  }

  async function visibleImport(db: Db, scope: Scope, uid: string) {
    const record = await repo.importByUid(db, uid);
    if (!record || !canAt(scope, 'registry:write', record.org_path)) throw new AppError('IMPORT_NOT_FOUND', 404);
    return record;
  }

  return {
    importUnit,

    /** Records the upload and its check job; the check starts once the request has committed. */
    async create(
      trx: Db,
      scope: Scope,
      v: { unitUid: string; fileName: string; file: string; kind: FileKind },
    ): Promise<{ result: RegistryImport; start: () => void }> {
      const unit = await importUnit(trx, scope, v.unitUid);
      const created = await repo.insertImport(trx, {
        unitId: unit.id,
        orgPath: unit.path,
        fileName: v.fileName,
        createdBy: scope.user.id,
        now: clock(),
      });
      const payload: CheckPayload = { importId: created.id, file: v.file, kind: v.kind };
      const key = `${JOB_CHECK}:${created.id}`;
      await enqueueJob(trx, JOB_CHECK, payload, clock(), { dedupeKey: key, maxAttempts: 2 });
      const record = (await repo.importById(trx, created.id)) as repo.ImportRecord;
      return {
        result: toApi(record, scope.locale, true),
        start: () => runNow(deps, key, handlers[JOB_CHECK] as JobHandler),
      };
    },

    async get(db: Db, scope: Scope, uid: string): Promise<RegistryImport> {
      return toApi(await visibleImport(db, scope, uid), scope.locale, true);
    },

    async list(db: Db, scope: Scope, q: { unit?: string; page?: number; pageSize?: number }) {
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const paths = q.unit
        ? [(await unitForScope(db, scope, { uid: q.unit }, 'registry:write', 'UNIT_NOT_FOUND')).path]
        : pathsWith(scope, 'registry:write');
      const { items, total } = await repo.listImports(db, paths, page, pageSize);
      return { items: items.map((r) => toApi(r, scope.locale, false)), total, page, pageSize };
    },

    /** Only a checked import commits, once: a second commit (or one before the check ends) is a 409. */
    async commit(trx: Db, scope: Scope, uid: string): Promise<{ result: RegistryImport; start: () => void }> {
      const record = await visibleImport(trx, scope, uid);
      const updated = await sql<{ id: number }>`
        update registry_import set status = 'committing', finished_at = null
         where id = ${record.id} and status = 'checked' returning id`.execute(trx);
      if (updated.rows.length === 0) {
        throw new AppError(
          record.status === 'committed' || record.status === 'committing'
            ? 'IMPORT_ALREADY_COMMITTED'
            : 'IMPORT_NOT_CHECKED',
          409,
          { status: record.status },
        );
      }
      const payload: CommitPayload = { importId: record.id, actor: actorOf(scope) };
      const key = `${JOB_COMMIT}:${record.id}`;
      await enqueueJob(trx, JOB_COMMIT, payload, clock(), { dedupeKey: key, maxAttempts: 2 });
      const fresh = (await repo.importById(trx, record.id)) as repo.ImportRecord;
      return {
        result: toApi(fresh, scope.locale, true),
        start: () => runNow(deps, key, handlers[JOB_COMMIT] as JobHandler),
      };
    },
  };
}
