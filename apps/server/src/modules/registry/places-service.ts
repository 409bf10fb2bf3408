/**
 * The places of the living registry: standard addresses (一标: building → 单元 → room under a
 * grid), organisations at an address (实有单位) and public facilities (活地图), and the map
 * that shows them. Owns building, building_unit, room, organisation and facility; reads
 * households, persons and tags only to draw who lives in a building.
 *
 * A place hangs off a grid and carries its path: everything outside the caller's subtrees
 * is "not found". Every write is audited (contact phones masked) in the request's transaction.
 */
import type { BuildingView, Building as BuildingWire } from '@gongzhi/api';
import { checkCreditCode, maskPhone, type Permission, parsePhone, type UnitKind } from '@gongzhi/domain';
import type { AccessLog } from '../../platform/audit/access-log.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Keys } from '../../platform/crypto.ts';
import { seal } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, type Locale } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { type UnitRef, unitForScope, unitsByIds } from '../org/service.ts';
import { type Catalogue, type FieldIssue, indexOf, invalid, todayOf } from './person-data.ts';
import * as repo from './places-repo.ts';
import { type RoomRef, roomForScope, roomsByIds } from './rooms.ts';

type BuildingKind = BuildingWire['kind'];
type Occupancy = 'occupied' | 'rented' | 'vacant';
type OrganisationKind = 'enterprise' | 'shop' | 'institution' | 'social_org' | 'other';
type FacilityKind =
  | 'hydrant'
  | 'camera'
  | 'street_lamp'
  | 'elevator'
  | 'aed'
  | 'waste_station'
  | 'charging_station'
  | 'manhole'
  | 'other';
type FacilityStatus = 'ok' | 'faulty' | 'retired';

/** Problems of place fields, beside the person ones in person-data.ts. `{f}` is the field. */
const PLACE_PROBLEMS: Catalogue = {
  NOT_A_GRID: { 'zh-CN': '{f}:请选择一个网格(不是社区或街道)', en: '{f}: choose a grid, not a community or street' },
  COORDINATE_PAIR: {
    'zh-CN': '{f}:经度和纬度须同时填写',
    en: '{f}: longitude and latitude go together',
  },
  CREDIT_CODE_FORMAT: {
    'zh-CN': '{f}:统一社会信用代码应为 18 位数字或大写字母(不含 I、O、S、V、Z)',
    en: '{f}: a credit code has 18 digits or capital letters (no I, O, S, V, Z)',
  },
  CREDIT_CODE_CHECK_CHARACTER: {
    'zh-CN': '{f}:统一社会信用代码校验位错误,请核对每一位',
    en: '{f}: the check character of the credit code is wrong, check every character',
  },
  BUILDING_OTHER_GRID: {
    'zh-CN': '{f}:该楼栋不在所选网格内',
    en: '{f}: the building is not in the chosen grid',
  },
  LAYOUT_ABOVE_ROOF: {
    'zh-CN': '{f}:布局层数超过了楼栋层数',
    en: '{f}: the layout has more floors than the building',
  },
};

const refuse = (issues: FieldIssue[], locale: Locale) => invalid(issues, locale, PLACE_PROBLEMS);

function coordinateIssues(lng: number | null | undefined, lat: number | null | undefined): FieldIssue[] {
  if ((lng ?? null) === null && (lat ?? null) !== null) return [{ field: 'lng', code: 'COORDINATE_PAIR' }];
  if ((lng ?? null) !== null && (lat ?? null) === null) return [{ field: 'lat', code: 'COORDINATE_PAIR' }];
  return [];
}

const pageOf = (q: { page?: number; pageSize?: number }) => {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, paging: { limit: pageSize, offset: (page - 1) * pageSize } };
};

/** Public ids and names of the grids the rows hang off. */
async function gridRefs(db: Db, ids: number[]) {
  const units = await unitsByIds(db, ids);
  return new Map(units.map((u) => [u.id, { id: u.uid, name: u.name }]));
}

function gridOf(grids: Map<number, { id: string; name: string }>, id: number) {
  return grids.get(id) ?? { id: '00000000-0000-0000-0000-000000000000', name: '' };
}

function toRoom(r: RoomRef) {
  return {
    id: r.uid,
    buildingId: r.buildingUid,
    unitName: r.unitName,
    floor: r.floor,
    number: r.number,
    rental: r.rental,
    address: r.address,
  };
}

export function createPlacesService(deps: { clock: Clock; keys: Keys; accessLog: AccessLog; mapTiles: string | null }) {
  const { clock, keys } = deps;

  async function audit(
    db: Db,
    scope: Scope,
    e: { action: string; orgPath: string; targetType: string; targetId: string; before?: unknown; after?: unknown },
  ) {
    await recordAudit(db, actorOf(scope), e, clock());
  }

  /** The subtrees a list covers: one unit of my scope, or all of it. */
  async function listPaths(db: Db, scope: Scope, unit: string | undefined): Promise<string[]> {
    if (!unit) return pathsWith(scope, 'registry:read');
    return [(await unitForScope(db, scope, { uid: unit }, 'registry:read')).path];
  }

  /** A grid of my scope where I may keep the register; a community or street is a 400 on `field`. */
  async function gridFor(trx: Db, scope: Scope, uid: string, field = 'gridId'): Promise<UnitRef> {
    const unit = await unitForScope(trx, scope, { uid }, 'registry:write');
    if (unit.kind !== ('grid' satisfies UnitKind)) throw refuse([{ field, code: 'NOT_A_GRID' }], scope.locale);
    return unit;
  }

  async function buildingFor(db: Db, scope: Scope, uid: string, permission: Permission) {
    const b = await repo.buildingByUid(db, uid);
    if (b?.status !== 'active' || !canAt(scope, permission, b.org_path)) throw new AppError('BUILDING_NOT_FOUND', 404);
    return b;
  }

  /** A building named in another place's body: in my scope and in that place's grid. */
  async function buildingInGrid(trx: Db, scope: Scope, uid: string | undefined, grid: UnitRef) {
    if (uid === undefined) return null;
    const b = await buildingFor(trx, scope, uid, 'registry:write');
    if (b.grid_id !== grid.id) throw refuse([{ field: 'buildingId', code: 'BUILDING_OTHER_GRID' }], scope.locale);
    return b;
  }

  /** Buildings as the API answers them; `known` loads (from a drawn building) spare the count query. */
  async function toBuildings(
    db: Db,
    rows: repo.BuildingRow[],
    known?: Map<number, repo.BuildingLoad>,
  ): Promise<BuildingWire[]> {
    const ids = rows.map((r) => r.id);
    const [grids, loads] = await Promise.all([
      gridRefs(
        db,
        rows.map((r) => r.grid_id),
      ),
      known ?? repo.buildingLoads(db, ids),
    ]);
    return rows.map((b) => ({
      id: b.uid,
      name: b.name,
      address: b.address,
      kind: b.kind as BuildingKind,
      floors: b.floors,
      lng: b.lng,
      lat: b.lat,
      grid: gridOf(grids, b.grid_id),
      status: b.status as BuildingWire['status'],
      households: loads.get(b.id)?.households ?? 0,
      residents: loads.get(b.id)?.residents ?? 0,
    }));
  }

  // ── Buildings ─────────────────────────────────────────────────────────────────────────────
  async function listBuildings(
    db: Db,
    scope: Scope,
    q: { unit?: string; q?: string; page?: number; pageSize?: number },
  ) {
    const paths = await listPaths(db, scope, q.unit);
    const { page, pageSize, paging } = pageOf(q);
    const { rows, total } = await repo.buildingsPage(db, paths, q.q?.trim() || undefined, paging);
    return { items: await toBuildings(db, rows), total, page, pageSize };
  }

  /**
   * A building as a grid of rooms (楼栋房屋图): 单元 → floors from the top → rooms, each
   * coloured by who lives there. Sensitive tags show only to a viewer who may see them here.
   */
  async function viewBuilding(db: Db, scope: Scope, uid: string): Promise<BuildingView> {
    const b = await buildingFor(db, scope, uid, 'registry:read');
    // Who lives where, with names and tags: a view of personal records (查询日志).
    deps.accessLog.record({
      at: clock(),
      actorId: scope.user.id,
      actorName: scope.user.username,
      action: 'registry.building_view',
      targetType: 'building',
      targetId: b.uid,
      orgPath: b.org_path,
      ip: scope.ip,
    });
    return drawBuilding(db, scope, b);
  }

  async function drawBuilding(db: Db, scope: Scope, b: repo.BuildingRow): Promise<BuildingView> {
    const viewer = {
      sensitive: canAt(scope, 'registry:sensitive', b.org_path),
      // 六必访 tags are what the grid worker who keeps this register must visit.
      mustVisit: canAt(scope, 'registry:write', b.org_path),
    };
    // One query for every room and who lives there; the building's totals are their sums.
    const cells = await repo.roomCells(db, b.id, viewer, todayOf(clock()));
    const load = { households: 0, residents: 0 };
    const counts: Record<Occupancy, number> = { occupied: 0, rented: 0, vacant: 0 };
    const units = new Map<string, BuildingView['units'][number]>();
    for (const c of cells) {
      const occupancy: Occupancy =
        c.households.length === 0 && c.residents === 0 ? 'vacant' : c.rental ? 'rented' : 'occupied';
      counts[occupancy]++;
      load.households += c.households.length;
      load.residents += c.residents;
      const key = c.unit_uid ?? '';
      let unit = units.get(key);
      if (!unit) {
        unit = { id: c.unit_uid, name: c.unit_name ?? '', floors: [] };
        units.set(key, unit);
      }
      let floor = unit.floors.at(-1);
      if (floor?.floor !== c.floor) {
        floor = { floor: c.floor, rooms: [] };
        unit.floors.push(floor);
      }
      floor.rooms.push({
        id: c.uid,
        number: c.number,
        floor: c.floor,
        rental: c.rental,
        occupancy,
        households: c.households.map((h) => ({ id: h.id, head: h.head, members: Number(h.members) })),
        residents: c.residents,
        tags: c.tags,
      });
    }
    const [building] = await toBuildings(db, [b], new Map([[b.id, load]]));
    return { ...(building as BuildingWire), units: [...units.values()], counts };
  }

  async function createBuilding(
    trx: Db,
    scope: Scope,
    input: {
      gridId: string;
      name: string;
      address: string;
      kind?: BuildingKind;
      floors?: number;
      lng?: number;
      lat?: number;
      layout?: { units: number; floors: number; roomsPerFloor: number };
    },
  ) {
    const grid = await gridFor(trx, scope, input.gridId);
    const floors = input.floors ?? input.layout?.floors ?? null;
    const issues = coordinateIssues(input.lng, input.lat);
    if (input.layout && floors !== null && input.layout.floors > floors)
      issues.push({ field: 'layout.floors', code: 'LAYOUT_ABOVE_ROOF' });
    if (issues.length > 0) throw refuse(issues, scope.locale);
    const now = clock();
    const row = await repo.insertBuilding(trx, {
      districtId: grid.districtId,
      gridId: grid.id,
      orgPath: grid.path,
      name: input.name.trim(),
      address: input.address.trim(),
      kind: input.kind ?? (input.layout?.units === 0 ? 'village_house' : 'residential'),
      floors,
      lng: input.lng ?? null,
      lat: input.lat ?? null,
      now,
    });
    const rooms = input.layout ? await repo.layOutRooms(trx, { id: row.id, orgPath: row.org_path }, input.layout) : 0;
    await audit(trx, scope, {
      action: 'registry.building_create',
      orgPath: row.org_path,
      targetType: 'building',
      targetId: row.uid,
      after: {
        name: row.name,
        address: row.address,
        kind: row.kind,
        floors: row.floors,
        lng: row.lng,
        lat: row.lat,
        grid: grid.uid,
        layout: input.layout ?? null,
        rooms,
      },
    });
    // Visits and analytics count addresses per grid.
    await emitEvent(
      trx,
      'registry.building_created',
      { buildingId: row.uid, gridId: grid.uid, rooms },
      row.org_path,
      now,
    );
    // A new building has nobody living in it yet: drawn without an access record.
    return drawBuilding(trx, scope, row);
  }

  async function updateBuilding(
    trx: Db,
    scope: Scope,
    uid: string,
    input: {
      name?: string;
      address?: string;
      kind?: BuildingKind;
      floors?: number;
      lng?: number | null;
      lat?: number | null;
    },
  ) {
    const b = await buildingFor(trx, scope, uid, 'registry:write');
    const set: Parameters<typeof repo.updateBuilding>[2] = {};
    if (input.name !== undefined) set.name = input.name.trim();
    if (input.address !== undefined) set.address = input.address.trim();
    if (input.kind !== undefined) set.kind = input.kind;
    if (input.floors !== undefined) set.floors = input.floors;
    if (input.lng !== undefined) set.lng = input.lng;
    if (input.lat !== undefined) set.lat = input.lat;
    const issues = coordinateIssues(
      input.lng === undefined ? b.lng : input.lng,
      input.lat === undefined ? b.lat : input.lat,
    );
    if (issues.length > 0) throw refuse(issues, scope.locale);
    const changed = (Object.keys(set) as Array<keyof typeof set>).filter((k) => set[k] !== b[k]);
    const after = await repo.updateBuilding(trx, b.id, set);
    if (changed.length > 0) {
      await audit(trx, scope, {
        action: 'registry.building_update',
        orgPath: b.org_path,
        targetType: 'building',
        targetId: b.uid,
        before: Object.fromEntries(changed.map((k) => [k, b[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
    }
    return (await toBuildings(trx, [after]))[0] as BuildingWire;
  }

  // ── Rooms ─────────────────────────────────────────────────────────────────────────────────
  async function createRoom(
    trx: Db,
    scope: Scope,
    buildingUid: string,
    input: { unitName?: string; floor: number; number: string; rental?: boolean },
  ) {
    const b = await buildingFor(trx, scope, buildingUid, 'registry:write');
    const unitName = input.unitName?.trim() || undefined;
    const unitId = unitName ? await repo.unitNamed(trx, { id: b.id, orgPath: b.org_path }, unitName) : null;
    const number = input.number.trim();
    if (await repo.roomNumberTaken(trx, b.id, unitId, number))
      throw new AppError('ROOM_NUMBER_TAKEN', 409, { field: 'number', number, unitName: unitName ?? '' });
    const id = await repo.insertRoom(trx, {
      buildingId: b.id,
      unitId,
      orgPath: b.org_path,
      floor: input.floor,
      number,
      rental: input.rental ?? false,
    });
    const room = (await roomsByIds(trx, [id])).get(id) as RoomRef;
    const created = toRoom(room);
    await audit(trx, scope, {
      action: 'registry.room_create',
      orgPath: b.org_path,
      targetType: 'room',
      targetId: room.uid,
      after: created,
    });
    return created;
  }

  async function getRoom(db: Db, scope: Scope, uid: string) {
    return toRoom(await roomForScope(db, scope, uid, 'registry:read'));
  }

  async function updateRoom(trx: Db, scope: Scope, uid: string, input: { rental: boolean }) {
    const room = await roomForScope(trx, scope, uid, 'registry:write');
    if (room.rental !== input.rental) {
      await repo.setRoomRental(trx, room.id, input.rental);
      await audit(trx, scope, {
        action: 'registry.room_update',
        orgPath: room.orgPath,
        targetType: 'room',
        targetId: room.uid,
        before: { rental: room.rental },
        after: { rental: input.rental },
      });
    }
    return toRoom({ ...room, rental: input.rental });
  }

  // ── Organisations (实有单位) ────────────────────────────────────────────────────────────────
  async function toOrganisations(db: Db, rows: repo.OrganisationRow[]) {
    const grids = await gridRefs(
      db,
      rows.map((r) => r.grid_id),
    );
    return rows.map((o) => ({
      id: o.uid,
      name: o.name,
      kind: o.kind as OrganisationKind,
      creditCode: o.credit_code,
      address: o.address,
      buildingId: o.building_uid,
      contactName: o.contact_name,
      // Only the masked form is ever read: the sealed one needs a reveal.
      contactPhone: o.contact_phone_masked,
      employees: o.employees,
      lng: o.lng,
      lat: o.lat,
      grid: gridOf(grids, o.grid_id),
      status: o.status as 'active' | 'closed',
    }));
  }

  async function organisationFor(db: Db, scope: Scope, uid: string, permission: Permission) {
    const o = await repo.organisationByUid(db, uid);
    if (!o || !canAt(scope, permission, o.org_path)) throw new AppError('ORGANISATION_NOT_FOUND', 404);
    return o;
  }

  async function listOrganisations(
    db: Db,
    scope: Scope,
    q: { unit?: string; q?: string; kind?: string; page?: number; pageSize?: number },
  ) {
    const paths = await listPaths(db, scope, q.unit);
    const { page, pageSize, paging } = pageOf(q);
    const { rows, total } = await repo.organisationsPage(
      db,
      paths,
      { q: q.q?.trim() || undefined, kind: q.kind },
      paging,
    );
    return { items: await toOrganisations(db, rows), total, page, pageSize };
  }

  async function createOrganisation(
    trx: Db,
    scope: Scope,
    input: {
      gridId: string;
      name: string;
      kind: OrganisationKind;
      creditCode?: string;
      buildingId?: string;
      address: string;
      contactName?: string;
      contactPhone?: string;
      employees?: number;
      lng?: number;
      lat?: number;
    },
  ) {
    const grid = await gridFor(trx, scope, input.gridId);
    const building = await buildingInGrid(trx, scope, input.buildingId, grid);
    const issues = coordinateIssues(input.lng, input.lat);
    let creditCode: string | null = null;
    if (input.creditCode !== undefined) {
      const parsed = checkCreditCode(input.creditCode);
      if (parsed.ok) creditCode = parsed.value;
      else issues.push({ field: 'creditCode', code: `CREDIT_CODE_${parsed.problem}` });
    }
    let phone: { sealed: string; index: string; masked: string } | null = null;
    if (input.contactPhone !== undefined) {
      const parsed = parsePhone(input.contactPhone);
      if (parsed.ok)
        phone = {
          sealed: seal(keys, parsed.value),
          index: indexOf.phone(keys, parsed.value),
          masked: maskPhone(parsed.value),
        };
      else issues.push({ field: 'contactPhone', code: `PHONE_${parsed.problem}` });
    }
    if (issues.length > 0) throw refuse(issues, scope.locale);
    const row = await repo.insertOrganisation(trx, {
      districtId: grid.districtId,
      gridId: grid.id,
      orgPath: grid.path,
      name: input.name.trim(),
      kind: input.kind,
      creditCode,
      buildingId: building?.id ?? null,
      address: input.address.trim(),
      contactName: input.contactName?.trim() ?? null,
      phone,
      employees: input.employees ?? null,
      lng: input.lng ?? null,
      lat: input.lat ?? null,
      now: clock(),
    });
    const [created] = await toOrganisations(trx, [row]);
    await audit(trx, scope, {
      action: 'registry.organisation_create',
      orgPath: row.org_path,
      targetType: 'organisation',
      targetId: row.uid,
      after: created,
    });
    return created as NonNullable<typeof created>;
  }

  async function updateOrganisation(
    trx: Db,
    scope: Scope,
    uid: string,
    input: { status?: 'active' | 'closed'; employees?: number | null; contactName?: string | null },
  ) {
    const o = await organisationFor(trx, scope, uid, 'registry:write');
    const set: Parameters<typeof repo.updateOrganisation>[3] = {};
    if (input.status !== undefined && input.status !== o.status) set.status = input.status;
    if (input.employees !== undefined && input.employees !== o.employees) set.employees = input.employees;
    const contactName = input.contactName === undefined ? undefined : (input.contactName?.trim() ?? null);
    if (contactName !== undefined && contactName !== o.contact_name) set.contact_name = contactName;
    const after = await repo.updateOrganisation(trx, o.id, o.uid, set);
    const keysChanged = Object.keys(set) as Array<keyof typeof set>;
    if (keysChanged.length > 0) {
      await audit(trx, scope, {
        action: 'registry.organisation_update',
        orgPath: o.org_path,
        targetType: 'organisation',
        targetId: o.uid,
        before: Object.fromEntries(keysChanged.map((k) => [k, o[k]])),
        after: Object.fromEntries(keysChanged.map((k) => [k, after[k]])),
      });
    }
    return (await toOrganisations(trx, [after]))[0] as Awaited<ReturnType<typeof toOrganisations>>[number];
  }

  // ── Facilities (活地图) ─────────────────────────────────────────────────────────────────────
  async function toFacilities(db: Db, rows: repo.FacilityRow[]) {
    const grids = await gridRefs(
      db,
      rows.map((r) => r.grid_id),
    );
    return rows.map((f) => ({
      id: f.uid,
      kind: f.kind as FacilityKind,
      name: f.name,
      lng: f.lng,
      lat: f.lat,
      buildingId: f.building_uid,
      grid: gridOf(grids, f.grid_id),
      status: f.status as FacilityStatus,
      note: f.note,
    }));
  }

  async function facilityFor(db: Db, scope: Scope, uid: string, permission: Permission) {
    const f = await repo.facilityByUid(db, uid);
    if (!f || !canAt(scope, permission, f.org_path)) throw new AppError('FACILITY_NOT_FOUND', 404);
    return f;
  }

  async function listFacilities(
    db: Db,
    scope: Scope,
    q: { unit?: string; q?: string; kind?: string; page?: number; pageSize?: number },
  ) {
    const paths = await listPaths(db, scope, q.unit);
    const { page, pageSize, paging } = pageOf(q);
    const { rows, total } = await repo.facilitiesPage(db, paths, { q: q.q?.trim() || undefined, kind: q.kind }, paging);
    return { items: await toFacilities(db, rows), total, page, pageSize };
  }

  async function createFacility(
    trx: Db,
    scope: Scope,
    input: {
      gridId: string;
      kind: FacilityKind;
      name: string;
      lng: number;
      lat: number;
      buildingId?: string;
      note?: string;
    },
  ) {
    const grid = await gridFor(trx, scope, input.gridId);
    const building = await buildingInGrid(trx, scope, input.buildingId, grid);
    const row = await repo.insertFacility(trx, {
      districtId: grid.districtId,
      gridId: grid.id,
      orgPath: grid.path,
      kind: input.kind,
      name: input.name.trim(),
      buildingId: building?.id ?? null,
      lng: input.lng,
      lat: input.lat,
      note: input.note?.trim() || null,
      now: clock(),
    });
    const [created] = await toFacilities(trx, [row]);
    await audit(trx, scope, {
      action: 'registry.facility_create',
      orgPath: row.org_path,
      targetType: 'facility',
      targetId: row.uid,
      after: created,
    });
    return created as NonNullable<typeof created>;
  }

  async function updateFacility(
    trx: Db,
    scope: Scope,
    uid: string,
    input: { status?: FacilityStatus; note?: string; lng?: number; lat?: number },
  ) {
    const f = await facilityFor(trx, scope, uid, 'registry:write');
    const set: Parameters<typeof repo.updateFacility>[3] = {};
    if (input.status !== undefined && input.status !== f.status) set.status = input.status;
    if (input.note !== undefined && (input.note.trim() || null) !== f.note) set.note = input.note.trim() || null;
    if (input.lng !== undefined && input.lng !== f.lng) set.lng = input.lng;
    if (input.lat !== undefined && input.lat !== f.lat) set.lat = input.lat;
    const after = await repo.updateFacility(trx, f.id, f.uid, set);
    const changed = Object.keys(set) as Array<keyof typeof set>;
    if (changed.length > 0) {
      await audit(trx, scope, {
        action: 'registry.facility_update',
        orgPath: f.org_path,
        targetType: 'facility',
        targetId: f.uid,
        before: Object.fromEntries(changed.map((k) => [k, f[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
    }
    if (set.status !== undefined) {
      // A lamp gone faulty may become a case (事件) for 城管; a repaired one may close it.
      await emitEvent(
        trx,
        'registry.facility_status_changed',
        { facilityId: f.uid, kind: f.kind, from: f.status, to: set.status },
        f.org_path,
        clock(),
      );
    }
    return (await toFacilities(trx, [after]))[0] as Awaited<ReturnType<typeof toFacilities>>[number];
  }

  // ── The map (活地图) ──────────────────────────────────────────────────────────────────────────
  /** GeoJSON (RFC 7946: [longitude, latitude]) of a unit's places, with the tile template. */
  async function map(db: Db, scope: Scope, unitUid: string) {
    const unit = await unitForScope(db, scope, { uid: unitUid }, 'registry:read');
    const rows = await repo.mapRows(db, unit.path);
    let bbox: number[] | null = null;
    for (const r of rows) {
      bbox = bbox
        ? [
            Math.min(bbox[0] as number, r.lng),
            Math.min(bbox[1] as number, r.lat),
            Math.max(bbox[2] as number, r.lng),
            Math.max(bbox[3] as number, r.lat),
          ]
        : [r.lng, r.lat, r.lng, r.lat];
    }
    return {
      type: 'FeatureCollection' as const,
      features: rows.map((r) => ({
        type: 'Feature' as const,
        id: r.uid,
        geometry: { type: 'Point' as const, coordinates: [r.lng, r.lat] },
        properties: {
          layer: r.layer,
          name: r.name,
          kind: r.kind,
          status: r.status,
          ...(r.layer === 'building' ? { households: r.households ?? 0, residents: r.residents ?? 0 } : {}),
        },
      })),
      bbox,
      tiles: deps.mapTiles,
    };
  }

  return {
    listBuildings,
    viewBuilding,
    createBuilding,
    updateBuilding,
    createRoom,
    getRoom,
    updateRoom,
    listOrganisations,
    createOrganisation,
    updateOrganisation,
    listFacilities,
    createFacility,
    updateFacility,
    map,
  };
}

export type PlacesService = ReturnType<typeof createPlacesService>;
