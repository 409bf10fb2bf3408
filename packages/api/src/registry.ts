/**
 * The living registry (三活 / 一标三实): addresses, households, persons, tags, organisations,
 * facilities, import and export. 身份证号 and phone numbers travel masked; the full value
 * comes only from the reveal route.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Name, PageQuery, Reason, Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

/** 'YYYY-MM-DD' (checked as a real calendar date by the server). */
export const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Lng = Type.Number({ minimum: -180, maximum: 180 });
export const Lat = Type.Number({ minimum: -90, maximum: 90 });
/** Typed by a person: the server parses and checks it (GB 11643 check digit, birth date, gender). */
export const IdNumberInput = Type.String({ minLength: 15, maxLength: 18, pattern: '^[0-9]{15,17}[0-9Xx]?$' });
export const PhoneInput = Type.String({ minLength: 5, maxLength: 20, pattern: '^[0-9+\\- ()]+$' });
export const Gender = Type.Union([Type.Literal('male'), Type.Literal('female')]);
export const RelationCode = Type.String({
  pattern: '^\\d{2}$',
  description: 'GB/T 4761 relation to the head; 02 = head',
});
export const PersonStatus = Type.Union([Type.Literal('resident'), Type.Literal('moved_out'), Type.Literal('deceased')]);
export const LifeEventKind = Type.Union([
  Type.Literal('move_in'),
  Type.Literal('move_out'),
  Type.Literal('birth'),
  Type.Literal('death'),
  Type.Literal('household_split'),
  Type.Literal('household_merge'),
  Type.Literal('migrant_arrival'),
  Type.Literal('migrant_departure'),
]);

// ── Addresses (一标) ───────────────────────────────────────────────────────────────────────
export const BuildingKind = Type.Union([
  Type.Literal('residential'),
  Type.Literal('village_house'),
  Type.Literal('commercial'),
  Type.Literal('mixed'),
  Type.Literal('public'),
]);
/** A room as the building view draws it: who lives there decides its colour. */
export const Occupancy = Type.Union([Type.Literal('occupied'), Type.Literal('rented'), Type.Literal('vacant')]);

export const GridRef = Type.Object({ id: Uid, name: Type.String() });

export const Building = Type.Object({
  id: Uid,
  name: Type.String(),
  address: Type.String(),
  kind: BuildingKind,
  floors: Nullable(Type.Integer()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  grid: GridRef,
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
  households: Type.Integer({ description: 'active households living in the building' }),
  residents: Type.Integer({ description: 'persons living in the building' }),
});
export type Building = Static<typeof Building>;

export const BuildingQuery = Obj({
  unit: Type.Optional(Uid),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  ...PageQuery,
});

export const RoomCell = Type.Object({
  id: Uid,
  number: Type.String(),
  floor: Type.Integer(),
  rental: Type.Boolean(),
  occupancy: Occupancy,
  households: Type.Array(
    Type.Object({ id: Uid, head: Nullable(Type.String({ description: 'name of the head' })), members: Type.Integer() }),
  ),
  residents: Type.Integer(),
  /** Visible tags of the residents (e.g. 独居老人), so the grid shows who needs care. */
  tags: Type.Array(Type.String({ description: 'tag code' })),
});
export const BuildingView = Type.Composite([
  Building,
  Type.Object({
    units: Type.Array(
      Type.Object({
        id: Nullable(Uid),
        name: Type.String({ description: 'the 单元; "" for rooms without one' }),
        floors: Type.Array(Type.Object({ floor: Type.Integer(), rooms: Type.Array(RoomCell) })),
      }),
    ),
    counts: Type.Object({ occupied: Type.Integer(), rented: Type.Integer(), vacant: Type.Integer() }),
  }),
]);
export type BuildingView = Static<typeof BuildingView>;

export const CreateBuildingBody = Obj({
  gridId: Uid,
  name: Name(),
  address: Name(128),
  kind: Type.Optional(BuildingKind),
  floors: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  lng: Type.Optional(Lng),
  lat: Type.Optional(Lat),
  /** Lay out rooms at once: each 单元 gets floors × roomsPerFloor rooms numbered 101, 102 … */
  layout: Type.Optional(
    Obj({
      units: Type.Integer({ minimum: 0, maximum: 20, description: '0: no 单元 (a village house)' }),
      floors: Type.Integer({ minimum: 1, maximum: 100 }),
      roomsPerFloor: Type.Integer({ minimum: 1, maximum: 20 }),
    }),
  ),
});
export const UpdateBuildingBody = Obj({
  name: Type.Optional(Name()),
  address: Type.Optional(Name(128)),
  kind: Type.Optional(BuildingKind),
  floors: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  lng: Type.Optional(Nullable(Lng)),
  lat: Type.Optional(Nullable(Lat)),
});
export const CreateRoomBody = Obj({
  unitName: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  floor: Type.Integer({ minimum: -5, maximum: 200 }),
  number: Type.String({ minLength: 1, maxLength: 16, pattern: '\\S' }),
  rental: Type.Optional(Type.Boolean()),
});
export const UpdateRoomBody = Obj({ rental: Type.Boolean() });
export const Room = Type.Object({
  id: Uid,
  buildingId: Uid,
  unitName: Type.String(),
  floor: Type.Integer(),
  number: Type.String(),
  rental: Type.Boolean(),
  /** Full standard address: 江海路 88 号 金溪花园 3 栋 1 单元 302. */
  address: Type.String(),
});

// ── Persons and households (实有人口) ───────────────────────────────────────────────────────
export const TagOnPerson = Type.Object({
  id: Uid,
  code: Type.String(),
  name: Type.String({ description: 'in the request locale' }),
  sensitive: Type.Boolean(),
  source: Type.String(),
  startDate: DateOnly,
  endDate: Nullable(DateOnly),
  setBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const PersonSummary = Type.Object({
  id: Uid,
  name: Type.String(),
  gender: Nullable(Gender),
  birthDate: Nullable(DateOnly),
  age: Nullable(Type.Integer()),
  idNumber: Nullable(Type.String({ description: 'masked: 440704********1234' })),
  phone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  status: PersonStatus,
  address: Nullable(Type.String({ description: 'the room they live in' })),
  grid: GridRef,
  tags: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});
export type PersonSummary = Static<typeof PersonSummary>;

export const PersonSearchQuery = Obj({
  /** Part of a name; one character searches surnames (name prefix). */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  idNumber: Type.Optional(IdNumberInput),
  phone: Type.Optional(PhoneInput),
  /** Part of the standard address: building name, road, room number. */
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  tag: Type.Optional(Type.String({ maxLength: 40 })),
  /** Limit to a unit of my scope (street, community, grid). */
  unit: Type.Optional(Uid),
  status: Type.Optional(Type.Union([PersonStatus, Type.Literal('any')])),
  ...PageQuery,
});
/** A search counts at most 200 hits (`totalCapped` when there are more). */
export const PersonSearchResult = Type.Object({
  items: Type.Array(PersonSummary),
  total: Type.Integer(),
  totalCapped: Type.Boolean(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const HouseholdMember = Type.Object({
  person: PersonSummary,
  relation: RelationCode,
  relationName: Type.String(),
  since: DateOnly,
});
export const Household = Type.Object({
  id: Uid,
  number: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('family'), Type.Literal('collective')]),
  status: Type.Union([Type.Literal('active'), Type.Literal('dissolved')]),
  room: Nullable(Room),
  grid: GridRef,
  members: Type.Array(HouseholdMember),
  /** Problems of the current members (no head, two spouses …): warnings to fix. */
  problems: Type.Array(Type.Object({ code: Type.String(), severity: Type.String(), members: Type.Array(Uid) })),
  formerMembers: Type.Array(
    Type.Object({ personId: Uid, name: Type.String(), relation: RelationCode, since: DateOnly, until: DateOnly }),
  ),
});
export type Household = Static<typeof Household>;

export const LifeEventRecord = Type.Object({
  id: Uid,
  event: LifeEventKind,
  name: Type.String(),
  effectiveDate: DateOnly,
  householdId: Nullable(Uid),
  address: Nullable(Type.String()),
  note: Nullable(Type.String()),
  recordedBy: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const MigrantRegistration = Type.Object({
  id: Uid,
  arrivalDate: DateOnly,
  expectedDeparture: Nullable(DateOnly),
  actualDeparture: Nullable(DateOnly),
  origin: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});

/** The 活档案 profile. Later modules add visits, cases and points under `links`. */
export const PersonProfile = Type.Composite([
  Type.Omit(PersonSummary, ['tags']),
  Type.Object({
    ethnicity: Nullable(Type.String({ description: 'GB 3304 code' })),
    ethnicityName: Nullable(Type.String()),
    registeredAddress: Nullable(Type.String()),
    registeredHere: Type.Boolean(),
    livesHere: Type.Boolean(),
    /** 人户分离 as this community sees it: 人户一致, 户在人不在, 人在户不在. */
    separation: Nullable(
      Type.Union([
        Type.Literal('consistent'),
        Type.Literal('registered_not_resident'),
        Type.Literal('resident_not_registered'),
      ]),
    ),
    partyMember: Type.Boolean(),
    room: Nullable(Room),
    household: Nullable(Type.Object({ id: Uid, relation: RelationCode, relationName: Type.String() })),
    tags: Type.Array(TagOnPerson),
    events: Type.Array(LifeEventRecord),
    migrant: Nullable(MigrantRegistration),
    /** Whether this viewer may ask for the full 身份证号 / phone (reveal). */
    canReveal: Type.Boolean(),
    canEdit: Type.Boolean(),
  }),
]);
export type PersonProfile = Static<typeof PersonProfile>;

/** A new person as typed on a form or read from a spreadsheet row. */
export const PersonInput = Obj({
  name: Name(),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(DateOnly),
  idNumber: Type.Optional(IdNumberInput),
  phone: Type.Optional(PhoneInput),
  ethnicity: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
  registeredAddress: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  registeredHere: Type.Optional(Type.Boolean({ default: true })),
  partyMember: Type.Optional(Type.Boolean()),
});

export const MigrantInput = Obj({
  expectedDeparture: Type.Optional(DateOnly),
  origin: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  reason: Type.Optional(
    Type.Union([
      Type.Literal('work'),
      Type.Literal('business'),
      Type.Literal('study'),
      Type.Literal('family'),
      Type.Literal('other'),
    ]),
  ),
});

/** Open a household at a room with its head (户主). */
export const CreateHouseholdBody = Obj({
  roomId: Uid,
  number: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  kind: Type.Optional(Type.Union([Type.Literal('family'), Type.Literal('collective')])),
  /** A person already in the register (moved out earlier), or a new one. */
  head: Type.Union([Obj({ personId: Uid }), PersonInput]),
  event: Type.Union([Type.Literal('move_in'), Type.Literal('migrant_arrival')]),
  effectiveDate: DateOnly,
  migrant: Type.Optional(MigrantInput),
});

/** Someone joins a household: born into it, moves in, or arrives as a migrant. */
export const AddMemberBody = Obj({
  person: Type.Union([Obj({ personId: Uid }), PersonInput]),
  relation: RelationCode,
  event: Type.Union([Type.Literal('birth'), Type.Literal('move_in'), Type.Literal('migrant_arrival')]),
  effectiveDate: DateOnly,
  migrant: Type.Optional(MigrantInput),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

/** Events that take a person out or change nothing but the record: move out, death, departure. */
export const PersonEventBody = Obj({
  event: Type.Union([Type.Literal('move_out'), Type.Literal('death'), Type.Literal('migrant_departure')]),
  effectiveDate: DateOnly,
  /** Where they went (迁往), for a move out. */
  destination: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

/** 分户: some members leave to form a new household (at the same or another room). */
export const SplitHouseholdBody = Obj({
  members: Type.Array(Obj({ personId: Uid, relation: RelationCode }), { minItems: 1, maxItems: 30 }),
  roomId: Type.Optional(Uid),
  number: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  effectiveDate: DateOnly,
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
/** 并户: the members of this household join another; this one is dissolved. */
export const MergeHouseholdBody = Obj({
  intoHouseholdId: Uid,
  relations: Type.Array(Obj({ personId: Uid, relation: RelationCode }), { minItems: 1, maxItems: 30 }),
  effectiveDate: DateOnly,
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

/** Correct a person's record (a typo, a new phone). Each change is audited with its reason. */
export const UpdatePersonBody = Obj({
  name: Type.Optional(Name()),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(DateOnly),
  idNumber: Type.Optional(Nullable(IdNumberInput)),
  phone: Type.Optional(Nullable(PhoneInput)),
  ethnicity: Type.Optional(Nullable(Type.String({ pattern: '^\\d{2}$' }))),
  registeredAddress: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 128 }))),
  registeredHere: Type.Optional(Type.Boolean()),
  partyMember: Type.Optional(Type.Boolean()),
  reason: Reason,
});

export const RevealBody = Obj({
  field: Type.Union([Type.Literal('idNumber'), Type.Literal('phone')]),
  reason: Reason,
});
export const Revealed = Type.Object({ field: Type.String(), value: Nullable(Type.String()) });

// ── Tags (活档案) ─────────────────────────────────────────────────────────────────────────
export const TagDefinition = Type.Object({
  code: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  sensitive: Type.Boolean(),
  mustVisit: Type.Boolean(),
  builtin: Type.Boolean(),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
});
export const CreateTagBody = Obj({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
  zh: Name(32),
  en: Name(64),
  sensitive: Type.Boolean(),
  mustVisit: Type.Boolean(),
});
export const UpdateTagBody = Obj({
  zh: Type.Optional(Name(32)),
  en: Type.Optional(Name(64)),
  sensitive: Type.Optional(Type.Boolean()),
  mustVisit: Type.Optional(Type.Boolean()),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])),
});
export const AddTagBody = Obj({
  tag: Type.String({ maxLength: 40 }),
  source: Name(64),
  startDate: DateOnly,
  endDate: Type.Optional(DateOnly),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export const EndTagBody = Obj({ endDate: DateOnly, reason: Reason });

// ── Organisations and facilities (实有单位, 活地图) ───────────────────────────────────────────
export const OrganisationKind = Type.Union([
  Type.Literal('enterprise'),
  Type.Literal('shop'),
  Type.Literal('institution'),
  Type.Literal('social_org'),
  Type.Literal('other'),
]);
export const Organisation = Type.Object({
  id: Uid,
  name: Type.String(),
  kind: OrganisationKind,
  creditCode: Nullable(Type.String()),
  address: Type.String(),
  buildingId: Nullable(Uid),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: 'masked' })),
  employees: Nullable(Type.Integer()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  grid: GridRef,
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
});
export const CreateOrganisationBody = Obj({
  gridId: Uid,
  name: Name(128),
  kind: OrganisationKind,
  creditCode: Type.Optional(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' })),
  buildingId: Type.Optional(Uid),
  address: Name(128),
  contactName: Type.Optional(Name()),
  contactPhone: Type.Optional(PhoneInput),
  employees: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })),
  lng: Type.Optional(Lng),
  lat: Type.Optional(Lat),
});
export const UpdateOrganisationBody = Obj({
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('closed')])),
  employees: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1000000 }))),
  contactName: Type.Optional(Nullable(Name())),
});
export const FacilityKind = Type.Union([
  Type.Literal('hydrant'),
  Type.Literal('camera'),
  Type.Literal('street_lamp'),
  Type.Literal('elevator'),
  Type.Literal('aed'),
  Type.Literal('waste_station'),
  Type.Literal('charging_station'),
  Type.Literal('manhole'),
  Type.Literal('other'),
]);
export const Facility = Type.Object({
  id: Uid,
  kind: FacilityKind,
  name: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  buildingId: Nullable(Uid),
  grid: GridRef,
  status: Type.Union([Type.Literal('ok'), Type.Literal('faulty'), Type.Literal('retired')]),
  note: Nullable(Type.String()),
});
export const CreateFacilityBody = Obj({
  gridId: Uid,
  kind: FacilityKind,
  name: Name(),
  lng: Lng,
  lat: Lat,
  buildingId: Type.Optional(Uid),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export const UpdateFacilityBody = Obj({
  status: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('faulty'), Type.Literal('retired')])),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  lng: Type.Optional(Lng),
  lat: Type.Optional(Lat),
});
export const PlacesQuery = Obj({
  unit: Type.Optional(Uid),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  kind: Type.Optional(Type.String({ maxLength: 32 })),
  ...PageQuery,
});

/** GeoJSON FeatureCollection (RFC 7946) of a unit's buildings, organisations and facilities. */
export const MapQuery = Obj({ unit: Uid });
export const MapFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Uid,
  geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number()) }),
  properties: Type.Object({
    layer: Type.Union([Type.Literal('building'), Type.Literal('organisation'), Type.Literal('facility')]),
    name: Type.String(),
    kind: Type.String(),
    status: Type.String(),
    households: Type.Optional(Type.Integer()),
    residents: Type.Optional(Type.Integer()),
  }),
});
export const MapCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(MapFeature),
  /** [minLng, minLat, maxLng, maxLat] of the features, null when there are none. */
  bbox: Nullable(Type.Array(Type.Number())),
  /** Tile URL template ({z}/{x}/{y}) of the configured map; null: draw a schematic of the points. */
  tiles: Nullable(Type.String()),
});

// ── Import and export (台账) ──────────────────────────────────────────────────────────────
export const ImportStatus = Type.Union([
  Type.Literal('checking'),
  Type.Literal('checked'),
  Type.Literal('committing'),
  Type.Literal('committed'),
  Type.Literal('failed'),
]);
export const ImportProblem = Type.Object({
  row: Type.Integer({ description: 'spreadsheet row number, 2 = first data row' }),
  column: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});
export const RegistryImport = Type.Object({
  id: Uid,
  fileName: Type.String(),
  unit: GridRef,
  status: ImportStatus,
  totalRows: Type.Integer(),
  processedRows: Type.Integer(),
  validRows: Type.Integer(),
  errorRows: Type.Integer(),
  /** Problems of the rows, first 500, by row. */
  problems: Type.Array(ImportProblem),
  households: Type.Integer({ description: 'households the valid rows make' }),
  error: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type RegistryImport = Static<typeof RegistryImport>;
export const ExportQuery = Obj({ unit: Uid });
