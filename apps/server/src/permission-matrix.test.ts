/**
 * The permission matrix, generated from ONE policy table: every route of the app × every
 * role (and an anonymous caller) × a target inside the role's area and one outside it.
 *
 * The table says, per route, what access the route needs and how to build a valid request
 * for an in-scope and an out-of-scope target. What each role may do comes from the domain's
 * role → permission table (ROLE_PERMISSIONS); the expectation follows from both:
 *   anonymous                                   → 401 UNAUTHENTICATED (unless public)
 *   role without the permission                 → 403 FORBIDDEN
 *   permission, target outside the role's area  → 404 (a list leaves the record out)
 *   permission, target inside                   → the route's success status
 * A route the app serves without a row here fails the first test, so a new route cannot
 * reach CI without a policy.
 */
import { randomUUID } from 'node:crypto';
import { DRAW_ALGORITHM, isWithin, type Permission, type Role, roleHas, seedHash } from '@gongzhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../test/harness.ts';
import { customTag, freshTagCode, listedPersons, personIn, registryGrid, roomIn } from '../test/people-fixtures.ts';
import { DEMO_PASSWORD } from './demo/district.ts';
import { recordAudit } from './platform/audit/audit.ts';

type Access = 'public' | 'session' | Permission;
type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Actor {
  role: Role;
  username: string;
  label: string;
  /** A unit inside the role's grant (read target). */
  unit: string;
  /** A community whose new grids the actor would create, split, merge (write target). */
  community: string;
  /** A unit outside the role's grant. */
  out: string;
  /** Administrators sign in with TOTP and have it enrolled already. */
  totp?: boolean;
}

// The eight roles, each played by a demo account, with targets inside and outside its area.
// 蓬江区 (440703) is a second district created below: outside even the district-wide roles.
const ACTORS: Actor[] = [
  {
    role: 'resident',
    username: 'resident.demo',
    label: 'a resident',
    unit: '440704001001001',
    community: '440704001001',
    out: '440703001001001',
  },
  {
    role: 'grid_worker',
    username: 'grid.jinxi01',
    label: 'a grid worker',
    unit: '440704001001001',
    community: '440704001001',
    out: '440704001001002',
  },
  {
    role: 'community_staff',
    username: 'staff.jinxi',
    label: 'a community worker',
    unit: '440704001001002',
    community: '440704001001',
    out: '440704001002001',
  },
  {
    role: 'street_official',
    username: 'street.jiangnan',
    label: 'a street official',
    unit: '440704001002001',
    community: '440704001002',
    out: '440704002001001',
  },
  {
    role: 'dept_handler',
    username: 'dept.chengguan',
    label: 'a department handler',
    unit: '001',
    community: '440704001001',
    out: '440704001001001',
  },
  {
    role: 'district_admin',
    username: 'district',
    label: 'a district administrator',
    unit: '440704003201001',
    community: '440704003201',
    out: '440703001001001',
    totp: true,
  },
  {
    role: 'auditor',
    username: 'auditor',
    label: 'the auditor',
    unit: '440704003001001',
    community: '440704003001',
    out: '440703001001001',
    totp: true,
  },
  {
    role: 'sysadmin',
    username: 'admin',
    label: 'the sysadmin',
    unit: '440704003001001',
    community: '440704003001',
    out: '440703001001001',
    totp: true,
  },
];

interface Req {
  method: Method;
  url: string;
  body?: unknown;
  /** Sent without the actor's cookie (signing in). */
  anonymous?: boolean;
  /** Sent with this session instead of the actor's shared one (signing out). */
  session?: Client;
  /** A body that is not JSON (an upload), with its content type. */
  raw?: { payload: Buffer; contentType: string };
}

/** What the tests build requests from: demo units by code, fixtures, and fresh empty grids. */
interface World {
  t: TestPlatform;
  uid(code: string): string;
  /** A new empty grid in the community: safe to rename, move, retire, split or merge. */
  freshGrid(community: string): Promise<string>;
  /** An unused grid code in the community. */
  nextCode(community: string): string;
  /** The 党支部 of a grid. */
  branch(gridCode: string): string;
  localUser: { id: string; username: string };
  foreignUser: { id: string; grantId: string };
  /** A new account in the district, with a grant the sysadmin may revoke. */
  freshLocalUser(): Promise<{ id: string; grantId: string }>;
  signIn(actor: Actor): Promise<Client>;
}

interface Listed {
  ids(body: any): string[];
  /** A record the actor must see (undefined: nothing to look for, e.g. a department has no party branch). */
  present(w: World, a: Actor): string | undefined;
  /** A record outside the actor's area, which the list must leave out. */
  absent(w: World, a: Actor): string;
}

interface Policy {
  access: Access;
  /** A valid request aimed inside the actor's area. */
  inScope(w: World, a: Actor | undefined): Req | Promise<Req>;
  /** The same request aimed outside it: answered 404. */
  outOfScope?(w: World, a: Actor): Req | Promise<Req>;
  /** List routes: out-of-scope records are absent from the in-scope answer. */
  listed?: Listed;
  /** The in-scope success status (200 unless said). A valid request may meet a domain rule. */
  status?: number | ((a: Actor | undefined) => number);
}

const treeIds = (body: { roots: Array<{ id: string; children: unknown[] }> }): string[] => {
  const out: string[] = [];
  const walk = (n: { id: string; children: unknown[] }) => {
    out.push(n.id);
    for (const c of n.children as Array<{ id: string; children: unknown[] }>) walk(c);
  };
  for (const r of body.roots) walk(r);
  return out;
};
const withParent = (w: World, code: string) => w.uid(code.length === 15 ? code.slice(0, 12) : code);
const anyActor = (a: Actor | undefined) => a ?? (ACTORS[0] as Actor);

// ── registry: places fixtures ──
/** A building with a room, an organisation and a facility in a grid: made by SQL once per grid. */
interface PlaceFixture {
  building: string;
  room: string;
  organisation: string;
  facility: string;
}
const placeFixtures = new Map<string, Promise<PlaceFixture>>();
const placesMade = new Map<string, PlaceFixture>();
let roomSerial = 0;
function placesIn(w: World, gridCode: string): Promise<PlaceFixture> {
  let made = placeFixtures.get(gridCode);
  if (!made) {
    made = (async () => {
      const db = w.t.deps.db;
      const unit = await db
        .selectFrom('org_unit')
        .select(['id', 'path', 'district_id'])
        .where('code', '=', gridCode)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      const at = {
        district_id: unit.district_id ?? unit.id,
        grid_id: unit.id,
        org_path: unit.path,
        created_at: w.t.clock(),
      };
      const place = { ...at, address: `矩阵路 ${gridCode} 号`, lng: 113.1, lat: 22.5 };
      const b = await db
        .insertInto('building')
        .values({ ...place, name: `矩阵楼 ${gridCode}` })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      const r = await db
        .insertInto('room')
        .values({ building_id: b.id, org_path: unit.path, floor: 1, number: '101' })
        .returning('uid')
        .executeTakeFirstOrThrow();
      const o = await db
        .insertInto('organisation')
        .values({ ...place, name: `矩阵商店 ${gridCode}`, kind: 'shop' })
        .returning('uid')
        .executeTakeFirstOrThrow();
      const f = await db
        .insertInto('facility')
        .values({ ...at, name: `矩阵消防栓 ${gridCode}`, kind: 'hydrant', lng: 113.1, lat: 22.5 })
        .returning('uid')
        .executeTakeFirstOrThrow();
      const fixture = { building: b.uid, room: r.uid, organisation: o.uid, facility: f.uid };
      placesMade.set(gridCode, fixture);
      return fixture;
    })();
    placeFixtures.set(gridCode, made);
  }
  return made;
}
/** The fixture of a grid already made (a list's inScope makes those of its actor's unit and out). */
const placed = (gridCode: string): PlaceFixture => {
  const fixture = placesMade.get(gridCode);
  if (!fixture) throw new Error(`no place fixtures in ${gridCode}`);
  return fixture;
};
/** Lists and the map: the places inside the actor's area and outside it exist before the request. */
const bothPlaces = async (w: World, a: Actor | undefined) => {
  await placesIn(w, anyActor(a).unit);
  if (a) await placesIn(w, a.out);
};

// ── The policy table ─────────────────────────────────────────────────────────────────────────
const POLICY: Record<string, Policy> = {
  'GET /healthz': { access: 'public', inScope: () => ({ method: 'GET', url: '/healthz' }) },
  'GET /readyz': { access: 'public', inScope: () => ({ method: 'GET', url: '/readyz' }) },
  'GET /metrics': { access: 'public', inScope: () => ({ method: 'GET', url: '/metrics' }) },
  'GET /api/openapi.json': { access: 'public', inScope: () => ({ method: 'GET', url: '/api/openapi.json' }) },
  'GET /api/docs': { access: 'public', inScope: () => ({ method: 'GET', url: '/api/docs' }) },
  'GET /api/docs/json': { access: 'public', inScope: () => ({ method: 'GET', url: '/api/docs/json' }) },
  'GET /api/docs/yaml': { access: 'public', inScope: () => ({ method: 'GET', url: '/api/docs/yaml' }) },
  'GET /api/docs/static/index.html': {
    access: 'public',
    status: 302,
    inScope: () => ({ method: 'GET', url: '/api/docs/static/index.html' }),
  },
  'GET /api/docs/static/swagger-initializer.js': {
    access: 'public',
    inScope: () => ({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' }),
  },
  'GET /api/docs/static/*': {
    access: 'public',
    inScope: () => ({ method: 'GET', url: '/api/docs/static/swagger-ui.css' }),
  },

  'POST /api/auth/login': {
    access: 'public',
    inScope: () => ({
      method: 'POST',
      url: '/api/auth/login',
      body: { username: 'matrix.resident', password: DEMO_PASSWORD },
      anonymous: true,
    }),
  },
  'POST /api/auth/logout': {
    access: 'session',
    inScope: async (w, a) => ({
      method: 'POST',
      url: '/api/auth/logout',
      ...(a ? { session: await w.signIn(a) } : {}),
    }),
  },
  'GET /api/auth/me': { access: 'session', inScope: () => ({ method: 'GET', url: '/api/auth/me' }) },
  'POST /api/auth/password': {
    access: 'session',
    status: 400, // PASSWORD_WRONG: a valid request that must not change the demo password
    inScope: () => ({
      method: 'POST',
      url: '/api/auth/password',
      body: { currentPassword: 'not-the-current-one', newPassword: 'Lantern-over-the-river-7' },
    }),
  },
  // Before setup (table order is run order): confirming without a started setup is a 409.
  'POST /api/auth/totp/confirm': {
    access: 'session',
    status: 409, // MFA_NOT_STARTED, or MFA_ALREADY_ENABLED for administrators
    inScope: () => ({ method: 'POST', url: '/api/auth/totp/confirm', body: { code: '123456' } }),
  },
  'POST /api/auth/totp/setup': {
    access: 'session',
    status: (a) => (a?.totp ? 409 : 200),
    inScope: () => ({ method: 'POST', url: '/api/auth/totp/setup' }),
  },

  'GET /api/users': {
    access: 'users:manage',
    inScope: () => ({ method: 'GET', url: '/api/users?q=matrix.&pageSize=200' }),
    listed: {
      ids: (b) => b.items.map((u: { id: string }) => u.id),
      present: (w) => w.localUser.id,
      absent: (w) => w.foreignUser.id,
    },
  },
  'POST /api/users': {
    access: 'users:manage',
    status: 201,
    inScope: (w, a) => ({
      method: 'POST',
      url: '/api/users',
      body: {
        username: `matrix.new.${a?.role ?? 'anon'}`,
        displayName: '矩阵新账号',
        password: 'Lantern-over-the-river-7',
        unitId: w.uid(anyActor(a).unit),
      },
    }),
    outOfScope: (w, a) => ({
      method: 'POST',
      url: '/api/users',
      body: {
        username: `matrix.out.${a.role}`,
        displayName: '越界账号',
        password: 'Lantern-over-the-river-7',
        unitId: w.uid(a.out),
      },
    }),
  },
  'GET /api/users/:id': {
    access: 'users:manage',
    inScope: (w) => ({ method: 'GET', url: `/api/users/${w.localUser.id}` }),
    outOfScope: (w) => ({ method: 'GET', url: `/api/users/${w.foreignUser.id}` }),
  },
  'PATCH /api/users/:id': {
    access: 'users:manage',
    inScope: (w) => ({ method: 'PATCH', url: `/api/users/${w.localUser.id}`, body: { displayName: '矩阵本地账号' } }),
    outOfScope: (w) => ({ method: 'PATCH', url: `/api/users/${w.foreignUser.id}`, body: { displayName: '越界改名' } }),
  },
  'POST /api/users/:id/password': {
    access: 'users:manage',
    inScope: (w) => ({
      method: 'POST',
      url: `/api/users/${w.localUser.id}/password`,
      body: { password: 'Reset-by-the-matrix-01' },
    }),
    outOfScope: (w) => ({
      method: 'POST',
      url: `/api/users/${w.foreignUser.id}/password`,
      body: { password: 'Reset-by-the-matrix-01' },
    }),
  },
  'POST /api/users/:id/unlock': {
    access: 'users:manage',
    inScope: (w) => ({ method: 'POST', url: `/api/users/${w.localUser.id}/unlock` }),
    outOfScope: (w) => ({ method: 'POST', url: `/api/users/${w.foreignUser.id}/unlock` }),
  },
  'POST /api/users/:id/grants': {
    access: 'users:manage',
    inScope: async (w, a) => ({
      method: 'POST',
      url: `/api/users/${(await w.freshLocalUser()).id}/grants`,
      body: { role: 'resident', unitId: w.uid(anyActor(a).unit) },
    }),
    outOfScope: (w, a) => ({
      method: 'POST',
      url: `/api/users/${w.foreignUser.id}/grants`,
      body: { role: 'resident', unitId: w.uid(a.out) },
    }),
  },
  'DELETE /api/users/:id/grants/:grantId': {
    access: 'users:manage',
    inScope: async (w) => {
      const u = await w.freshLocalUser();
      return { method: 'DELETE', url: `/api/users/${u.id}/grants/${u.grantId}` };
    },
    outOfScope: (w) => ({ method: 'DELETE', url: `/api/users/${w.foreignUser.id}/grants/${w.foreignUser.grantId}` }),
  },
  'GET /api/residents/account': {
    access: 'registry:read',
    inScope: async (w, a) => ({
      method: 'GET',
      url: `/api/residents/account?person=${(await personIn(w.t, registryGrid(a?.role, a?.unit))).uid}`,
    }),
    outOfScope: async (w, a) => ({
      method: 'GET',
      url: `/api/residents/account?person=${(await personIn(w.t, a.out)).uid}`,
    }),
  },
  'POST /api/residents/account': {
    access: 'registry:write',
    status: 201,
    inScope: async (w, a) => ({
      method: 'POST',
      url: '/api/residents/account',
      body: {
        person: (await personIn(w.t, registryGrid(a?.role, a?.unit))).uid,
        username: `res.${randomUUID().slice(0, 8)}`,
        password: 'Minzheng-tong-2026',
      },
    }),
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: '/api/residents/account',
      body: { person: (await personIn(w.t, a.out)).uid, username: 'res.outside', password: 'Minzheng-tong-2026' },
    }),
  },

  'GET /api/org/tree': {
    access: 'org:read',
    inScope: () => ({ method: 'GET', url: '/api/org/tree' }),
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/org/tree?root=${w.uid(a.out)}` }),
    listed: { ids: treeIds, present: (w, a) => w.uid(a.unit), absent: (w, a) => w.uid(a.out) },
  },
  'GET /api/org/units/:id': {
    access: 'org:read',
    inScope: (w, a) => ({ method: 'GET', url: `/api/org/units/${w.uid(anyActor(a).unit)}` }),
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/org/units/${w.uid(a.out)}` }),
  },
  'GET /api/org/units/:id/history': {
    access: 'org:read',
    inScope: (w, a) => ({ method: 'GET', url: `/api/org/units/${w.uid(anyActor(a).unit)}/history` }),
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/org/units/${w.uid(a.out)}/history` }),
  },
  'POST /api/org/units': {
    access: 'org:write',
    status: 201,
    inScope: (w, a) => {
      const c = anyActor(a).community;
      return {
        method: 'POST',
        url: '/api/org/units',
        body: { parentId: w.uid(c), kind: 'grid', name: '矩阵新建网格', code: w.nextCode(c) },
      };
    },
    outOfScope: (w, a) => ({
      method: 'POST',
      url: '/api/org/units',
      body: { parentId: withParent(w, a.out), kind: 'grid', name: '越界网格', code: w.nextCode(a.out.slice(0, 12)) },
    }),
  },
  'PATCH /api/org/units/:id': {
    access: 'org:write',
    inScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/org/units/${await w.freshGrid(anyActor(a).community)}`,
      body: { name: '矩阵改名网格', reason: '权限矩阵测试' },
    }),
    outOfScope: (w, a) => ({
      method: 'PATCH',
      url: `/api/org/units/${w.uid(a.out)}`,
      body: { name: '越界改名', reason: '权限矩阵测试' },
    }),
  },
  'POST /api/org/units/:id/move': {
    access: 'org:write',
    inScope: async (w, a) => {
      const c = anyActor(a).community;
      return {
        method: 'POST',
        url: `/api/org/units/${await w.freshGrid(c)}/move`,
        body: { parentId: w.uid(c), code: w.nextCode(c), reason: '权限矩阵测试' },
      };
    },
    outOfScope: (w, a) => ({
      method: 'POST',
      url: `/api/org/units/${w.uid(a.out)}/move`,
      body: { parentId: withParent(w, a.out), code: w.nextCode(a.out.slice(0, 12)), reason: '权限矩阵测试' },
    }),
  },
  'DELETE /api/org/units/:id': {
    access: 'org:write',
    inScope: async (w, a) => ({ method: 'DELETE', url: `/api/org/units/${await w.freshGrid(anyActor(a).community)}` }),
    outOfScope: (w, a) => ({ method: 'DELETE', url: `/api/org/units/${w.uid(a.out)}` }),
  },
  'POST /api/org/grids/:id/split': {
    access: 'org:write',
    inScope: async (w, a) => {
      const c = anyActor(a).community;
      return {
        method: 'POST',
        url: `/api/org/grids/${await w.freshGrid(c)}/split`,
        body: {
          parts: [
            { name: '矩阵拆分甲', code: w.nextCode(c) },
            { name: '矩阵拆分乙', code: w.nextCode(c) },
          ],
          reason: '权限矩阵测试',
        },
      };
    },
    outOfScope: (w, a) => {
      const c = a.out.slice(0, 12);
      return {
        method: 'POST',
        url: `/api/org/grids/${w.uid(a.out)}/split`,
        body: {
          parts: [
            { name: '越界甲', code: w.nextCode(c) },
            { name: '越界乙', code: w.nextCode(c) },
          ],
          reason: '权限矩阵测试',
        },
      };
    },
  },
  'POST /api/org/grids/merge': {
    access: 'org:write',
    inScope: async (w, a) => {
      const c = anyActor(a).community;
      return {
        method: 'POST',
        url: '/api/org/grids/merge',
        body: {
          gridIds: [await w.freshGrid(c), await w.freshGrid(c)],
          name: '矩阵合并网格',
          code: w.nextCode(c),
          reason: '权限矩阵测试',
        },
      };
    },
    // One grid outside the area is enough to refuse the whole merge.
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: '/api/org/grids/merge',
      body: {
        gridIds: [w.uid(a.out), await w.freshGrid(a.community)],
        name: '越界合并',
        code: w.nextCode(a.community),
        reason: '权限矩阵测试',
      },
    }),
  },
  'GET /api/party/orgs': {
    access: 'org:read',
    inScope: () => ({ method: 'GET', url: '/api/party/orgs' }),
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/party/orgs?unitId=${w.uid(a.out)}` }),
    listed: {
      ids: (b) => b.items.map((p: { unitId: string }) => p.unitId),
      present: (w, a) => (a.role === 'dept_handler' ? undefined : w.uid(a.unit)),
      absent: (w, a) => w.uid(a.out),
    },
  },
  'POST /api/party/orgs': {
    access: 'org:write',
    status: 201,
    inScope: (w, a) => {
      const grid = anyActor(a).unit.length === 15 ? anyActor(a).unit : '440704001001001';
      return {
        method: 'POST',
        url: '/api/party/orgs',
        body: { parentId: w.branch(grid), kind: 'group', name: '矩阵党小组', unitId: w.uid(grid) },
      };
    },
    outOfScope: (w, a) => ({
      method: 'POST',
      url: '/api/party/orgs',
      body: { parentId: w.branch(a.out), kind: 'group', name: '越界党小组', unitId: w.uid(a.out) },
    }),
  },

  'GET /api/audit': {
    access: 'audit:read',
    inScope: () => ({ method: 'GET', url: '/api/audit?action=matrix.' }),
    listed: {
      ids: (b) => b.items.map((r: { targetId: string }) => r.targetId),
      present: () => 'local-marker',
      absent: () => 'foreign-marker',
    },
  },

  // ── registry: places ──
  'GET /api/registry/buildings': {
    access: 'registry:read',
    inScope: async (w, a) => {
      await bothPlaces(w, a);
      return { method: 'GET', url: `/api/registry/buildings?q=${encodeURIComponent('矩阵楼')}&pageSize=200` };
    },
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/registry/buildings?unit=${w.uid(a.out)}` }),
    listed: {
      ids: (b) => b.items.map((x: { id: string }) => x.id),
      present: (_w, a) => placed(a.unit).building,
      absent: (_w, a) => placed(a.out).building,
    },
  },
  'POST /api/registry/buildings': {
    access: 'registry:write',
    status: 201,
    inScope: (w, a) => ({
      method: 'POST',
      url: '/api/registry/buildings',
      body: { gridId: w.uid(anyActor(a).unit), name: '矩阵新楼', address: '矩阵路 2 号' },
    }),
    outOfScope: (w, a) => ({
      method: 'POST',
      url: '/api/registry/buildings',
      body: { gridId: w.uid(a.out), name: '越界楼', address: '矩阵路 3 号' },
    }),
  },
  'GET /api/registry/buildings/:id': {
    access: 'registry:read',
    inScope: async (w, a) => ({
      method: 'GET',
      url: `/api/registry/buildings/${(await placesIn(w, anyActor(a).unit)).building}`,
    }),
    outOfScope: async (w, a) => ({
      method: 'GET',
      url: `/api/registry/buildings/${(await placesIn(w, a.out)).building}`,
    }),
  },
  'PATCH /api/registry/buildings/:id': {
    access: 'registry:write',
    inScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/buildings/${(await placesIn(w, anyActor(a).unit)).building}`,
      body: { floors: 6 },
    }),
    outOfScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/buildings/${(await placesIn(w, a.out)).building}`,
      body: { floors: 7 },
    }),
  },
  'POST /api/registry/buildings/:id/rooms': {
    access: 'registry:write',
    status: 201,
    inScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/buildings/${(await placesIn(w, anyActor(a).unit)).building}/rooms`,
      body: { unitName: '1单元', floor: 1, number: `M${++roomSerial}` },
    }),
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/buildings/${(await placesIn(w, a.out)).building}/rooms`,
      body: { floor: 1, number: `M${++roomSerial}` },
    }),
  },
  'GET /api/registry/rooms/:id': {
    access: 'registry:read',
    inScope: async (w, a) => ({
      method: 'GET',
      url: `/api/registry/rooms/${(await placesIn(w, anyActor(a).unit)).room}`,
    }),
    outOfScope: async (w, a) => ({ method: 'GET', url: `/api/registry/rooms/${(await placesIn(w, a.out)).room}` }),
  },
  'PATCH /api/registry/rooms/:id': {
    access: 'registry:write',
    inScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/rooms/${(await placesIn(w, anyActor(a).unit)).room}`,
      body: { rental: true },
    }),
    outOfScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/rooms/${(await placesIn(w, a.out)).room}`,
      body: { rental: true },
    }),
  },
  'GET /api/registry/organisations': {
    access: 'registry:read',
    inScope: async (w, a) => {
      await bothPlaces(w, a);
      return { method: 'GET', url: `/api/registry/organisations?q=${encodeURIComponent('矩阵商店')}&pageSize=200` };
    },
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/registry/organisations?unit=${w.uid(a.out)}` }),
    listed: {
      ids: (b) => b.items.map((x: { id: string }) => x.id),
      present: (_w, a) => placed(a.unit).organisation,
      absent: (_w, a) => placed(a.out).organisation,
    },
  },
  'POST /api/registry/organisations': {
    access: 'registry:write',
    status: 201,
    inScope: (w, a) => ({
      method: 'POST',
      url: '/api/registry/organisations',
      body: { gridId: w.uid(anyActor(a).unit), name: '矩阵新商店', kind: 'shop', address: '矩阵路 4 号' },
    }),
    outOfScope: (w, a) => ({
      method: 'POST',
      url: '/api/registry/organisations',
      body: { gridId: w.uid(a.out), name: '越界商店', kind: 'shop', address: '矩阵路 5 号' },
    }),
  },
  'PATCH /api/registry/organisations/:id': {
    access: 'registry:write',
    inScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/organisations/${(await placesIn(w, anyActor(a).unit)).organisation}`,
      body: { employees: 5 },
    }),
    outOfScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/organisations/${(await placesIn(w, a.out)).organisation}`,
      body: { employees: 6 },
    }),
  },
  'GET /api/registry/facilities': {
    access: 'registry:read',
    inScope: async (w, a) => {
      await bothPlaces(w, a);
      return { method: 'GET', url: `/api/registry/facilities?q=${encodeURIComponent('矩阵消防栓')}&pageSize=200` };
    },
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/registry/facilities?unit=${w.uid(a.out)}` }),
    listed: {
      ids: (b) => b.items.map((x: { id: string }) => x.id),
      present: (_w, a) => placed(a.unit).facility,
      absent: (_w, a) => placed(a.out).facility,
    },
  },
  'POST /api/registry/facilities': {
    access: 'registry:write',
    status: 201,
    inScope: (w, a) => ({
      method: 'POST',
      url: '/api/registry/facilities',
      body: { gridId: w.uid(anyActor(a).unit), kind: 'hydrant', name: '矩阵新消防栓', lng: 113.1, lat: 22.5 },
    }),
    outOfScope: (w, a) => ({
      method: 'POST',
      url: '/api/registry/facilities',
      body: { gridId: w.uid(a.out), kind: 'hydrant', name: '越界消防栓', lng: 113.1, lat: 22.5 },
    }),
  },
  'PATCH /api/registry/facilities/:id': {
    access: 'registry:write',
    inScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/facilities/${(await placesIn(w, anyActor(a).unit)).facility}`,
      body: { status: 'faulty' },
    }),
    outOfScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/facilities/${(await placesIn(w, a.out)).facility}`,
      body: { status: 'faulty' },
    }),
  },
  'GET /api/registry/map': {
    access: 'registry:read',
    inScope: async (w, a) => {
      await bothPlaces(w, a);
      return { method: 'GET', url: `/api/registry/map?unit=${w.uid(anyActor(a).unit)}` };
    },
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/registry/map?unit=${w.uid(a.out)}` }),
    listed: {
      ids: (b) => b.features.map((x: { id: string }) => x.id),
      present: (_w, a) => placed(a.unit).building,
      absent: (_w, a) => placed(a.out).building,
    },
  },

  // ── registry: people ──
  'GET /api/registry/persons': {
    access: 'registry:read',
    inScope: async (w, a) => {
      const name = `矩阵人${a?.role ?? '匿名'}`;
      if (a) {
        const inside = await personIn(w.t, registryGrid(a.role, a.unit), { name });
        const outside = await personIn(w.t, a.out, { name });
        listedPersons.set(a.role, { present: inside.uid, absent: outside.uid });
      }
      return { method: 'GET', url: `/api/registry/persons?q=${encodeURIComponent(name)}&pageSize=200` };
    },
    outOfScope: (w, a) => ({ method: 'GET', url: `/api/registry/persons?unit=${w.uid(a.out)}` }),
    listed: {
      ids: (b) => b.items.map((x: { id: string }) => x.id),
      present: (_w, a) => listedPersons.get(a.role)?.present,
      absent: (_w, a) => listedPersons.get(a.role)?.absent ?? '',
    },
  },
  'GET /api/registry/persons/:id': {
    access: 'registry:read',
    inScope: async (w, a) => ({
      method: 'GET',
      url: `/api/registry/persons/${(await personIn(w.t, registryGrid(a?.role, a?.unit))).uid}`,
    }),
    outOfScope: async (w, a) => ({ method: 'GET', url: `/api/registry/persons/${(await personIn(w.t, a.out)).uid}` }),
  },
  'PATCH /api/registry/persons/:id': {
    access: 'registry:write',
    inScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/persons/${(await personIn(w.t, registryGrid(a?.role, a?.unit))).uid}`,
      body: { partyMember: true, reason: '权限矩阵测试' },
    }),
    outOfScope: async (w, a) => ({
      method: 'PATCH',
      url: `/api/registry/persons/${(await personIn(w.t, a.out)).uid}`,
      body: { partyMember: true, reason: '权限矩阵测试' },
    }),
  },
  'POST /api/registry/persons/:id/reveal': {
    access: 'registry:reveal',
    status: (a) => (a?.totp ? 200 : 403), // MFA_REQUIRED_FOR_REVEAL without TOTP
    inScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/persons/${(await personIn(w.t, registryGrid(a?.role, a?.unit), { phone: '13800138000' })).uid}/reveal`,
      body: { field: 'phone', reason: '权限矩阵测试' },
    }),
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/persons/${(await personIn(w.t, a.out)).uid}/reveal`,
      body: { field: 'phone', reason: '权限矩阵测试' },
    }),
  },
  'POST /api/registry/persons/:id/events': {
    access: 'registry:write',
    inScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/persons/${(await personIn(w.t, registryGrid(a?.role, a?.unit))).uid}/events`,
      body: { event: 'move_out', effectiveDate: '2026-11-20' },
    }),
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/persons/${(await personIn(w.t, a.out)).uid}/events`,
      body: { event: 'move_out', effectiveDate: '2026-11-20' },
    }),
  },
  'POST /api/registry/persons/:id/tags': {
    access: 'registry:write',
    status: 201,
    inScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/persons/${(await personIn(w.t, registryGrid(a?.role, a?.unit))).uid}/tags`,
      body: { tag: 'hardship', source: '权限矩阵', startDate: '2026-01-01' },
    }),
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/persons/${(await personIn(w.t, a.out)).uid}/tags`,
      body: { tag: 'hardship', source: '权限矩阵', startDate: '2026-01-01' },
    }),
  },
  'POST /api/registry/person-tags/:id/end': {
    access: 'registry:write',
    inScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/person-tags/${(await personIn(w.t, registryGrid(a?.role, a?.unit), { tag: 'hardship' })).personTagUid}/end`,
      body: { endDate: '2026-11-01', reason: '权限矩阵测试' },
    }),
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/person-tags/${(await personIn(w.t, a.out, { tag: 'hardship' })).personTagUid}/end`,
      body: { endDate: '2026-11-01', reason: '权限矩阵测试' },
    }),
  },
  'POST /api/registry/households': {
    access: 'registry:write',
    status: 201,
    inScope: async (w, a) => ({
      method: 'POST',
      url: '/api/registry/households',
      body: {
        roomId: (await roomIn(w.t, registryGrid(a?.role, a?.unit))).uid,
        head: { name: '矩阵户主' },
        event: 'move_in',
        effectiveDate: '2026-01-01',
      },
    }),
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: '/api/registry/households',
      body: {
        roomId: (await roomIn(w.t, a.out)).uid,
        head: { name: '越界户主' },
        event: 'move_in',
        effectiveDate: '2026-01-01',
      },
    }),
  },
  'GET /api/registry/households/:id': {
    access: 'registry:read',
    inScope: async (w, a) => ({
      method: 'GET',
      url: `/api/registry/households/${(await personIn(w.t, registryGrid(a?.role, a?.unit))).householdUid}`,
    }),
    outOfScope: async (w, a) => ({
      method: 'GET',
      url: `/api/registry/households/${(await personIn(w.t, a.out)).householdUid}`,
    }),
  },
  'POST /api/registry/households/:id/members': {
    access: 'registry:write',
    status: 201,
    inScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/households/${(await personIn(w.t, registryGrid(a?.role, a?.unit))).householdUid}/members`,
      body: { person: { name: '矩阵成员' }, relation: '99', event: 'move_in', effectiveDate: '2026-11-01' },
    }),
    outOfScope: async (w, a) => ({
      method: 'POST',
      url: `/api/registry/households/${(await personIn(w.t, a.out)).householdUid}/members`,
      body: { person: { name: '越界成员' }, relation: '99', event: 'move_in', effectiveDate: '2026-11-01' },
    }),
  },
  'POST /api/registry/households/:id/split': {
    access: 'registry:write',
    status: 201,
    inScope: async (w, a) => {
      const family = await personIn(w.t, registryGrid(a?.role, a?.unit), { spouse: true });
      return {
        method: 'POST',
        url: `/api/registry/households/${family.householdUid}/split`,
        body: { members: [{ personId: family.spouseUid, relation: '02' }], effectiveDate: '2026-11-01' },
      };
    },
    outOfScope: async (w, a) => {
      const family = await personIn(w.t, a.out, { spouse: true });
      return {
        method: 'POST',
        url: `/api/registry/households/${family.householdUid}/split`,
        body: { members: [{ personId: family.spouseUid, relation: '02' }], effectiveDate: '2026-11-01' },
      };
    },
  },
  'POST /api/registry/households/:id/merge': {
    access: 'registry:write',
    inScope: async (w, a) => {
      const grid = registryGrid(a?.role, a?.unit);
      const [from, into] = [await personIn(w.t, grid), await personIn(w.t, grid)];
      return {
        method: 'POST',
        url: `/api/registry/households/${from.householdUid}/merge`,
        body: {
          intoHouseholdId: into.householdUid,
          relations: [{ personId: from.uid, relation: '70' }],
          effectiveDate: '2026-11-01',
        },
      };
    },
    outOfScope: async (w, a) => {
      const [from, into] = [await personIn(w.t, a.out), await personIn(w.t, a.unit)];
      return {
        method: 'POST',
        url: `/api/registry/households/${from.householdUid}/merge`,
        body: {
          intoHouseholdId: into.householdUid,
          relations: [{ personId: from.uid, relation: '70' }],
          effectiveDate: '2026-11-01',
        },
      };
    },
  },
  'GET /api/registry/tags': {
    access: 'registry:read',
    inScope: () => ({ method: 'GET', url: '/api/registry/tags' }),
  },
  'POST /api/registry/tags': {
    access: 'registry:admin',
    status: 201,
    inScope: () => ({
      method: 'POST',
      url: '/api/registry/tags',
      body: { code: freshTagCode(), zh: '矩阵标签', en: 'Matrix tag', sensitive: false, mustVisit: false },
    }),
  },
  'PATCH /api/registry/tags/:code': {
    access: 'registry:admin',
    inScope: async (w) => ({
      method: 'PATCH',
      url: `/api/registry/tags/${await customTag(w.t)}`,
      body: { zh: '矩阵改名' },
    }),
  },

  // ── registry: import and export ──
  ...((): Record<string, Policy> => {
    /** A checked import (no rows) into a unit, as if its check had just finished. */
    const importAt = async (w: World, code: string) => {
      const db = w.t.deps.db;
      const unit = await db
        .selectFrom('org_unit')
        .select(['id', 'path'])
        .where('code', '=', code)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      const user = await db
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      const row = await db
        .insertInto('registry_import')
        .values({
          unit_id: unit.id,
          org_path: unit.path,
          file_name: 'matrix.csv',
          status: 'checked',
          created_by: user.id,
          created_at: w.t.clock(),
        })
        .returning('uid')
        .executeTakeFirstOrThrow();
      return row.uid;
    };
    /** A one-person .csv uploaded into a unit. */
    const upload = (unit: string): Req => {
      const boundary = 'matrix-boundary-7d1f';
      const file = '网格编码,楼栋(小区+楼号),楼栋地址,房号,姓名,与户主关系\r\n,矩阵楼,矩阵路1号,101,矩阵人,户主\r\n';
      const payload = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="unit"\r\n\r\n${unit}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="matrix.csv"\r\n` +
          `Content-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`,
      );
      return {
        method: 'POST',
        url: '/api/registry/imports',
        raw: { payload, contentType: `multipart/form-data; boundary=${boundary}` },
      };
    };
    return {
      'GET /api/registry/import/template': {
        access: 'registry:write',
        inScope: () => ({ method: 'GET', url: '/api/registry/import/template?format=csv' }),
      },
      'POST /api/registry/imports': {
        access: 'registry:write',
        status: 202,
        inScope: (w, a) => upload(w.uid(anyActor(a).unit)),
        outOfScope: (w, a) => upload(w.uid(a.out)),
      },
      'GET /api/registry/imports': {
        access: 'registry:write',
        inScope: () => ({ method: 'GET', url: '/api/registry/imports' }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/registry/imports?unit=${w.uid(a.out)}` }),
      },
      'GET /api/registry/imports/:id': {
        access: 'registry:write',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/registry/imports/${await importAt(w, anyActor(a).unit)}`,
        }),
        outOfScope: async (w, a) => ({ method: 'GET', url: `/api/registry/imports/${await importAt(w, a.out)}` }),
      },
      'POST /api/registry/imports/:id/commit': {
        access: 'registry:write',
        status: 202,
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/registry/imports/${await importAt(w, anyActor(a).unit)}/commit`,
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/registry/imports/${await importAt(w, a.out)}/commit`,
        }),
      },
      'GET /api/registry/export': {
        access: 'registry:export',
        inScope: (w, a) => ({ method: 'GET', url: `/api/registry/export?unit=${w.uid(anyActor(a).unit)}` }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/registry/export?unit=${w.uid(a.out)}` }),
      },
    };
  })(),
  // ── visits: records ──
  ...((): Record<string, Policy> => {
    /** A visit in a grid with one photo (bytes in the file store), made by SQL once per grid and worker. */
    const made = new Map<string, Promise<{ visit: string; photo: string }>>();
    const visitAt = (w: World, gridCode: string, worker = 'matrix.local') => {
      const key = `${gridCode}|${worker}`;
      let fixture = made.get(key);
      if (!fixture) {
        fixture = (async () => {
          const { createDiskFileStore } = await import('./platform/files/store.ts');
          const { JPEG } = await import('../test/visit-fixtures.ts');
          const db = w.t.deps.db;
          const grid = await db
            .selectFrom('org_unit')
            .select(['id', 'path', 'district_id'])
            .where('code', '=', gridCode)
            .where('status', '=', 'active')
            .executeTakeFirstOrThrow();
          const user = await db
            .selectFrom('app_user')
            .select('id')
            .where('username', '=', worker)
            .executeTakeFirstOrThrow();
          const stored = await createDiskFileStore(`${w.t.config.dataDir}/files`).put(JPEG);
          const now = w.t.clock();
          const file = await db
            .insertInto('stored_file')
            .values({
              uid: crypto.randomUUID(),
              sha256: stored.sha256,
              content_type: 'image/jpeg',
              bytes: stored.bytes,
              purpose: 'visit_photo',
              org_path: grid.path,
              created_by: user.id,
              created_at: now,
            })
            .returning(['id', 'uid'])
            .executeTakeFirstOrThrow();
          const visit = await db
            .insertInto('visit')
            .values({
              uid: crypto.randomUUID(),
              district_id: grid.district_id ?? grid.id,
              grid_id: grid.id,
              org_path: grid.path,
              worker_id: user.id,
              visited_at: new Date(now.getTime() - 3_600_000),
              method: 'home',
              summary: '矩阵走访记录',
              conflict: true,
              recorded_at: now,
              received_at: now,
              created_at: now,
            })
            .returning(['id', 'uid'])
            .executeTakeFirstOrThrow();
          await db.insertInto('visit_photo').values({ visit_id: visit.id, file_id: file.id }).execute();
          return { visit: visit.uid, photo: file.uid };
        })();
        made.set(key, fixture);
      }
      return fixture;
    };
    /** The actor's own grid when it may read visits there; the first 金溪 grid otherwise. */
    const gridOf = (a: Actor | undefined) =>
      a && roleHas(a.role, 'visits:read') && a.unit.length === 15 ? a.unit : '440704001001001';
    const visitsSeen = new Map<string, string>();
    /** The subject of a sync: a resident of the actor's grid. */
    const residentOf = async (w: World, gridCode: string) => {
      const p = await w.t.deps.db
        .selectFrom('person as p')
        .innerJoin('org_unit as g', 'g.id', 'p.grid_id')
        .select('p.uid')
        .where('g.code', '=', gridCode)
        .where('p.status', '=', 'resident')
        .orderBy('p.id')
        .executeTakeFirstOrThrow();
      return p.uid;
    };
    return {
      'POST /api/visits/sync': {
        access: 'visits:record',
        // A subject outside the worker's grids is a record `rejected` inside a 200, not a 404.
        inScope: async (w, a) => {
          const now = w.t.clock().getTime();
          return {
            method: 'POST',
            url: '/api/visits/sync',
            body: {
              deviceId: 'matrix-phone',
              records: [
                {
                  id: crypto.randomUUID(),
                  baseRevision: 0,
                  personIds: [await residentOf(w, gridOf(a))],
                  visitedAt: new Date(now - 3_600_000).toISOString(),
                  recordedAt: new Date(now - 3_500_000).toISOString(),
                  method: 'home',
                  summary: '矩阵走访',
                  findings: [],
                  photoIds: [],
                },
              ],
            },
          };
        },
      },
      'PUT /api/visits/photos/:id': {
        access: 'visits:record',
        status: 201,
        inScope: async () => {
          const { JPEG } = await import('../test/visit-fixtures.ts');
          return {
            method: 'PUT',
            url: `/api/visits/photos/${crypto.randomUUID()}`,
            raw: { payload: JPEG, contentType: 'image/jpeg' },
          };
        },
      },
      'GET /api/visits/photos/:id': {
        access: 'visits:read',
        inScope: async (w, a) => ({ method: 'GET', url: `/api/visits/photos/${(await visitAt(w, gridOf(a))).photo}` }),
        outOfScope: async (w, a) => ({ method: 'GET', url: `/api/visits/photos/${(await visitAt(w, a.out)).photo}` }),
      },
      'GET /api/visits': {
        access: 'visits:read',
        inScope: async (w, a) => {
          visitsSeen.set(gridOf(a), (await visitAt(w, gridOf(a))).visit);
          if (a) visitsSeen.set(a.out, (await visitAt(w, a.out)).visit);
          return { method: 'GET', url: '/api/visits?pageSize=200' };
        },
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/visits?unit=${w.uid(a.out)}` }),
        listed: {
          ids: (b) => b.items.map((v: { id: string }) => v.id),
          present: (_w, a) => visitsSeen.get(a.unit),
          absent: (_w, a) => visitsSeen.get(a.out) as string,
        },
      },
      'GET /api/visits/:id': {
        access: 'visits:read',
        inScope: async (w, a) => ({ method: 'GET', url: `/api/visits/${(await visitAt(w, gridOf(a))).visit}` }),
        outOfScope: async (w, a) => ({ method: 'GET', url: `/api/visits/${(await visitAt(w, a.out)).visit}` }),
      },
      'POST /api/visits/:id/conflict/ack': {
        access: 'visits:record',
        // The visit's own worker acknowledges it (a manager may acknowledge anyone's).
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/visits/${(await visitAt(w, gridOf(a), a?.username ?? 'matrix.local')).visit}/conflict/ack`,
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/visits/${(await visitAt(w, a.out, a.username)).visit}/conflict/ack`,
        }),
      },
    };
  })(),
  // ── visits: plans ──
  ...((): Record<string, Policy> => {
    /** A community outside the actor's area (a grid worker's own community is readable: its rules apply to the grid). */
    const outCommunity = (a: Actor) => {
      const c = a.out.length === 15 ? a.out.slice(0, 12) : a.out;
      return c === a.community ? '440704002001' : c;
    };
    const rules = (community: string) => ({ community, rules: [{ tag: 'hardship', frequency: 'monthly' }] });
    return {
      'GET /api/visits/rules': {
        access: 'visits:read',
        inScope: (w, a) => ({ method: 'GET', url: `/api/visits/rules?community=${w.uid(anyActor(a).community)}` }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/visits/rules?community=${w.uid(outCommunity(a))}` }),
      },
      'PUT /api/visits/rules': {
        access: 'visits:manage',
        inScope: (w, a) => ({ method: 'PUT', url: '/api/visits/rules', body: rules(w.uid(anyActor(a).community)) }),
        outOfScope: (w, a) => ({ method: 'PUT', url: '/api/visits/rules', body: rules(w.uid(outCommunity(a))) }),
      },
      'POST /api/visits/plans/rebuild': {
        access: 'visits:manage',
        inScope: (w, a) => ({
          method: 'POST',
          url: '/api/visits/plans/rebuild',
          body: { unit: w.uid(anyActor(a).unit) },
        }),
        outOfScope: (w, a) => ({ method: 'POST', url: '/api/visits/plans/rebuild', body: { unit: w.uid(a.out) } }),
      },
      'GET /api/visits/mine': {
        access: 'visits:record',
        inScope: () => ({ method: 'GET', url: '/api/visits/mine' }),
      },
      'GET /api/visits/due': {
        access: 'visits:read',
        inScope: (w, a) => ({ method: 'GET', url: `/api/visits/due?unit=${w.uid(anyActor(a).unit)}` }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/visits/due?unit=${w.uid(a.out)}` }),
      },
      'GET /api/visits/coverage': {
        access: 'visits:read',
        inScope: (w, a) => ({ method: 'GET', url: `/api/visits/coverage?unit=${w.uid(anyActor(a).unit)}` }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/visits/coverage?unit=${w.uid(a.out)}` }),
      },
    };
  })(),
  // ── points: ledger ──
  ...((): Record<string, Policy> => {
    /** A person of a grid with an account holding 10 points (a fresh one per call: a reversal happens once). */
    const accountIn = async (w: World, gridCode: string, name = '矩阵积分户') => {
      const { award, accountOf } = await import('../test/points-fixtures.ts');
      const person = await personIn(w.t, gridCode, { name });
      const posted = await award(w.t, person.id, 10);
      return { account: (await accountOf(w.t, { personId: person.id })).uid, transfer: posted.uid, person: person.id };
    };
    const pointsGrid = (a: Actor | undefined) =>
      a && roleHas(a.role, 'points:read') && a.unit.length === 15 ? a.unit : '440704001001001';
    const accountsSeen = new Map<string, { present: string; absent: string }>();
    /** resident.demo is linked to a registry person (the demo links one; the matrix makes sure). */
    const linkedResident = async (w: World) => {
      const { demoResident, award } = await import('../test/points-fixtures.ts');
      const p = await demoResident(w.t);
      await award(w.t, p.id, 1);
    };
    const q = encodeURIComponent('矩阵积分');
    return {
      'GET /api/points/accounts': {
        access: 'points:read',
        inScope: async (w, a) => {
          const inside = await accountIn(w, pointsGrid(a), '矩阵积分甲');
          if (a)
            accountsSeen.set(a.role, {
              present: inside.account,
              absent: (await accountIn(w, a.out, '矩阵积分乙')).account,
            });
          return { method: 'GET', url: `/api/points/accounts?q=${q}&pageSize=200` };
        },
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/points/accounts?unit=${w.uid(a.out)}` }),
        listed: {
          ids: (b) => b.items.map((i: { id: string }) => i.id),
          present: (_w, a) => accountsSeen.get(a.role)?.present,
          absent: (_w, a) => accountsSeen.get(a.role)?.absent ?? '',
        },
      },
      'GET /api/points/accounts/:id': {
        access: 'points:read',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/points/accounts/${(await accountIn(w, pointsGrid(a))).account}`,
        }),
        outOfScope: async (w, a) => ({
          method: 'GET',
          url: `/api/points/accounts/${(await accountIn(w, a.out)).account}`,
        }),
      },
      'GET /api/points/accounts/:id/entries': {
        access: 'points:read',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/points/accounts/${(await accountIn(w, pointsGrid(a))).account}/entries`,
        }),
        outOfScope: async (w, a) => ({
          method: 'GET',
          url: `/api/points/accounts/${(await accountIn(w, a.out)).account}/entries`,
        }),
      },
      'POST /api/points/transfers/:id/reverse': {
        access: 'points:review',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/transfers/${(await accountIn(w, pointsGrid(a))).transfer}/reverse`,
          body: { reason: '矩阵冲正' },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/transfers/${(await accountIn(w, a.out)).transfer}/reverse`,
          body: { reason: '矩阵冲正' },
        }),
      },
      'GET /api/points/me': {
        access: 'points:self',
        inScope: async (w) => {
          await linkedResident(w);
          return { method: 'GET', url: '/api/points/me' };
        },
      },
      'GET /api/points/me/entries': {
        access: 'points:self',
        inScope: async (w) => {
          await linkedResident(w);
          return { method: 'GET', url: '/api/points/me/entries' };
        },
        // Someone else's account is not one of mine.
        outOfScope: async (w, a) => ({
          method: 'GET',
          url: `/api/points/me/entries?account=${(await accountIn(w, a.out)).account}`,
        }),
      },
    };
  })(),
  // ── points: rankings ──
  ...((): Record<string, Policy> => {
    const db = (w: World) => w.t.deps.db;
    const today = (w: World) => new Date(w.t.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    /** Roles that read rankings (points:read in their area, points:self in their community) get 200, others 403. */
    const readsRankings = (a: Actor | undefined) =>
      a && !roleHas(a.role, 'points:read') && !roleHas(a.role, 'points:self') ? 403 : 200;
    const rankGrid = (a: Actor | undefined) =>
      a && (roleHas(a.role, 'points:read') || roleHas(a.role, 'points:self')) && a.unit.length === 15
        ? a.unit
        : '440704001001001';
    const adminId = async (w: World) =>
      (await db(w).selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    /** A grid's open 公示 (fresh each call), written by SQL. */
    const notice = async (w: World, gridCode: string) => {
      const grid = await db(w)
        .selectFrom('org_unit')
        .select(['id', 'path', 'district_id', 'parent_id'])
        .where('code', '=', gridCode)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      const now = w.t.clock();
      const row = await db(w)
        .insertInto('points_publication')
        .values({
          district_id: grid.district_id ?? grid.id,
          community_id: grid.parent_id as number,
          org_path: grid.path,
          grid_id: grid.id,
          subject: 'person',
          period_kind: 'month',
          period_start: '2026-11-01',
          period_end: '2026-11-30',
          title: '矩阵公示',
          rows: JSON.stringify([{ rank: 1, name: '张*明', points: 10, grid: '矩阵网格' }]),
          published_by: await adminId(w),
          published_at: now,
          objection_until: new Date(now.getTime() + 7 * 86_400_000),
          ends_at: new Date(now.getTime() + 15 * 86_400_000),
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      return row;
    };
    const objectionOn = async (w: World, gridCode: string) => {
      const p = await notice(w, gridCode);
      return (
        await db(w)
          .insertInto('points_objection')
          .values({ publication_id: p.id, raised_by: await adminId(w), text: '矩阵异议', created_at: w.t.clock() })
          .returning('uid')
          .executeTakeFirstOrThrow()
      ).uid;
    };
    /** Points earned today by a new person of the grid: a ranking there to publish. */
    const earnedIn = async (w: World, gridCode: string) => {
      const { award } = await import('../test/points-fixtures.ts');
      const person = await personIn(w.t, gridCode, { name: '矩阵排行人' });
      await award(w.t, person.id, 10, { occurredOn: today(w) });
    };
    const publication = (w: World, gridCode: string) => ({
      unit: w.uid(gridCode),
      subject: 'person',
      period: 'month',
      at: today(w).slice(0, 7),
      title: '矩阵积分排行公示',
    });
    return {
      'GET /api/points/rankings': {
        access: 'session',
        status: readsRankings,
        inScope: (w, a) => ({ method: 'GET', url: `/api/points/rankings?unit=${w.uid(rankGrid(a))}` }),
      },
      'POST /api/points/publications': {
        access: 'points:manage',
        status: 201,
        inScope: async (w, a) => {
          await earnedIn(w, rankGrid(a));
          return { method: 'POST', url: '/api/points/publications', body: publication(w, rankGrid(a)) };
        },
        outOfScope: async (w, a) => {
          await earnedIn(w, a.out);
          return { method: 'POST', url: '/api/points/publications', body: publication(w, a.out) };
        },
      },
      'GET /api/points/publications': {
        access: 'session',
        status: readsRankings,
        inScope: () => ({ method: 'GET', url: '/api/points/publications' }),
      },
      'GET /api/points/publications/:uid': {
        access: 'session',
        status: readsRankings,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/points/publications/${(await notice(w, rankGrid(a))).uid}`,
        }),
      },
      'POST /api/points/publications/:uid/withdraw': {
        access: 'points:manage',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/publications/${(await notice(w, rankGrid(a))).uid}/withdraw`,
          body: { reason: '矩阵撤回' },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/publications/${(await notice(w, a.out)).uid}/withdraw`,
          body: { reason: '矩阵撤回' },
        }),
      },
      'POST /api/points/publications/:uid/objections': {
        access: 'session',
        status: (a) => (readsRankings(a) === 200 ? 201 : 403),
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/publications/${(await notice(w, rankGrid(a))).uid}/objections`,
          body: { text: '矩阵异议' },
        }),
      },
      'POST /api/points/objections/:uid/answer': {
        access: 'points:manage',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/objections/${await objectionOn(w, rankGrid(a))}/answer`,
          body: { answer: '矩阵答复' },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/objections/${await objectionOn(w, a.out)}/answer`,
          body: { answer: '矩阵答复' },
        }),
      },
      'GET /api/public/points/publications': {
        access: 'public',
        inScope: () => ({ method: 'GET', url: '/api/public/points/publications?community=440704001001' }),
      },
      'GET /api/public/points/publications/:uid': {
        access: 'public',
        inScope: async (w) => ({
          method: 'GET',
          url: `/api/public/points/publications/${(await notice(w, '440704001001001')).uid}`,
        }),
      },
    };
  })(),
  // ── points: party ──
  ...((): Record<string, Policy> => {
    const db = (w: World) => w.t.deps.db;
    const communityOf = (code: string) => (code.length === 15 ? code.slice(0, 12) : code);
    const outCommunity = (a: Actor) => communityOf(a.out);
    /** A new duty post of a community (capacity unlimited), written by SQL. */
    const postIn = async (w: World, communityCode: string) => {
      const c = await db(w)
        .selectFrom('org_unit')
        .select(['id', 'path', 'district_id'])
        .where('code', '=', communityCode)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      const admin = await db(w)
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      return (
        await db(w)
          .insertInto('party_duty_post')
          .values({
            district_id: c.district_id ?? c.id,
            community_id: c.id,
            org_path: c.path,
            name: '矩阵责任岗',
            duties: '矩阵职责',
            created_by: admin.id,
            created_at: w.t.clock(),
          })
          .returning('uid')
          .executeTakeFirstOrThrow()
      ).uid;
    };
    /** A new party member living in the community's first grid. */
    const memberIn = async (w: World, communityCode: string) => {
      const grid = await db(w)
        .selectFrom('org_unit')
        .select('code')
        .where('code', 'like', `${communityCode}___`)
        .where('kind', '=', 'grid')
        .where('status', '=', 'active')
        .orderBy('code')
        .executeTakeFirstOrThrow();
      const p = await personIn(w.t, grid.code, { name: '矩阵党员' });
      await db(w).updateTable('person').set({ party_member: true }).where('id', '=', p.id).execute();
      return p.uid;
    };
    /** resident.demo is a party member of 金溪社区 (the demo links a person; the matrix makes sure). */
    const demoMember = async (w: World) => {
      const { demoResident } = await import('../test/points-fixtures.ts');
      const p = await demoResident(w.t);
      await db(w).updateTable('person').set({ party_member: true }).where('id', '=', p.id).execute();
    };
    return {
      'GET /api/points/party/posts': {
        access: 'points:manage',
        inScope: (w, a) => ({ method: 'GET', url: `/api/points/party/posts?unit=${w.uid(anyActor(a).unit)}` }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/points/party/posts?unit=${w.uid(a.out)}` }),
      },
      'POST /api/points/party/posts': {
        access: 'points:manage',
        status: 201,
        inScope: (w, a) => ({
          method: 'POST',
          url: '/api/points/party/posts',
          body: { community: w.uid(anyActor(a).community), name: '矩阵新岗', duties: '矩阵职责', capacity: 5 },
        }),
        outOfScope: (w, a) => ({
          method: 'POST',
          url: '/api/points/party/posts',
          body: { community: w.uid(outCommunity(a)), name: '矩阵新岗', duties: '矩阵职责' },
        }),
      },
      'PATCH /api/points/party/posts/:uid': {
        access: 'points:manage',
        inScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/points/party/posts/${await postIn(w, anyActor(a).community)}`,
          body: { duties: '矩阵职责(修订)' },
        }),
        outOfScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/points/party/posts/${await postIn(w, outCommunity(a))}`,
          body: { duties: '矩阵职责(修订)' },
        }),
      },
      'POST /api/points/party/posts/:uid/assign': {
        access: 'points:manage',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/party/posts/${await postIn(w, anyActor(a).community)}/assign`,
          body: { person: await memberIn(w, anyActor(a).community) },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/party/posts/${await postIn(w, outCommunity(a))}/assign`,
          body: { person: await memberIn(w, outCommunity(a)) },
        }),
      },
      'GET /api/points/me/party/posts': {
        access: 'points:self',
        inScope: async (w) => {
          await demoMember(w);
          return { method: 'GET', url: '/api/points/me/party/posts' };
        },
      },
      'POST /api/points/me/party/posts/:uid/claim': {
        access: 'points:self',
        inScope: async (w) => {
          await demoMember(w);
          return {
            method: 'POST',
            url: `/api/points/me/party/posts/${await postIn(w, '440704001001')}/claim`,
            body: {},
          };
        },
        // Another community's post is not one a member may see.
        outOfScope: async (w) => ({
          method: 'POST',
          url: `/api/points/me/party/posts/${await postIn(w, '440704002001')}/claim`,
          body: {},
        }),
      },
      'GET /api/points/party/scores': {
        access: 'points:read',
        inScope: (w, a) => ({ method: 'GET', url: `/api/points/party/scores?unit=${w.uid(anyActor(a).unit)}` }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/points/party/scores?unit=${w.uid(a.out)}` }),
      },
      'GET /api/points/party/report.xlsx': {
        access: 'points:read',
        inScope: (w, a) => ({ method: 'GET', url: `/api/points/party/report.xlsx?unit=${w.uid(anyActor(a).unit)}` }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/points/party/report.xlsx?unit=${w.uid(a.out)}` }),
      },
    };
  })(),
  // ── points: store ──
  ...((): Record<string, Policy> => {
    /** A community outside the actor's area (a grid worker's own community is readable: its store serves the grid). */
    const outCommunity = (a: Actor) => {
      const c = a.out.length === 15 ? a.out.slice(0, 12) : a.out;
      return c === a.community ? '440704002001' : c;
    };
    const items = new Map<string, Promise<string>>();
    /** An uncounted 1-point item of a community, made by SQL once per community. */
    const itemIn = (w: World, communityCode: string) => {
      let made = items.get(communityCode);
      if (!made) {
        made = (async () => {
          const db = w.t.deps.db;
          const c = await db
            .selectFrom('org_unit')
            .select(['id', 'path', 'district_id'])
            .where('code', '=', communityCode)
            .executeTakeFirstOrThrow();
          const admin = await db
            .selectFrom('app_user')
            .select('id')
            .where('username', '=', 'admin')
            .executeTakeFirstOrThrow();
          const item = await db
            .insertInto('points_store_item')
            .values({
              district_id: c.district_id ?? c.id,
              community_id: c.id,
              org_path: c.path,
              name: '矩阵兑换券',
              kind: 'coupon',
              price: 1,
              valid_from: '2026-01-01',
              created_by: admin.id,
              created_at: w.t.clock(),
              updated_at: w.t.clock(),
            })
            .returning('uid')
            .executeTakeFirstOrThrow();
          return item.uid;
        })();
        items.set(communityCode, made);
      }
      return made;
    };
    let funded: Promise<void> | undefined;
    /** resident.demo, linked to a person with points to spend. */
    const demoBuyer = (w: World) => {
      funded ??= (async () => {
        const { demoResident, award } = await import('../test/points-fixtures.ts');
        await award(w.t, (await demoResident(w.t)).id, 10_000);
      })();
      return funded;
    };
    const sendOrder = async (client: Client, item: string) => {
      const res = await client.post(
        '/api/points/me/orders',
        { item, quantity: 1 },
        { 'idempotency-key': `matrix-${crypto.randomUUID()}` },
      );
      if (res.status !== 201) throw new Error(`matrix order: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; code: string };
    };
    /** A new open order of resident.demo in 金溪社区. */
    const openOrder = async (w: World) => {
      await demoBuyer(w);
      return sendOrder(await w.t.as('resident.demo'), await itemIn(w, '440704001001'));
    };
    let foreign: Promise<{ id: string; code: string }> | undefined;
    /** An open order of another resident (matrix.resident, in 礼乐社区): outside everyone's reach but its owner's. */
    const foreignOrder = (w: World) => {
      foreign ??= (async () => {
        const { award, linkResident } = await import('../test/points-fixtures.ts');
        const person = await personIn(w.t, '440704003001001', { name: '矩阵兑换人' });
        await linkResident(w.t, 'matrix.resident', person.id);
        await award(w.t, person.id, 10);
        return sendOrder(await w.t.as('matrix.resident', DEMO_PASSWORD), await itemIn(w, '440704003001'));
      })();
      return foreign;
    };
    /** An open order the actor may act on when its role allows (a resident's own; an unused id otherwise). */
    const orderFor = async (w: World, a: Actor | undefined) =>
      a && (roleHas(a.role, 'points:review') || a.role === 'resident')
        ? openOrder(w)
        : { id: crypto.randomUUID(), code: '00000000' };
    return {
      'GET /api/points/store/items': {
        access: 'points:read',
        inScope: (w, a) => ({
          method: 'GET',
          url: `/api/points/store/items?community=${w.uid(anyActor(a).community)}`,
        }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/points/store/items?community=${w.uid(outCommunity(a))}` }),
      },
      'POST /api/points/store/items': {
        access: 'points:manage',
        status: 201,
        inScope: (w, a) => ({
          method: 'POST',
          url: '/api/points/store/items',
          body: { community: w.uid(anyActor(a).community), name: '矩阵商品', kind: 'goods', price: 5, stock: 3 },
        }),
        outOfScope: (w, a) => ({
          method: 'POST',
          url: '/api/points/store/items',
          body: { community: w.uid(outCommunity(a)), name: '矩阵商品', kind: 'goods', price: 5 },
        }),
      },
      'PATCH /api/points/store/items/:uid': {
        access: 'points:manage',
        inScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/points/store/items/${await itemIn(w, anyActor(a).community)}`,
          body: { description: '矩阵修改' },
        }),
        outOfScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/points/store/items/${await itemIn(w, outCommunity(a))}`,
          body: { description: '矩阵修改' },
        }),
      },
      'GET /api/points/me/store': {
        access: 'points:self',
        inScope: async (w) => {
          await demoBuyer(w);
          return { method: 'GET', url: '/api/points/me/store' };
        },
      },
      'POST /api/points/me/orders': {
        access: 'points:self',
        status: 201,
        inScope: async (w) => {
          await demoBuyer(w);
          return {
            method: 'POST',
            url: '/api/points/me/orders',
            body: { item: await itemIn(w, '440704001001'), quantity: 1 },
          };
        },
        // An item of another community is not in my store.
        outOfScope: async (w) => ({
          method: 'POST',
          url: '/api/points/me/orders',
          body: { item: await itemIn(w, '440704002001'), quantity: 1 },
        }),
      },
      'GET /api/points/me/orders': {
        access: 'points:self',
        inScope: async (w) => {
          await demoBuyer(w);
          return { method: 'GET', url: '/api/points/me/orders' };
        },
      },
      'POST /api/points/me/orders/:uid/cancel': {
        access: 'points:self',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/me/orders/${(await orderFor(w, a)).id}/cancel`,
        }),
        outOfScope: async (w) => ({
          method: 'POST',
          url: `/api/points/me/orders/${(await foreignOrder(w)).id}/cancel`,
        }),
      },
      'GET /api/points/store/orders': {
        access: 'points:review',
        inScope: (w, a) => ({ method: 'GET', url: `/api/points/store/orders?unit=${w.uid(anyActor(a).community)}` }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/points/store/orders?unit=${w.uid(outCommunity(a))}` }),
      },
      'GET /api/points/store/orders/by-code/:code': {
        access: 'points:review',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/points/store/orders/by-code/${(await orderFor(w, a)).code}?community=${w.uid(anyActor(a).community)}`,
        }),
        outOfScope: async (w, a) => ({
          method: 'GET',
          url: `/api/points/store/orders/by-code/${(await foreignOrder(w)).code}?community=${w.uid(outCommunity(a))}`,
        }),
      },
      'POST /api/points/store/orders/:uid/fulfil': {
        access: 'points:review',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/store/orders/${(await orderFor(w, a)).id}/fulfil`,
        }),
        outOfScope: async (w) => ({
          method: 'POST',
          url: `/api/points/store/orders/${(await foreignOrder(w)).id}/fulfil`,
        }),
      },
      'POST /api/points/store/orders/:uid/cancel': {
        access: 'points:review',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/store/orders/${(await orderFor(w, a)).id}/cancel`,
          body: { reason: '矩阵取消' },
        }),
        outOfScope: async (w) => ({
          method: 'POST',
          url: `/api/points/store/orders/${(await foreignOrder(w)).id}/cancel`,
          body: { reason: '矩阵取消' },
        }),
      },
    };
  })(),
  // ── points: catalogue ──
  ...((): Record<string, Policy> => {
    const db = (w: World) => w.t.deps.db;
    let serial = 0;
    /** A rule owned by a unit (by code), made by SQL: claimable, 5 points, valid from 1 November. */
    const makeRule = async (w: World, unitCode: string) => {
      const unit = await db(w)
        .selectFrom('org_unit')
        .select(['id', 'path', 'district_id'])
        .where('code', '=', unitCode)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      const admin = await db(w)
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'district')
        .executeTakeFirstOrThrow();
      const now = w.t.clock();
      const rule = await db(w)
        .insertInto('points_rule')
        .values({
          district_id: unit.district_id ?? unit.id,
          owner_unit_id: unit.id,
          org_path: unit.path,
          code: `MX-${++serial}`,
          category: 'environment',
          created_by: admin.id,
          created_at: now,
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      await db(w)
        .insertInto('points_rule_version')
        .values({
          rule_id: rule.id,
          version: 1,
          title: '矩阵积分条款',
          points: 5,
          applies_to: 'person',
          claimable: true,
          valid_from: '2026-11-01',
          created_by: admin.id,
          created_at: now,
        })
        .execute();
      return rule.uid;
    };
    const rules = new Map<string, Promise<string>>();
    const ruleAt = (w: World, unitCode: string) => {
      let made = rules.get(unitCode);
      if (!made) {
        made = makeRule(w, unitCode);
        rules.set(unitCode, made);
      }
      return made;
    };
    const communityOf = (code: string) => (code.length === 15 ? code.slice(0, 12) : code);
    /** Readers get the catalogue; roles with no points permission are refused. */
    const reads = (a: Actor | undefined) => !!a && (roleHas(a.role, 'points:read') || roleHas(a.role, 'points:self'));
    const terms = {
      title: '矩阵条款',
      points: 5,
      appliesTo: 'person',
      evidence: [],
      claimable: true,
      validFrom: '2026-11-01',
    };
    return {
      'GET /api/points/rules': {
        access: 'session',
        status: (a) => (reads(a) ? 200 : 403),
        inScope: (w, a) => ({ method: 'GET', url: `/api/points/rules?community=${w.uid(anyActor(a).community)}` }),
      },
      'GET /api/points/rules/:uid': {
        access: 'session',
        // A district rule: every reader in the district finds it; the others do not.
        status: (a) => (reads(a) ? 200 : 404),
        inScope: async (w) => ({ method: 'GET', url: `/api/points/rules/${await ruleAt(w, '440704000000')}` }),
      },
      'POST /api/points/rules': {
        access: 'points:manage',
        status: 201,
        inScope: (w, a) => ({
          method: 'POST',
          url: '/api/points/rules',
          body: { unit: w.uid(anyActor(a).community), code: `MN-${++serial}`, category: 'harmony', ...terms },
        }),
        outOfScope: (w, a) => ({
          method: 'POST',
          url: '/api/points/rules',
          body: { unit: w.uid(communityOf(a.out)), code: `MO-${++serial}`, category: 'harmony', ...terms },
        }),
      },
      'PUT /api/points/rules/:uid': {
        access: 'points:manage',
        inScope: async (w, a) => ({
          method: 'PUT',
          url: `/api/points/rules/${await ruleAt(w, anyActor(a).community)}`,
          body: terms,
        }),
        outOfScope: async (w, a) => ({
          method: 'PUT',
          url: `/api/points/rules/${await ruleAt(w, communityOf(a.out))}`,
          body: terms,
        }),
      },
      'POST /api/points/rules/:uid/retire': {
        access: 'points:manage',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/rules/${await makeRule(w, anyActor(a).community)}/retire`,
          body: { reason: '矩阵停用' },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/rules/${await ruleAt(w, communityOf(a.out))}/retire`,
          body: {},
        }),
      },
    };
  })(),
  // ── points: claims ──
  ...((): Record<string, Policy> => {
    const db = (w: World) => w.t.deps.db;
    let districtRule: Promise<string> | undefined;
    /** A district-wide claimable rule (5 points, no evidence, no cap), through the API of the district admin. */
    const rule = (w: World) => {
      districtRule ??= (async () => {
        const res = await (await w.signIn(ACTORS.find((x) => x.role === 'district_admin') as Actor)).post(
          '/api/points/rules',
          {
            unit: w.uid('440704000000'),
            code: 'MX-CLAIMS',
            category: 'volunteering',
            title: '矩阵志愿服务',
            points: 5,
            appliesTo: 'person',
            evidence: [],
            claimable: true,
            validFrom: '2026-11-01',
          },
        );
        if (res.status !== 201) throw new Error(`matrix rule: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      })();
      return districtRule;
    };
    const me = async (w: World) => {
      const { demoResident } = await import('../test/points-fixtures.ts');
      return demoResident(w.t);
    };
    /** A claim made by SQL: of the resident.demo's person (mine) or of a new person of a grid. */
    const claimOf = async (w: World, who: 'me' | string, status = 'pending') => {
      const person = who === 'me' ? await me(w) : await personIn(w.t, who, { name: '矩阵申报人' });
      const ruleUid = await rule(w);
      const p = await db(w)
        .selectFrom('person as p')
        .innerJoin('org_unit as g', 'g.id', 'p.grid_id')
        .innerJoin('org_unit as c', 'c.id', 'g.parent_id')
        .select(['p.id', 'p.org_path', 'p.district_id', 'c.id as community_id'])
        .where('p.id', '=', person.id)
        .executeTakeFirstOrThrow();
      const version = await db(w)
        .selectFrom('points_rule_version as v')
        .innerJoin('points_rule as r', 'r.id', 'v.rule_id')
        .select('v.id')
        .where('r.uid', '=', ruleUid)
        .executeTakeFirstOrThrow();
      const staff = await db(w)
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'staff.jinxi')
        .executeTakeFirstOrThrow();
      const now = w.t.clock();
      const made = await db(w)
        .insertInto('points_claim')
        .values({
          uid: crypto.randomUUID(),
          district_id: p.district_id,
          community_id: p.community_id,
          org_path: p.org_path,
          person_id: p.id,
          rule_version_id: version.id,
          occurred_on: '2026-11-20',
          description: '矩阵申报',
          source: 'staff',
          status,
          claimed_by: staff.id,
          created_at: now,
          updated_at: now,
        })
        .returning('uid')
        .executeTakeFirstOrThrow();
      return made.uid;
    };
    const claimsIn = new Map<string, Promise<string>>();
    const claimAt = (w: World, gridCode: string) => {
      let made = claimsIn.get(gridCode);
      if (!made) {
        made = claimOf(w, gridCode);
        claimsIn.set(gridCode, made);
      }
      return made;
    };
    const pointsGrid = (a: Actor | undefined) =>
      a && roleHas(a.role, 'points:read') && a.unit.length === 15 ? a.unit : '440704001001001';
    const queueSeen = new Map<string, { present: string; absent: string }>();
    /** A photo of resident.demo's in a claim of grid 440704001001001: the uploader and readers there see it. */
    let photoMade: Promise<string> | undefined;
    const photo = (w: World) => {
      photoMade ??= (async () => {
        const { createDiskFileStore } = await import('./platform/files/store.ts');
        const { JPEG } = await import('../test/visit-fixtures.ts');
        await me(w);
        const stored = await createDiskFileStore(`${w.t.config.dataDir}/files`).put(JPEG);
        const owner = await db(w)
          .selectFrom('app_user')
          .select(['id', 'org_path'])
          .where('username', '=', 'resident.demo')
          .executeTakeFirstOrThrow();
        const uid = crypto.randomUUID();
        await db(w)
          .insertInto('stored_file')
          .values({
            uid,
            sha256: stored.sha256,
            content_type: 'image/jpeg',
            bytes: stored.bytes,
            purpose: 'points_photo',
            org_path: owner.org_path,
            created_by: owner.id,
            created_at: w.t.clock(),
          })
          .execute();
        const claim = await claimAt(w, '440704001001001');
        await db(w)
          .updateTable('points_claim')
          .set({ photo_ids: [uid] })
          .where('uid', '=', claim)
          .execute();
        return uid;
      })();
      return photoMade;
    };
    const review = (verb: string, body: unknown): Policy => ({
      access: 'points:review',
      inScope: async (w, a) => ({
        method: 'POST',
        url: `/api/points/claims/${await claimOf(w, pointsGrid(a))}/${verb}`,
        body,
      }),
      outOfScope: async (w, a) => ({
        method: 'POST',
        url: `/api/points/claims/${await claimAt(w, a.out)}/${verb}`,
        body,
      }),
    });
    return {
      'POST /api/points/me/claims': {
        access: 'points:self',
        status: 201,
        inScope: async (w) => {
          await me(w);
          return {
            method: 'POST',
            url: '/api/points/me/claims',
            body: { rule: await rule(w), occurredOn: '2026-11-20', description: '矩阵申报', photos: [] },
          };
        },
      },
      'GET /api/points/me/claims': {
        access: 'points:self',
        inScope: async (w) => {
          await me(w);
          return { method: 'GET', url: '/api/points/me/claims' };
        },
      },
      'POST /api/points/me/claims/:uid/reply': {
        access: 'points:self',
        inScope: async (w) => ({
          method: 'POST',
          url: `/api/points/me/claims/${await claimOf(w, 'me', 'needs_info')}/reply`,
          body: { note: '矩阵补充', photos: [] },
        }),
        // Someone else's claim is not one of mine.
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/me/claims/${await claimAt(w, a.out)}/reply`,
          body: { note: '矩阵补充', photos: [] },
        }),
      },
      'POST /api/points/me/claims/:uid/withdraw': {
        access: 'points:self',
        inScope: async (w) => ({ method: 'POST', url: `/api/points/me/claims/${await claimOf(w, 'me')}/withdraw` }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/points/me/claims/${await claimAt(w, a.out)}/withdraw`,
        }),
      },
      'GET /api/points/claims': {
        access: 'points:review',
        inScope: async (w, a) => {
          if (a)
            queueSeen.set(a.role, {
              present: await claimOf(w, pointsGrid(a)),
              absent: await claimAt(w, a.out),
            });
          return { method: 'GET', url: '/api/points/claims?pageSize=200' };
        },
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/points/claims?unit=${w.uid(a.out)}` }),
        listed: {
          ids: (b) => b.items.map((c: { id: string }) => c.id),
          present: (_w, a) => queueSeen.get(a.role)?.present,
          absent: (_w, a) => queueSeen.get(a.role)?.absent ?? '',
        },
      },
      'GET /api/points/claims/:uid': {
        access: 'points:read',
        inScope: async (w, a) => ({ method: 'GET', url: `/api/points/claims/${await claimAt(w, pointsGrid(a))}` }),
        outOfScope: async (w, a) => ({ method: 'GET', url: `/api/points/claims/${await claimAt(w, a.out)}` }),
      },
      'POST /api/points/claims/:uid/approve': review('approve', {}),
      'POST /api/points/claims/:uid/reject': review('reject', { reason: '矩阵驳回' }),
      'POST /api/points/claims/:uid/request-info': review('request-info', { note: '矩阵补充说明' }),
      'POST /api/points/awards': {
        access: 'points:review',
        status: 201,
        inScope: async (w, a) => ({
          method: 'POST',
          url: '/api/points/awards',
          body: {
            person: (await personIn(w.t, pointsGrid(a), { name: '矩阵受奖人' })).uid,
            rule: await rule(w),
            occurredOn: '2026-11-20',
          },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: '/api/points/awards',
          body: {
            person: (await personIn(w.t, a.out, { name: '矩阵越界人' })).uid,
            rule: await rule(w),
            occurredOn: '2026-11-20',
          },
        }),
      },
      'PUT /api/points/photos/:id': {
        access: 'session',
        status: (a) => (a && (roleHas(a.role, 'points:self') || roleHas(a.role, 'points:review')) ? 201 : 403),
        inScope: async () => {
          const { JPEG } = await import('../test/visit-fixtures.ts');
          return {
            method: 'PUT',
            url: `/api/points/photos/${crypto.randomUUID()}`,
            raw: { payload: JPEG, contentType: 'image/jpeg' },
          };
        },
      },
      'GET /api/points/photos/:id': {
        access: 'session',
        // The uploader, and readers whose area holds the claim showing it.
        status: (a) => (a && (a.role === 'resident' || roleHas(a.role, 'points:read')) ? 200 : 404),
        inScope: async (w) => ({ method: 'GET', url: `/api/points/photos/${await photo(w)}` }),
      },
    };
  })(),
  // ── cases: workflow ──
  ...(() => {
    let serial = 0;
    const db = (w: World) => w.t.deps.db;
    const unitOf = (w: World, code: string) =>
      db(w)
        .selectFrom('org_unit')
        .select(['id', 'uid', 'path', 'parent_id', 'district_id'])
        .where('code', '=', code)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
    const userIdOf = async (w: World, username: string) =>
      (await db(w).selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    /** The grid a role's case stands in: a department handler's cases stand in 金溪社区's first grid. */
    const gridOf = (a: Actor | undefined) =>
      anyActor(a).role === 'dept_handler' ? '440704001001001' : anyActor(a).unit;
    /**
     * A case made by SQL in a grid, in a status; `handler` 'dept' puts it with 城管 (001),
     * 'community' with the grid's community. `reporter` reported it; `deliberable` picks such a category.
     */
    async function wfCase(
      w: World,
      gridCode: string,
      status: string,
      opts: { handler?: 'dept' | 'community'; reporter?: string; deliberable?: boolean; dueInHours?: number } = {},
    ): Promise<string> {
      const now = w.t.clock();
      const grid = await unitOf(w, gridCode);
      const community = await db(w)
        .selectFrom('org_unit')
        .select(['id', 'path'])
        .where('id', '=', grid.parent_id as number)
        .executeTakeFirstOrThrow();
      const category = await db(w)
        .selectFrom('case_category')
        .select('id')
        .where('code', '=', opts.deliberable ? 'neighbour.noise' : 'environment.garbage')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const handler = opts.handler === 'dept' ? await unitOf(w, '001') : opts.handler ? community : null;
      const later = status !== 'reported';
      const row = await db(w)
        .insertInto('cases')
        .values({
          uid: randomUUID(),
          receipt_no: `20261123-WF${String(++serial).padStart(4, '0')}`,
          district_id: grid.district_id as number,
          community_id: community.id,
          grid_id: grid.id,
          org_path: grid.path,
          category_id: category.id,
          title: '矩阵事件',
          description: '矩阵事件描述',
          channel: 'grid',
          status,
          reporter_user_id: opts.reporter ? await userIdOf(w, opts.reporter) : null,
          handler_unit_id: handler?.id ?? null,
          handler_path: handler?.path ?? null,
          response_due_at: new Date(now.getTime() + 24 * 3_600_000),
          resolve_due_at: new Date(now.getTime() + (opts.dueInHours ?? 240) * 3_600_000),
          accepted_at: later ? now : null,
          dispatched_at: handler ? now : null,
          resolved_at: status === 'resolved' ? now : null,
          result: status === 'resolved' ? '矩阵办结' : null,
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      return row.uid;
    }
    /** An open follow-up task of the grid's community, on a case there. */
    async function wfTask(w: World, gridCode: string): Promise<string> {
      const uid = await wfCase(w, gridCode, 'in_progress', { handler: 'community' });
      const c = await db(w)
        .selectFrom('cases')
        .select(['id', 'community_id'])
        .where('uid', '=', uid)
        .executeTakeFirstOrThrow();
      const community = await db(w)
        .selectFrom('org_unit')
        .select('path')
        .where('id', '=', c.community_id)
        .executeTakeFirstOrThrow();
      const task = await db(w)
        .insertInto('case_task')
        .values({
          uid: randomUUID(),
          case_id: c.id,
          org_path: community.path,
          kind: 'follow_up',
          due_at: new Date(w.t.clock().getTime() + 48 * 3_600_000),
          created_at: w.t.clock(),
        })
        .returning('uid')
        .executeTakeFirstOrThrow();
      return task.uid;
    }
    type CaseOpts = NonNullable<Parameters<typeof wfCase>[3]>;
    /** A case action: a fresh case in the actor's area in `status`, and one outside it. */
    const act = (
      access: Access,
      action: string,
      status: string,
      body: (w: World, a: Actor | undefined, uid: string) => unknown | Promise<unknown>,
      opts: (a: Actor | undefined) => CaseOpts = () => ({}),
    ): Policy => ({
      access,
      inScope: async (w, a) => {
        const uid = await wfCase(w, gridOf(a), status, opts(a));
        return { method: 'POST', url: `/api/cases/${uid}/${action}`, body: await body(w, a, uid) };
      },
      outOfScope: async (w, a) => {
        // Outside: not the actor's report, and handled by its own community (no department reaches it).
        const o = opts(a);
        const uid = await wfCase(w, a.out, status, {
          ...o,
          reporter: undefined,
          ...(o.handler ? { handler: 'community' as const } : {}),
        });
        return { method: 'POST', url: `/api/cases/${uid}/${action}`, body: await body(w, a, uid) };
      },
    });
    const handlerOf = (a: Actor | undefined): CaseOpts => ({
      handler: anyActor(a).role === 'dept_handler' ? 'dept' : 'community',
    });
    /** The community a case of the actor's grid belongs to, as a transfer target. */
    const communityOf = async (w: World, uid: string) => {
      const c = await db(w).selectFrom('cases').select('community_id').where('uid', '=', uid).executeTakeFirstOrThrow();
      return (
        await db(w).selectFrom('org_unit').select('uid').where('id', '=', c.community_id).executeTakeFirstOrThrow()
      ).uid;
    };
    const inboxSeen = new Map<string, { present: string; absent: string }>();
    const tasksSeen = new Map<string, { present: string | undefined; absent: string }>();
    return {
      'POST /api/cases/:uid/accept': act('cases:dispatch', 'accept', 'reported', () => ({})),
      'POST /api/cases/:uid/reject': act('cases:dispatch', 'reject', 'reported', () => ({ reason: '矩阵不予受理' })),
      'POST /api/cases/:uid/dispatch': act('cases:dispatch', 'dispatch', 'reported', () => ({})),
      'POST /api/cases/:uid/transfer': act(
        'cases:dispatch',
        'transfer',
        'dispatched',
        async (w, _a, uid) => ({ target: await communityOf(w, uid), reason: '矩阵转派' }),
        () => ({ handler: 'dept' }),
      ),
      'POST /api/cases/:uid/return': act(
        'cases:handle',
        'return',
        'dispatched',
        () => ({ reason: '矩阵退回' }),
        handlerOf,
      ),
      'POST /api/cases/:uid/start': act('cases:handle', 'start', 'dispatched', () => ({}), handlerOf),
      'POST /api/cases/:uid/resolve': act(
        'cases:handle',
        'resolve',
        'dispatched',
        () => ({ result: '矩阵办结' }),
        handlerOf,
      ),
      'POST /api/cases/:uid/rate': act(
        'cases:self',
        'rate',
        'resolved',
        () => ({ rating: 5 }),
        (a) => ({
          handler: 'community',
          reporter: anyActor(a).username,
        }),
      ),
      'POST /api/cases/:uid/close': act(
        'cases:dispatch',
        'close',
        'resolved',
        () => ({}),
        () => ({
          handler: 'community',
        }),
      ),
      'POST /api/cases/:uid/escalate': act('cases:supervise', 'escalate', 'reported', () => ({})),
      'POST /api/cases/:uid/supervise': act('cases:supervise', 'supervise', 'reported', () => ({ note: '矩阵督办' })),
      'POST /api/cases/:uid/link-topic': act(
        'cases:dispatch',
        'link-topic',
        'accepted',
        () => ({ topicUid: randomUUID() }),
        () => ({ deliberable: true }),
      ),
      // Anyone who may read the case: staff and handlers where it is theirs, the reporter; not the auditor or sysadmin.
      'POST /api/cases/:uid/comment': {
        access: 'session',
        status: (a) => (a && (roleHas(a.role, 'cases:read') || roleHas(a.role, 'cases:self')) ? 200 : 403),
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/cases/${await wfCase(w, gridOf(a), 'dispatched', { ...handlerOf(a), reporter: anyActor(a).username })}/comment`,
          body: { note: '矩阵留言' },
        }),
      },
      // A case that may not be dispatched is reported back in the answer (200), not refused.
      'POST /api/cases/dispatch': {
        access: 'cases:dispatch',
        inScope: async (w, a) => ({
          method: 'POST',
          url: '/api/cases/dispatch',
          body: { cases: [await wfCase(w, gridOf(a), 'reported')] },
        }),
      },
      'GET /api/cases/inbox': {
        access: 'cases:handle',
        inScope: async (w, a) => {
          if (a)
            inboxSeen.set(a.role, {
              // due first, so it leads the list
              present: await wfCase(w, gridOf(a), 'dispatched', { ...handlerOf(a), dueInHours: 1 }),
              absent: await wfCase(w, a.out, 'dispatched', { handler: 'community', dueInHours: 1 }),
            });
          return { method: 'GET', url: '/api/cases/inbox?pageSize=200' };
        },
        listed: {
          ids: (b) => b.items.map((c: { uid: string }) => c.uid),
          present: (_w, a) => inboxSeen.get(a.role)?.present,
          absent: (_w, a) => inboxSeen.get(a.role)?.absent ?? '',
        },
      },
      'GET /api/cases/tasks': {
        access: 'cases:read',
        inScope: async (w, a) => {
          if (a) {
            // Tasks are the community's: grid workers and department handlers have none to see.
            const sees = a.role !== 'grid_worker' && a.role !== 'dept_handler';
            tasksSeen.set(a.role, {
              present: sees ? await wfTask(w, gridOf(a)) : undefined,
              absent: await wfTask(w, a.out),
            });
          }
          return { method: 'GET', url: '/api/cases/tasks?pageSize=200' };
        },
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/cases/tasks?unit=${w.uid(a.out)}` }),
        listed: {
          ids: (b) => b.items.map((c: { uid: string }) => c.uid),
          present: (_w, a) => tasksSeen.get(a.role)?.present,
          absent: (_w, a) => tasksSeen.get(a.role)?.absent ?? '',
        },
      },
      'POST /api/cases/tasks/:uid/done': {
        access: 'cases:dispatch',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/cases/tasks/${await wfTask(w, gridOf(a))}/done`,
          body: { note: '矩阵回访' },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/cases/tasks/${await wfTask(w, a.out)}/done`,
          body: { note: '矩阵回访' },
        }),
      },
    } satisfies Record<string, Policy>;
  })(),
  // ── cases: admin + jobs ──
  ...(() => {
    let serial = 0;
    const db = (w: World) => w.t.deps.db;
    /** 江海区 (the actors' district) or 蓬江区 (outside every grant). */
    const districtId = async (w: World, outside: boolean) =>
      (
        await db(w)
          .selectFrom('org_unit')
          .select('id')
          .where('code', '=', outside ? '440703000000' : '440704000000')
          .executeTakeFirstOrThrow()
      ).id;
    const category = async (w: World, outside: boolean) =>
      (
        await db(w)
          .insertInto('case_category')
          .values({
            district_id: await districtId(w, outside),
            code: `matrix.cat-${++serial}`,
            name: '矩阵分类',
            response_amount: 24,
            response_unit: 'hours',
            resolve_amount: 7,
            resolve_unit: 'working_days',
            created_at: w.t.clock(),
            updated_at: w.t.clock(),
          })
          .returning('uid')
          .executeTakeFirstOrThrow()
      ).uid;
    const template = async (w: World, outside: boolean) =>
      (
        await db(w)
          .insertInto('case_reply_template')
          .values({
            district_id: await districtId(w, outside),
            purpose: 'accept',
            title: '矩阵模板',
            body: '矩阵模板正文',
            updated_at: w.t.clock(),
          })
          .returning('uid')
          .executeTakeFirstOrThrow()
      ).uid;
    const client = async (w: World, outside: boolean) => {
      const d = await districtId(w, outside);
      const { id: userId } = await db(w)
        .insertInto('app_user')
        .values({
          username: `matrix.open311.${++serial}`,
          display_name: '矩阵接入方',
          password_hash: 'scrypt$unusable',
          password_changed_at: w.t.clock(),
          unit_id: d,
          org_path: outside ? '440703' : '440704',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (
        await db(w)
          .insertInto('open311_client')
          .values({
            district_id: d,
            name: '矩阵接入方',
            key_hash: randomUUID().replaceAll('-', '').repeat(2),
            key_hint: 'gz311_…test',
            created_by: userId,
            created_at: w.t.clock(),
            user_id: userId,
          })
          .returning('uid')
          .executeTakeFirstOrThrow()
      ).uid;
    };
    /** A day of the district's own calendar, put there for the request to delete. */
    const calendarDay = async (w: World) => {
      const day = new Date(Date.UTC(2031, 0, 1 + ++serial)).toISOString().slice(0, 10);
      await db(w)
        .insertInto('work_calendar_day')
        .values({
          district_id: await districtId(w, false),
          day,
          kind: 'holiday',
          name: '矩阵假日',
          updated_at: w.t.clock(),
        })
        .execute();
      return day;
    };
    const seen = new Map<string, { present: string; absent: string }>();
    return {
      'GET /api/cases/categories': {
        access: 'session',
        inScope: async (w, a) => {
          seen.set(`category:${a?.role}`, { present: await category(w, false), absent: await category(w, true) });
          return { method: 'GET', url: '/api/cases/categories' };
        },
        listed: {
          ids: (b) =>
            b.items.flatMap((g: { uid: string; children: { uid: string }[] }) => [
              g.uid,
              ...g.children.map((c) => c.uid),
            ]),
          present: (_w, a) => seen.get(`category:${a.role}`)?.present,
          absent: (_w, a) => seen.get(`category:${a.role}`)?.absent ?? '',
        },
      },
      'POST /api/cases/categories': {
        access: 'cases:admin',
        status: 201,
        inScope: () => ({
          method: 'POST',
          url: '/api/cases/categories',
          body: {
            code: `matrix.new-${++serial}`,
            name: '矩阵新分类',
            response: { amount: 24, unit: 'hours' },
            resolve: { amount: 7, unit: 'working_days' },
          },
        }),
      },
      'PATCH /api/cases/categories/:uid': {
        access: 'cases:admin',
        inScope: async (w) => ({
          method: 'PATCH',
          url: `/api/cases/categories/${await category(w, false)}`,
          body: { name: '矩阵改名' },
        }),
        outOfScope: async (w) => ({
          method: 'PATCH',
          url: `/api/cases/categories/${await category(w, true)}`,
          body: { name: '矩阵改名' },
        }),
      },
      'GET /api/cases/templates': {
        access: 'cases:read',
        inScope: async (w, a) => {
          seen.set(`template:${a?.role}`, { present: await template(w, false), absent: await template(w, true) });
          return { method: 'GET', url: '/api/cases/templates?purpose=accept' };
        },
        outOfScope: async (w) => ({ method: 'GET', url: `/api/cases/templates?category=${await category(w, true)}` }),
        listed: {
          ids: (b) => b.items.map((x: { uid: string }) => x.uid),
          present: (_w, a) => seen.get(`template:${a.role}`)?.present,
          absent: (_w, a) => seen.get(`template:${a.role}`)?.absent ?? '',
        },
      },
      'POST /api/cases/templates': {
        access: 'cases:admin',
        status: 201,
        inScope: () => ({
          method: 'POST',
          url: '/api/cases/templates',
          body: { purpose: 'resolve', title: '矩阵模板', body: '矩阵模板正文' },
        }),
      },
      'PATCH /api/cases/templates/:uid': {
        access: 'cases:admin',
        inScope: async (w) => ({
          method: 'PATCH',
          url: `/api/cases/templates/${await template(w, false)}`,
          body: { title: '矩阵改名' },
        }),
        outOfScope: async (w) => ({
          method: 'PATCH',
          url: `/api/cases/templates/${await template(w, true)}`,
          body: { title: '矩阵改名' },
        }),
      },
      'GET /api/cases/calendar': {
        access: 'cases:read',
        inScope: () => ({ method: 'GET', url: '/api/cases/calendar?year=2026' }),
      },
      'PUT /api/cases/calendar/:day': {
        access: 'cases:admin',
        inScope: () => ({
          method: 'PUT',
          url: '/api/cases/calendar/2030-06-03',
          body: { kind: 'holiday', name: '矩阵假日' },
        }),
      },
      'DELETE /api/cases/calendar/:day': {
        access: 'cases:admin',
        inScope: async (w) => ({ method: 'DELETE', url: `/api/cases/calendar/${await calendarDay(w)}` }),
      },
      'GET /api/cases/open311-clients': {
        access: 'cases:admin',
        inScope: () => ({ method: 'GET', url: '/api/cases/open311-clients' }),
      },
      'POST /api/cases/open311-clients': {
        access: 'cases:admin',
        status: 201,
        inScope: () => ({ method: 'POST', url: '/api/cases/open311-clients', body: { name: '矩阵接入方' } }),
      },
      'POST /api/cases/open311-clients/:uid/revoke': {
        access: 'cases:admin',
        inScope: async (w) => ({ method: 'POST', url: `/api/cases/open311-clients/${await client(w, false)}/revoke` }),
        outOfScope: async (w) => ({
          method: 'POST',
          url: `/api/cases/open311-clients/${await client(w, true)}/revoke`,
        }),
      },
    } satisfies Record<string, Policy>;
  })(),
  // ── cases: intake ──
  ...(() => {
    let serial = 0;
    const db = (w: World) => w.t.deps.db;
    const unitOf = (w: World, code: string, kind?: string) => {
      let q = db(w)
        .selectFrom('org_unit')
        .select(['id', 'path', 'parent_id', 'district_id'])
        .where('code', '=', code)
        .where('status', '=', 'active');
      if (kind) q = q.where('kind', '=', kind);
      return q.executeTakeFirstOrThrow();
    };
    const userIdOf = async (w: World, username: string) =>
      (await db(w).selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const categoryOf = async (w: World) =>
      db(w)
        .selectFrom('case_category as c')
        .innerJoin('org_unit as d', 'd.id', 'c.district_id')
        .select(['c.id', 'c.uid'])
        .where('d.code', '=', '440704000000')
        .where('c.active', '=', true)
        .orderBy('c.id')
        .executeTakeFirstOrThrow();
    /** A department handler's cases stand in 金溪社区's first grid, dispatched to 城管 (001). */
    const gridOf = (a: Actor | undefined) =>
      anyActor(a).role === 'dept_handler' ? '440704001001001' : anyActor(a).unit;
    /** A case made by SQL in a grid, titled 矩阵受理 (the lists look for it by that), with a location. */
    async function intakeCase(
      w: World,
      gridCode: string,
      opts: { reporter?: string; dept?: boolean; photo?: string } = {},
    ): Promise<string> {
      const grid = await unitOf(w, gridCode);
      const dept = opts.dept ? await unitOf(w, '001', 'department') : null;
      const now = w.t.clock();
      const row = await db(w)
        .insertInto('cases')
        .values({
          uid: randomUUID(),
          receipt_no: `20261123-MX${String(++serial).padStart(4, '0')}`,
          district_id: grid.district_id as number,
          community_id: grid.parent_id as number,
          grid_id: grid.id,
          org_path: grid.path,
          category_id: (await categoryOf(w)).id,
          title: '矩阵受理',
          description: '矩阵受理的事件',
          channel: opts.reporter ? 'resident' : 'grid',
          status: dept ? 'dispatched' : 'reported',
          reporter_user_id: opts.reporter ? await userIdOf(w, opts.reporter) : null,
          handler_unit_id: dept?.id ?? null,
          handler_path: dept?.path ?? null,
          lng: 113.1,
          lat: 22.55,
          response_due_at: new Date(now.getTime() + 86_400_000),
          resolve_due_at: new Date(now.getTime() + 7 * 86_400_000),
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      if (opts.photo) {
        const file = await db(w)
          .selectFrom('stored_file')
          .select('id')
          .where('uid', '=', opts.photo)
          .executeTakeFirstOrThrow();
        await db(w)
          .insertInto('case_photo')
          .values({ case_id: row.id, file_id: file.id, stage: 'report', sort: 0 })
          .execute();
      }
      return row.uid;
    }
    /** The case a role reads in its area: reported by the resident, handled by the department. */
    const caseFor = (w: World, a: Actor | undefined, photo?: string) =>
      intakeCase(w, gridOf(a), {
        dept: anyActor(a).role === 'dept_handler',
        reporter: anyActor(a).role === 'resident' ? anyActor(a).username : undefined,
        photo,
      });
    let uploaded: Promise<string> | undefined;
    /** A photo the demo resident uploaded (its bytes are in the file store). */
    const photo = (w: World) => {
      uploaded ??= (async () => {
        const { JPEG } = await import('../test/visit-fixtures.ts');
        const uid = randomUUID();
        const resident = await w.t.as('resident.demo');
        const res = await resident.put(`/api/cases/photos/${uid}`, JPEG, { 'content-type': 'image/jpeg' });
        if (res.status !== 201) throw new Error(`case photo: ${res.status}`);
        return uid;
      })();
      return uploaded;
    };
    const reportBody = async (w: World, extra: Record<string, unknown> = {}) => ({
      uid: randomUUID(),
      category: (await categoryOf(w)).uid,
      title: '矩阵上报',
      description: '矩阵上报的事件',
      address: '矩阵路 1 号',
      ...extra,
    });
    const seen = new Map<string, { present: string | undefined; absent: string }>();
    const canRead = (a: Actor) => roleHas(a.role, 'cases:read');
    return {
      'POST /api/cases': {
        access: 'cases:intake',
        status: 201,
        inScope: async (w, a) => ({
          method: 'POST',
          url: '/api/cases',
          body: await reportBody(w, { channel: 'grid', origin: 'patrol', grid: w.uid(anyActor(a).unit) }),
        }),
      },
      'POST /api/cases/me': {
        access: 'cases:self',
        status: 201,
        inScope: async (w) => ({ method: 'POST', url: '/api/cases/me', body: await reportBody(w) }),
      },
      'PUT /api/cases/photos/:id': {
        access: 'session',
        status: (a) =>
          a && (['cases:intake', 'cases:self', 'cases:handle'] as const).some((p) => roleHas(a.role, p)) ? 201 : 403,
        inScope: async () => {
          const { JPEG } = await import('../test/visit-fixtures.ts');
          return {
            method: 'PUT',
            url: `/api/cases/photos/${randomUUID()}`,
            raw: { payload: JPEG, contentType: 'image/jpeg' },
          };
        },
      },
      'GET /api/cases/photos/:id': {
        access: 'session',
        // The uploader (the resident), and whoever may read a case showing it.
        status: (a) => (a && (a.role === 'resident' || canRead(a)) ? 200 : 404),
        inScope: async (w, a) => {
          const uid = await photo(w);
          await caseFor(w, a, uid);
          return { method: 'GET', url: `/api/cases/photos/${uid}` };
        },
      },
      'GET /api/cases': {
        access: 'cases:read',
        inScope: async (w, a) => {
          if (a)
            seen.set(`list:${a.role}`, {
              present: a.role === 'dept_handler' ? undefined : await caseFor(w, a),
              absent: await intakeCase(w, a.out),
            });
          return { method: 'GET', url: `/api/cases?q=${encodeURIComponent('矩阵受理')}&pageSize=200` };
        },
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/cases?unit=${w.uid(a.out)}` }),
        listed: {
          ids: (b) => b.items.map((c: { uid: string }) => c.uid),
          present: (_w, a) => seen.get(`list:${a.role}`)?.present,
          absent: (_w, a) => seen.get(`list:${a.role}`)?.absent ?? '',
        },
      },
      'GET /api/cases/me': {
        access: 'cases:self',
        inScope: async (w, a) => {
          if (a)
            seen.set(`me:${a.role}`, {
              present: await intakeCase(w, gridOf(a), { reporter: a.username }),
              absent: await intakeCase(w, gridOf(a), { reporter: 'grid.jinxi01' }),
            });
          return { method: 'GET', url: '/api/cases/me?pageSize=200' };
        },
        listed: {
          ids: (b) => b.items.map((c: { uid: string }) => c.uid),
          present: (_w, a) => seen.get(`me:${a.role}`)?.present,
          absent: (_w, a) => seen.get(`me:${a.role}`)?.absent ?? '',
        },
      },
      'GET /api/cases/map': {
        access: 'cases:read',
        inScope: async (w, a) => {
          if (a)
            seen.set(`map:${a.role}`, {
              present: a.role === 'dept_handler' ? undefined : await caseFor(w, a),
              absent: await intakeCase(w, a.out),
            });
          return { method: 'GET', url: '/api/cases/map' };
        },
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/cases/map?unit=${w.uid(a.out)}` }),
        listed: {
          ids: (b) => b.features.map((f: { properties: { uid: string } }) => f.properties.uid),
          present: (_w, a) => seen.get(`map:${a.role}`)?.present,
          absent: (_w, a) => seen.get(`map:${a.role}`)?.absent ?? '',
        },
      },
      'GET /api/cases/:uid': {
        access: 'session',
        // Readers in its area, the department handling it, its reporter; no one else finds it.
        status: (a) => (a && (canRead(a) || roleHas(a.role, 'cases:self')) ? 200 : 404),
        inScope: async (w, a) => ({ method: 'GET', url: `/api/cases/${await caseFor(w, a)}` }),
        outOfScope: async (w, a) => ({ method: 'GET', url: `/api/cases/${await intakeCase(w, a.out)}` }),
      },
    } satisfies Record<string, Policy>;
  })(),
  // ── cases: open311 + board + duplicates ──
  ...(() => {
    let serial = 0;
    const db = (w: World) => w.t.deps.db;
    const API_KEY = 'matrix-open311-key-7d41c0';
    const LIGHT = 'facilities.street-light';
    const unitOf = (w: World, code: string) =>
      db(w)
        .selectFrom('org_unit')
        .select(['id', 'uid', 'path', 'parent_id', 'district_id'])
        .where('code', '=', code)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
    const categoryOf = (w: World) =>
      db(w)
        .selectFrom('case_category as k')
        .innerJoin('org_unit as d', 'd.id', 'k.district_id')
        .select(['k.id', 'k.uid'])
        .where('d.path', '=', '440704')
        .where('k.code', '=', LIGHT)
        .executeTakeFirstOrThrow();
    /** A department handler's targets stand in 金溪社区's first grid. */
    const gridOf = (a: Actor | undefined) =>
      anyActor(a).role === 'dept_handler' ? '440704001001001' : anyActor(a).unit;
    /** A case made by SQL in a grid: open ('reported'), or resolved with a result. */
    async function boardCase(w: World, gridCode: string, status: 'reported' | 'resolved' = 'reported') {
      const grid = await unitOf(w, gridCode);
      const now = w.t.clock();
      return db(w)
        .insertInto('cases')
        .values({
          uid: randomUUID(),
          receipt_no: `20261123-BD${String(++serial).padStart(4, '0')}`,
          district_id: grid.district_id as number,
          community_id: grid.parent_id as number,
          grid_id: grid.id,
          org_path: grid.path,
          category_id: (await categoryOf(w)).id,
          title: '矩阵公示',
          description: '矩阵公示的事件',
          channel: 'grid',
          status,
          lng: 113.1,
          lat: 22.55,
          response_due_at: new Date(now.getTime() + 86_400_000),
          resolve_due_at: new Date(now.getTime() + 7 * 86_400_000),
          resolved_at: status === 'resolved' ? now : null,
          result: status === 'resolved' ? '矩阵办结' : null,
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'uid', 'receipt_no'])
        .executeTakeFirstOrThrow();
    }
    /** One resolved case of 金溪社区 with a photo of its result (uploaded, so its bytes exist). */
    let published: Promise<{ receiptNo: string; photo: string }> | undefined;
    const publicCase = (w: World) => {
      published ??= (async () => {
        const { JPEG } = await import('../test/visit-fixtures.ts');
        const row = await boardCase(w, '440704001001001', 'resolved');
        const uid = randomUUID();
        const staff = await w.t.as('staff.jinxi');
        const res = await staff.put(`/api/cases/photos/${uid}`, JPEG, { 'content-type': 'image/jpeg' });
        if (res.status !== 201) throw new Error(`case photo: ${res.status}`);
        const file = await db(w)
          .selectFrom('stored_file')
          .select('id')
          .where('uid', '=', uid)
          .executeTakeFirstOrThrow();
        await db(w)
          .insertInto('case_photo')
          .values({ case_id: row.id, file_id: file.id, stage: 'result', sort: 0 })
          .execute();
        return { receiptNo: row.receipt_no, photo: uid };
      })();
      return published;
    };
    /** An Open311 client with its technical account, and a point at a registry building. */
    let client: Promise<{ lat: number; long: number }> | undefined;
    const open311 = (w: World) => {
      client ??= (async () => {
        const district = await unitOf(w, '440704000000');
        const user = await db(w)
          .insertInto('app_user')
          .values({
            username: 'matrix.open311',
            display_name: '矩阵 Open311 应用',
            password_hash: 'scrypt$unusable',
            password_changed_at: w.t.clock(),
            unit_id: district.id,
            org_path: district.path,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const admin = await db(w)
          .selectFrom('app_user')
          .select('id')
          .where('username', '=', 'district')
          .executeTakeFirstOrThrow();
        const { createHash } = await import('node:crypto');
        await db(w)
          .insertInto('open311_client')
          .values({
            district_id: district.id,
            name: '矩阵 Open311 应用',
            key_hash: createHash('sha256').update(API_KEY).digest('hex'),
            key_hint: API_KEY.slice(-4),
            created_by: admin.id,
            created_at: w.t.clock(),
            user_id: user.id,
          })
          .execute();
        const b = await db(w)
          .selectFrom('building as b')
          .innerJoin('org_unit as g', 'g.id', 'b.grid_id')
          .select(['b.lng', 'b.lat'])
          .where('g.code', '=', '440704001001001')
          .where('b.status', '=', 'active')
          .where('b.lng', 'is not', null)
          .orderBy('b.id')
          .executeTakeFirstOrThrow();
        return { lat: b.lat as number, long: b.lng as number };
      })();
      return client;
    };
    // The matrix adds a second district (蓬江区): Open311 reads then name their jurisdiction.
    const inJiangHai = (url: string) => `${url}${url.includes('?') ? '&' : '?'}jurisdiction_id=440704000000`;
    const openGet = (url: string): Policy => ({
      access: 'public',
      inScope: () => ({ method: 'GET', url: inJiangHai(url) }),
    });
    const openPost = (format: 'json' | 'xml'): Policy => ({
      access: 'public',
      status: 201,
      inScope: async (w) => ({
        method: 'POST',
        url: `/open311/v2/requests.${format}`,
        body: { api_key: API_KEY, service_code: LIGHT, ...(await open311(w)), description: '矩阵 Open311 上报' },
      }),
    });
    const mayAskNearby = (a: Actor | undefined) =>
      a !== undefined && (roleHas(a.role, 'cases:intake') || roleHas(a.role, 'cases:self'));
    return {
      'GET /api/public/cases': {
        access: 'public',
        inScope: () => ({ method: 'GET', url: '/api/public/cases?community=440704001001' }),
      },
      'GET /api/public/cases/:receiptNo': {
        access: 'public',
        inScope: async (w) => ({ method: 'GET', url: `/api/public/cases/${(await publicCase(w)).receiptNo}` }),
      },
      'GET /api/public/cases/:receiptNo/photos/:uid': {
        access: 'public',
        inScope: async (w) => {
          const p = await publicCase(w);
          return { method: 'GET', url: `/api/public/cases/${p.receiptNo}/photos/${p.photo}` };
        },
      },
      'GET /api/cases/satisfaction': {
        access: 'cases:read',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/cases/satisfaction?unit=${(await unitOf(w, anyActor(a).unit)).uid}&by=category`,
        }),
        outOfScope: (w, a) => ({ method: 'GET', url: `/api/cases/satisfaction?unit=${w.uid(a.out)}` }),
      },
      'GET /api/cases/nearby': {
        access: 'session',
        // cases:intake (staff, grid workers) or cases:self (residents); anyone else 403
        status: (a) => (mayAskNearby(a) ? 200 : 403),
        inScope: async (w) => ({
          method: 'GET',
          url: `/api/cases/nearby?category=${(await categoryOf(w)).uid}&lng=113.1&lat=22.55`,
        }),
      },
      'POST /api/cases/:uid/merge': {
        access: 'cases:dispatch',
        inScope: async (w, a) => {
          const [from, into] = [await boardCase(w, gridOf(a)), await boardCase(w, gridOf(a))];
          return { method: 'POST', url: `/api/cases/${from.uid}/merge`, body: { into: into.uid } };
        },
        outOfScope: async (w, a) => {
          const [from, into] = [await boardCase(w, a.out), await boardCase(w, gridOf(a))];
          return { method: 'POST', url: `/api/cases/${from.uid}/merge`, body: { into: into.uid } };
        },
      },
      'GET /open311/v2/discovery.json': openGet('/open311/v2/discovery.json'),
      'GET /open311/v2/discovery.xml': openGet('/open311/v2/discovery.xml'),
      'GET /open311/v2/services.json': openGet('/open311/v2/services.json'),
      'GET /open311/v2/services.xml': openGet('/open311/v2/services.xml'),
      'GET /open311/v2/services/:file': openGet(`/open311/v2/services/${LIGHT}.xml`),
      'GET /open311/v2/requests.json': openGet('/open311/v2/requests.json?status=open,closed'),
      'GET /open311/v2/requests.xml': openGet('/open311/v2/requests.xml'),
      'POST /open311/v2/requests.json': openPost('json'),
      'POST /open311/v2/requests.xml': openPost('xml'),
      'GET /open311/v2/requests/:file': {
        access: 'public',
        inScope: async (w) => ({
          method: 'GET',
          url: inJiangHai(`/open311/v2/requests/${(await publicCase(w)).receiptNo}.json`),
        }),
      },
    } satisfies Record<string, Policy>;
  })(),
  // ── deliberation: meetings + notices ──
  ...(() => {
    const db = (w: World) => w.t.deps.db;
    const community = (code: string) => code.slice(0, 12);
    const unitOf = (w: World, code: string) =>
      db(w)
        .selectFrom('org_unit')
        .select(['id', 'uid', 'path'])
        .where('code', '=', code)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
    const userIdOf = async (w: World, username: string) =>
      (await db(w).selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    /** resident.demo's registry person (linked by the demo seed). */
    const residentPerson = async (w: World) =>
      (
        await db(w)
          .selectFrom('app_user')
          .select('person_id')
          .where('username', '=', 'resident.demo')
          .executeTakeFirstOrThrow()
      ).person_id as number;
    /** Any resident person living in the community. */
    const personIn = async (w: World, c: { path: string }) =>
      db(w)
        .selectFrom('person')
        .select(['id', 'uid'])
        .where('status', '=', 'resident')
        .where('org_path', 'like', `${c.path}.%`)
        .orderBy('id')
        .executeTakeFirst();
    /**
     * A meeting of the community of `code`, made by SQL: starting `startsIn` minutes from now (one
     * hour long), with a public topic on its agenda (residents of the community see it), resident.demo
     * called when `resident`, and a person of the community called (returned for sign-in).
     */
    async function meeting(
      w: World,
      code: string,
      opts: { startsIn?: number; resident?: boolean } = {},
    ): Promise<{ uid: string; person: string }> {
      const now = w.t.clock();
      const c = await unitOf(w, community(code));
      const starts = new Date(now.getTime() + (opts.startsIn ?? 24 * 60) * 60_000);
      const m = await db(w)
        .insertInto('meeting')
        .values({
          uid: randomUUID(),
          community_id: c.id,
          org_path: c.path,
          kind: 'council',
          title: '矩阵会议',
          place: '矩阵会议室',
          starts_at: starts,
          ends_at: new Date(starts.getTime() + 3_600_000),
          created_by: await userIdOf(w, 'district'),
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      const topic = await db(w)
        .insertInto('topic')
        .values({
          uid: randomUUID(),
          community_id: c.id,
          org_path: c.path,
          title: '矩阵议题',
          description: '矩阵议题说明',
          source: 'staff',
          status: 'open',
          public: true,
          procedure_code: 'four_two',
          steps: '[]',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db(w).insertInto('meeting_topic').values({ meeting_id: m.id, topic_id: topic.id, sort: 0 }).execute();
      const called = new Set<number>();
      const p = await personIn(w, c);
      if (p) called.add(p.id);
      if (opts.resident) called.add(await residentPerson(w));
      if (called.size > 0)
        await db(w)
          .insertInto('meeting_attendee')
          .values([...called].map((person_id) => ({ meeting_id: m.id, person_id })))
          .execute();
      return { uid: m.uid, person: p?.uid ?? randomUUID() };
    }
    /** A council of the community of `code`, resident.demo a member when `resident`. */
    async function council(w: World, code: string, resident: boolean): Promise<string> {
      const c = await unitOf(w, community(code));
      const now = w.t.clock();
      const row = await db(w)
        .insertInto('council')
        .values({
          community_id: c.id,
          org_path: c.path,
          kind: 'council',
          name: '矩阵议事会',
          term_start: '2026-01-01',
          term_end: '2028-12-31',
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      if (resident)
        await db(w)
          .insertInto('council_member')
          .values({
            council_id: row.id,
            person_id: await residentPerson(w),
            seat: 'representative',
            since: '2026-01-01',
            created_at: now,
          })
          .execute();
      return row.uid;
    }
    /** Staff read (deliberation:read) what lies in their subtree: a grid worker's grid holds no meeting. */
    const reads = (a: Actor | undefined) =>
      a !== undefined && (roleHas(a.role, 'deliberation:read') || roleHas(a.role, 'deliberation:self'));
    const readStatus = (a: Actor | undefined) => (!reads(a) ? 403 : a?.role === 'grid_worker' ? 404 : 200);
    const listSeen = new Map<string, { present: string | undefined; absent: string }>();
    const manageAct = (
      path: string,
      method: Method,
      body: (m: { uid: string; person: string }) => unknown,
      startsIn?: number,
    ): Policy => ({
      access: 'deliberation:manage',
      inScope: async (w, a) => {
        const m = await meeting(w, anyActor(a).community, { startsIn });
        return { method, url: `/api/deliberation/meetings/${m.uid}${path}`, body: body(m) };
      },
      outOfScope: async (w, a) => {
        const m = await meeting(w, a.out, { startsIn });
        return { method, url: `/api/deliberation/meetings/${m.uid}${path}`, body: body(m) };
      },
    });
    const notice = async (w: World, a: Actor | undefined) =>
      (
        await db(w)
          .insertInto('notice')
          .values({
            user_id: await userIdOf(w, anyActor(a).username),
            kind: 'matrix',
            title: '矩阵通知',
            created_at: w.t.clock(),
          })
          .returning('uid')
          .executeTakeFirstOrThrow()
      ).uid;
    return {
      'GET /api/deliberation/meetings': {
        access: 'session',
        status: (a) => (reads(a) ? 200 : 403),
        inScope: async (w, a) => {
          if (a)
            listSeen.set(a.role, {
              present: readStatus(a) === 200 ? (await meeting(w, a.community)).uid : undefined,
              absent: (await meeting(w, a.out)).uid,
            });
          return { method: 'GET', url: '/api/deliberation/meetings?pageSize=200' };
        },
        listed: {
          // a role without deliberation:read or :self gets 403: no items
          ids: (b) => b.items?.map((m: { uid: string }) => m.uid) ?? [],
          present: (_w, a) => listSeen.get(a.role)?.present,
          absent: (_w, a) => listSeen.get(a.role)?.absent ?? '',
        },
      },
      'GET /api/deliberation/meetings/:uid': {
        access: 'session',
        status: readStatus,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/meetings/${(await meeting(w, anyActor(a).community)).uid}`,
        }),
      },
      'POST /api/deliberation/meetings': {
        access: 'deliberation:manage',
        status: 201,
        inScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/meetings',
          body: {
            uid: randomUUID(),
            unit: (await unitOf(w, community(anyActor(a).community))).uid,
            kind: 'council',
            title: '矩阵会议',
            place: '矩阵会议室',
            startsAt: '2026-12-01T11:30:00.000Z',
            endsAt: '2026-12-01T13:00:00.000Z',
            topics: [],
          },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/meetings',
          body: {
            uid: randomUUID(),
            unit: (await unitOf(w, community(a.out))).uid,
            kind: 'council',
            title: '矩阵会议',
            place: '矩阵会议室',
            startsAt: '2026-12-01T11:30:00.000Z',
            endsAt: '2026-12-01T13:00:00.000Z',
            topics: [],
          },
        }),
      },
      'PATCH /api/deliberation/meetings/:uid': manageAct('', 'PATCH', () => ({ place: '矩阵新址' })),
      'POST /api/deliberation/meetings/:uid/cancel': manageAct('/cancel', 'POST', () => ({ reason: '矩阵取消' })),
      'POST /api/deliberation/meetings/:uid/sign-in': manageAct(
        '/sign-in',
        'POST',
        (m) => ({ personUids: [m.person] }),
        -10,
      ),
      'PUT /api/deliberation/meetings/:uid/minutes': manageAct(
        '/minutes',
        'PUT',
        () => ({ minutes: '矩阵纪要', decisions: [] }),
        -10,
      ),
      // Only residents hold deliberation:self: resident.demo, called, during the meeting.
      'POST /api/deliberation/meetings/:uid/sign-in/me': {
        access: 'deliberation:self',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/meetings/${(await meeting(w, anyActor(a).community, { startsIn: -10, resident: true })).uid}/sign-in/me`,
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/meetings/${(await meeting(w, a.out, { startsIn: -10 })).uid}/sign-in/me`,
        }),
      },
      // Staff who read it; residents called to it (or on its council).
      'GET /api/deliberation/meetings/:uid/ics': {
        access: 'session',
        status: readStatus,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/meetings/${(await meeting(w, anyActor(a).community, { resident: true })).uid}/ics`,
        }),
      },
      // Staff who read it; its members.
      'GET /api/deliberation/councils/:uid/ics': {
        access: 'session',
        status: readStatus,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/councils/${await council(w, anyActor(a).community, true)}/ics`,
        }),
      },
      // Everyone reads and marks their own notices.
      'GET /api/notices': { access: 'session', inScope: () => ({ method: 'GET', url: '/api/notices' }) },
      'POST /api/notices/:uid/read': {
        access: 'session',
        inScope: async (w, a) => ({ method: 'POST', url: `/api/notices/${await notice(w, a)}/read` }),
      },
      'POST /api/notices/read-all': {
        access: 'session',
        inScope: () => ({ method: 'POST', url: '/api/notices/read-all' }),
      },
    } satisfies Record<string, Policy>;
  })(),
  // ── deliberation: votes + draws ──
  ...(() => {
    const db = (w: World) => w.t.deps.db;
    const community = (code: string) => code.slice(0, 12);
    const unitOf = (w: World, code: string) =>
      db(w)
        .selectFrom('org_unit')
        .select(['id', 'uid', 'path'])
        .where('code', '=', code)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
    const userIdOf = async (w: World, username: string) =>
      (await db(w).selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const residentPerson = async (w: World) =>
      (
        await db(w)
          .selectFrom('app_user')
          .select('person_id')
          .where('username', '=', 'resident.demo')
          .executeTakeFirstOrThrow()
      ).person_id as number;
    /** Any resident person living in the community. */
    const personIn = async (w: World, path: string) =>
      db(w)
        .selectFrom('person')
        .select(['id', 'uid'])
        .where('status', '=', 'resident')
        .where('org_path', 'like', `${path}.%`)
        .orderBy('id')
        .executeTakeFirst();
    /**
     * A vote of the community of `code`, made by SQL: a motion of the adult residents ('residents',
     * keyed by person), in the given status, resident.demo and a person of the community on its roll.
     */
    async function vote(
      w: World,
      code: string,
      opts: { status?: 'draft' | 'open' | 'closed'; secret?: boolean } = {},
    ): Promise<{ uid: string; person: string }> {
      const now = w.t.clock();
      const c = await unitOf(w, community(code));
      const status = opts.status ?? 'open';
      const v = await db(w)
        .insertInto('vote')
        .values({
          uid: randomUUID(),
          community_id: c.id,
          org_path: c.path,
          title: '矩阵表决',
          style: 'motion',
          electorate: 'residents',
          secret: opts.secret ?? false,
          status,
          opens_at: status === 'draft' ? null : now,
          closed_at: status === 'closed' ? now : null,
          eligible_count: 2,
          created_by: await userIdOf(w, 'district'),
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      const p = await personIn(w, c.path);
      if (status !== 'draft') {
        const keys = new Set([await residentPerson(w), ...(p ? [p.id] : [])]);
        await db(w)
          .insertInto('vote_voter')
          .values([...keys].map((voter_key) => ({ vote_id: v.id, voter_key })))
          .execute();
      }
      return { uid: v.uid, person: p?.uid ?? randomUUID() };
    }
    /** A sealed draw of the community of `code` over three entrants, its seed 'matrix-seed-0001'. */
    async function draw(w: World, code: string): Promise<string> {
      const now = w.t.clock();
      const c = await unitOf(w, community(code));
      const row = await db(w)
        .insertInto('draw')
        .values({
          uid: randomUUID(),
          community_id: c.id,
          org_path: c.path,
          title: '矩阵抽签',
          entrants: JSON.stringify([
            { key: 'a', label: '甲' },
            { key: 'b', label: '乙' },
            { key: 'c', label: '丙' },
          ]),
          winners: 1,
          seed_hash: seedHash(DRAW_SEED),
          algorithm: DRAW_ALGORITHM,
          created_by: await userIdOf(w, 'district'),
          created_at: now,
        })
        .returning('uid')
        .executeTakeFirstOrThrow();
      return row.uid;
    }
    const DRAW_SEED = 'matrix-seed-0001';
    const readsVotes = (a: Actor | undefined) =>
      a !== undefined && (roleHas(a.role, 'deliberation:read') || roleHas(a.role, 'deliberation:self'));
    /** A grid worker reads their grid's subtree: a community's vote lies above it. */
    const voteReadStatus = (a: Actor | undefined) => (!readsVotes(a) ? 403 : a?.role === 'grid_worker' ? 404 : 200);
    const listSeen = new Map<string, { present: string | undefined; absent: string }>();
    const manageVote = (
      path: string,
      status: 'draft' | 'open',
      body: (v: { uid: string; person: string }) => unknown,
    ): Policy => ({
      access: 'deliberation:manage',
      inScope: async (w, a) => {
        const v = await vote(w, anyActor(a).community, { status });
        return { method: 'POST', url: `/api/deliberation/votes/${v.uid}${path}`, body: body(v) };
      },
      outOfScope: async (w, a) => {
        const v = await vote(w, a.out, { status });
        return { method: 'POST', url: `/api/deliberation/votes/${v.uid}${path}`, body: body(v) };
      },
    });
    return {
      'GET /api/deliberation/votes': {
        access: 'session',
        status: (a) => (readsVotes(a) ? 200 : 403),
        inScope: async (w, a) => {
          if (a)
            listSeen.set(a.role, {
              // A grid worker reads their grid's subtree; the roles that read no votes are refused.
              present: a.role === 'grid_worker' || !readsVotes(a) ? undefined : (await vote(w, a.community)).uid,
              absent: (await vote(w, a.out)).uid,
            });
          return { method: 'GET', url: '/api/deliberation/votes?pageSize=200' };
        },
        listed: {
          ids: (b) => (b.items ?? []).map((v: { uid: string }) => v.uid),
          present: (_w, a) => listSeen.get(a.role)?.present,
          absent: (_w, a) => listSeen.get(a.role)?.absent ?? '',
        },
      },
      'GET /api/deliberation/votes/:uid': {
        access: 'session',
        status: voteReadStatus,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/votes/${(await vote(w, anyActor(a).community)).uid}`,
        }),
      },
      'POST /api/deliberation/votes': {
        access: 'deliberation:manage',
        status: 201,
        inScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/votes',
          body: {
            uid: randomUUID(),
            title: '矩阵表决',
            unit: (await unitOf(w, community(anyActor(a).community))).uid,
            style: 'motion',
            electorate: 'residents',
          },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/votes',
          body: {
            uid: randomUUID(),
            title: '矩阵表决',
            unit: (await unitOf(w, community(a.out))).uid,
            style: 'motion',
            electorate: 'residents',
          },
        }),
      },
      'POST /api/deliberation/votes/:uid/open': manageVote('/open', 'draft', () => ({})),
      'POST /api/deliberation/votes/:uid/close': manageVote('/close', 'open', () => undefined),
      'POST /api/deliberation/votes/:uid/cancel': manageVote('/cancel', 'open', () => ({ reason: '矩阵取消' })),
      'POST /api/deliberation/votes/:uid/ballots/recorded': manageVote('/ballots/recorded', 'open', (v) => ({
        ballots: [{ personUid: v.person, choice: ['approve'] }],
      })),
      'POST /api/deliberation/votes/:uid/ballots': {
        access: 'deliberation:self',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/votes/${(await vote(w, anyActor(a).community, { secret: true })).uid}/ballots`,
          body: { choice: ['approve'] },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/votes/${(await vote(w, a.out, { secret: true })).uid}/ballots`,
          body: { choice: ['approve'] },
        }),
      },
      'GET /api/deliberation/votes/:uid/verify': {
        access: 'public',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/votes/${(await vote(w, anyActor(a).community, { secret: true })).uid}/verify?receipt=GZV-0000-0000-0000-0000-0000-0000`,
        }),
      },
      'GET /api/public/deliberation/votes/:uid/ballots': {
        access: 'public',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/public/deliberation/votes/${(await vote(w, anyActor(a).community, { status: 'closed' })).uid}/ballots`,
        }),
      },
      'GET /api/deliberation/draws': {
        access: 'deliberation:read',
        inScope: async (w, a) => {
          if (a)
            listSeen.set(`draw:${a.role}`, {
              present: a.role === 'grid_worker' ? undefined : await draw(w, a.community),
              absent: await draw(w, a.out),
            });
          return { method: 'GET', url: '/api/deliberation/draws?pageSize=200' };
        },
        listed: {
          ids: (b) => b.items.map((d: { uid: string }) => d.uid),
          present: (_w, a) => listSeen.get(`draw:${a.role}`)?.present,
          absent: (_w, a) => listSeen.get(`draw:${a.role}`)?.absent ?? '',
        },
      },
      'GET /api/deliberation/draws/:uid': {
        access: 'deliberation:read',
        status: (a) => (a?.role === 'grid_worker' ? 404 : 200),
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/draws/${await draw(w, anyActor(a).community)}`,
        }),
        outOfScope: async (w, a) => ({ method: 'GET', url: `/api/deliberation/draws/${await draw(w, a.out)}` }),
      },
      'POST /api/deliberation/draws': {
        access: 'deliberation:manage',
        status: 201,
        inScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/draws',
          body: {
            uid: randomUUID(),
            title: '矩阵抽签',
            unit: (await unitOf(w, community(anyActor(a).community))).uid,
            entrants: [
              { key: 'a', label: '甲' },
              { key: 'b', label: '乙' },
            ],
            winners: 1,
            seedHash: seedHash(DRAW_SEED),
          },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/draws',
          body: {
            uid: randomUUID(),
            title: '矩阵抽签',
            unit: (await unitOf(w, community(a.out))).uid,
            entrants: [
              { key: 'a', label: '甲' },
              { key: 'b', label: '乙' },
            ],
            winners: 1,
            seedHash: seedHash(DRAW_SEED),
          },
        }),
      },
      'POST /api/deliberation/draws/:uid/draw': {
        access: 'deliberation:manage',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/draws/${await draw(w, anyActor(a).community)}/draw`,
          body: { seed: DRAW_SEED },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/draws/${await draw(w, a.out)}/draw`,
          body: { seed: DRAW_SEED },
        }),
      },
      'GET /api/public/deliberation/draws/:uid': {
        access: 'public',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/public/deliberation/draws/${await draw(w, anyActor(a).community)}`,
        }),
      },
    } satisfies Record<string, Policy>;
  })(),
  // ── deliberation: micro + board ──
  ...(() => {
    const db = (w: World) => w.t.deps.db;
    const community = (code: string) => code.slice(0, 12);
    const reads = (a: Actor | undefined) =>
      a !== undefined && (roleHas(a.role, 'deliberation:read') || roleHas(a.role, 'deliberation:self'));
    /** A grid worker's grid holds no budget: budgets hang on the community. */
    const readStatus = (a: Actor | undefined) => (!reads(a) ? 403 : a?.role === 'grid_worker' ? 404 : 200);
    const userId = async (w: World, username: string) =>
      (await db(w).selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    /** A free year of the community (one budget per community and year). */
    const years = new Map<string, number>();
    const freeYear = (c: string) => {
      const y = (years.get(c) ?? 2099) - 1;
      years.set(c, y);
      return y;
    };
    /** A budget of the community of `code` in `phase`, made by SQL; shared per community and phase unless `fresh`. */
    const budgets = new Map<string, Promise<{ id: number; uid: string; path: string }>>();
    const budget = (w: World, code: string, phase = 'proposing', fresh = false) => {
      const c = community(code);
      const k = `${c}:${phase}`;
      const made =
        (!fresh && budgets.get(k)) ||
        (async () => {
          const unit = await db(w)
            .selectFrom('org_unit')
            .select(['id', 'path'])
            .where('code', '=', c)
            .where('status', '=', 'active')
            .executeTakeFirstOrThrow();
          const now = w.t.clock();
          const row = await db(w)
            .insertInto('micro_budget')
            .values({
              community_id: unit.id,
              org_path: unit.path,
              year: freeYear(c),
              title: '矩阵民生微实事',
              amount_cents: 10_000_000,
              phase,
              created_by: await userId(w, 'district'),
              created_at: now,
              updated_at: now,
            })
            .returning(['id', 'uid'])
            .executeTakeFirstOrThrow();
          return { id: row.id, uid: row.uid, path: unit.path };
        })();
      if (!fresh) budgets.set(k, made);
      return made;
    };
    const PHASE_OF: Record<string, string> = {
      proposed: 'proposing',
      selected: 'selected',
      in_progress: 'selected',
      completed: 'selected',
    };
    /** A project of resident.demo's in a budget of the community of `code`, in `status`, made by SQL. */
    const project = async (w: World, code: string, status = 'proposed') => {
      const b = await budget(w, code, PHASE_OF[status]);
      const now = w.t.clock();
      const row = await db(w)
        .insertInto('micro_project')
        .values({
          uid: randomUUID(),
          budget_id: b.id,
          org_path: b.path,
          title: '矩阵项目',
          description: '矩阵项目说明',
          estimate_cents: 100_000,
          price_cents: status === 'proposed' ? null : 100_000,
          votes: status === 'proposed' ? null : 1,
          proposer_user_id: await userId(w, 'resident.demo'),
          proposer_name: '王桂芳',
          status,
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      return { id: row.id, uid: row.uid };
    };
    /** A milestone photo (uploaded by staff.jinxi) of a project of 金溪社区, made once. */
    let photoMade: Promise<{ project: string; photo: string }> | undefined;
    const photo = (w: World) => {
      photoMade ??= (async () => {
        const { createDiskFileStore } = await import('./platform/files/store.ts');
        const { JPEG } = await import('../test/visit-fixtures.ts');
        const stored = await createDiskFileStore(`${w.t.config.dataDir}/files`).put(JPEG);
        const staff = await db(w)
          .selectFrom('app_user')
          .select(['id', 'org_path'])
          .where('username', '=', 'staff.jinxi')
          .executeTakeFirstOrThrow();
        const p = await project(w, '440704001001', 'in_progress');
        const uid = randomUUID();
        const file = await db(w)
          .insertInto('stored_file')
          .values({
            uid,
            sha256: stored.sha256,
            content_type: 'image/jpeg',
            bytes: stored.bytes,
            purpose: 'micro_photo',
            org_path: staff.org_path,
            created_by: staff.id,
            created_at: w.t.clock(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const m = await db(w)
          .insertInto('micro_milestone')
          .values({
            uid: randomUUID(),
            project_id: p.id,
            title: '矩阵进展',
            happened_on: '2026-11-20',
            created_by: staff.id,
            created_at: w.t.clock(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db(w)
          .insertInto('micro_photo')
          .values({ project_id: p.id, milestone_id: m.id, file_id: file.id })
          .execute();
        return { project: p.uid, photo: uid };
      })();
      return photoMade;
    };
    /** A public topic of 金溪社区 whose resolution is published (决议公开), made by SQL once. */
    let topicMade: Promise<string> | undefined;
    const publishedTopic = (w: World) => {
      topicMade ??= (async () => {
        const c = await db(w)
          .selectFrom('org_unit')
          .select(['id', 'path'])
          .where('code', '=', '440704001001')
          .executeTakeFirstOrThrow();
        const now = w.t.clock();
        const row = await db(w)
          .insertInto('topic')
          .values({
            uid: randomUUID(),
            community_id: c.id,
            org_path: c.path,
            title: '矩阵公开议题',
            description: '矩阵公开议题说明',
            source: 'staff',
            status: 'decided',
            public: true,
            procedure_code: 'four_two',
            steps: '[]',
            resolution: '矩阵决议',
            resolution_published_at: now,
            created_at: now,
            updated_at: now,
          })
          .returning('uid')
          .executeTakeFirstOrThrow();
        return row.uid;
      })();
      return topicMade;
    };
    const listSeen = new Map<string, { present: string | undefined; absent: string }>();
    /** A staff action on a project in `status` of the actor's community (outside: of a.out's). */
    const projectAct = (verb: string, status: string, body: () => unknown): Policy => ({
      access: 'deliberation:manage',
      status: verb === 'milestones' ? 201 : 200,
      inScope: async (w, a) => ({
        method: 'POST',
        url: `/api/deliberation/projects/${(await project(w, anyActor(a).community, status)).uid}/${verb}`,
        body: body(),
      }),
      outOfScope: async (w, a) => ({
        method: 'POST',
        url: `/api/deliberation/projects/${(await project(w, a.out, status)).uid}/${verb}`,
        body: body(),
      }),
    });
    return {
      'GET /api/deliberation/budgets': {
        access: 'session',
        status: (a) => (reads(a) ? 200 : 403),
        inScope: async (w, a) => {
          if (a)
            listSeen.set(a.role, {
              present: readStatus(a) === 200 ? (await budget(w, a.community)).uid : undefined,
              absent: (await budget(w, a.out)).uid,
            });
          return { method: 'GET', url: '/api/deliberation/budgets?pageSize=200' };
        },
        listed: {
          ids: (b) => b.items?.map((x: { uid: string }) => x.uid) ?? [],
          present: (_w, a) => listSeen.get(a.role)?.present,
          absent: (_w, a) => listSeen.get(a.role)?.absent ?? '',
        },
      },
      'POST /api/deliberation/budgets': {
        access: 'deliberation:manage',
        status: 201,
        inScope: async (w, a) => {
          const c = community(anyActor(a).community);
          return {
            method: 'POST',
            url: '/api/deliberation/budgets',
            body: {
              uid: randomUUID(),
              unit: w.uid(c),
              year: freeYear(c),
              title: '矩阵预算',
              amountCents: 100_000,
              ballotStyle: 'approval',
            },
          };
        },
        outOfScope: async (w, a) => {
          const c = community(a.out);
          return {
            method: 'POST',
            url: '/api/deliberation/budgets',
            body: {
              uid: randomUUID(),
              unit: w.uid(c),
              year: freeYear(c),
              title: '矩阵预算',
              amountCents: 100_000,
              ballotStyle: 'approval',
            },
          };
        },
      },
      'GET /api/deliberation/budgets/:uid': {
        access: 'session',
        status: readStatus,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/budgets/${(await budget(w, anyActor(a).community)).uid}`,
        }),
      },
      'PATCH /api/deliberation/budgets/:uid': {
        access: 'deliberation:manage',
        inScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/deliberation/budgets/${(await budget(w, anyActor(a).community)).uid}`,
          body: { title: '矩阵预算(改)' },
        }),
        outOfScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/deliberation/budgets/${(await budget(w, a.out)).uid}`,
          body: { title: '矩阵预算(改)' },
        }),
      },
      'POST /api/deliberation/budgets/:uid/phase': {
        access: 'deliberation:manage',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/budgets/${(await budget(w, anyActor(a).community, 'proposing', true)).uid}/phase`,
          body: { to: 'reviewing' },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/budgets/${(await budget(w, a.out)).uid}/phase`,
          body: { to: 'reviewing' },
        }),
      },
      // Residents of the community and staff who run it propose; other readers are refused.
      'POST /api/deliberation/budgets/:uid/projects': {
        access: 'session',
        status: (a) =>
          a && (a.role === 'resident' || roleHas(a.role, 'deliberation:manage'))
            ? 201
            : a?.role === 'grid_worker'
              ? 404
              : 403,
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/budgets/${(await budget(w, anyActor(a).community)).uid}/projects`,
          body: { uid: randomUUID(), title: '矩阵提议', description: '矩阵提议说明', estimateCents: 100_000 },
        }),
      },
      'GET /api/deliberation/projects': {
        access: 'session',
        status: (a) => (reads(a) ? 200 : 403),
        inScope: () => ({ method: 'GET', url: '/api/deliberation/projects' }),
      },
      'GET /api/deliberation/projects/:uid': {
        access: 'session',
        status: readStatus,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/projects/${(await project(w, anyActor(a).community)).uid}`,
        }),
      },
      // Only residents hold deliberation:self: resident.demo edits their own proposal.
      'PATCH /api/deliberation/projects/:uid': {
        access: 'deliberation:self',
        inScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/deliberation/projects/${(await project(w, anyActor(a).community)).uid}`,
          body: { title: '矩阵提议(改)' },
        }),
        outOfScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/deliberation/projects/${(await project(w, a.out)).uid}`,
          body: { title: '矩阵提议(改)' },
        }),
      },
      'POST /api/deliberation/projects/:uid/review': projectAct('review', 'proposed', () => ({
        verdict: 'feasible',
        priceCents: 100_000,
      })),
      'POST /api/deliberation/projects/:uid/start': projectAct('start', 'selected', () => ({})),
      'POST /api/deliberation/projects/:uid/complete': projectAct('complete', 'in_progress', () => ({})),
      'POST /api/deliberation/projects/:uid/accept': projectAct('accept', 'completed', () => ({ note: '矩阵验收' })),
      'POST /api/deliberation/projects/:uid/milestones': projectAct('milestones', 'in_progress', () => ({
        uid: randomUUID(),
        title: '矩阵进展',
        spentCents: 0,
        happenedOn: '2026-11-20',
        photos: [],
      })),
      'PUT /api/deliberation/photos/:id': {
        access: 'deliberation:manage',
        status: 201,
        inScope: async () => {
          const { JPEG } = await import('../test/visit-fixtures.ts');
          return {
            method: 'PUT',
            url: `/api/deliberation/photos/${randomUUID()}`,
            raw: { payload: JPEG, contentType: 'image/jpeg' },
          };
        },
      },
      // The uploader, staff whose area holds the budget, and the community's residents.
      'GET /api/deliberation/photos/:id': {
        access: 'session',
        status: (a) => (reads(a) && a?.role !== 'grid_worker' ? 200 : 404),
        inScope: async (w) => ({ method: 'GET', url: `/api/deliberation/photos/${(await photo(w)).photo}` }),
      },
      'GET /api/public/deliberation': {
        access: 'public',
        inScope: () => ({ method: 'GET', url: '/api/public/deliberation?community=440704001001' }),
      },
      'GET /api/public/deliberation/topics/:uid': {
        access: 'public',
        inScope: async (w) => ({ method: 'GET', url: `/api/public/deliberation/topics/${await publishedTopic(w)}` }),
      },
      'GET /api/public/deliberation/budgets/:uid': {
        access: 'public',
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/public/deliberation/budgets/${(await budget(w, anyActor(a).community)).uid}`,
        }),
      },
      'GET /api/public/deliberation/projects/:uid/photos/:photoUid': {
        access: 'public',
        inScope: async (w) => {
          const p = await photo(w);
          return { method: 'GET', url: `/api/public/deliberation/projects/${p.project}/photos/${p.photo}` };
        },
      },
    } satisfies Record<string, Policy>;
  })(),
  // ── deliberation: councils + topics ──
  ...(() => {
    const db = (w: World) => w.t.deps.db;
    const community = (code: string) => code.slice(0, 12);
    const unitOf = (w: World, code: string) =>
      db(w)
        .selectFrom('org_unit')
        .select(['id', 'uid', 'path'])
        .where('code', '=', code)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
    const userIdOf = async (w: World, username: string) =>
      (await db(w).selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    /** A council of the community of `code`, made by SQL, with one member when `member`. */
    async function council(w: World, code: string, member = false): Promise<{ uid: string; member: string }> {
      const c = await unitOf(w, community(code));
      const now = w.t.clock();
      const row = await db(w)
        .insertInto('council')
        .values({
          community_id: c.id,
          org_path: c.path,
          kind: 'council',
          name: '矩阵议事会',
          term_start: '2026-01-01',
          term_end: '2028-12-31',
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'uid'])
        .executeTakeFirstOrThrow();
      const p = member ? await personOf(w, code) : undefined;
      const m = p
        ? await db(w)
            .insertInto('council_member')
            .values({ council_id: row.id, person_id: p.id, seat: 'notable', since: '2026-01-01', created_at: now })
            .returning('uid')
            .executeTakeFirstOrThrow()
        : undefined;
      return { uid: row.uid, member: m?.uid ?? randomUUID() };
    }
    /** A resident person of the community of `code` (蓬江区 has none: undefined). */
    const personOf = async (w: World, code: string) => {
      const c = await unitOf(w, community(code));
      return db(w)
        .selectFrom('person')
        .select(['id', 'uid'])
        .where('status', '=', 'resident')
        .where('org_path', 'like', `${c.path}.%`)
        .orderBy('id')
        .executeTakeFirst();
    };
    /**
     * A public topic of the community of `code`, made by SQL: open at its first step, or a proposal
     * gathering co-signatures (proposed by resident.demo when `mine`).
     */
    async function topic(w: World, code: string, opts: { proposed?: boolean; mine?: boolean } = {}): Promise<string> {
      const c = await unitOf(w, community(code));
      const now = w.t.clock();
      const steps = [
        { key: 'propose', name: '提议', nameEn: 'Propose', actor: 'staff', needs: [], decidedBy: 'record' },
      ];
      const row = await db(w)
        .insertInto('topic')
        .values({
          uid: randomUUID(),
          community_id: c.id,
          org_path: c.path,
          title: '矩阵议题',
          description: '矩阵议题说明',
          source: opts.proposed ? 'proposal' : 'staff',
          proposer_user_id: opts.mine ? await userIdOf(w, 'resident.demo') : null,
          status: opts.proposed ? 'proposed' : 'open',
          public: true,
          support_threshold: opts.proposed ? 10 : 0,
          procedure_code: opts.proposed ? null : 'matrix',
          steps: opts.proposed ? null : JSON.stringify(steps),
          created_at: now,
          updated_at: now,
        })
        .returning('uid')
        .executeTakeFirstOrThrow();
      return row.uid;
    }
    /** Staff read (deliberation:read) their subtree, residents (deliberation:self) their community. */
    const reads = (a: Actor | undefined) =>
      a !== undefined && (roleHas(a.role, 'deliberation:read') || roleHas(a.role, 'deliberation:self'));
    // A grid worker reads their grid: the community's councils and topics are not theirs.
    const readStatus = (a: Actor | undefined) => (!reads(a) ? 403 : a?.role === 'grid_worker' ? 404 : 200);
    const councilsSeen = new Map<string, { present: string | undefined; absent: string }>();
    const topicsSeen = new Map<string, { present: string | undefined; absent: string }>();
    const manageTopic = (path: string, body: unknown, opts: { proposed?: boolean } = {}): Policy => ({
      access: 'deliberation:manage',
      inScope: async (w, a) => ({
        method: 'POST',
        url: `/api/deliberation/topics/${await topic(w, anyActor(a).community, opts)}${path}`,
        body,
      }),
      outOfScope: async (w, a) => ({
        method: 'POST',
        url: `/api/deliberation/topics/${await topic(w, a.out, opts)}${path}`,
        body,
      }),
    });
    return {
      'GET /api/deliberation/councils': {
        access: 'session',
        status: (a) => (reads(a) ? 200 : 403),
        inScope: async (w, a) => {
          if (a)
            councilsSeen.set(a.role, {
              present: readStatus(a) === 200 ? (await council(w, a.community)).uid : undefined,
              absent: (await council(w, a.out)).uid,
            });
          return { method: 'GET', url: '/api/deliberation/councils?pageSize=200' };
        },
        listed: {
          ids: (b) => b.items?.map((c: { uid: string }) => c.uid) ?? [],
          present: (_w, a) => councilsSeen.get(a.role)?.present,
          absent: (_w, a) => councilsSeen.get(a.role)?.absent ?? '',
        },
      },
      'GET /api/deliberation/councils/:uid': {
        access: 'session',
        status: readStatus,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/councils/${(await council(w, anyActor(a).community)).uid}`,
        }),
      },
      'POST /api/deliberation/councils': {
        access: 'deliberation:manage',
        status: 201,
        inScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/councils',
          body: {
            uid: randomUUID(),
            unit: (await unitOf(w, community(anyActor(a).community))).uid,
            kind: 'council',
            name: '矩阵议事会',
            termStart: '2026-01-01',
            termEnd: '2028-12-31',
          },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/councils',
          body: {
            uid: randomUUID(),
            unit: (await unitOf(w, community(a.out))).uid,
            kind: 'council',
            name: '矩阵议事会',
            termStart: '2026-01-01',
            termEnd: '2028-12-31',
          },
        }),
      },
      'PATCH /api/deliberation/councils/:uid': {
        access: 'deliberation:manage',
        inScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/deliberation/councils/${(await council(w, anyActor(a).community)).uid}`,
          body: { name: '矩阵议事会(改)' },
        }),
        outOfScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/deliberation/councils/${(await council(w, a.out)).uid}`,
          body: { name: '矩阵议事会(改)' },
        }),
      },
      'POST /api/deliberation/councils/:uid/members': {
        access: 'deliberation:manage',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/councils/${(await council(w, anyActor(a).community)).uid}/members`,
          body: {
            personUid: (await personOf(w, anyActor(a).community))?.uid ?? randomUUID(),
            seat: 'women',
            since: '2026-02-01',
          },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/councils/${(await council(w, a.out)).uid}/members`,
          body: { personUid: randomUUID(), seat: 'women', since: '2026-02-01' },
        }),
      },
      'POST /api/deliberation/councils/:uid/members/:memberUid/leave': {
        access: 'deliberation:manage',
        inScope: async (w, a) => {
          const c = await council(w, anyActor(a).community, true);
          return {
            method: 'POST',
            url: `/api/deliberation/councils/${c.uid}/members/${c.member}/leave`,
            body: { until: '2026-11-01' },
          };
        },
        outOfScope: async (w, a) => {
          const c = await council(w, a.out);
          return {
            method: 'POST',
            url: `/api/deliberation/councils/${c.uid}/members/${c.member}/leave`,
            body: { until: '2026-11-01' },
          };
        },
      },
      // Everyone who deliberates reads their district's procedures.
      'GET /api/deliberation/procedures': {
        access: 'session',
        status: (a) => (reads(a) ? 200 : 403),
        inScope: () => ({ method: 'GET', url: '/api/deliberation/procedures' }),
      },
      // deliberation:manage at the district's path: community staff manage topics, not procedures.
      'PUT /api/deliberation/procedures/:code': {
        access: 'deliberation:manage',
        status: (a) => (a?.role === 'community_staff' ? 403 : 200),
        inScope: async (w, a) => ({
          method: 'PUT',
          url: '/api/deliberation/procedures/matrix',
          body: {
            unit: (await unitOf(w, community(anyActor(a).community))).uid,
            name: '矩阵程序',
            nameEn: 'Matrix',
            steps: [
              { key: 'propose', name: '提议', nameEn: 'Propose', actor: 'staff', needs: [], decidedBy: 'record' },
            ],
          },
        }),
        outOfScope: async (w, a) => ({
          method: 'PUT',
          url: '/api/deliberation/procedures/matrix',
          body: {
            unit: (await unitOf(w, community(a.out))).uid,
            name: '矩阵程序',
            nameEn: 'Matrix',
            steps: [
              { key: 'propose', name: '提议', nameEn: 'Propose', actor: 'staff', needs: [], decidedBy: 'record' },
            ],
          },
        }),
      },
      'GET /api/deliberation/topics': {
        access: 'session',
        status: (a) => (reads(a) ? 200 : 403),
        inScope: async (w, a) => {
          if (a)
            topicsSeen.set(a.role, {
              present: readStatus(a) === 200 ? await topic(w, a.community) : undefined,
              absent: await topic(w, a.out),
            });
          return { method: 'GET', url: '/api/deliberation/topics?pageSize=200' };
        },
        listed: {
          ids: (b) => b.items?.map((x: { uid: string }) => x.uid) ?? [],
          present: (_w, a) => topicsSeen.get(a.role)?.present,
          absent: (_w, a) => topicsSeen.get(a.role)?.absent ?? '',
        },
      },
      'GET /api/deliberation/topics/:uid': {
        access: 'session',
        status: readStatus,
        inScope: async (w, a) => ({
          method: 'GET',
          url: `/api/deliberation/topics/${await topic(w, anyActor(a).community)}`,
        }),
      },
      'POST /api/deliberation/topics': {
        access: 'deliberation:manage',
        status: 201,
        inScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/topics',
          body: {
            uid: randomUUID(),
            title: '矩阵议题',
            description: '矩阵议题说明',
            unit: (await unitOf(w, community(anyActor(a).community))).uid,
          },
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: '/api/deliberation/topics',
          body: {
            uid: randomUUID(),
            title: '矩阵议题',
            description: '矩阵议题说明',
            unit: (await unitOf(w, community(a.out))).uid,
          },
        }),
      },
      // Only residents hold deliberation:self: resident.demo proposes in their own community.
      'POST /api/deliberation/topics/me': {
        access: 'deliberation:self',
        status: 201,
        inScope: () => ({
          method: 'POST',
          url: '/api/deliberation/topics/me',
          body: { uid: randomUUID(), title: '矩阵提议', description: '矩阵提议说明' },
        }),
      },
      // The proposer (resident.demo) or the staff who run it; a street official reads but may not.
      'PATCH /api/deliberation/topics/:uid': {
        access: 'session',
        status: (a) =>
          !reads(a)
            ? 403
            : a?.role === 'grid_worker'
              ? 404
              : a?.role === 'resident' || (a !== undefined && roleHas(a.role, 'deliberation:manage'))
                ? 200
                : 403,
        inScope: async (w, a) => ({
          method: 'PATCH',
          url: `/api/deliberation/topics/${await topic(w, anyActor(a).community, { proposed: true, mine: true })}`,
          body: { description: '矩阵议题说明(修订)' },
        }),
      },
      'POST /api/deliberation/topics/:uid/support': {
        access: 'deliberation:self',
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/topics/${await topic(w, anyActor(a).community, { proposed: true })}/support`,
        }),
        outOfScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/topics/${await topic(w, a.out, { proposed: true })}/support`,
        }),
      },
      'POST /api/deliberation/topics/:uid/start': manageTopic('/start', {}, { proposed: true }),
      'POST /api/deliberation/topics/:uid/reject': manageTopic(
        '/reject',
        { reason: '矩阵不予立项' },
        { proposed: true },
      ),
      // The proposer only (resident.demo); staff who see it are refused, a grid worker does not see it.
      'POST /api/deliberation/topics/:uid/withdraw': {
        access: 'session',
        status: (a) => (a?.role === 'resident' ? 200 : a?.role === 'grid_worker' ? 404 : 403),
        inScope: async (w, a) => ({
          method: 'POST',
          url: `/api/deliberation/topics/${await topic(w, anyActor(a).community, { proposed: true, mine: true })}/withdraw`,
          body: {},
        }),
      },
      'POST /api/deliberation/topics/:uid/steps/:index/complete': manageTopic('/steps/0/complete', {}),
    } satisfies Record<string, Policy>;
  })(),
};

const expectedStatus = (p: Policy, a: Actor | undefined) =>
  typeof p.status === 'function' ? p.status(a) : (p.status ?? 200);
const may = (p: Policy, a: Actor) => p.access === 'public' || p.access === 'session' || roleHas(a.role, p.access);

describe(`the permission matrix (${dbLabel})`, () => {
  let t: TestPlatform;
  let w: World;
  const sessions = new Map<Role, Client>();

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    const db = t.deps.db;

    // 蓬江区: a second district, outside every demo account's grant.
    const insertUnit = async (
      kind: string,
      name: string,
      code: string,
      parent: { id: number; path: string } | null,
      segment: string,
      districtId: number | null,
    ) =>
      db
        .insertInto('org_unit')
        .values({
          kind,
          name,
          code,
          parent_id: parent?.id ?? null,
          path: parent ? `${parent.path}.${segment}` : segment,
          district_id: districtId,
          created_at: t.clock(),
        })
        .returning(['id', 'path'])
        .executeTakeFirstOrThrow();
    const d = await insertUnit('district', '蓬江区', '440703000000', null, '440703', null);
    const s = await insertUnit('street', '环市街道', '440703001000', d, '440703001', d.id);
    const c = await insertUnit('community', '东风社区', '440703001001', s, '440703001001', d.id);
    const g1 = await insertUnit('grid', '东风社区第一网格', '440703001001001', c, 'g001', d.id);
    await insertUnit('grid', '东风社区第二网格', '440703001001002', c, 'g002', d.id);
    const party = async (kind: string, name: string, parentId: number | null, u: { id: number; path: string }) =>
      (
        await db
          .insertInto('party_org')
          .values({ kind, name, parent_id: parentId, unit_id: u.id, org_path: u.path, created_at: t.clock() })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const committee = await party(
      'committee',
      '东风社区党委',
      await party('working_committee', '环市街道党工委', null, s),
      c,
    );
    await party('branch', '东风社区第一网格党支部', committee, g1);
    const foreign = await db
      .insertInto('app_user')
      .values({
        username: 'matrix.foreign',
        display_name: '外区账号',
        password_hash: 'scrypt$unusable',
        password_changed_at: t.clock(),
        unit_id: g1.id,
        org_path: g1.path,
      })
      .returning(['id', 'uid'])
      .executeTakeFirstOrThrow();
    const foreignGrant = await db
      .insertInto('role_grant')
      .values({ user_id: foreign.id, role: 'grid_worker', unit_id: g1.id, org_path: g1.path, granted_at: t.clock() })
      .returning('uid')
      .executeTakeFirstOrThrow();
    const system = { id: null, name: 'matrix', roles: [], ip: null, requestId: null };
    await recordAudit(
      db,
      system,
      { action: 'matrix.local', orgPath: '440704.440704003', targetId: 'local-marker' },
      t.clock(),
    );
    await recordAudit(
      db,
      system,
      { action: 'matrix.foreign', orgPath: '440703.440703001', targetId: 'foreign-marker' },
      t.clock(),
    );

    for (const a of ACTORS) sessions.set(a.role, await t.as(a.username));
    const admin = sessions.get('sysadmin') as Client;
    const local = await createAccount(t, admin, {
      username: 'matrix.local',
      unit: '440704003001001',
      role: 'grid_worker',
    });
    await createAccount(t, admin, {
      username: 'matrix.resident',
      unit: '440704003001001',
      role: 'resident',
      password: DEMO_PASSWORD,
    });

    const units = await db.selectFrom('org_unit').select(['code', 'uid']).where('status', '=', 'active').execute();
    const uids = new Map(units.map((u) => [u.code, u.uid]));
    const branches = await db
      .selectFrom('party_org as p')
      .innerJoin('org_unit as u', 'u.id', 'p.unit_id')
      .select(['u.code', 'p.uid'])
      .where('p.kind', '=', 'branch')
      .execute();
    const branchOf = new Map(branches.map((b) => [b.code, b.uid]));
    let serial = 100;
    let users = 0;
    w = {
      t,
      uid: (code) => {
        const uid = uids.get(code);
        if (!uid) throw new Error(`no unit ${code}`);
        return uid;
      },
      nextCode: (community) => `${community}${serial++}`,
      async freshGrid(community) {
        const parent = await db
          .selectFrom('org_unit')
          .select(['id', 'path', 'district_id'])
          .where('code', '=', community)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        const code = `${community}${serial++}`;
        const row = await db
          .insertInto('org_unit')
          .values({
            kind: 'grid',
            name: `矩阵网格${code.slice(12)}`,
            code,
            parent_id: parent.id,
            path: `${parent.path}.g${code.slice(12)}`,
            district_id: parent.district_id,
            created_at: t.clock(),
          })
          .returning('uid')
          .executeTakeFirstOrThrow();
        return row.uid;
      },
      branch: (code) => {
        const uid = branchOf.get(code);
        if (!uid) throw new Error(`no party branch on ${code}`);
        return uid;
      },
      localUser: { id: local.id, username: local.username },
      foreignUser: { id: foreign.uid, grantId: foreignGrant.uid },
      async freshLocalUser() {
        const home = await db
          .selectFrom('org_unit')
          .select(['id', 'path'])
          .where('code', '=', '440704003001002')
          .executeTakeFirstOrThrow();
        const u = await db
          .insertInto('app_user')
          .values({
            username: `matrix.fresh${++users}`,
            display_name: '矩阵临时账号',
            password_hash: 'scrypt$unusable',
            password_changed_at: t.clock(),
            unit_id: home.id,
            org_path: home.path,
          })
          .returning(['id', 'uid'])
          .executeTakeFirstOrThrow();
        const g = await db
          .insertInto('role_grant')
          .values({ user_id: u.id, role: 'grid_worker', unit_id: home.id, org_path: home.path, granted_at: t.clock() })
          .returning('uid')
          .executeTakeFirstOrThrow();
        return { id: u.uid, grantId: g.uid };
      },
      signIn: (a) => t.as(a.username),
    };
  });
  afterAll(() => t.close());

  async function send(req: Req, session: Client | undefined) {
    const client = req.anonymous ? undefined : (req.session ?? session);
    const res = await t.app.inject({
      method: req.method,
      url: req.url,
      headers: {
        ...(client?.cookie ? { cookie: client.cookie } : {}),
        ...(client?.csrf && req.method !== 'GET' && req.method !== 'HEAD' ? { 'x-csrf-token': client.csrf } : {}),
        ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(req.raw ? { 'content-type': req.raw.contentType } : {}),
      },
      ...(req.body !== undefined ? { payload: JSON.stringify(req.body) } : {}),
      ...(req.raw ? { payload: req.raw.payload } : {}),
    });
    const json =
      res.headers['content-type']?.toString().includes('json') && res.body ? JSON.parse(res.body) : undefined;
    return { status: res.statusCode, body: json, text: res.body };
  }

  const describeReply = (r: { status: number; text: string }) => `${r.status} ${r.text.slice(0, 300)}`;

  it('every route of the app has a row in the policy table, with the access the route declares', () => {
    const routes = t.app.routeList;
    expect(routes.length).toBeGreaterThan(30);
    const missing: string[] = [];
    const wrongAccess: string[] = [];
    for (const r of routes) {
      if (r.method === 'HEAD') {
        // Fastify answers HEAD from the GET handler, with the GET route's access.
        const get = POLICY[`GET ${r.url}`] ?? POLICY[`GET ${r.url.replace(/\/$/, '')}`];
        if (!get) missing.push(`${r.method} ${r.url}`);
        continue;
      }
      const key = `${r.method} ${r.url}`;
      const policy = POLICY[key];
      if (!policy) missing.push(key);
      else if (policy.access !== (r.access ?? 'public'))
        wrongAccess.push(`${key}: table says ${policy.access}, route declares ${r.access}`);
    }
    expect(missing, 'routes without a row in the policy table').toEqual([]);
    expect(wrongAccess).toEqual([]);
    const served = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(
      Object.keys(POLICY).filter((k) => !served.has(k)),
      'rows for routes the app no longer serves',
    ).toEqual([]);
  });

  it('each role’s targets lie where the table says: inside its grant, or outside it', async () => {
    for (const a of ACTORS) {
      const me = await sessions.get(a.role)?.get('/api/auth/me');
      const grantPaths: string[] = me?.body.roles.map((r: { unitPath: string }) => r.unitPath) ?? [];
      expect(grantPaths, a.username).toHaveLength(1);
      const pathOf = async (code: string) =>
        (
          await t.deps.db
            .selectFrom('org_unit')
            .select('path')
            .where('code', '=', code)
            .where('status', '=', 'active')
            .executeTakeFirstOrThrow()
        ).path;
      expect(isWithin(await pathOf(a.unit), grantPaths[0] as string), `${a.username} in ${a.unit}`).toBe(true);
      expect(isWithin(await pathOf(a.out), grantPaths[0] as string), `${a.username} out ${a.out}`).toBe(false);
    }
  });

  for (const [route, policy] of Object.entries(POLICY)) {
    describe(route, () => {
      it(`an anonymous caller ${policy.access === 'public' ? 'is served' : 'gets 401'}`, async () => {
        const res = await send(await policy.inScope(w, undefined), undefined);
        if (policy.access === 'public') expect(res.status, describeReply(res)).toBe(expectedStatus(policy, undefined));
        else {
          expect(res.status, describeReply(res)).toBe(401);
          expect(res.body.error.code).toBe('UNAUTHENTICATED');
        }
      });

      for (const a of ACTORS) {
        const allowed = may(policy, a);
        const scoped = policy.access !== 'public' && policy.access !== 'session';
        const outcome = !allowed
          ? 'gets 403'
          : !scoped
            ? `gets ${expectedStatus(policy, a)}`
            : `gets ${expectedStatus(policy, a)} inside their area and ${policy.outOfScope ? '404' : 'nothing'} outside it`;
        it(`${a.label} (${a.username}) ${outcome}`, async () => {
          const session = sessions.get(a.role);
          const inside = await send(await policy.inScope(w, a), session);
          if (!allowed) {
            expect(inside.status, describeReply(inside)).toBe(403);
            expect(inside.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: policy.access } });
            if (policy.outOfScope) {
              const outside = await send(await policy.outOfScope(w, a), session);
              expect(outside.status, describeReply(outside)).toBe(403);
            }
            return;
          }
          expect(inside.status, describeReply(inside)).toBe(expectedStatus(policy, a));
          if (policy.listed) {
            const ids = policy.listed.ids(inside.body);
            const present = policy.listed.present(w, a);
            if (present !== undefined) expect(ids, 'in-scope record missing from the list').toContain(present);
            expect(ids, 'out-of-scope record in the list').not.toContain(policy.listed.absent(w, a));
          }
          if (policy.outOfScope) {
            const outside = await send(await policy.outOfScope(w, a), session);
            expect(outside.status, describeReply(outside)).toBe(404);
            // A missing route also answers 404: the record-level code proves the route was reached.
            expect(outside.body.error.code).not.toBe('NOT_FOUND');
            expect(outside.body.error.code).toMatch(/_NOT_FOUND$/);
          }
        });
      }

      if (route.startsWith('GET ')) {
        it('HEAD answers with the same access as GET', async () => {
          const head = async (a: Actor | undefined) => {
            const req = await policy.inScope(w, a);
            return (await send({ ...req, method: 'HEAD' }, a ? sessions.get(a.role) : undefined)).status;
          };
          expect(await head(undefined)).toBe(policy.access === 'public' ? expectedStatus(policy, undefined) : 401);
          for (const a of ACTORS)
            expect(await head(a), a.username).toBe(may(policy, a) ? expectedStatus(policy, a) : 403);
        });
      }
    });
  }
});
