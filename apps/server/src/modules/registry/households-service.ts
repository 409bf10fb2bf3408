/**
 * Households (户) and who belongs to them over time: open a household with its head, add
 * members (birth, move in, migrant arrival), split members out (分户) and merge a household
 * into another (并户). Membership rows are closed (until = the date), never rewritten or
 * deleted, and each change appends a life event per person. A person is in one household at
 * a time: checked here, and guarded last by the unique index household_member_current.
 * Persons living in a household carry its room's grid (org_path, grid_id, district_id).
 */
import type { Household } from '@gongzhi/api';
import {
  HEAD_RELATION,
  type HouseholdMember,
  householdProblems,
  isCalendarDate,
  isRelationCode,
  type LifeEvent,
  type PersonStatus,
  relationName,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, type Locale } from '../../platform/errors.ts';
import { unitsByIds } from '../org/service.ts';
import { followMigrantRegistration } from './migrant-tag.ts';
import * as repo from './people-repo.ts';
import { appendLifeEvent, checkLifeEvent, guarded, maskedPerson, personForWrite, summaries } from './people-service.ts';
import { type Catalogue, type FieldIssue, invalid, type PersonFields, personColumns, todayOf } from './person-data.ts';
import { roomForScope, roomsByIds } from './rooms.ts';

type Deps = Pick<AppDeps, 'clock' | 'keys'>;

const HEAD_CODES = ['01', '02'];

/** Where a household (and so its members) lives. */
interface Place {
  roomId: number | null;
  orgPath: string;
  gridId: number;
  districtId: number;
}

export type PersonRef =
  | { personId: string }
  | (PersonFields & {
      registeredAddress?: string;
      registeredHere?: boolean;
      partyMember?: boolean;
    });

export interface MigrantFields {
  expectedDeparture?: string;
  origin?: string;
  reason?: 'work' | 'business' | 'study' | 'family' | 'other';
}

const HOUSEHOLD_PROBLEMS: Catalogue = {
  NOT_A_MEMBER: {
    'zh-CN': '{f}:此人不是本户现有成员',
    en: '{f}: this person is not a current member of the household',
  },
  MEMBERS_INCOMPLETE: {
    'zh-CN': '{f}:须为本户每一位现有成员给出与新户主的关系',
    en: '{f}: give the new relation of every current member of the household',
  },
  DUPLICATE_MEMBER: { 'zh-CN': '{f}:同一人出现了多次', en: '{f}: the same person appears more than once' },
  SPLIT_LEAVES_NONE: {
    'zh-CN': '{f}:分户后原户须至少留下一人',
    en: '{f}: at least one member must stay in the household',
  },
  REMAINING_NO_HEAD: {
    'zh-CN': '{f}:分户后原户没有户主,请先变更户主',
    en: '{f}: the household would be left without a head; change the head first',
  },
  DATE_BEFORE_ARRIVAL: {
    'zh-CN': '{f}:预计离开日期不能早于来住日期',
    en: '{f}: the expected departure cannot be before the arrival',
  },
};

const refuse = (issues: FieldIssue[], locale: Locale) => invalid(issues, locale, HOUSEHOLD_PROBLEMS);

/** Error-severity problems the change would add to a household (a missing head is the split's own check). */
function newErrors(before: readonly HouseholdMember[], after: readonly HouseholdMember[], today: string) {
  const had = new Set(householdProblems(before, today).map((p) => p.code));
  return householdProblems(after, today).filter(
    (p) => p.severity === 'error' && !had.has(p.code) && p.code !== 'NO_HEAD',
  );
}
const problemCode = (code: string) => (code === 'UNKNOWN_RELATION' ? 'RELATION_UNKNOWN' : code);

export function createHouseholdsService(deps: Deps) {
  const { clock, keys } = deps;

  async function householdForWrite(trx: Db, scope: Scope, uid: string): Promise<repo.HouseholdRow> {
    const h = await repo.householdByUid(trx, uid, true);
    if (!h || !canAt(scope, 'registry:write', h.org_path)) throw new AppError('HOUSEHOLD_NOT_FOUND', 404);
    if (h.status !== 'active') throw new AppError('HOUSEHOLD_DISSOLVED', 409);
    return h;
  }

  const placeOf = (h: repo.HouseholdRow): Place => ({
    roomId: h.room_id,
    orgPath: h.org_path,
    gridId: h.grid_id,
    districtId: h.district_id,
  });

  /** The person now lives where the household does; their current tags follow their grid. */
  async function moveInto(trx: Db, personId: number, place: Place, now: Date) {
    await trx
      .updateTable('person')
      .set({
        room_id: place.roomId,
        org_path: place.orgPath,
        grid_id: place.gridId,
        district_id: place.districtId,
        updated_at: now,
      })
      .where('id', '=', personId)
      .execute();
    await trx
      .updateTable('person_tag')
      .set({ org_path: place.orgPath })
      .where('person_id', '=', personId)
      .where('ended_at', 'is', null)
      .execute();
  }

  async function addMembership(
    trx: Db,
    householdId: number,
    personId: number,
    relation: string,
    orgPath: string,
    since: string,
    field: string,
  ) {
    await guarded(
      'household_member_current',
      () => new AppError('ALREADY_IN_HOUSEHOLD', 409, { field }),
      () =>
        trx
          .insertInto('household_member')
          .values({ household_id: householdId, person_id: personId, relation, org_path: orgPath, since })
          .execute(),
    );
  }

  /**
   * The person who joins: one in the register (checked against the life-event rules and
   * not in a household now) or a new one (checked by personColumns, 身份证号 not taken).
   */
  async function joiningPerson(
    trx: Db,
    scope: Scope,
    ref: PersonRef,
    event: LifeEvent,
    effectiveDate: string,
    prefix: string,
    place: Place,
    now: Date,
  ) {
    const today = todayOf(now);
    if ('personId' in ref) {
      const p = await personForWrite(trx, scope, ref.personId);
      if (await repo.currentMembership(trx, p.id)) {
        throw new AppError('ALREADY_IN_HOUSEHOLD', 409, { field: `${prefix}.personId` });
      }
      const status = checkLifeEvent(
        p.status as PersonStatus,
        event,
        effectiveDate,
        { birthDate: p.birth_date, lastEffectiveDate: p.last_event_date },
        today,
        scope.locale,
      );
      await moveInto(trx, p.id, place, now);
      return { id: p.id, uid: p.uid, birthDate: p.birth_date, status, masked: maskedPerson(p) };
    }
    const checked = personColumns(keys, ref, today, `${prefix}.`);
    if (!checked.ok) throw invalid(checked.issues, scope.locale);
    const c = checked.columns;
    if (event === 'birth' && !c.birth_date) {
      throw invalid([{ field: `${prefix}.birthDate`, code: 'REQUIRED' }], scope.locale);
    }
    const status = checkLifeEvent(
      null,
      event,
      effectiveDate,
      { birthDate: c.birth_date, lastEffectiveDate: null },
      today,
      scope.locale,
    );
    const taken = () => new AppError('ID_NUMBER_TAKEN', 409, { field: `${prefix}.idNumber` });
    if (c.id_number_index && (await repo.personIdByIdNumberIndex(trx, c.id_number_index))) throw taken();
    const row = {
      ...c,
      district_id: place.districtId,
      grid_id: place.gridId,
      org_path: place.orgPath,
      room_id: place.roomId,
      registered_address: ref.registeredAddress ?? null,
      // A migrant lives here registered elsewhere (人在户不在) unless told otherwise.
      registered_here: ref.registeredHere ?? event !== 'migrant_arrival',
      party_member: ref.partyMember ?? false,
      status,
      created_at: now,
      updated_at: now,
    };
    const inserted = await guarded('person_id_number', taken, () =>
      trx.insertInto('person').values(row).returning(['id', 'uid']).executeTakeFirstOrThrow(),
    );
    return { id: inserted.id, uid: inserted.uid, birthDate: c.birth_date, status, masked: maskedPerson(row) };
  }

  async function openMigrantRegistration(
    trx: Db,
    scope: Scope,
    personId: number,
    orgPath: string,
    arrival: string,
    migrant: MigrantFields | undefined,
    now: Date,
  ) {
    const expected = migrant?.expectedDeparture;
    if (expected !== undefined) {
      if (!isCalendarDate(expected))
        throw invalid([{ field: 'migrant.expectedDeparture', code: 'DATE_INVALID' }], scope.locale);
      if (expected < arrival)
        throw refuse([{ field: 'migrant.expectedDeparture', code: 'DATE_BEFORE_ARRIVAL' }], scope.locale);
    }
    await guarded(
      'migrant_registration_open',
      () => new AppError('LIFE_EVENT_NOT_ALLOWED', 409, { field: 'event', problem: 'ALREADY_RESIDENT' }),
      () =>
        trx
          .insertInto('migrant_registration')
          .values({
            person_id: personId,
            org_path: orgPath,
            arrival_date: arrival,
            expected_departure: expected ?? null,
            origin: migrant?.origin ?? null,
            reason: migrant?.reason ?? null,
            created_at: now,
          })
          .execute(),
    );
    await followMigrantRegistration(trx, scope, personId, { open: true, date: arrival }, now);
  }

  async function audit(
    trx: Db,
    scope: Scope,
    action: string,
    h: { uid: string; org_path: string },
    before: unknown,
    after: unknown,
  ) {
    await recordAudit(
      trx,
      actorOf(scope),
      { action, orgPath: h.org_path, targetType: 'household', targetId: h.uid, before, after },
      clock(),
    );
  }

  /** A household as the page shows it: members with relations, problems as warnings, former members. */
  async function householdView(db: Db, scope: Scope, h: repo.HouseholdRow): Promise<Household> {
    const today = todayOf(clock());
    const [current, former, rooms, grids] = await Promise.all([
      repo.currentMembers(db, h.id),
      repo.formerMembers(db, h.id),
      roomsByIds(db, h.room_id === null ? [] : [h.room_id]),
      unitsByIds(db, [h.grid_id]),
    ]);
    const people = await summaries(
      db,
      scope,
      current.map((m) => m.person_id),
      today,
    );
    const room = h.room_id === null ? undefined : rooms.get(h.room_id);
    const grid = grids[0];
    return {
      id: h.uid,
      number: h.number,
      kind: h.kind as Household['kind'],
      status: h.status as Household['status'],
      room: room
        ? {
            id: room.uid,
            buildingId: room.buildingUid,
            unitName: room.unitName,
            floor: room.floor,
            number: room.number,
            rental: room.rental,
            address: room.address,
          }
        : null,
      grid: { id: grid?.uid ?? '', name: grid?.name ?? '' },
      members: current.map((m, i) => ({
        person: people[i] as Household['members'][number]['person'],
        relation: m.relation,
        relationName: relationName(m.relation) ?? m.relation,
        since: m.since,
      })),
      problems: householdProblems(
        current.map((m) => ({ relation: m.relation, birthDate: m.birth_date })),
        today,
      ).map((p) => ({
        code: p.code,
        severity: p.severity,
        members: p.members.map((i) => current[i]?.person_uid as string),
      })),
      formerMembers: former.map((m) => ({
        personId: m.person_uid,
        name: m.name,
        relation: m.relation,
        since: m.since,
        until: m.until as string,
      })),
    };
  }

  async function view(db: Db, scope: Scope, uid: string) {
    const h = await repo.householdByUid(db, uid);
    if (!h || !canAt(scope, 'registry:read', h.org_path)) throw new AppError('HOUSEHOLD_NOT_FOUND', 404);
    return householdView(db, scope, h);
  }

  /** 立户: a household at a room with its head, who moves in or arrives as a migrant. */
  async function create(
    trx: Db,
    scope: Scope,
    body: {
      roomId: string;
      number?: string;
      kind?: 'family' | 'collective';
      head: PersonRef;
      event: 'move_in' | 'migrant_arrival';
      effectiveDate: string;
      migrant?: MigrantFields;
    },
  ) {
    const now = clock();
    const room = await roomForScope(trx, scope, body.roomId, 'registry:write');
    const place: Place = { roomId: room.id, orgPath: room.orgPath, gridId: room.gridId, districtId: room.districtId };
    const head = await joiningPerson(trx, scope, body.head, body.event, body.effectiveDate, 'head', place, now);
    const h = await trx
      .insertInto('household')
      .values({
        district_id: place.districtId,
        grid_id: place.gridId,
        org_path: place.orgPath,
        number: body.number ?? null,
        kind: body.kind ?? 'family',
        room_id: room.id,
        created_at: now,
      })
      .returning(['id', 'uid', 'district_id', 'grid_id', 'org_path', 'number', 'kind', 'room_id', 'status'])
      .executeTakeFirstOrThrow();
    await addMembership(trx, h.id, head.id, HEAD_RELATION, place.orgPath, body.effectiveDate, 'head.personId');
    if (body.event === 'migrant_arrival') {
      await openMigrantRegistration(trx, scope, head.id, place.orgPath, body.effectiveDate, body.migrant, now);
    }
    await appendLifeEvent(
      trx,
      scope,
      {
        person: head,
        event: body.event,
        effectiveDate: body.effectiveDate,
        status: head.status,
        householdId: h.id,
        householdUid: h.uid,
        roomId: room.id,
        orgPath: place.orgPath,
      },
      now,
    );
    await audit(trx, scope, 'registry.household.create', h, null, {
      room: room.address,
      number: h.number,
      kind: h.kind,
      event: body.event,
      effectiveDate: body.effectiveDate,
      head: { id: head.uid, ...head.masked },
    });
    return householdView(trx, scope, h);
  }

  /** Someone joins: born into the household, moves in, or arrives as a migrant. */
  async function addMember(
    trx: Db,
    scope: Scope,
    uid: string,
    body: {
      person: PersonRef;
      relation: string;
      event: 'birth' | 'move_in' | 'migrant_arrival';
      effectiveDate: string;
      migrant?: MigrantFields;
      note?: string;
    },
  ) {
    const now = clock();
    const today = todayOf(now);
    const h = await householdForWrite(trx, scope, uid);
    if (!isRelationCode(body.relation)) throw invalid([{ field: 'relation', code: 'RELATION_UNKNOWN' }], scope.locale);
    const current = await repo.currentMembers(trx, h.id);
    const before = current.map((m) => ({ relation: m.relation, birthDate: m.birth_date }));
    const place = placeOf(h);
    const person = await joiningPerson(trx, scope, body.person, body.event, body.effectiveDate, 'person', place, now);
    const added = newErrors(before, [...before, { relation: body.relation, birthDate: person.birthDate }], today);
    if (added[0]) throw invalid([{ field: 'relation', code: problemCode(added[0].code) }], scope.locale);
    await addMembership(trx, h.id, person.id, body.relation, h.org_path, body.effectiveDate, 'person.personId');
    if (body.event === 'migrant_arrival') {
      await openMigrantRegistration(trx, scope, person.id, h.org_path, body.effectiveDate, body.migrant, now);
    }
    await appendLifeEvent(
      trx,
      scope,
      {
        person,
        event: body.event,
        effectiveDate: body.effectiveDate,
        status: person.status,
        householdId: h.id,
        householdUid: h.uid,
        roomId: h.room_id,
        orgPath: h.org_path,
        note: body.note ?? null,
      },
      now,
    );
    await audit(trx, scope, 'registry.household.add_member', h, null, {
      person: { id: person.uid, ...person.masked },
      relation: body.relation,
      event: body.event,
      effectiveDate: body.effectiveDate,
    });
    return householdView(trx, scope, h);
  }

  /** Leaving members move their history on: a split or a merge, one person at a time. */
  async function moveMembers(
    trx: Db,
    scope: Scope,
    moves: Array<{ uid: string; relation: string; field: string }>,
    to: { id: number; uid: string; place: Place },
    event: 'household_split' | 'household_merge',
    effectiveDate: string,
    note: string | undefined,
    now: Date,
  ) {
    const today = todayOf(now);
    for (const move of moves) {
      const p = await personForWrite(trx, scope, move.uid);
      const status = checkLifeEvent(
        p.status as PersonStatus,
        event,
        effectiveDate,
        { birthDate: p.birth_date, lastEffectiveDate: p.last_event_date },
        today,
        scope.locale,
      );
      await repo.closeMembership(trx, p.id, effectiveDate);
      await addMembership(trx, to.id, p.id, move.relation, to.place.orgPath, effectiveDate, move.field);
      if (p.room_id !== to.place.roomId || p.org_path !== to.place.orgPath) await moveInto(trx, p.id, to.place, now);
      await appendLifeEvent(
        trx,
        scope,
        {
          person: p,
          event,
          effectiveDate,
          status,
          householdId: to.id,
          householdUid: to.uid,
          roomId: to.place.roomId,
          orgPath: to.place.orgPath,
          note: note ?? null,
        },
        now,
      );
    }
  }

  /** 分户: some members leave to form a new household, at the same room unless another is named. */
  async function split(
    trx: Db,
    scope: Scope,
    uid: string,
    body: {
      members: Array<{ personId: string; relation: string }>;
      roomId?: string;
      number?: string;
      effectiveDate: string;
      note?: string;
    },
  ) {
    const now = clock();
    const h = await householdForWrite(trx, scope, uid);
    const current = await repo.currentMembers(trx, h.id);
    const members = new Set(current.map((m) => m.person_uid));
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    body.members.forEach((m, i) => {
      if (!members.has(m.personId)) issues.push({ field: `members.${i}.personId`, code: 'NOT_A_MEMBER' });
      else if (seen.has(m.personId)) issues.push({ field: `members.${i}.personId`, code: 'DUPLICATE_MEMBER' });
      seen.add(m.personId);
      if (!isRelationCode(m.relation)) issues.push({ field: `members.${i}.relation`, code: 'RELATION_UNKNOWN' });
    });
    if (issues.length > 0) throw refuse(issues, scope.locale);
    const heads = body.members.filter((m) => HEAD_CODES.includes(m.relation)).length;
    if (heads !== 1)
      throw refuse([{ field: 'members', code: heads === 0 ? 'NO_HEAD' : 'MULTIPLE_HEADS' }], scope.locale);
    const remaining = current.filter((m) => !seen.has(m.person_uid));
    if (remaining.length === 0) throw refuse([{ field: 'members', code: 'SPLIT_LEAVES_NONE' }], scope.locale);
    if (!remaining.some((m) => HEAD_CODES.includes(m.relation))) {
      throw refuse([{ field: 'members', code: 'REMAINING_NO_HEAD' }], scope.locale);
    }
    const place = body.roomId
      ? await roomForScope(trx, scope, body.roomId, 'registry:write').then((r) => ({
          roomId: r.id,
          orgPath: r.orgPath,
          gridId: r.gridId,
          districtId: r.districtId,
        }))
      : placeOf(h);
    const created = await trx
      .insertInto('household')
      .values({
        district_id: place.districtId,
        grid_id: place.gridId,
        org_path: place.orgPath,
        number: body.number ?? null,
        kind: h.kind,
        room_id: place.roomId,
        created_at: now,
      })
      .returning(['id', 'uid', 'district_id', 'grid_id', 'org_path', 'number', 'kind', 'room_id', 'status'])
      .executeTakeFirstOrThrow();
    await moveMembers(
      trx,
      scope,
      body.members.map((m, i) => ({ uid: m.personId, relation: m.relation, field: `members.${i}.personId` })),
      { id: created.id, uid: created.uid, place },
      'household_split',
      body.effectiveDate,
      body.note,
      now,
    );
    await audit(
      trx,
      scope,
      'registry.household.split',
      h,
      { members: current.map((m) => ({ personId: m.person_uid, relation: m.relation })) },
      { newHousehold: created.uid, members: body.members, effectiveDate: body.effectiveDate },
    );
    return householdView(trx, scope, created);
  }

  /** 并户: every current member joins the other household with a new relation; this one is dissolved. */
  async function merge(
    trx: Db,
    scope: Scope,
    uid: string,
    body: {
      intoHouseholdId: string;
      relations: Array<{ personId: string; relation: string }>;
      effectiveDate: string;
      note?: string;
    },
  ) {
    const now = clock();
    const today = todayOf(now);
    if (body.intoHouseholdId === uid) throw new AppError('SAME_HOUSEHOLD', 400, { field: 'intoHouseholdId' });
    const h = await householdForWrite(trx, scope, uid);
    const target = await householdForWrite(trx, scope, body.intoHouseholdId);
    const current = await repo.currentMembers(trx, h.id);
    const members = new Set(current.map((m) => m.person_uid));
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    body.relations.forEach((m, i) => {
      if (!members.has(m.personId)) issues.push({ field: `relations.${i}.personId`, code: 'NOT_A_MEMBER' });
      else if (seen.has(m.personId)) issues.push({ field: `relations.${i}.personId`, code: 'DUPLICATE_MEMBER' });
      seen.add(m.personId);
      if (!isRelationCode(m.relation)) issues.push({ field: `relations.${i}.relation`, code: 'RELATION_UNKNOWN' });
    });
    if (current.some((m) => !seen.has(m.person_uid))) issues.push({ field: 'relations', code: 'MEMBERS_INCOMPLETE' });
    if (issues.length > 0) throw refuse(issues, scope.locale);
    const targetMembers = (await repo.currentMembers(trx, target.id)).map((m) => ({
      relation: m.relation,
      birthDate: m.birth_date,
    }));
    const births = new Map(current.map((m) => [m.person_uid, m.birth_date]));
    const merged = [
      ...targetMembers,
      ...body.relations.map((r) => ({ relation: r.relation, birthDate: births.get(r.personId) ?? null })),
    ];
    const added = newErrors(targetMembers, merged, today);
    if (added[0]) throw refuse([{ field: 'relations', code: problemCode(added[0].code) }], scope.locale);
    await moveMembers(
      trx,
      scope,
      body.relations.map((m, i) => ({ uid: m.personId, relation: m.relation, field: `relations.${i}.personId` })),
      { id: target.id, uid: target.uid, place: placeOf(target) },
      'household_merge',
      body.effectiveDate,
      body.note,
      now,
    );
    await trx
      .updateTable('household')
      .set({ status: 'dissolved', dissolved_at: body.effectiveDate })
      .where('id', '=', h.id)
      .execute();
    await audit(
      trx,
      scope,
      'registry.household.merge',
      h,
      { members: current.map((m) => ({ personId: m.person_uid, relation: m.relation })) },
      { into: target.uid, relations: body.relations, effectiveDate: body.effectiveDate },
    );
    return householdView(trx, scope, target);
  }

  return { view, create, addMember, split, merge };
}
