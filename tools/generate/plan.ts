/**
 * What a generated district looks like, as plain data, before anything is written.
 *
 * Scale 1 is the demo district (江海区: 3 streets × 4 communities/villages × 4 grids, its
 * departments and demo accounts), unit for unit. A larger scale grows each level by the
 * cube root of the scale, so the number of grids grows about linearly (≈ 48 × scale) and a
 * street's subtree grows with it: scale 10 → 6 streets × 9 × 9, scale 100 → 14 × 19 × 19.
 * The demo streets and communities stay, with their codes and names; new ones are drawn
 * from the name pools with the seed.
 *
 * Codes follow packages/domain/src/org/codes.ts: 12-digit statistical division codes
 * (乡级 serial 001–099 for 街道, 100–199 for 镇; 村级 serial 001–199 for 社区 居委会,
 * 201–399 for 村委会), grids add a 3-digit serial to their community's code.
 */
import { checkUnitCode, type Role, type UnitKind } from '@gongzhi/domain';
import {
  DEMO_ACCOUNTS,
  DEMO_DEPARTMENTS,
  DEMO_DISTRICT,
  DEMO_STREETS,
  GRID_WORKER_NAMES,
  GRIDS_PER_COMMUNITY,
} from '../../apps/server/src/demo/district.ts';
import { Rng } from '../../apps/server/src/demo/random.ts';
import { chineseNumber, PlaceNames, personName } from './names.ts';

export const DEFAULT_SEED = 20261123;

export interface GridPlan {
  code: string;
  name: string;
  serial: number;
}

export interface CommunityPlan {
  code: string;
  name: string;
  kind: 'community' | 'village';
  pinyin: string;
  demo: boolean;
  grids: GridPlan[];
}

export interface StreetPlan {
  code: string;
  name: string;
  pinyin: string;
  demo: boolean;
  communities: CommunityPlan[];
}

export interface AccountPlan {
  username: string;
  displayName: string;
  role: Role;
  /** Code of the unit the role is granted on (and the account's home unit). */
  unit: string;
  totp: boolean;
}

export interface DistrictPlan {
  scale: number;
  seed: number;
  shape: Shape;
  district: { code: string; name: string };
  departments: Array<{ code: string; name: string }>;
  streets: StreetPlan[];
  accounts: AccountPlan[];
}

export interface Shape {
  streets: number;
  communitiesPerStreet: number;
  gridsPerCommunity: number;
}

const MAX_STREETS = 199;
const MAX_COMMUNITIES = 199;
const MAX_VILLAGES = 199;
const MAX_GRIDS = 999;

export function shapeFor(scale: number): Shape {
  if (!Number.isFinite(scale) || scale < 1) throw new Error(`--scale must be a number ≥ 1 (got ${scale})`);
  const f = Math.cbrt(scale);
  return {
    streets: Math.min(MAX_STREETS, Math.max(DEMO_STREETS.length, Math.round(3 * f))),
    communitiesPerStreet: Math.min(MAX_COMMUNITIES + MAX_VILLAGES, Math.max(4, Math.round(4 * f))),
    gridsPerCommunity: Math.min(MAX_GRIDS, Math.max(GRIDS_PER_COMMUNITY, Math.round(4 * f))),
  };
}

const pad3 = (n: number) => String(n).padStart(3, '0');

function gridPlans(communityCode: string, communityName: string, count: number): GridPlan[] {
  const grids: GridPlan[] = [];
  for (let n = 1; n <= count; n++) {
    grids.push({ code: `${communityCode}${pad3(n)}`, name: `${communityName}第${chineseNumber(n)}网格`, serial: n });
  }
  return grids;
}

/** Next free 村级 serial of a kind within a street, given the serials already used. */
function nextSerial(used: Set<number>, kind: 'community' | 'village'): number {
  const [from, to] = kind === 'community' ? [1, MAX_COMMUNITIES] : [201, 200 + MAX_VILLAGES];
  for (let s = from; s <= to; s++) {
    if (!used.has(s)) {
      used.add(s);
      return s;
    }
  }
  throw new Error(`a street has no free ${kind} code left`);
}

export function planDistrict(scale = 1, seed = DEFAULT_SEED): DistrictPlan {
  const shape = shapeFor(scale);
  const places = new PlaceNames();
  for (const s of DEMO_STREETS) {
    places.reserve(s.name.replace(/街道$/, ''));
    for (const c of s.communities) places.reserve(c.name.replace(/(社区|村)$/, ''));
  }
  const rng = Rng.stream(seed, 'org');
  const prefix = DEMO_DISTRICT.code.slice(0, 6);

  const streets: StreetPlan[] = [];
  for (let i = 0; i < shape.streets; i++) {
    const demo = DEMO_STREETS[i];
    const street: StreetPlan = demo
      ? { code: demo.code, name: demo.name, pinyin: demo.pinyin, demo: true, communities: [] }
      : (() => {
          const serial = i + 1;
          const place = places.next(rng);
          const town = serial >= 100;
          return {
            code: `${prefix}${pad3(serial)}000`,
            name: `${place.name}${town ? '镇' : '街道'}`,
            pinyin: place.pinyin,
            demo: false,
            communities: [],
          };
        })();
    const used = new Set<number>();
    for (const c of demo?.communities ?? []) {
      used.add(Number(c.code.slice(9)));
      street.communities.push({ ...c, demo: true, grids: gridPlans(c.code, c.name, shape.gridsPerCommunity) });
    }
    // Streets in town are mostly 社区; further out, villages. About a third overall.
    while (street.communities.length < shape.communitiesPerStreet) {
      const kind = rng.chance(0.35) ? 'village' : 'community';
      const serial = nextSerial(used, kind);
      const place = places.next(rng);
      const code = `${street.code.slice(0, 9)}${pad3(serial)}`;
      const name = `${place.name}${kind === 'village' ? '村' : '社区'}`;
      street.communities.push({
        code,
        name,
        kind,
        pinyin: place.pinyin,
        demo: false,
        grids: gridPlans(code, name, shape.gridsPerCommunity),
      });
    }
    streets.push(street);
  }

  const plan: DistrictPlan = {
    scale,
    seed,
    shape,
    district: { ...DEMO_DISTRICT },
    departments: DEMO_DEPARTMENTS.map((d) => ({ ...d })),
    streets,
    accounts: [],
  };
  plan.accounts = planAccounts(plan, Rng.stream(seed, 'accounts'));
  checkPlan(plan);
  return plan;
}

/**
 * The demo accounts, a grid worker for every demo grid (named as the demo seed names them),
 * and for every unit the generator adds: a street official per street, a community worker
 * per community or village, a grid worker per grid.
 */
function planAccounts(plan: DistrictPlan, rng: Rng): AccountPlan[] {
  const accounts: AccountPlan[] = DEMO_ACCOUNTS.map((a) => ({ ...a, totp: a.totp ?? false }));
  const usernames = new Set(accounts.map((a) => a.username));
  const unique = (base: string) => {
    let name = base;
    for (let n = 2; usernames.has(name); n++) name = `${base}${n}`;
    usernames.add(name);
    return name;
  };
  const add = (username: string, role: Role, unit: string, displayName = personName(rng).name) =>
    accounts.push({ username: unique(username), displayName, role, unit, totp: false });

  // The demo seed's rule for the demo grids, in its order, so scale 1 is the demo district.
  let w = 0;
  for (const s of plan.streets.filter((st) => st.demo)) {
    for (const c of s.communities.filter((cm) => cm.demo)) {
      for (const g of c.grids.slice(0, GRIDS_PER_COMMUNITY)) {
        if (DEMO_ACCOUNTS.some((a) => a.unit === g.code && a.role === 'grid_worker')) continue;
        add(
          `grid.${c.pinyin}${String(g.serial).padStart(2, '0')}`,
          'grid_worker',
          g.code,
          GRID_WORKER_NAMES[w++ % GRID_WORKER_NAMES.length],
        );
      }
    }
  }
  for (const s of plan.streets) {
    if (!s.demo) add(`street.${s.pinyin}`, 'street_official', s.code);
    for (const c of s.communities) {
      if (!c.demo) add(`staff.${c.pinyin}`, 'community_staff', c.code);
      for (const g of c.grids) {
        if (c.demo && g.serial <= GRIDS_PER_COMMUNITY) continue;
        add(`grid.${c.pinyin}${String(g.serial).padStart(2, '0')}`, 'grid_worker', g.code);
      }
    }
  }
  return accounts;
}

/** Every code passes the domain's rules and is unique; a bug here must not reach a database. */
function checkPlan(plan: DistrictPlan): void {
  const codes = new Set<string>();
  const check = (kind: UnitKind, code: string, parent?: { kind: UnitKind; code: string }) => {
    const problem = checkUnitCode(kind, code, parent);
    if (problem) throw new Error(`generated ${kind} code ${code}: ${problem}`);
    if (codes.has(code)) throw new Error(`generated code ${code} twice`);
    codes.add(code);
  };
  const district = { kind: 'district' as const, code: plan.district.code };
  check('district', plan.district.code);
  for (const d of plan.departments) check('department', d.code, district);
  for (const s of plan.streets) {
    check('street', s.code, district);
    for (const c of s.communities) {
      check(c.kind, c.code, { kind: 'street', code: s.code });
      for (const g of c.grids) check('grid', g.code, { kind: c.kind, code: c.code });
    }
  }
  for (const a of plan.accounts) {
    if (!codes.has(a.unit)) throw new Error(`account ${a.username} on unknown unit ${a.unit}`);
  }
}

export function countUnits(plan: DistrictPlan): number {
  let n = 1 + plan.departments.length + plan.streets.length;
  for (const s of plan.streets) {
    n += s.communities.length;
    for (const c of s.communities) n += c.grids.length;
  }
  return n;
}
