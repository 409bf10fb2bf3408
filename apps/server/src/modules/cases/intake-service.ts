/**
 * Intake (说事) and the case's reads. A report comes in from a resident's phone, a grid worker
 * on patrol or on someone's behalf, the window or the hotline; whoever takes it in owns it
 * (首问负责). The case hangs where it happened; its SLA clocks start from its category on the
 * district's working calendar. Owns the writes of cases (as reported) and case_photo; the
 * timeline goes through timeline.ts, events to the outbox, every write to the audit log.
 */
import { randomInt } from 'node:crypto';
import type {
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseMap,
  CaseMapQuery,
  CreateCaseBody,
  MyCaseList,
  MyCasesQuery,
  ReportCaseBody,
} from '@gongzhi/api';
import { calendarExceptions, dueAt, maskName, maskPhone, parsePhone, receiptNo, roleHas } from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, pathsWith, requirePermission, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Keys, seal } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { createPhotoStore } from '../../platform/files/photos.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { unitForScope } from '../org/service.ts';
import { type FieldIssue, invalid } from '../registry/person-data.ts';
import { type CaseRow, isReporterOf, mayOnCase } from './case-access.ts';
import { caseDetail, toDetail, toSummary } from './intake-detail.ts';
import {
  NEAREST_BUILDING_M,
  NEAREST_BUILDING_OPEN311_M,
  outsideDistrict,
  type Point,
  placeOf,
  searchBox,
} from './intake-location.ts';
import * as repo from './intake-repo.ts';
import { appendEvents } from './timeline.ts';

export const CASE_PHOTO_PURPOSE = 'case_photo';
/** The map shows at most this many points: beyond it the client zooms in (or filters). */
export const MAP_LIMIT = 2000;

/** The problems intake names, beyond the registry's catalogue. */
export const INTAKE_PROBLEMS = {
  CATEGORY_UNKNOWN: { 'zh-CN': '{f}:事件分类不存在或已停用', en: '{f}: no such active case category' },
  LOCATION_REQUIRED: {
    'zh-CN': '{f}:请填写地址或选择地图位置',
    en: '{f}: give an address or a point on the map',
  },
  OUTSIDE_DISTRICT: { 'zh-CN': '{f}:位置不在本区范围内', en: '{f}: the point lies outside the district' },
  BUILDING_UNKNOWN: { 'zh-CN': '{f}:楼栋不存在', en: '{f}: no such building' },
  GRID_REQUIRED: {
    'zh-CN': '{f}:无法从位置确定网格,请选择网格',
    en: '{f}: the grid cannot be told from the location; choose one',
  },
  PERSON_UNKNOWN: { 'zh-CN': '{f}:人员不存在', en: '{f}: no such person' },
  PHOTO_NOT_FOUND: { 'zh-CN': '{f}:照片未上传或不属于您', en: '{f}: no such photo uploaded by you' },
} as const;

type Issue = FieldIssue;

/** Crockford digits of the receipt number drawn from the CSPRNG. */
const random = () => randomInt(0, 2 ** 32) / 2 ** 32;

export interface IntakeDeps {
  clock: Clock;
  keys: Keys;
  files: FileStore;
}

/** What both intake routes hand the shared core. */
interface Intake {
  body: ReportCaseBody & Partial<Pick<CreateCaseBody, 'grid' | 'building' | 'visitUid' | 'reporter'>>;
  channel: 'resident' | 'grid' | 'window' | 'hotline' | 'open311';
  origin: 'on_behalf' | 'patrol' | 'visit' | null;
  /** staff take it in and own it; a resident is the reporter */
  staff: boolean;
  /** an Open311 client's member of the public: their name and phone as the client gave them */
  open311?: { name: string | null; phone: string | null };
}

export function createIntakeService(deps: IntakeDeps) {
  const { clock, keys } = deps;

  const photos = createPhotoStore({
    files: deps.files,
    clock,
    purpose: CASE_PHOTO_PURPOSE,
    /** Staff taking a report in, residents reporting, handlers showing their result; no one else. */
    mayUpload(scope) {
      if (!(['cases:intake', 'cases:self', 'cases:handle'] as const).some((p) => hasPermission(scope, p)))
        throw new AppError('FORBIDDEN', 403, { permission: 'cases:intake' });
    },
    /** Besides the uploader, whoever may read a case showing the photo. */
    async visibleTo(db, scope, uid) {
      for (const row of await repo.casesShowingPhoto(db, uid)) {
        if (mayOnCase(scope, row, 'cases:read')) return true;
        if (hasPermission(scope, 'cases:self') && (await isReporterOf(db, row, scope.user.id))) return true;
      }
      return false;
    },
  });

  /** The unit a report falls back to: the reporter's own (a single grant's unit), else none. */
  function ownUnit(scope: Scope, permission: 'cases:intake' | 'cases:self'): number | null {
    const units = [...new Set(scope.grants.filter((g) => roleHas(g.role, permission)).map((g) => g.unitId))];
    return units.length === 1 ? (units[0] as number) : null;
  }

  async function existingFor(trx: Db, scope: Scope, row: CaseRow): Promise<CaseDetail> {
    // A retry finds the case its first attempt made; someone else's uid is not theirs to see.
    if (row.owner_id !== scope.user.id && row.reporter_user_id !== scope.user.id)
      throw new AppError('CASE_UID_TAKEN', 409);
    return caseDetail(trx, scope, row, clock());
  }

  async function intake(trx: Db, scope: Scope, it: Intake): Promise<{ created: boolean; detail: CaseDetail }> {
    const now = clock();
    const { body } = it;
    const issues: Issue[] = [];
    if ((body.lng === undefined) !== (body.lat === undefined))
      issues.push({ field: body.lng === undefined ? 'lng' : 'lat', code: 'REQUIRED' });
    const point: Point | null =
      body.lng !== undefined && body.lat !== undefined ? { lng: body.lng, lat: body.lat } : null;
    const photoUids = (body.photos ?? []).map((p) => p.toLowerCase());
    const nearestM = it.open311 ? NEAREST_BUILDING_OPEN311_M : NEAREST_BUILDING_M;
    const fallbackUnitId = ownUnit(scope, it.staff ? 'cases:intake' : 'cases:self');
    const refs = await repo.intakeRefs(trx, {
      userId: scope.user.id,
      caseUid: body.uid,
      categoryUid: body.category,
      gridUid: body.grid ?? null,
      fallbackUnitId,
      buildingUid: body.building ?? null,
      point,
      box: point ? searchBox(point, nearestM) : null,
      photoUids,
      personUid: body.reporter?.person ?? null,
    });
    if (refs.existing) {
      const row = (await repo.caseByUid(trx, body.uid)) as CaseRow;
      return { created: false, detail: await existingFor(trx, scope, row) };
    }

    const category = refs.category?.active ? refs.category : null;
    const own = refs.units.find((u) => u.id === fallbackUnitId);
    if (!category || (own && own.district_id !== category.district_id))
      issues.push({ field: 'category', code: 'CATEGORY_UNKNOWN' });
    if (!point && !body.address && !body.building) issues.push({ field: 'address', code: 'LOCATION_REQUIRED' });
    issues.push(...outsideDistrict(point, refs.bbox));
    if (body.building && !refs.building) issues.push({ field: 'building', code: 'BUILDING_UNKNOWN' });
    if (body.grid) {
      const named = refs.units.find((u) => u.id === refs.gridId);
      if (named?.status !== 'active' || !canAt(scope, 'cases:intake', named.path))
        issues.push({ field: 'grid', code: 'GRID_UNKNOWN' });
    }
    const files = new Map(refs.photos.map((f) => [f.uid, f]));
    const fileIds: number[] = [];
    photoUids.forEach((uid, i) => {
      const f = files.get(uid);
      if (!f || f.purpose !== CASE_PHOTO_PURPOSE || f.created_by !== scope.user.id)
        issues.push({ field: `photos[${i}]`, code: 'PHOTO_NOT_FOUND' });
      else fileIds.push(f.id);
    });
    const reporter = body.reporter;
    if (it.staff && !reporter && (it.channel !== 'grid' || it.origin === 'on_behalf'))
      issues.push({ field: 'reporter', code: 'REQUIRED' });
    if (reporter?.person && !refs.person) issues.push({ field: 'reporter.person', code: 'PERSON_UNKNOWN' });
    let phone: string | null = null;
    if (reporter?.phone !== undefined) {
      const parsed = parsePhone(reporter.phone);
      if (parsed.ok) phone = parsed.value;
      else issues.push({ field: 'reporter.phone', code: `PHONE_${parsed.problem}` });
    }
    // Staff keep to their own area; a resident's report goes wherever in the district it happened.
    const place = category
      ? placeOf(refs, point, fallbackUnitId, (u) => !it.staff || canAt(scope, 'cases:intake', u.path), nearestM)
      : null;
    if (category && !place && issues.length === 0) issues.push({ field: 'grid', code: 'GRID_REQUIRED' });
    if (issues.length > 0 || !category || !place) throw invalid(issues, scope.locale, INTAKE_PROBLEMS);

    // What calendarFor (calendar-service.ts) answers — the official days with the district's rows
    // laid over them, by the domain's calendarExceptions — from rows read in the one round trip above.
    const exceptions = calendarExceptions(refs.calendar);
    const { unit } = place;
    const me = refs.me;
    if (it.open311) phone = it.open311.phone;
    const reporterName = it.staff
      ? (reporter?.name.trim() ?? null)
      : it.open311
        ? it.open311.name
        : (me.person_name ?? me.display_name);
    const values: repo.NewCase = {
      uid: body.uid.toLowerCase(),
      receipt_no: receiptNo(now, random),
      district_id: unit.district_id,
      community_id: unit.community_id,
      grid_id: unit.kind === 'grid' ? unit.id : null,
      org_path: unit.path,
      category_id: category.id,
      title: body.title.trim(),
      description: body.description.trim(),
      channel: it.channel,
      origin: it.origin,
      reporter_user_id: it.staff ? null : scope.user.id,
      reporter_person_id: it.staff ? (refs.person?.id ?? null) : me.person_id,
      reporter_name: reporterName,
      reporter_phone_sealed: phone ? seal(keys, phone) : null,
      reporter_phone_masked: phone ? maskPhone(phone) : null,
      anonymous: body.anonymous ?? false,
      owner_id: it.staff ? scope.user.id : null,
      lng: place.point?.lng ?? null,
      lat: place.point?.lat ?? null,
      address: body.address?.trim() ?? null,
      building_id: place.building?.id ?? null,
      visit_uid: body.visitUid?.toLowerCase() ?? null,
      response_due_at: dueAt(now, category.response_amount, category.response_unit, exceptions),
      resolve_due_at: dueAt(now, category.resolve_amount, category.resolve_unit, exceptions),
    };
    let row = await repo.insertCase(trx, values, fileIds, now);
    if (!row) {
      // Taken meanwhile: the same uid by a concurrent retry, or (once in a billion) the receipt number.
      const prior = await repo.caseByUid(trx, values.uid);
      if (prior) return { created: false, detail: await existingFor(trx, scope, prior) };
      row = await repo.insertCase(trx, { ...values, receipt_no: receiptNo(now, random) }, fileIds, now);
      if (!row) throw new AppError('CASE_UID_TAKEN', 409);
    }

    // The reporter's name on the timeline: staff by name; a resident masked, or no one when anonymous.
    const actorName = it.staff ? scope.user.displayName : values.anonymous ? null : maskName(reporterName ?? '');
    const detail = { channel: it.channel, origin: it.origin };
    await appendEvents(
      trx,
      row.id,
      { id: scope.user.id, name: actorName },
      [{ action: 'report', fromStatus: null, toStatus: 'reported', detail }],
      now,
    );
    row = { ...row, event_seq: 1, updated_at: now };
    await emitEvent(
      trx,
      'case.reported',
      {
        uid: row.uid,
        receiptNo: row.receipt_no,
        category: category.code,
        channel: row.channel,
        districtId: row.district_id,
        communityId: row.community_id,
        gridId: row.grid_id,
      },
      row.org_path,
      now,
    );
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.report',
        targetType: 'case',
        targetId: row.uid,
        orgPath: row.org_path,
        after: {
          receiptNo: row.receipt_no,
          category: category.code,
          channel: row.channel,
          origin: row.origin,
          anonymous: row.anonymous,
          photos: fileIds.length,
        },
      },
      now,
    );
    // The answer is built from what was just written: no read back.
    const parts: repo.DetailParts = {
      category_uid: category.uid,
      category_code: category.code,
      category_name: category.name,
      deliberable: category.deliberable,
      community_uid: unit.community_uid,
      community_name: unit.community_name,
      grid_uid: unit.kind === 'grid' ? unit.uid : null,
      grid_name: unit.kind === 'grid' ? unit.name : null,
      handler_uid: null,
      handler_name: null,
      handler_kind: null,
      owner_name: it.staff ? scope.user.displayName : null,
      assignee_uid: null,
      assignee_name: null,
      building_uid: place.building?.uid ?? null,
      building_name: place.building?.name ?? null,
      photos: photoUids.map((uid) => ({ uid, stage: 'report' as const })),
      timeline: [
        {
          seq: 1,
          at: now.toISOString(),
          actor_name: actorName,
          action: 'report',
          from_status: null,
          to_status: 'reported',
          note: null,
          detail,
        },
      ],
      merged_into: null,
      duplicates: [],
      tasks: [],
    };
    return { created: true, detail: toDetail(scope, row, parts, !it.staff, now, category.deliberable) };
  }

  /** POST /api/cases: staff or a grid worker takes a report in. */
  function report(trx: Db, scope: Scope, body: CreateCaseBody) {
    const origin =
      body.channel === 'grid' ? (body.origin ?? (body.reporter ? 'on_behalf' : 'patrol')) : (body.origin ?? null);
    return intake(trx, scope, { body, channel: body.channel, origin, staff: true });
  }

  /** POST /api/cases/me: a resident reports from their phone. */
  function reportMine(trx: Db, scope: Scope, body: ReportCaseBody) {
    return intake(trx, scope, { body, channel: 'resident', origin: null, staff: false });
  }

  /**
   * POST /open311/v2/requests: a report through an Open311 client, acting as the client's own
   * account, for a member of the public named (or not) by the client. The phone is parsed already.
   */
  function reportOpen311(
    trx: Db,
    scope: Scope,
    body: ReportCaseBody,
    person: { name: string | null; phone: string | null },
  ) {
    return intake(trx, scope, { body, channel: 'open311', origin: null, staff: false, open311: person });
  }

  // ── Reads ──────────────────────────────────────────────────────────────────────────────────
  /** A case for a reader in its area, a department handling it, or its reporter; 404 otherwise. */
  async function detail(db: Db, scope: Scope, uid: string): Promise<CaseDetail> {
    const row = await repo.caseByUid(db, uid.toLowerCase());
    if (!row) throw new AppError('CASE_NOT_FOUND', 404);
    const reader = mayOnCase(scope, row, 'cases:read');
    if (!reader && !(hasPermission(scope, 'cases:self') && (await isReporterOf(db, row, scope.user.id))))
      throw new AppError('CASE_NOT_FOUND', 404);
    return caseDetail(db, scope, row, clock());
  }

  /** The roots a read covers: the unit asked for (in the caller's area), else all of the caller's. */
  async function rootsOf(db: Db, scope: Scope, unit: string | undefined): Promise<string[]> {
    if (unit) return [(await unitForScope(db, scope, { uid: unit }, 'cases:read')).path];
    return pathsWith(scope, 'cases:read');
  }

  async function list(db: Db, scope: Scope, q: CaseListQuery): Promise<CaseList> {
    requirePermission(scope, 'cases:read');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const roots = await rootsOf(db, scope, q.grid ?? q.unit);
    const status = q.status ?? 'open';
    const single = status !== 'open' && status !== 'all' ? status : null;
    const { rows, hasMore } = await repo.casePage(
      db,
      {
        roots,
        open: status === 'open' || (single !== null && !repo.CLOSED_STATUSES.includes(single as 'closed')),
        status: single,
        categoryUid: q.category ?? null,
        overdue: q.overdue ?? null,
        channel: q.channel ?? null,
        q: q.q?.trim() || null,
      },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    const now = clock();
    return { items: rows.map((r) => toSummary(r, r, now)), page, pageSize, hasMore };
  }

  async function mine(db: Db, scope: Scope, q: MyCasesQuery): Promise<MyCaseList> {
    requirePermission(scope, 'cases:self');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.myCases(db, scope.user.id, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const now = clock();
    return {
      items: rows.map((r) => ({
        ...toSummary(r, r, now),
        mergedInto: r.into_uid
          ? {
              uid: r.into_uid,
              receiptNo: r.into_receipt_no as string,
              title: r.into_title as string,
              status: r.into_status as CaseDetail['status'],
            }
          : null,
      })),
      total,
      page,
      pageSize,
    };
  }

  async function map(db: Db, scope: Scope, q: CaseMapQuery): Promise<CaseMap> {
    requirePermission(scope, 'cases:read');
    const roots = await rootsOf(db, scope, q.unit);
    const status = q.status && q.status !== 'open' ? q.status : null;
    const rows = await repo.mapCases(db, roots, status, MAP_LIMIT + 1);
    return {
      type: 'FeatureCollection',
      features: rows.slice(0, MAP_LIMIT).map((r) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
        properties: {
          uid: r.uid,
          receiptNo: r.receipt_no,
          title: r.title,
          status: r.status as CaseDetail['status'],
          category: r.category_name,
          overdue: r.overdue,
          createdAt: new Date(r.created_at).toISOString(),
        },
      })),
      truncated: rows.length > MAP_LIMIT,
    };
  }

  return { photos, report, reportMine, reportOpen311, detail, list, mine, map };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
