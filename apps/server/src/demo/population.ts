/**
 * The living registry's demo population, planned as plain data: standard addresses
 * (小区 with 栋/单元/室 in communities, 自建房 in villages) with WGS-84 coordinates around
 * 江海区, households of one to six with their GB/T 4761 relations, residents with names,
 * ages, valid 身份证号 and phones, migrants with their registrations, 人户分离, party
 * members, 活档案 tags with their sources, life events with history, shops, enterprises and
 * institutions with valid 统一社会信用代码, and public facilities.
 *
 * Pure and deterministic: every grid draws from its own random stream, seeded by the seed
 * and the grid's code, so a grid looks the same whatever other grids are planned with it —
 * the demo seed (48 grids) and the generator (any number, in chunks) give the demo grids
 * the same people. Nothing here is sealed: registry-seed.ts seals and writes the plan.
 *
 * Rows point at each other by index into the plan's arrays; the writer turns indexes into ids.
 */
import { ageOn, creditCodeCheckCharacter, type Gender, makeIdNumber } from '@gongzhi/domain';
import { roomAddress } from '../modules/registry/address.ts';
import { Rng, WeightedPool } from './random.ts';

/** The demo seed's and the generator's default seed (tools/generate/plan.ts DEFAULT_SEED). */
export const POPULATION_SEED = 20261123;
/** Residents per grid of the demo district: 48 grids × 110 ≈ 5,300 residents. */
export const PERSONS_PER_GRID = 110;

export interface PopulationGrid {
  code: string;
  path: string;
  name: string;
  communityName: string;
  communityKind: 'community' | 'village';
}

export interface PopulationOptions {
  seed: number;
  /** Residents per grid (status 'resident'); past residents (moved out, deceased) come on top. */
  personsPerGrid: number;
  /** 'YYYY-MM-DD' in China: ages, arrival dates and every event date are before it. */
  today: string;
  /**
   * Plans written side by side (the generator's worker threads) draw id numbers from
   * disjoint lanes of the sequence numbers, so no two of them can give one number twice:
   * lane `lane` of LANES. Within a lane, `taken` (shared by the plans of one thread) keeps
   * numbers unique.
   */
  lane?: number;
  taken?: Set<number>;
}

/** Lanes of 身份证号 sequence numbers (see PopulationOptions.lane): 250 numbers a day and gender each. */
export const LANES = 2;

export interface BuildingPlan {
  grid: number;
  name: string;
  address: string;
  kind: 'residential' | 'village_house' | 'commercial' | 'mixed' | 'public';
  floors: number;
  lng: number;
  lat: number;
}
export interface UnitPlan {
  building: number;
  name: string;
  sort: number;
}
export interface RoomPlan {
  building: number;
  unit: number | null;
  floor: number;
  number: string;
  rental: boolean;
}
export type PersonStatus = 'resident' | 'moved_out' | 'deceased';
export interface PersonPlan {
  grid: number;
  name: string;
  gender: Gender;
  birthDate: string;
  ethnicity: string;
  idNumber: string;
  phone: string | null;
  registeredAddress: string;
  registeredHere: boolean;
  room: number | null;
  status: PersonStatus;
  partyMember: boolean;
  lastEventDate: string;
}
export interface HouseholdPlan {
  grid: number;
  number: string | null;
  kind: 'family' | 'collective';
  room: number | null;
}
export interface MemberPlan {
  household: number;
  person: number;
  relation: string;
  since: string;
  until: string | null;
}
export type EventKind = 'move_in' | 'move_out' | 'birth' | 'death' | 'migrant_arrival' | 'migrant_departure';
export interface EventPlan {
  person: number;
  event: EventKind;
  date: string;
  household: number | null;
  room: number | null;
  note: string | null;
}
export interface MigrantPlan {
  person: number;
  arrival: string;
  expectedDeparture: string | null;
  actualDeparture: string | null;
  origin: string;
  reason: 'work' | 'business' | 'study' | 'family' | 'other';
}
export interface TagPlan {
  person: number;
  code: string;
  source: string;
  startDate: string;
  endDate: string | null;
  note: string | null;
  endReason: string | null;
}
export interface OrganisationPlan {
  grid: number;
  name: string;
  kind: 'enterprise' | 'shop' | 'institution' | 'social_org' | 'other';
  creditCode: string | null;
  building: number;
  room: number | null;
  address: string;
  contactName: string;
  contactPhone: string;
  employees: number;
  lng: number;
  lat: number;
}
export interface FacilityPlan {
  grid: number;
  kind: 'hydrant' | 'camera' | 'street_lamp' | 'elevator' | 'aed' | 'waste_station' | 'charging_station' | 'manhole';
  name: string;
  building: number | null;
  lng: number;
  lat: number;
  status: 'ok' | 'faulty';
  note: string | null;
}

export interface PopulationPlan {
  grids: PopulationGrid[];
  buildings: BuildingPlan[];
  units: UnitPlan[];
  rooms: RoomPlan[];
  persons: PersonPlan[];
  households: HouseholdPlan[];
  members: MemberPlan[];
  events: EventPlan[];
  migrants: MigrantPlan[];
  tags: TagPlan[];
  organisations: OrganisationPlan[];
  facilities: FacilityPlan[];
}

// ── Random draws ─────────────────────────────────────────────────────────────────────────────
function weighted(text: string): Array<[string, number]> {
  return text
    .trim()
    .split(/\s+/)
    .map((e) => {
      const m = /^(\D+)([\d.]+)$/.exec(e) as RegExpExecArray;
      return [m[1] as string, Number(m[2])];
    });
}

// ── Names ────────────────────────────────────────────────────────────────────────────────────
/** 江门 surnames (五邑: 陈 李 黄 梁 … with 谭 甄 区 司徒 far above their national share). */
const LOCAL_SURNAMES = new WeightedPool(
  weighted(`
陈120 李80 黄70 梁60 张45 林45 吴40 何40 谭38 甄18 冯28 刘35 区14 余20 关15 叶18 钟18 麦15 邓18 罗18 郑18 许14 卢14
赵14 杨16 周16 莫12 容10 司徒10 伍14 胡12 朱12 曾14 苏12 潘10 冼6 邝8 欧阳5 汤6 唐8 蔡10 简5 雷5 源4 劳4 钱3 萧6
`),
);
/** Migrants come from 广西, 湖南, 四川 … : the national pool, with 覃 韦 蒙 of 广西. */
const MIGRANT_SURNAMES = new WeightedPool(
  weighted(`
王60 李70 张55 刘45 陈50 杨28 黄35 赵18 吴22 周17 徐13 孙12 马12 朱12 胡11 郭11 何16 林15 高10 罗12 郑10 梁15 谢9
唐10 韦12 覃10 蒙5 蒋8 彭8 曾8 邓9 廖8 谭7 龙5 石5 雷4 向4 田4 杜5 付4 颜3 毛3 袁5 邹5 陆5 莫5 农3 黎5
`),
);

type Generation = 'old' | 'mid' | 'young' | 'kid';
function generationOf(birthYear: number): Generation {
  if (birthYear < 1960) return 'old';
  if (birthYear < 1985) return 'mid';
  if (birthYear < 2005) return 'young';
  return 'kid';
}
/** Given names by generation and gender: [first characters, second characters]. */
const GIVEN_TEXT: Record<Generation, Record<Gender, [string, string]>> = {
  old: {
    male: ['炳锦耀国添桂祖福德永根荣汝树兆伯家金启灿', '坤棠华强旺生泉明基昌光发均胜林成辉荣祥'],
    female: ['秀桂玉凤亚带淑银彩妹月少群惠素翠爱', '英珍娇妹娣贞好霞兰琼容芳梅莲嫦卿'],
  },
  mid: {
    male: ['伟志国建永卫俊振文海锦家德健立少浩耀', '明强华平东军新雄辉坚杰峰勇荣明豪彬波'],
    female: ['丽美小燕秀惠玉雪翠少艳凤淑婉慧彩', '娟玲红萍云芳珍梅霞琼仪娴清莲英贤'],
  },
  young: {
    male: ['俊浩嘉家子志泽伟文健晓宇卓建锦灿', '杰然伟豪健朗铭轩斌峰聪鸿彬熙辉荣'],
    female: ['嘉婉颖晓思诗慧雅咏丽凯敏佩欣嘉宝', '欣婷诗琳敏琪仪怡莹珊雯琳慧茵瑜晴'],
  },
  kid: {
    male: ['子梓宇浩俊铭皓睿一嘉博锦泽晨奕', '轩豪熙宇辰睿诚航霖阳谦言哲楷'],
    female: ['梓思欣可诗语子雨芷紫若一晓嘉婉', '涵琪妍欣桐晴萱彤琳悦瑶宁怡希'],
  },
};

const GIVEN = Object.fromEntries(
  Object.entries(GIVEN_TEXT).map(([generation, byGender]) => [
    generation,
    {
      male: byGender.male.map((chars) => Array.from(chars)),
      female: byGender.female.map((chars) => Array.from(chars)),
    },
  ]),
) as Record<Generation, Record<Gender, string[][]>>;

function givenName(rng: Rng, gender: Gender, birthYear: number): string {
  const [first, second] = GIVEN[generationOf(birthYear)][gender] as [string[], string[]];
  const a = rng.pick(first);
  if (rng.chance(0.08)) return a;
  let b = rng.pick(second);
  if (b === a) b = rng.pick(second);
  return a + b;
}

// ── Places ───────────────────────────────────────────────────────────────────────────────────
/** The demo district's bounds (江海区, 江门): lng 113.08–113.16, lat 22.53–22.60. */
export const DISTRICT_BOUNDS = { west: 113.08, east: 113.16, south: 22.53, north: 22.6 };

const ESTATE_SUFFIXES = [
  '花园',
  '新村',
  '雅苑',
  '名苑',
  '华庭',
  '小区',
  '豪庭',
  '家园',
  '明珠',
  '公寓',
  '翠苑',
  '新城',
];
const ROADS = [
  '江海',
  '金溪',
  '东海',
  '五邑',
  '龙溪',
  '高新',
  '滘头',
  '礼乐',
  '外海',
  '连海',
  '江翠',
  '金瓯',
  '南山',
  '碧园',
];
const ROAD_KINDS = ['路', '路', '大道', '街', '一路', '二路'];
const ALLEYS = ['东', '西', '南', '北', '新', '上', '下', '中'];

function hash01(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h >>> 0) / 4294967296;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** A grid's centre: its community placed by a hash of its code, grids around it. */
function gridCentre(grid: PopulationGrid): { lng: number; lat: number } {
  const b = DISTRICT_BOUNDS;
  const community = grid.code.slice(0, 12);
  const cLng = b.west + 0.008 + hash01(`lng${community}`) * (b.east - b.west - 0.016);
  const cLat = b.south + 0.008 + hash01(`lat${community}`) * (b.north - b.south - 0.016);
  const serial = Number(grid.code.slice(12)) || 1;
  const ring = Math.sqrt(serial - 1) * 0.0028;
  const angle = serial * 2.39996;
  const lng = Math.min(b.east - 0.002, Math.max(b.west + 0.002, cLng + ring * Math.cos(angle)));
  const lat = Math.min(b.north - 0.002, Math.max(b.south + 0.002, cLat + ring * Math.sin(angle)));
  return { lng, lat };
}

// ── Dates ────────────────────────────────────────────────────────────────────────────────────
/** Days since 1970-01-01 of 'YYYY-MM-DD' and back (Howard Hinnant's civil calendar; no Date objects in the hot loop). */
function toDays(date: string): number {
  let y = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10;
  y += date.charCodeAt(3) - 48;
  const m = (date.charCodeAt(5) - 48) * 10 + date.charCodeAt(6) - 48;
  const d = (date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 48;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
const TWO = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
function fromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${TWO[m]}-${TWO[d]}`;
}
const BIRTH_RANGES = new Map<string, Array<[number, number]>>();
/**
 * For each age 0–104, the first and last day (days since 1970) a person of that age today
 * was born on: after the day (a + 1) years ago, on or before the day a years ago (and
 * before today), so that ageOn gives a.
 */
function birthRanges(today: string): Array<[number, number]> {
  let ranges = BIRTH_RANGES.get(today);
  if (!ranges) {
    const year = Number(today.slice(0, 4));
    const md = today.slice(4);
    const day = (y: number) => toDays(`${String(y).padStart(4, '0')}${md === '-02-29' ? '-02-28' : md}`);
    ranges = Array.from({ length: 105 }, (_, a): [number, number] => [
      day(year - a - 1) + 1,
      Math.min(day(year - a), toDays(today) - 1),
    ]);
    BIRTH_RANGES.set(today, ranges);
  }
  return ranges;
}

function addDays(date: string, days: number): string {
  return fromDays(toDays(date) + days);
}
function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

// ── Origins of migrants and of the natives' id numbers ───────────────────────────────────────
interface Origin {
  region: string;
  place: string;
  weight: number;
  /** Ethnicities beside 汉族 and how often. */
  ethnic?: Array<[string, number]>;
}
const ORIGINS: Origin[] = [
  { region: '450881', place: '广西壮族自治区桂平市', weight: 10, ethnic: [['08', 0.35]] },
  { region: '450921', place: '广西壮族自治区容县', weight: 6, ethnic: [['08', 0.2]] },
  { region: '450923', place: '广西壮族自治区博白县', weight: 6, ethnic: [['08', 0.15]] },
  {
    region: '451222',
    place: '广西壮族自治区天峨县',
    weight: 3,
    ethnic: [
      ['08', 0.5],
      ['13', 0.15],
    ],
  },
  { region: '430524', place: '湖南省隆回县', weight: 6, ethnic: [['06', 0.08]] },
  { region: '431121', place: '湖南省祁阳县', weight: 5 },
  {
    region: '433130',
    place: '湖南省龙山县',
    weight: 2,
    ethnic: [
      ['15', 0.5],
      ['06', 0.15],
    ],
  },
  { region: '511725', place: '四川省渠县', weight: 5 },
  { region: '511621', place: '四川省岳池县', weight: 4 },
  { region: '513401', place: '四川省西昌市', weight: 1, ethnic: [['07', 0.5]] },
  {
    region: '520324',
    place: '贵州省正安县',
    weight: 4,
    ethnic: [
      ['06', 0.15],
      ['09', 0.1],
    ],
  },
  { region: '522631', place: '贵州省黎平县', weight: 2, ethnic: [['12', 0.6]] },
  { region: '360730', place: '江西省宁都县', weight: 4 },
  { region: '411525', place: '河南省固始县', weight: 4 },
  { region: '421125', place: '湖北省浠水县', weight: 3 },
  { region: '440823', place: '广东省遂溪县', weight: 6 },
  { region: '440981', place: '广东省高州市', weight: 6 },
  { region: '441424', place: '广东省五华县', weight: 3 },
  { region: '445281', place: '广东省普宁市', weight: 2 },
];
const ORIGIN_POOL = new WeightedPool(ORIGINS.map((o) => [o, o.weight] as const));
const TOWN_CHARS = Array.from('石平安新大和龙白金丰永福桂黄沙江马长清');

/** Where a spouse who married in from elsewhere in 江门 was first issued an id number. */
const JIANGMEN_REGIONS: Array<[string, string]> = [
  ['440703', '广东省江门市蓬江区'],
  ['440705', '广东省江门市新会区'],
  ['440781', '广东省台山市'],
  ['440783', '广东省开平市'],
  ['440784', '广东省鹤山市'],
  ['440785', '广东省恩平市'],
];

const PHONE_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '152',
  '157',
  '158',
  '159',
  '182',
  '187',
  '188',
];
const PHONE_PREFIXES_OTHER = ['130', '131', '132', '155', '156', '186', '133', '153', '177', '180', '189', '199'];

// ── The people of one household before they are placed ──────────────────────────────────────
interface Draft {
  surname: string;
  name: string;
  gender: Gender;
  birthDate: string;
  relation: string;
  /** Not living at the household's room (户在人不在): working in 广州, studying … */
  away?: boolean;
  /** Registered elsewhere in 江门 (人在户不在, not a migrant). */
  registeredElsewhere?: string;
  region?: string;
  status?: PersonStatus;
  /** Date of leaving (move out or death), for past members. */
  leftOn?: string;
  leftNote?: string;
}

type HouseholdKind =
  | 'single_young'
  | 'single_elderly'
  | 'couple_young'
  | 'couple_elderly'
  | 'nuclear'
  | 'single_parent'
  | 'with_parents'
  | 'three_gen'
  | 'migrant_single'
  | 'migrant_family'
  | 'collective';

const NATIVE_KINDS = new WeightedPool<HouseholdKind>([
  ['single_young', 6],
  ['single_elderly', 8],
  ['couple_young', 7],
  ['couple_elderly', 11],
  ['nuclear', 30],
  ['single_parent', 5],
  ['with_parents', 12],
  ['three_gen', 16],
]);
const MIGRANT_KINDS = new WeightedPool<HouseholdKind>([
  ['migrant_single', 30],
  ['migrant_family', 55],
  ['collective', 15],
]);

interface HouseholdDraft {
  kind: HouseholdKind;
  migrant: boolean;
  origin: Origin | null;
  members: Draft[];
  /** Moved into the room on. */
  since: string;
  hardship: boolean;
  assisted: boolean;
}

/**
 * Plans the population of the grids. Each grid gets about `personsPerGrid` residents, in
 * households whose first few are always there (an elderly person living alone, a household
 * in hardship, a migrant family in a rented room, a son working away): every grid worker's
 * list has each kind of case. Id numbers are unique within the plan.
 */
export function planPopulation(grids: readonly PopulationGrid[], opts: PopulationOptions): PopulationPlan {
  const plan: PopulationPlan = {
    grids: [...grids],
    buildings: [],
    units: [],
    rooms: [],
    persons: [],
    households: [],
    members: [],
    events: [],
    migrants: [],
    tags: [],
    organisations: [],
    facilities: [],
  };
  const ids = opts.taken ?? new Set<number>();
  for (let g = 0; g < grids.length; g++) planGrid(plan, g, opts, ids);
  return plan;
}

/** Regions by a small number, for the numeric keys of taken id numbers. */
const REGION_KEYS = new Map<string, number>();

function planGrid(plan: PopulationPlan, g: number, opts: PopulationOptions, ids: Set<number>): void {
  const grid = plan.grids[g] as PopulationGrid;
  const rng = Rng.stream(opts.seed, `registry:${grid.code}`);
  const today = opts.today;
  const year = Number(today.slice(0, 4));
  const village = grid.communityKind === 'village';
  const base = grid.communityName.replace(/(社区|村|居委会)$/, '');

  /** A birth date for someone `age` full years old today. */
  const ranges = birthRanges(today);
  const birthFor = (age: number): string => {
    const range = ranges[Math.max(0, Math.min(104, age))] as [number, number];
    return fromDays(range[0] + rng.int(range[1] - range[0] + 1));
  };
  const yearOf = (date: string) => Number(date.slice(0, 4));
  const person = (surname: string, gender: Gender, age: number, relation: string): Draft => {
    const birthDate = birthFor(age);
    return { surname, name: surname + givenName(rng, gender, yearOf(birthDate)), gender, birthDate, relation };
  };
  const other = (g: Gender): Gender => (g === 'male' ? 'female' : 'male');

  // ── Households of the grid ──
  const drafts: HouseholdDraft[] = [];
  let residents = 0;
  const forced: HouseholdKind[] = ['single_elderly', 'nuclear', 'migrant_family', 'three_gen'];
  const migrantShare = village ? 0.3 : 0.14;
  while (residents < opts.personsPerGrid) {
    const n = drafts.length;
    const kind = forced[n] ?? (rng.chance(migrantShare) ? MIGRANT_KINDS.draw(rng) : NATIVE_KINDS.draw(rng));
    const h = householdDraft(kind);
    if (n === 1) h.hardship = true;
    if (n === 3) {
      // The son of a three-generation household works in 广州: 户在人不在.
      const son = h.members.find((m) => m.relation === '20');
      if (son) son.away = true;
    }
    drafts.push(h);
    residents += h.members.filter((m) => (m.status ?? 'resident') === 'resident').length;
  }

  function householdDraft(kind: HouseholdKind): HouseholdDraft {
    const migrant = kind === 'migrant_single' || kind === 'migrant_family' || kind === 'collective';
    const origin = migrant ? ORIGIN_POOL.draw(rng) : null;
    const surnames = migrant ? MIGRANT_SURNAMES : LOCAL_SURNAMES;
    const surname = () => surnames.draw(rng);
    const members: Draft[] = [];
    const family = surname();
    const add = (d: Draft) => {
      members.push(d);
      return d;
    };
    /** Children of the head: 独生子/独生女 when alone, else 长子 次子 … 长女 次女 …; 子/女 past the fourth. */
    const children = (fatherSurname: string, parentAge: number, count: number) => {
      let age = parentAge - rng.between(22, 34);
      let sons = 0;
      let daughters = 0;
      for (let i = 0; i < count && age >= 0; i++) {
        const gender: Gender = rng.chance(0.52) ? 'male' : 'female';
        const nth = gender === 'male' ? sons++ : daughters++;
        const relation =
          count === 1 ? (gender === 'male' ? '21' : '31') : `${gender === 'male' ? 2 : 3}${nth < 4 ? nth + 2 : 0}`;
        add(person(fatherSurname, gender, age, relation));
        age -= rng.between(2, 6);
      }
    };
    const spouseOf = (headGender: Gender, headAge: number, marriedIn = true) => {
      const gender = other(headGender);
      const age = Math.max(18, headAge + (gender === 'female' ? -rng.between(0, 5) : rng.between(0, 5)));
      const spouse = person(gender === 'male' ? family : surname(), gender, age, gender === 'male' ? '11' : '12');
      if (rng.chance(0.1)) spouse.relation = '10';
      if (marriedIn && !migrant && rng.chance(0.25)) {
        const [region, place] = rng.pick(JIANGMEN_REGIONS);
        spouse.region = region;
        if (rng.chance(0.2)) spouse.registeredElsewhere = place;
      }
      return spouse;
    };

    let headAge: number;
    let headGender: Gender = rng.chance(0.72) ? 'male' : 'female';
    const headSurname = () => (headGender === 'male' ? family : surname());
    let hardship = false;
    let assisted = false;
    switch (kind) {
      case 'single_young': {
        headAge = rng.between(20, 62);
        add(person(family, headGender, headAge, '02'));
        break;
      }
      case 'single_elderly': {
        headAge = rng.between(66, 93);
        headGender = rng.chance(0.68) ? 'female' : 'male';
        add(person(headSurname(), headGender, headAge, '02'));
        // Widowed: the spouse's death is in the history.
        if (rng.chance(0.45)) {
          const spouse = spouseOf(headGender, headAge, false);
          spouse.status = 'deceased';
          spouse.leftOn = addDays(today, -rng.between(120, 3650));
          add(spouse);
        }
        hardship = rng.chance(0.08);
        break;
      }
      case 'couple_young': {
        headAge = rng.between(24, 38);
        add(person(headSurname(), headGender, headAge, '02'));
        add(spouseOf(headGender, headAge));
        break;
      }
      case 'couple_elderly': {
        headGender = 'male';
        headAge = rng.between(56, 88);
        add(person(family, headGender, headAge, '02'));
        add(spouseOf(headGender, headAge));
        // A daughter married out: moved out years ago.
        if (rng.chance(0.2)) {
          const d = person(family, 'female', headAge - rng.between(24, 32), '30');
          d.status = 'moved_out';
          d.leftOn = addDays(today, -rng.between(200, 4000));
          d.leftNote = `迁往${rng.pick(['广州市天河区', '佛山市顺德区', '深圳市宝安区', '江门市蓬江区', '中山市'])}`;
          if (ageOn(d.birthDate, d.leftOn) >= 18) add(d);
        }
        break;
      }
      case 'nuclear': {
        headAge = rng.between(29, 60);
        add(person(headSurname(), headGender, headAge, '02'));
        add(spouseOf(headGender, headAge));
        children(family, headAge, rng.chance(0.55) ? 1 : rng.chance(0.85) ? 2 : 3);
        hardship = rng.chance(0.01);
        break;
      }
      case 'single_parent': {
        headAge = rng.between(28, 50);
        add(person(headSurname(), headGender, headAge, '02'));
        children(family, headAge, rng.chance(0.6) ? 1 : 2);
        hardship = rng.chance(0.12);
        assisted = rng.chance(0.1);
        break;
      }
      case 'with_parents': {
        headAge = rng.between(36, 60);
        headGender = rng.chance(0.85) ? 'male' : 'female';
        add(person(headSurname(), headGender, headAge, '02'));
        const spouse = add(spouseOf(headGender, headAge));
        children(family, headAge, rng.chance(0.7) ? 1 : 2);
        const parentAge = headAge + rng.between(24, 34);
        // The head's own parents, or the wife's (岳父 岳母), or the husband's (公公 婆婆).
        const ownParents = headGender === 'male' ? rng.chance(0.85) : rng.chance(0.5);
        const parentSurname = ownParents ? (headGender === 'male' ? family : surname()) : spouse.surname;
        const [fatherCode, motherCode] = ownParents
          ? ['51', '52']
          : headGender === 'male'
            ? ['55', '56']
            : ['53', '54'];
        if (rng.chance(0.6)) add(person(parentSurname, 'male', parentAge + rng.between(0, 4), fatherCode));
        add(person(surname(), 'female', parentAge, motherCode));
        break;
      }
      case 'three_gen': {
        headGender = 'male';
        headAge = rng.between(52, 80);
        add(person(family, headGender, headAge, '02'));
        if (rng.chance(0.85)) add(spouseOf(headGender, headAge));
        const sonAge = headAge - rng.between(24, 32);
        add(person(family, 'male', sonAge, '20'));
        const wife = person(surname(), 'female', sonAge - rng.between(0, 4), '38');
        add(wife);
        const kids = rng.chance(0.5) ? 1 : 2;
        let kidAge = sonAge - rng.between(24, 32);
        for (let i = 0; i < kids && kidAge >= 0; i++) {
          const gender: Gender = rng.chance(0.52) ? 'male' : 'female';
          add(person(family, gender, kidAge, gender === 'male' ? '41' : '42'));
          kidAge -= rng.between(2, 5);
        }
        break;
      }
      case 'migrant_single': {
        headAge = rng.between(18, 50);
        add(person(family, headGender, headAge, '02'));
        break;
      }
      case 'migrant_family': {
        headGender = 'male';
        headAge = rng.between(26, 48);
        add(person(family, headGender, headAge, '02'));
        add(spouseOf(headGender, headAge));
        const kids = rng.chance(0.3) ? 0 : rng.chance(0.6) ? 1 : 2;
        if (kids) children(family, headAge, kids);
        break;
      }
      case 'collective': {
        // Workers of one factory sharing a rented room: 集体户, everyone 非亲属 of the first.
        headAge = rng.between(20, 45);
        add(person(family, headGender, headAge, '02'));
        const n = rng.between(1, 3);
        for (let i = 0; i < n; i++) add(person(surname(), headGender, rng.between(18, 45), '99'));
        // A co-worker who went home: the registration closed, the history kept.
        if (rng.chance(0.4)) {
          const gone = person(surname(), headGender, rng.between(18, 45), '99');
          gone.status = 'moved_out';
          gone.leftOn = addDays(today, -rng.between(10, 300));
          gone.leftNote = '返回原籍';
          add(gone);
        }
        break;
      }
    }

    // Moved in years ago (natives), or arrived recently (migrants); never before the head was 18.
    const head = members[0] as Draft;
    const adult = addDays(head.birthDate, 18 * 366);
    const span = migrant ? rng.between(20, 2600) : rng.between(180, 12000);
    const since = maxDate(adult, addDays(today, -span));
    // Adult children of 20–40 sometimes work or study in another city: 户在人不在 (≈ 10% of natives).
    if (!migrant) {
      for (const m of members) {
        const age = ageOn(m.birthDate, today);
        if (m.relation !== '02' && (m.status ?? 'resident') === 'resident' && age >= 18 && age <= 45) {
          if (rng.chance(0.28)) m.away = true;
        }
      }
    }
    return { kind, migrant, origin, members, since, hardship, assisted };
  }

  // ── Buildings and rooms ──
  const roomsNeeded = Math.ceil(drafts.length * 1.12) + 1;
  const firstRoom = plan.rooms.length;
  const firstBuilding = plan.buildings.length;
  const centre = gridCentre(grid);
  const near = (spread: number) => ({
    lng: round6(centre.lng + (rng.float() - 0.5) * spread),
    lat: round6(centre.lat + (rng.float() - 0.5) * spread * 0.9),
  });
  const road = `${rng.pick(ROADS)}${rng.pick(ROAD_KINDS)}`;
  let houseNo = rng.between(1, 60) * 2;
  const gridSerial = Number(grid.code.slice(12)) || 1;
  /** Rooms that only an owner family lives in (the ground floor of a village house). */
  const ownerRooms = new Set<number>();

  if (!village) {
    const estate = `${base}${ESTATE_SUFFIXES[(gridSerial + rng.int(3)) % ESTATE_SUFFIXES.length]}`;
    const estateAddress = `${road}${houseNo}号`;
    let buildingNo = 1;
    while (plan.rooms.length - firstRoom < roomsNeeded) {
      const high = rng.chance(0.35);
      const floors = high ? rng.between(11, 26) : rng.between(6, 9);
      const units = high ? 1 : rng.between(1, 3);
      const perFloor = high ? rng.between(3, 4) : 2;
      const left = roomsNeeded - (plan.rooms.length - firstRoom);
      // Only part of a tall building's floors are planned when the grid needs few rooms.
      const usedFloors = Math.max(2, Math.min(floors, Math.ceil(left / (units * perFloor)) + rng.int(2)));
      const b = plan.buildings.length;
      const pos = near(0.004);
      plan.buildings.push({
        grid: g,
        name: `${estate}${buildingNo}栋`,
        address: estateAddress,
        kind: buildingNo === 1 && rng.chance(0.4) ? 'mixed' : 'residential',
        floors,
        lng: pos.lng,
        lat: pos.lat,
      });
      for (let u = 1; u <= units; u++) {
        const unit = plan.units.length;
        plan.units.push({ building: b, name: `${u}单元`, sort: u });
        const firstFloor = plan.buildings[b]?.kind === 'mixed' ? 2 : 1;
        for (let f = firstFloor; f < firstFloor + usedFloors; f++) {
          for (let r = 1; r <= perFloor; r++) {
            plan.rooms.push({
              building: b,
              unit,
              floor: f,
              number: `${f}${String(r).padStart(2, '0')}`,
              rental: false,
            });
          }
        }
      }
      if (high) {
        for (let e = 1; e <= rng.between(1, 2); e++) {
          const p = plan.buildings[b] as BuildingPlan;
          plan.facilities.push({
            grid: g,
            kind: 'elevator',
            name: `${p.name}${e}号电梯`,
            building: b,
            lng: p.lng,
            lat: p.lat,
            status: rng.chance(0.05) ? 'faulty' : 'ok',
            note: null,
          });
        }
      }
      buildingNo++;
    }
  } else {
    // 自建房: a family on the ground floor of each house, rooms above let to tenants.
    const natives = drafts.filter((d) => !d.migrant).length;
    const migrants = drafts.length - natives;
    const lane = `${base}${rng.pick(ALLEYS)}`;
    let lanes = 1;
    let houses = 0;
    let rentals = 0;
    // A house per native family and one empty; more rooms to let until every migrant has one and some wait.
    while (houses < natives + 1 || rentals < migrants + 2) {
      const floors = rng.between(2, 5);
      const b = plan.buildings.length;
      const pos = near(0.005);
      if (houseNo > 60) {
        houseNo = 1;
        lanes++;
      }
      const name = `${lane}${lanes > 1 ? `${lanes}` : ''}巷${houseNo}号`;
      houseNo += 1;
      plan.buildings.push({ grid: g, name, address: name, kind: 'village_house', floors, lng: pos.lng, lat: pos.lat });
      ownerRooms.add(plan.rooms.length);
      plan.rooms.push({ building: b, unit: null, floor: 1, number: '101', rental: false });
      houses++;
      if (!rng.chance(0.55)) continue;
      for (let f = 2; f <= floors; f++) {
        const perFloor = rng.between(1, 2);
        for (let r = 1; r <= perFloor; r++) {
          plan.rooms.push({ building: b, unit: null, floor: f, number: `${f}0${r}`, rental: true });
          rentals++;
        }
      }
    }
  }

  // ── Place households in rooms: migrants in rented rooms, natives in the others ──
  const roomIdx = Array.from({ length: plan.rooms.length - firstRoom }, (_, i) => firstRoom + i);
  for (let i = roomIdx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [roomIdx[i], roomIdx[j]] = [roomIdx[j] as number, roomIdx[i] as number];
  }
  const owner = roomIdx.filter((r) => ownerRooms.has(r));
  const rest = roomIdx.filter((r) => !ownerRooms.has(r));
  const rentable = rest.filter((r) => plan.rooms[r]?.rental);
  const plain = rest.filter((r) => !plan.rooms[r]?.rental);
  const take = (lists: number[][]): number => {
    for (const l of lists) if (l.length) return l.shift() as number;
    throw new Error('no room left');
  };
  const roomOf: number[] = [];
  // Migrants first (they need the rentals), then natives; owners of village houses first.
  const order = drafts.map((_, i) => i).sort((a, b) => Number(drafts[b]?.migrant) - Number(drafts[a]?.migrant));
  for (const i of order) {
    const d = drafts[i] as HouseholdDraft;
    const r = d.migrant ? take([rentable, plain, owner]) : take([owner, plain, rentable]);
    if (d.migrant || rng.chance(0.06)) (plan.rooms[r] as RoomPlan).rental = true;
    roomOf[i] = r;
  }
  // Of the vacant rooms left, some are 出租屋 waiting for a tenant.
  for (const r of [...plain, ...owner]) if (rng.chance(0.3)) (plan.rooms[r] as RoomPlan).rental = true;

  const addressOf = (r: number) => {
    const room = plan.rooms[r] as RoomPlan;
    const b = plan.buildings[room.building] as BuildingPlan;
    const unitName = room.unit === null ? null : (plan.units[room.unit] as UnitPlan).name;
    return { room, b, unitName };
  };
  const registered = (r: number) => {
    const { room, b, unitName } = addressOf(r);
    const text = roomAddress({
      buildingAddress: b.kind === 'village_house' ? grid.communityName : b.address,
      buildingName: b.name,
      unitName,
      number: b.kind === 'village_house' ? null : room.number,
    }).replaceAll(' ', '');
    return `广东省江门市江海区${text}`;
  };

  // ── Persons, memberships, events, migrant registrations, tags ──
  const tag = (p: number, code: string, source: string, startDate: string, note: string | null = null) =>
    plan.tags.push({ person: p, code, source, startDate, endDate: null, note, endReason: null });
  const phone = (migrant: boolean) =>
    `${rng.pick(migrant && rng.chance(0.5) ? PHONE_PREFIXES_OTHER : PHONE_PREFIXES)}${String(rng.int(1e8)).padStart(8, '0')}`;
  const ethnicityOf = (origin: Origin | null): string => {
    if (origin?.ethnic) {
      for (const [code, p] of origin.ethnic) if (rng.chance(p)) return code;
      return '01';
    }
    if (rng.chance(0.006)) return rng.pick(['08', '13', '11', '03', '15']);
    return '01';
  };
  /** A number no one else in the plan holds: the sequence moves on (by 2, keeping the gender) past taken ones. */
  const idNumber = (region: string, birthDate: string, gender: Gender): string => {
    let regionKey = REGION_KEYS.get(region);
    if (regionKey === undefined) {
      regionKey = REGION_KEYS.size;
      REGION_KEYS.set(region, regionKey);
    }
    const dayKey = (regionKey * 100_000 + toDays(birthDate) + 50_000) * 1000;
    // The sequence is 2j (women) or 2j + 1 (men), j ≡ lane (mod LANES).
    const lane = opts.lane ?? 0;
    const bit = gender === 'male' ? 1 : 0;
    let j = rng.int(500 / LANES) * LANES + lane;
    let seq = j * 2 + bit;
    for (let tries = 0; tries < 500 / LANES && ids.has(dayKey + seq); tries++) {
      j = (j + LANES) % 500;
      seq = j * 2 + bit;
    }
    if (ids.has(dayKey + seq)) throw new Error(`no free id number for ${region} ${birthDate}`);
    ids.add(dayKey + seq);
    return makeIdNumber(region, birthDate, seq);
  };
  const nativeRegion = (birthDate: string) => {
    const y = yearOf(birthDate);
    const x = rng.float();
    if (y < 1994) return x < 0.7 ? '440704' : x < 0.9 ? '440711' : '440703';
    return x < 0.9 ? '440704' : '440703';
  };

  let householdNo = 0;
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as HouseholdDraft;
    const r = roomOf[i] as number;
    const h = plan.households.length;
    householdNo++;
    plan.households.push({
      grid: g,
      number: d.migrant ? null : `${grid.code.slice(6)}${String(householdNo).padStart(3, '0')}`,
      kind: d.kind === 'collective' ? 'collective' : 'family',
      room: r,
    });
    const address = registered(r);
    const arrivalOrigin = d.origin;
    let hardshipTagged = false;
    for (const m of d.members) {
      const p = plan.persons.length;
      const status = m.status ?? 'resident';
      const age = ageOn(m.birthDate, today);
      const bornHere = !d.migrant && m.birthDate > d.since;
      const since = maxDate(d.since, m.birthDate);
      const region = d.migrant ? (arrivalOrigin as Origin).region : (m.region ?? nativeRegion(m.birthDate));
      const phoneNumber =
        age >= 16 && status === 'resident' && rng.chance(age >= 80 ? 0.55 : 0.95) ? phone(d.migrant) : null;
      const partyMember =
        age >= 18 && rng.chance(d.migrant ? 0.03 : age >= 60 ? (m.gender === 'male' ? 0.14 : 0.06) : 0.06);
      const registeredHere = !d.migrant && !m.registeredElsewhere;
      const registeredAddress = d.migrant
        ? `${(arrivalOrigin as Origin).place}${rng.pick(TOWN_CHARS)}${rng.pick(TOWN_CHARS)}镇${rng.pick(TOWN_CHARS)}${rng.pick(['村', '屯', '组'])}${rng.between(1, 99)}号`
        : (m.registeredElsewhere ?? address);
      const lives = status === 'resident' && !m.away;
      let last = since;
      const leftOn = m.leftOn ? maxDate(m.leftOn, since) : null;
      if (leftOn) last = leftOn;
      plan.persons.push({
        grid: g,
        name: m.name,
        gender: m.gender,
        birthDate: m.birthDate,
        ethnicity: ethnicityOf(arrivalOrigin),
        idNumber: idNumber(region, m.birthDate, m.gender),
        phone: phoneNumber,
        registeredAddress,
        registeredHere,
        room: lives ? r : null,
        status,
        partyMember,
        lastEventDate: last,
      });
      plan.members.push({ household: h, person: p, relation: m.relation, since, until: leftOn });
      if (d.migrant) {
        plan.events.push({ person: p, event: 'migrant_arrival', date: since, household: h, room: r, note: null });
        const expected = maxDate(addDays(since, 365 * rng.between(1, 3)), addDays(today, rng.between(30, 400)));
        const working = m.relation === '02' || d.kind === 'collective';
        plan.migrants.push({
          person: p,
          arrival: since,
          expectedDeparture: leftOn ? maxDate(leftOn, addDays(since, 365)) : expected,
          actualDeparture: leftOn,
          origin: (arrivalOrigin as Origin).place,
          reason:
            age < 16
              ? 'family'
              : working
                ? rng.pick(['work', 'work', 'work', 'business'] as const)
                : rng.pick(['family', 'work'] as const),
        });
      } else {
        plan.events.push({
          person: p,
          event: bornHere ? 'birth' : 'move_in',
          date: since,
          household: h,
          room: r,
          note: null,
        });
      }
      if (leftOn) {
        const event = status === 'deceased' ? 'death' : d.migrant ? 'migrant_departure' : 'move_out';
        plan.events.push({ person: p, event, date: leftOn, household: h, room: r, note: m.leftNote ?? null });
      }
      if (status !== 'resident') continue;
      if (d.migrant) tag(p, 'migrant', '流动人口登记', since);

      // 活档案 tags, with where each fact comes from.
      const tagStart = (yearsBack: number) => maxDate(since, addDays(today, -rng.between(30, 365 * yearsBack)));
      if (partyMember && age >= 70)
        tag(
          p,
          'senior_party_member',
          '社区党委党员名册',
          minDate(maxDate(addDays(m.birthDate, 70 * 365 + 17), since), today),
        );
      if (d.kind === 'single_elderly' && m.relation === '02') {
        const widowed = d.members.find((x) => x.status === 'deceased')?.leftOn;
        tag(p, 'elderly_alone', '入户走访', widowed ? maxDate(widowed, since) : tagStart(6));
        if (age >= 80 && rng.chance(0.15)) tag(p, 'extreme_poverty', '民政特困供养名单', tagStart(5));
      }
      if (d.kind === 'couple_elderly' && rng.chance(0.5)) tag(p, 'empty_nest_elderly', '入户走访', tagStart(5));
      if (d.hardship && !hardshipTagged && m.relation === '02') {
        hardshipTagged = true;
        const start = tagStart(6);
        tag(p, 'hardship', '民政低保名单', start);
        tag(
          p,
          'subsistence_allowance',
          '民政低保名单',
          start,
          `低保证号 JH${grid.code.slice(6, 12)}${String(p % 10000).padStart(4, '0')}`,
        );
      }
      if (d.assisted && m.relation === '02') tag(p, 'assisted', '结对帮扶台账', tagStart(3));
      if (rng.chance(age >= 60 ? 0.035 : 0.01)) {
        const kindOf = rng.pick(['肢体残疾', '视力残疾', '听力残疾', '智力残疾', '言语残疾']);
        tag(p, 'disabled', '残联数据', tagStart(10), `${kindOf}${rng.pick(['一', '二', '三', '四'])}级`);
      }
      if (m.gender === 'male' && age >= 40 && age <= 80 && rng.chance(0.02))
        tag(p, 'veteran', '退役军人服务站', tagStart(10));
      if (age >= 30 && rng.chance(0.004)) tag(p, 'serious_illness', '医保大病名单', tagStart(3));
      if (age < 16 && rng.chance(d.hardship ? 0.5 : 0.0015))
        tag(p, 'child_in_difficulty', '民政儿童福利台账', tagStart(3));
      if (age >= 18 && rng.chance(0.0015)) tag(p, 'mental_disorder', '卫健部门患者管理名单', tagStart(8));
      if (age >= 18 && age <= 60 && m.gender === 'male' && rng.chance(0.0012))
        tag(p, 'community_correction', '司法所', tagStart(2));
    }
    // A household that left 低保 when its income rose: the tag ended, history kept.
    if (!d.migrant && !d.hardship && rng.chance(0.01)) {
      const headIdx = plan.persons.length - d.members.length;
      const start = maxDate(d.since, addDays(today, -rng.between(900, 3000)));
      const end = minDate(addDays(start, rng.between(365, 800)), addDays(today, -10));
      plan.tags.push({
        person: headIdx,
        code: 'subsistence_allowance',
        source: '民政低保名单',
        startDate: start,
        endDate: maxDate(end, start),
        note: null,
        endReason: '家庭收入超过低保标准,退出低保',
      });
    }
  }

  // ── Organisations ──
  const gridBuildings: number[] = [];
  for (let b = firstBuilding; b < plan.buildings.length; b++) gridBuildings.push(b);
  const contact = () => {
    const gender: Gender = rng.chance(0.6) ? 'male' : 'female';
    const age = rng.between(25, 60);
    return LOCAL_SURNAMES.draw(rng) + givenName(rng, gender, year - age);
  };
  const orgAt = (kind: OrganisationPlan['kind'], name: string, creditCode: string | null, employees: number) => {
    const b = rng.pick(gridBuildings);
    const building = plan.buildings[b] as BuildingPlan;
    plan.organisations.push({
      grid: g,
      name,
      kind,
      creditCode,
      building: b,
      room: null,
      address: `${building.address === building.name ? '' : building.address}${building.name}${kind === 'shop' ? `首层${rng.between(1, 12)}号铺` : ''}`,
      contactName: contact(),
      contactPhone: phone(false),
      employees,
      lng: round6(building.lng + (rng.float() - 0.5) * 0.0006),
      lat: round6(building.lat + (rng.float() - 0.5) * 0.0006),
    });
  };
  const shops = village ? rng.between(1, 2) : rng.between(2, 4);
  const SHOPS = [
    '士多',
    '五金店',
    '餐馆',
    '理发店',
    '药店',
    '快递驿站',
    '茶餐厅',
    '粮油店',
    '水果店',
    '烧腊店',
    '便利店',
    '维修店',
  ];
  for (let i = 0; i < shops; i++) {
    const owner = contact();
    orgAt('shop', `${base}${owner.slice(0, 1)}记${rng.pick(SHOPS)}`, creditCode(rng, '92'), rng.between(1, 6));
  }
  if (village || rng.chance(0.35)) {
    const trade = rng.pick([
      '五金制品',
      '电子科技',
      '纺织服装',
      '塑料制品',
      '食品',
      '机械',
      '灯饰',
      '包装材料',
      '不锈钢制品',
    ]);
    orgAt('enterprise', `江门市江海区${base}${trade}有限公司`, creditCode(rng, '91'), rng.between(8, 180));
  }
  if (gridSerial === 1) {
    orgAt('institution', `${grid.communityName}卫生服务站`, creditCode(rng, '12'), rng.between(4, 12));
    orgAt('social_org', `江门市江海区${base}幼儿园`, creditCode(rng, '52'), rng.between(10, 30));
  }

  // ── Facilities near the buildings ──
  const facility = (kind: FacilityPlan['kind'], name: string, count: number, faults: string[]) => {
    for (let i = 1; i <= count; i++) {
      const b = rng.pick(gridBuildings);
      const building = plan.buildings[b] as BuildingPlan;
      const faulty = rng.chance(0.04);
      plan.facilities.push({
        grid: g,
        kind,
        name: `${building.name}旁${name}${count > 1 ? i : ''}`.slice(0, 64),
        building: null,
        lng: round6(building.lng + (rng.float() - 0.5) * 0.0008),
        lat: round6(building.lat + (rng.float() - 0.5) * 0.0008),
        status: faulty ? 'faulty' : 'ok',
        note: faulty ? rng.pick(faults) : null,
      });
    }
  };
  facility('hydrant', '消防栓', rng.between(1, 3), ['水压不足', '栓口锈蚀']);
  facility('camera', '监控摄像头', rng.between(2, 4), ['画面模糊', '离线']);
  facility('street_lamp', '路灯', rng.between(2, 5), ['灯不亮', '灯杆倾斜']);
  facility('waste_station', '垃圾收集点', 1, ['满溢未清运']);
  if (!village) facility('charging_station', '电动车充电桩', rng.between(0, 2), ['无法充电']);
  if (gridSerial === 1) facility('aed', 'AED 自动体外除颤器', 1, ['电池过期']);
  if (rng.chance(0.3)) facility('manhole', '井盖', 1, ['井盖破损']);
}

// ── 统一社会信用代码 (GB 32100) ───────────────────────────────────────────────────────────────
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A credit code of the demo district: 登记管理部门 and 机构类别 (`91` enterprise, `92`
 * 个体工商户, `12` 事业单位, `52` 民办非企业单位), region 440704, a 9-character GB 11714
 * organisation code with its own check character, and the GB 32100 check character.
 */
function creditCode(rng: Rng, authority: string): string {
  let org = '';
  if (authority === '92') {
    // 个体工商户 registered since 2016 carry MA + seven characters.
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    org = `MA${Array.from({ length: 6 }, () => alphabet[rng.int(alphabet.length)]).join('')}`;
    org += alphabet[rng.int(10)];
  } else {
    const digits = Array.from({ length: 8 }, () => rng.int(10));
    const sum = digits.reduce((s, d, i) => s + d * (ORG_CODE_WEIGHTS[i] as number), 0);
    const c = 11 - (sum % 11);
    org = digits.join('') + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
  }
  const first17 = `${authority}440704${org}`;
  return first17 + creditCodeCheckCharacter(first17);
}
