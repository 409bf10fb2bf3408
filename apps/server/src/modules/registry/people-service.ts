/**
 * Persons of the register (实有人口): search, the 活档案 profile, corrections, life events
 * that take a person out (move out, death, migrant departure) and reveal of a full 身份证号 or
 * phone. Every answer is masked; the full value leaves only through reveal, which needs TOTP
 * and a reason and is written to the audit log in the same transaction. Households and tags
 * live in households-service.ts and tags-service.ts and build on the views exported here.
 */
import type { PersonProfile, PersonSummary } from '@gongzhi/api';
import {
  ageOn,
  applyLifeEvent,
  checkEffectiveDate,
  ethnicityByCode,
  LIFE_EVENT_NAMES,
  type LifeEvent,
  type LifeEventDateProblem,
  type PersonStatus,
  parseIdNumber,
  parsePhone,
  relationName,
  separatedFromRegistration,
} from '@gongzhi/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import { unseal } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, type Locale } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { unitForScope } from '../org/service.ts';
import { roomAddress } from './address.ts';
import { followMigrantRegistration } from './migrant-tag.ts';
import * as repo from './people-repo.ts';
import { indexOf, invalid, personColumns, queryGrams, todayOf } from './person-data.ts';

/** A search counts at most this many hits. */
/**
 * A search counts at most this many hits: beyond ten pages a person narrows the search, and
 * counting a common surname across a street of 60,000 would cost more than the page itself.
 */
export const SEARCH_COUNT_CAP = 200;

type PeopleDeps = Pick<AppDeps, 'clock' | 'keys' | 'accessLog'>;

// ── Views ─────────────────────────────────────────────────────────────────────────────────
/**
 * Whether the viewer may see a tag at a record: any tag that is not sensitive; a sensitive
 * one with registry:sensitive there, or — for a 六必访 tag — with registry:write there (the
 * grid worker who must visit).
 */
export function maySeeTag(scope: Scope, path: string, tag: { sensitive: boolean; mustVisit: boolean }): boolean {
  if (!tag.sensitive) return true;
  if (canAt(scope, 'registry:sensitive', path)) return true;
  return tag.mustVisit && canAt(scope, 'registry:write', path);
}

const tagName = (t: { zh: string; en: string }, locale: Locale) => (locale === 'en' ? t.en : t.zh);

export function toSummary(r: repo.SummaryRow, scope: Scope, today: string): PersonSummary {
  return {
    id: r.uid,
    name: r.name,
    gender: r.gender as PersonSummary['gender'],
    birthDate: r.birth_date,
    age: r.birth_date ? ageOn(r.birth_date, today) : null,
    idNumber: r.id_number_masked,
    phone: r.phone_masked,
    status: r.status as PersonStatus,
    address:
      r.building_address === null
        ? null
        : roomAddress({
            buildingAddress: r.building_address,
            buildingName: r.building_name ?? '',
            unitName: r.unit_name,
            number: r.room_number,
          }),
    grid: { id: r.grid_uid, name: r.grid_name },
    tags: r.tags
      .filter((t) => maySeeTag(scope, r.org_path, t))
      .map((t) => ({ code: t.code, name: tagName(t, scope.locale) })),
  };
}

export async function summaries(db: Db, scope: Scope, ids: number[], today: string): Promise<PersonSummary[]> {
  return (await repo.summariesByIds(db, ids)).map((r) => toSummary(r, scope, today));
}

function toProfile(r: repo.ProfileRow, scope: Scope, today: string): PersonProfile {
  const locale = scope.locale;
  const room = r.room;
  const status = r.status as PersonStatus;
  const livesHere = room !== null && status === 'resident';
  const ethnicity = r.ethnicity ? ethnicityByCode(r.ethnicity) : undefined;
  return {
    id: r.uid,
    name: r.name,
    gender: r.gender as PersonProfile['gender'],
    birthDate: r.birth_date,
    age: r.birth_date ? ageOn(r.birth_date, today) : null,
    idNumber: r.id_number_masked,
    phone: r.phone_masked,
    status,
    address: room ? roomAddress(room) : null,
    grid: { id: r.grid_uid, name: r.grid_name },
    ethnicity: r.ethnicity,
    ethnicityName: ethnicity ? (locale === 'en' ? ethnicity.en : ethnicity.zh) : null,
    registeredAddress: r.registered_address,
    registeredHere: r.registered_here,
    livesHere,
    separation:
      status === 'resident' ? separatedFromRegistration({ registeredHere: r.registered_here, livesHere }) : null,
    partyMember: r.party_member,
    room: room && {
      id: room.uid,
      buildingId: room.buildingUid,
      unitName: room.unitName,
      floor: room.floor,
      number: room.number,
      rental: room.rental,
      address: roomAddress(room),
    },
    household: r.household && {
      id: r.household.uid,
      relation: r.household.relation,
      relationName: relationName(r.household.relation) ?? r.household.relation,
    },
    tags: r.tags
      .filter((t) => maySeeTag(scope, r.org_path, t))
      .map((t) => ({
        id: t.id as string,
        code: t.code,
        name: tagName(t, locale),
        sensitive: t.sensitive,
        source: t.source as string,
        startDate: t.startDate as string,
        endDate: t.endDate ?? null,
        setBy: t.setBy ?? null,
        note: t.note ?? null,
      })),
    events: r.events.map((e) => ({
      id: e.uid,
      event: e.event as LifeEvent,
      name: LIFE_EVENT_NAMES[e.event as LifeEvent][locale === 'en' ? 'en' : 'zh'],
      effectiveDate: e.effectiveDate,
      householdId: e.householdUid,
      address: e.room ? roomAddress(e.room) : null,
      note: e.note,
      recordedBy: e.recordedBy,
      recordedAt: new Date(e.recordedAt).toISOString(),
    })),
    migrant: r.migrant && {
      id: r.migrant.uid,
      arrivalDate: r.migrant.arrivalDate,
      expectedDeparture: r.migrant.expectedDeparture,
      actualDeparture: r.migrant.actualDeparture,
      origin: r.migrant.origin,
      reason: r.migrant.reason,
    },
    canReveal: canAt(scope, 'registry:reveal', r.org_path),
    canEdit: canAt(scope, 'registry:write', r.org_path),
  };
}

/** The masked profile of a person the scope may read, or PERSON_NOT_FOUND. */
export async function profileOf(db: Db, scope: Scope, uid: string, today: string): Promise<PersonProfile> {
  const row = await repo.profileByUid(db, uid);
  if (!row || !canAt(scope, 'registry:read', row.org_path)) throw new AppError('PERSON_NOT_FOUND', 404);
  return toProfile(row, scope, today);
}

/** What the audit log keeps of a person: masked, never a full 身份证号 or phone. */
export function maskedPerson(p: {
  name: string;
  gender: string | null;
  birth_date: string | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  ethnicity?: string | null;
  registered_address?: string | null;
  registered_here?: boolean;
  party_member?: boolean;
  status?: string;
}) {
  return {
    name: p.name,
    gender: p.gender,
    birthDate: p.birth_date,
    idNumber: p.id_number_masked,
    phone: p.phone_masked,
    ethnicity: p.ethnicity ?? null,
    registeredAddress: p.registered_address ?? null,
    registeredHere: p.registered_here,
    partyMember: p.party_member,
    status: p.status,
  };
}

// ── Rules shared by the writes ────────────────────────────────────────────────────────────
const DATE_PROBLEMS: Record<LifeEventDateProblem, { 'zh-CN': string; en: string }> = {
  EFFECTIVE_DATE_INVALID: { 'zh-CN': '{f} 不是有效日期', en: '{f} is not a valid date' },
  EFFECTIVE_DATE_FUTURE: { 'zh-CN': '{f}:生效日期不能晚于今天', en: '{f}: the effective date cannot be in the future' },
  EFFECTIVE_DATE_BEFORE_BIRTH: {
    'zh-CN': '{f}:生效日期不能早于出生日期',
    en: '{f}: the effective date cannot be before the birth date',
  },
  EFFECTIVE_DATE_BEFORE_PREVIOUS: {
    'zh-CN': '{f}:生效日期不能早于此人上一事项的日期',
    en: "{f}: the effective date cannot be before the person's previous event",
  },
  EFFECTIVE_DATE_NOT_BIRTH_DATE: {
    'zh-CN': '{f}:出生登记的生效日期应为出生日期',
    en: '{f}: a birth takes effect on the birth date',
  },
};

/** A 400 naming one field, with a message of the caller's own. */
export function fieldRefused(field: string, rule: string, text: { 'zh-CN': string; en: string }, locale: Locale) {
  return new AppError('VALIDATION_FAILED', 400, [{ field, rule, message: text[locale].replaceAll('{f}', field) }]);
}

/** A 400 naming the field of a date the life-event rules refuse. */
export function dateRefused(problem: LifeEventDateProblem, field: string, locale: Locale): AppError {
  return new AppError('VALIDATION_FAILED', 400, [
    { field, rule: problem, message: DATE_PROBLEMS[problem][locale].replaceAll('{f}', field) },
  ]);
}

/**
 * The status after `event` for a person of `status` (null: not yet recorded), with its date
 * checked: refusals are 409 LIFE_EVENT_NOT_ALLOWED (with the domain problem and the events
 * that would be allowed) or 400 naming the date field.
 */
export function checkLifeEvent(
  status: PersonStatus | null,
  event: LifeEvent,
  effectiveDate: string,
  person: { birthDate: string | null; lastEffectiveDate: string | null },
  today: string,
  locale: Locale,
  field = 'effectiveDate',
): PersonStatus {
  const next = applyLifeEvent(status, event);
  if (!next.ok) {
    throw new AppError('LIFE_EVENT_NOT_ALLOWED', 409, { field: 'event', problem: next.problem, allowed: next.allowed });
  }
  const problem = checkEffectiveDate({ event, effectiveDate }, person, today);
  if (problem) throw dateRefused(problem, field, locale);
  return next.status;
}

/** Appends a life event (the history status is derived from) and tells other modules. */
export async function appendLifeEvent(
  trx: Db,
  scope: Scope,
  e: {
    person: { id: number; uid: string };
    event: LifeEvent;
    effectiveDate: string;
    status: PersonStatus;
    householdId: number | null;
    householdUid?: string | null;
    roomId: number | null;
    orgPath: string;
    note?: string | null;
  },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('life_event')
    .values({
      person_id: e.person.id,
      event: e.event,
      effective_date: e.effectiveDate,
      household_id: e.householdId,
      room_id: e.roomId,
      org_path: e.orgPath,
      note: e.note ?? null,
      recorded_by: scope.user.id,
      recorded_at: now,
    })
    .execute();
  await trx
    .updateTable('person')
    .set({ status: e.status, last_event_date: e.effectiveDate, updated_at: now })
    .where('id', '=', e.person.id)
    .execute();
  await emitEvent(
    trx,
    'registry.life_event',
    {
      personId: e.person.uid,
      event: e.event,
      effectiveDate: e.effectiveDate,
      status: e.status,
      householdId: e.householdUid ?? null,
      orgPath: e.orgPath,
    },
    e.orgPath,
    now,
  );
}

/** A person the scope may change (locked for the transaction), or PERSON_NOT_FOUND. */
export async function personForWrite(trx: Db, scope: Scope, uid: string): Promise<repo.PersonRow> {
  const p = await repo.personByUid(trx, uid, true);
  if (!p || !canAt(scope, 'registry:write', p.org_path)) throw new AppError('PERSON_NOT_FOUND', 404);
  return p;
}

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  return e?.code === '23505' && (e.constraint === constraint || String(e.message ?? '').includes(constraint));
}

/** Runs an insert whose unique index may refuse it, turning that refusal into `error`. */
export async function guarded<T>(constraint: string, error: () => AppError, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, constraint)) throw error();
    throw err;
  }
}

// ── The service ───────────────────────────────────────────────────────────────────────────
export interface SearchQuery {
  q?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  tag?: string;
  unit?: string;
  status?: PersonStatus | 'any';
  page?: number;
  pageSize?: number;
}

export function createPeopleService(deps: PeopleDeps) {
  const { clock, keys, accessLog } = deps;

  function logAccess(scope: Scope, action: string, targetId: string | null, orgPath: string | null, detail?: unknown) {
    accessLog.record({
      at: clock(),
      actorId: scope.user.id,
      actorName: scope.user.username,
      action,
      targetType: 'person',
      targetId,
      orgPath,
      detail,
      ip: scope.ip,
    });
  }

  /**
   * Scoped search. One character searches name prefixes (the btree on name); more search
   * the name's character pairs (GIN), re-checked by LIKE; 身份证号 and phone are exact
   * matches on their blind index. At most SEARCH_COUNT_CAP hits are counted.
   */
  async function search(db: Db, scope: Scope, query: SearchQuery) {
    const today = todayOf(clock());
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const empty = { items: [], total: 0, totalCapped: false, page, pageSize };
    let paths = pathsWith(scope, 'registry:read');
    let unitPath: string | null = null;
    if (query.unit) {
      unitPath = (await unitForScope(db, scope, { uid: query.unit }, 'registry:read')).path;
      paths = [unitPath];
    }
    const where: RawBuilder<SqlBool>[] = [inSubtrees('p.org_path', paths)];
    const status = query.status ?? 'resident';
    if (status !== 'any') where.push(sql<SqlBool>`p.status = ${status}`);
    const q = query.q?.trim().replace(/\s+/g, ' ');
    let surname = false;
    if (q) {
      const chars = Array.from(q.replace(/\s+/g, ''));
      surname = chars.length === 1;
      where.push(surname ? repo.namePrefix(q) : repo.nameContains(q, queryGrams(q)));
    }
    if (query.idNumber !== undefined) {
      const parsed = parseIdNumber(query.idNumber, today);
      if (!parsed.ok) throw invalid([{ field: 'idNumber', code: `ID_NUMBER_${parsed.problem}` }], scope.locale);
      where.push(sql<SqlBool>`p.id_number_index = ${indexOf.idNumber(keys, parsed.value)}`);
    }
    if (query.phone !== undefined) {
      const parsed = parsePhone(query.phone);
      if (!parsed.ok) throw invalid([{ field: 'phone', code: `PHONE_${parsed.problem}` }], scope.locale);
      where.push(sql<SqlBool>`p.phone_index = ${indexOf.phone(keys, parsed.value)}`);
    }
    const words = query.address?.trim().split(/\s+/).filter(Boolean) ?? [];
    if (words.length > 0) where.push(repo.addressMatches(words));
    logAccess(scope, 'registry.person.search', null, unitPath, {
      filters: (['q', 'idNumber', 'phone', 'address', 'tag', 'unit', 'status'] as const).filter(
        (k) => query[k] !== undefined,
      ),
      ...(query.tag ? { tag: query.tag } : {}),
    });
    if (query.tag !== undefined) {
      const tag = await repo.tagByCode(db, query.tag);
      if (!tag) return empty;
      if (tag.sensitive) {
        // Only where the viewer may see the tag: a hit elsewhere would reveal it.
        const visible = [
          ...pathsWith(scope, 'registry:sensitive'),
          ...(tag.must_visit ? pathsWith(scope, 'registry:write') : []),
        ];
        if (visible.length === 0) return empty;
        where.push(inSubtrees('p.org_path', visible));
      }
      where.push(repo.hasCurrentTag(tag.id));
    }
    const found = await repo.searchPersons(
      db,
      where,
      { limit: pageSize, offset: (page - 1) * pageSize },
      SEARCH_COUNT_CAP,
      // The commonest search, a surname in my area, plans the same for every surname: plan it
      // once per connection. Parts of names and addresses plan best for their own values.
      { prepared: surname && words.length === 0 },
    );
    return {
      items: await summaries(db, scope, found.ids, today),
      total: Math.min(found.count, SEARCH_COUNT_CAP),
      totalCapped: found.count > SEARCH_COUNT_CAP,
      page,
      pageSize,
    };
  }

  async function view(db: Db, scope: Scope, uid: string) {
    const profile = await profileOf(db, scope, uid, todayOf(clock()));
    logAccess(scope, 'registry.person.view', uid, null);
    return profile;
  }

  async function update(
    trx: Db,
    scope: Scope,
    uid: string,
    body: {
      name?: string;
      gender?: 'male' | 'female';
      birthDate?: string;
      idNumber?: string | null;
      phone?: string | null;
      ethnicity?: string | null;
      registeredAddress?: string | null;
      registeredHere?: boolean;
      partyMember?: boolean;
      reason: string;
    },
  ) {
    const now = clock();
    const today = todayOf(now);
    const p = await personForWrite(trx, scope, uid);
    const newIdNumber = body.idNumber !== undefined;
    // A new 身份证号 supplies birth date and gender unless they are given beside it.
    const checked = personColumns(
      keys,
      {
        name: body.name ?? p.name,
        gender: body.gender ?? (newIdNumber ? null : (p.gender as 'male' | 'female' | null)),
        birthDate: body.birthDate ?? (newIdNumber ? null : p.birth_date),
        idNumber: newIdNumber ? body.idNumber : p.id_number_sealed && unseal(keys, p.id_number_sealed),
        phone: body.phone !== undefined ? body.phone : p.phone_sealed && unseal(keys, p.phone_sealed),
        ethnicity: body.ethnicity !== undefined ? body.ethnicity : p.ethnicity,
      },
      today,
    );
    if (!checked.ok) throw invalid(checked.issues, scope.locale);
    const c = checked.columns;
    if (c.id_number_index && (await repo.personIdByIdNumberIndex(trx, c.id_number_index, p.id))) {
      throw new AppError('ID_NUMBER_TAKEN', 409, { field: 'idNumber' });
    }
    const after = {
      ...c,
      registered_address: body.registeredAddress !== undefined ? body.registeredAddress : p.registered_address,
      registered_here: body.registeredHere ?? p.registered_here,
      party_member: body.partyMember ?? p.party_member,
    };
    await guarded(
      'person_id_number',
      () => new AppError('ID_NUMBER_TAKEN', 409, { field: 'idNumber' }),
      () =>
        trx
          .updateTable('person')
          .set({ ...after, updated_at: now })
          .where('id', '=', p.id)
          .execute(),
    );
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'registry.person.update',
        orgPath: p.org_path,
        targetType: 'person',
        targetId: p.uid,
        before: maskedPerson(p),
        after: { ...maskedPerson({ ...after, status: p.status }), reason: body.reason },
      },
      now,
    );
    return profileOf(trx, scope, uid, today);
  }

  /** The full 身份证号 or phone, for a reason, by a viewer with TOTP; audited in the same transaction. */
  async function reveal(trx: Db, scope: Scope, uid: string, body: { field: 'idNumber' | 'phone'; reason: string }) {
    const p = await repo.personByUid(trx, uid);
    if (!p || !canAt(scope, 'registry:reveal', p.org_path)) throw new AppError('PERSON_NOT_FOUND', 404);
    if (!scope.user.totpEnabled) throw new AppError('MFA_REQUIRED_FOR_REVEAL', 403);
    const sealed = body.field === 'idNumber' ? p.id_number_sealed : p.phone_sealed;
    const value = sealed ? unseal(keys, sealed) : null;
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'registry.person.reveal',
        orgPath: p.org_path,
        targetType: 'person',
        targetId: p.uid,
        after: {
          field: body.field,
          reason: body.reason,
          masked: body.field === 'idNumber' ? p.id_number_masked : p.phone_masked,
        },
      },
      clock(),
    );
    return { field: body.field, value };
  }

  /**
   * A move out, a death or a migrant's departure. Each closes the household membership
   * (until = the date; the row is kept); a move out or departure also clears the room, and
   * a departure closes the open migrant registration. A household left with nobody is dissolved.
   */
  async function recordEvent(
    trx: Db,
    scope: Scope,
    uid: string,
    body: {
      event: 'move_out' | 'death' | 'migrant_departure';
      effectiveDate: string;
      destination?: string;
      note?: string;
    },
  ) {
    const now = clock();
    const today = todayOf(now);
    const p = await personForWrite(trx, scope, uid);
    const date = body.effectiveDate;
    const status = checkLifeEvent(
      p.status as PersonStatus,
      body.event,
      date,
      { birthDate: p.birth_date, lastEffectiveDate: p.last_event_date },
      today,
      scope.locale,
    );
    const migrant = await repo.openMigrantRegistration(trx, p.id);
    if (body.event === 'migrant_departure' && !migrant) {
      throw new AppError('MIGRANT_NOT_REGISTERED', 409, { field: 'event' });
    }
    // Leaving for good ends a migrant's registration too.
    if (migrant && body.event !== 'death') {
      await trx
        .updateTable('migrant_registration')
        .set({ actual_departure: date })
        .where('id', '=', migrant.id)
        .execute();
      await followMigrantRegistration(trx, scope, p.id, { open: false, date }, now);
    }
    const membership = await repo.currentMembership(trx, p.id);
    let household: repo.HouseholdRow | undefined;
    if (membership) {
      await repo.closeMembership(trx, p.id, date);
      household = await trx
        .selectFrom('household')
        .select(['id', 'uid', 'district_id', 'grid_id', 'org_path', 'number', 'kind', 'room_id', 'status'])
        .where('id', '=', membership.household_id)
        .executeTakeFirstOrThrow();
      const left = await repo.currentMembers(trx, household.id);
      if (left.length === 0) {
        await trx
          .updateTable('household')
          .set({ status: 'dissolved', dissolved_at: date })
          .where('id', '=', household.id)
          .execute();
      }
    }
    if (body.event !== 'death') {
      await trx.updateTable('person').set({ room_id: null }).where('id', '=', p.id).execute();
    }
    const note = [body.destination && `迁往 ${body.destination}`, body.note].filter(Boolean).join('; ') || null;
    await appendLifeEvent(
      trx,
      scope,
      {
        person: p,
        event: body.event,
        effectiveDate: date,
        status,
        householdId: household?.id ?? null,
        householdUid: household?.uid ?? null,
        roomId: p.room_id,
        orgPath: p.org_path,
        note,
      },
      now,
    );
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: `registry.person.${body.event}`,
        orgPath: p.org_path,
        targetType: 'person',
        targetId: p.uid,
        before: { status: p.status, household: household?.uid ?? null, relation: membership?.relation ?? null },
        after: { status, effectiveDate: date, note },
      },
      now,
    );
    return profileOf(trx, scope, uid, today);
  }

  return { search, view, update, reveal, recordEvent };
}
