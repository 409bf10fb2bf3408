/**
 * The org hierarchy (district → street → community/village → grid, departments under the
 * district) and its party organisations. Units are never deleted: they are retired, and
 * every structural change (create, rename, move, split, merge, delete) is recorded with
 * which units became which. Owns org_unit, org_change, org_lineage, party_org.
 */
import type { OrgChange, OrgTreeNode, OrgUnit } from '@gongzhi/api';
import {
  CHILD_KINDS,
  checkUnitCode,
  childPath,
  isWithin,
  PARTY_CHILD_KINDS,
  PARTY_UNIT_KINDS,
  type PartyKind,
  type Permission,
  pathSegment,
  significantPrefix,
  type UnitKind,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, assertInScope, canAt, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import { revokeUserSessions } from '../../platform/auth/sessions.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import type { ReadCaches } from '../../platform/read-cache.ts';
import * as repo from './repo.ts';

type UnitRow = NonNullable<Awaited<ReturnType<typeof repo.unitByUid>>>;

function toUnit(
  u: Pick<UnitRow, 'uid' | 'kind' | 'name' | 'code' | 'path' | 'status'>,
  parentUid: string | null,
): OrgUnit {
  return {
    id: u.uid,
    kind: u.kind as UnitKind,
    name: u.name,
    code: u.code,
    path: u.path,
    status: u.status as OrgUnit['status'],
    parentId: parentUid,
  };
}

function toChange(c: repo.ChangeRow): OrgChange {
  return {
    id: c.uid,
    kind: c.kind as OrgChange['kind'],
    at: c.at.toISOString(),
    actor: c.actor ?? '',
    reason: c.reason,
    from: c.from_units ?? [],
    to: c.to_units ?? [],
    detail: c.detail,
  };
}

function codeProblem(kind: UnitKind, code: string, parent: { kind: string; code: string }, field = 'code') {
  const problem = checkUnitCode(kind, code, { kind: parent.kind as UnitKind, code: parent.code });
  if (problem) throw new AppError('UNIT_CODE_INVALID', 400, { field, problem });
}

/** A unit as other modules see it: what they need to hang their rows on it. */
export interface UnitRef {
  id: number;
  uid: string;
  kind: UnitKind;
  name: string;
  code: string;
  path: string;
  /** The district the unit belongs to (a district is its own). */
  districtId: number;
}

function unitRef(u: UnitRow): UnitRef {
  return {
    id: u.id,
    uid: u.uid,
    kind: u.kind as UnitKind,
    name: u.name,
    code: u.code,
    path: u.path,
    districtId: u.district_id ?? u.id,
  };
}

/**
 * An active unit, by opaque id or by code, that the scope holds the permission on; anything
 * else (unknown, retired, outside the scope) is "not found" with the caller's code.
 */
export async function unitForScope(
  db: Db,
  scope: Scope,
  ref: { uid: string } | { code: string },
  permission: Permission,
  notFoundCode = 'UNIT_NOT_FOUND',
): Promise<UnitRef> {
  const unit = 'uid' in ref ? await repo.unitByUid(db, ref.uid) : await repo.activeUnitByCode(db, ref.code);
  if (unit?.status !== 'active' || !canAt(scope, permission, unit.path)) throw new AppError(notFoundCode, 404);
  return unitRef(unit);
}

/** The units by internal id (for naming the grids of rows another module reads). */
export async function unitsByIds(db: Db, ids: number[]): Promise<UnitRef[]> {
  return (await repo.unitsByIds(db, [...new Set(ids)])).map(unitRef);
}

export function createOrgService(deps: { clock: Clock; caches: ReadCaches }) {
  const { clock, caches } = deps;

  /** A unit the scope may act on with the permission; anything else is "not found". */
  async function unitInScope(
    db: Db,
    scope: Scope,
    uid: string,
    permission: 'org:read' | 'org:write',
    code = 'UNIT_NOT_FOUND',
  ) {
    const unit = await repo.unitByUid(db, uid);
    if (!unit) throw new AppError(code, 404);
    assertInScope(scope, permission, unit.path, code);
    return unit;
  }

  async function parentUidOf(db: Db, unit: UnitRow) {
    if (unit.parent_id === null) return null;
    const [p] = await repo.unitsByIds(db, [unit.parent_id]);
    return p?.uid ?? null;
  }

  async function tree(db: Db, scope: Scope, q: { root?: string; includeRetired?: boolean }) {
    const roots = q.root ? [(await unitInScope(db, scope, q.root, 'org:read')).path] : pathsWith(scope, 'org:read');
    // The tree of a set of subtrees is the same for everyone who may see them: see read-cache.ts.
    const key = `${q.includeRetired ? 'all' : 'active'}:${roots.join('|')}`;
    const now = clock().getTime();
    const cached = caches.orgTrees.get(key, now);
    if (cached) return cached;
    const generation = caches.orgTrees.generation();
    const rows = await repo.unitsInSubtrees(db, roots, q.includeRetired ?? false);
    const nodes = new Map<number, OrgTreeNode>();
    const top: OrgTreeNode[] = [];
    for (const r of rows) {
      const node: OrgTreeNode = { ...toUnit(r, r.parent_uid), children: [] };
      nodes.set(r.id, node);
      const parent = r.parent_id === null ? undefined : nodes.get(r.parent_id);
      if (parent) parent.children.push(node);
      else top.push(node);
    }
    const result = { roots: top };
    caches.orgTrees.set(key, result, generation, now);
    return result;
  }

  async function unitDetail(db: Db, scope: Scope, uid: string) {
    const unit = await unitInScope(db, scope, uid, 'org:read');
    const [parentUid, ancestors, childCount, memberCount, partyOrgs, history] = await Promise.all([
      parentUidOf(db, unit),
      repo.ancestorsOf(db, unit.path),
      repo.activeChildCount(db, unit.id),
      repo.memberCount(db, unit.id),
      repo.partyOrgsInSubtrees(db, [unit.path], unit.id),
      repo.changesTouching(db, [unit.id]),
    ]);
    return {
      ...toUnit(unit, parentUid),
      ancestors: ancestors
        .filter((a) => canAt(scope, 'org:read', a.path))
        .map((a) => ({ id: a.uid, name: a.name, kind: a.kind as UnitKind })),
      childCount,
      memberCount,
      partyOrgs: partyOrgs.map((p) => ({
        id: p.uid,
        kind: p.kind as PartyKind,
        name: p.name,
        parentId: p.parent_uid,
        unitId: p.unit_uid,
        unitName: p.unit_name,
      })),
      history: history.map(toChange),
    };
  }

  async function history(db: Db, scope: Scope, uid: string) {
    const unit = await unitInScope(db, scope, uid, 'org:read');
    return { items: (await repo.changesTouching(db, [unit.id])).map(toChange) };
  }

  async function audit(
    db: Db,
    scope: Scope,
    action: string,
    unitPath: string,
    targetId: string,
    before: unknown,
    after: unknown,
  ) {
    await recordAudit(
      db,
      actorOf(scope),
      { action, orgPath: unitPath, targetType: 'org_unit', targetId, before, after },
      clock(),
    );
  }

  async function insertChecked(trx: Db, parent: UnitRow, kind: UnitKind, name: string, code: string, now: Date) {
    if (!CHILD_KINDS[parent.kind as UnitKind].includes(kind)) {
      throw new AppError('UNIT_KIND_NOT_ALLOWED', 400, {
        field: 'kind',
        parentKind: parent.kind,
        allowed: CHILD_KINDS[parent.kind as UnitKind],
      });
    }
    codeProblem(kind, code, parent);
    const path = childPath(parent.path, pathSegment(kind, code));
    if (await repo.activeCodeTaken(trx, code, path))
      throw new AppError('UNIT_CODE_TAKEN', 409, { field: 'code', code });
    const districtId = parent.kind === 'district' ? parent.id : parent.district_id;
    return repo.insertUnit(trx, { kind, name: name.trim(), code, parentId: parent.id, path, districtId, now });
  }

  async function createUnit(
    trx: Db,
    scope: Scope,
    input: { parentId: string; kind: UnitKind; name: string; code: string },
  ) {
    const parent = await unitInScope(trx, scope, input.parentId, 'org:write', 'PARENT_NOT_FOUND');
    if (parent.status !== 'active') throw new AppError('UNIT_RETIRED', 409);
    const now = clock();
    const unit = await insertChecked(trx, parent, input.kind, input.name, input.code, now);
    await repo.recordChange(trx, {
      kind: 'create',
      at: now,
      actorId: scope.user.id,
      reason: null,
      detail: {},
      lineage: [[null, unit.id]],
    });
    const created = toUnit(unit, parent.uid);
    await audit(trx, scope, 'org.unit_create', unit.path, unit.uid, null, created);
    await emitEvent(trx, 'org.unit_created', { unitId: unit.uid, kind: unit.kind, path: unit.path }, unit.path, now);
    return created;
  }

  async function renameUnit(trx: Db, scope: Scope, uid: string, input: { name: string; reason?: string }) {
    const unit = await unitInScope(trx, scope, uid, 'org:write');
    if (unit.status !== 'active') throw new AppError('UNIT_RETIRED', 409);
    const now = clock();
    const name = input.name.trim();
    await trx.updateTable('org_unit').set({ name }).where('id', '=', unit.id).execute();
    await repo.recordChange(trx, {
      kind: 'rename',
      at: now,
      actorId: scope.user.id,
      reason: input.reason ?? null,
      detail: { from: unit.name, to: name },
      lineage: [[unit.id, unit.id]],
    });
    const after = toUnit({ ...unit, name }, await parentUidOf(trx, unit));
    await audit(trx, scope, 'org.unit_rename', unit.path, unit.uid, { name: unit.name }, { name });
    return after;
  }

  async function moveUnit(
    trx: Db,
    scope: Scope,
    uid: string,
    input: { parentId: string; code: string; reason: string },
  ) {
    const unit = await unitInScope(trx, scope, uid, 'org:write');
    const parent = await unitInScope(trx, scope, input.parentId, 'org:write', 'PARENT_NOT_FOUND');
    if (unit.status !== 'active' || parent.status !== 'active') throw new AppError('UNIT_RETIRED', 409);
    if (isWithin(parent.path, unit.path)) throw new AppError('UNIT_MOVE_CYCLE', 409, { field: 'parentId' });
    const kind = unit.kind as UnitKind;
    if (!CHILD_KINDS[parent.kind as UnitKind].includes(kind)) {
      throw new AppError('UNIT_KIND_NOT_ALLOWED', 400, { field: 'parentId', parentKind: parent.kind });
    }
    codeProblem(kind, input.code, parent);
    const newPath = childPath(parent.path, pathSegment(kind, input.code));
    if (newPath !== unit.path && (await repo.activeCodeTaken(trx, input.code, newPath))) {
      throw new AppError('UNIT_CODE_TAKEN', 409, { field: 'code' });
    }
    const now = clock();
    const oldParentUid = await parentUidOf(trx, unit);
    await trx
      .updateTable('org_unit')
      .set({ parent_id: parent.id, code: input.code })
      .where('id', '=', unit.id)
      .execute();
    await repo.rewriteSubtree(
      trx,
      unit.path,
      newPath,
      significantPrefix(kind, unit.code),
      significantPrefix(kind, input.code),
      unit.id,
    );
    await repo.recordChange(trx, {
      kind: 'move',
      at: now,
      actorId: scope.user.id,
      reason: input.reason,
      // Public ids only: the history is served as is, and internal ids must not leave the server.
      detail: {
        fromParent: oldParentUid,
        toParent: parent.uid,
        fromPath: unit.path,
        toPath: newPath,
        fromCode: unit.code,
        toCode: input.code,
      },
      lineage: [[unit.id, unit.id]],
    });
    await audit(
      trx,
      scope,
      'org.unit_move',
      newPath,
      unit.uid,
      { path: unit.path, code: unit.code },
      { path: newPath, code: input.code },
    );
    // Modules that copy org_path onto their rows rewrite them from this event.
    await emitEvent(trx, 'org.unit_moved', { unitId: unit.uid, fromPath: unit.path, toPath: newPath }, newPath, now);
    return toUnit({ ...unit, code: input.code, path: newPath }, parent.uid);
  }

  async function deleteUnit(trx: Db, scope: Scope, uid: string) {
    const unit = await unitInScope(trx, scope, uid, 'org:write');
    if (unit.status !== 'active') throw new AppError('UNIT_RETIRED', 409);
    if (unit.parent_id === null) throw new AppError('UNIT_NOT_EMPTY', 409, { reason: 'root' });
    const [children, members] = await Promise.all([
      repo.activeChildCount(trx, unit.id),
      repo.memberCount(trx, unit.id),
    ]);
    if (children > 0 || members > 0) throw new AppError('UNIT_NOT_EMPTY', 409, { children, members });
    const now = clock();
    await repo.retireUnit(trx, unit.id, now);
    await repo.recordChange(trx, {
      kind: 'delete',
      at: now,
      actorId: scope.user.id,
      reason: null,
      detail: {},
      lineage: [[unit.id, null]],
    });
    await audit(trx, scope, 'org.unit_delete', unit.path, unit.uid, toUnit(unit, null), null);
    await emitEvent(trx, 'org.unit_retired', { unitId: unit.uid, path: unit.path }, unit.path, now);
    return { ok: true as const };
  }

  async function activeGrid(trx: Db, scope: Scope, uid: string) {
    const grid = await unitInScope(trx, scope, uid, 'org:write');
    if (grid.kind !== 'grid') throw new AppError('NOT_A_GRID', 409);
    if (grid.status !== 'active') throw new AppError('UNIT_RETIRED', 409);
    return grid;
  }

  async function parentOf(trx: Db, unit: UnitRow) {
    const [parent] = await repo.unitsByIds(trx, [unit.parent_id as number]);
    return parent as UnitRow;
  }

  /** Roles and sessions follow the grid's successor; the users' sessions end so scopes reload. */
  async function handOver(trx: Db, scope: Scope, fromIds: number[], to: UnitRow, now: Date) {
    const users = await repo.reassignUnitMembers(trx, fromIds, to, { actorId: scope.user.id, now });
    for (const userId of users) await revokeUserSessions(trx, userId, now);
    return users.length;
  }

  // 网格拆分: one grid becomes several under the same community.
  async function splitGrid(
    trx: Db,
    scope: Scope,
    uid: string,
    input: { parts: Array<{ name: string; code: string }>; reason: string; grantsTo?: number },
  ) {
    const grid = await activeGrid(trx, scope, uid);
    const community = await parentOf(trx, grid);
    const heir = input.grantsTo ?? 0;
    if (heir >= input.parts.length) {
      const max = input.parts.length - 1;
      const message = scope.locale === 'en' ? `grantsTo must be at most ${max}` : `grantsTo 不能大于 ${max}`;
      throw new AppError('VALIDATION_FAILED', 400, [{ field: 'grantsTo', rule: 'maximum', message }]);
    }
    const codes = input.parts.map((p) => p.code);
    if (new Set(codes).size !== codes.length)
      throw new AppError('UNIT_CODE_TAKEN', 409, { field: 'parts', duplicate: true });
    const now = clock();
    await repo.retireUnit(trx, grid.id, now);
    const created: UnitRow[] = [];
    for (const [i, part] of input.parts.entries()) {
      try {
        created.push(await insertChecked(trx, community, 'grid', part.name, part.code, now));
      } catch (err) {
        if (err instanceof AppError && err.details && typeof err.details === 'object') {
          throw new AppError(err.code, err.status, { ...err.details, field: `parts[${i}].code` });
        }
        throw err;
      }
    }
    const moved = await handOver(trx, scope, [grid.id], created[heir] as UnitRow, now);
    const change = await repo.recordChange(trx, {
      kind: 'split',
      at: now,
      actorId: scope.user.id,
      reason: input.reason,
      detail: { heir: (created[heir] as UnitRow).uid, usersMoved: moved },
      lineage: created.map((c) => [grid.id, c.id]),
    });
    const result = {
      change: toChange(await repo.changeById(trx, change.id)),
      created: created.map((c) => toUnit(c, community.uid)),
    };
    await audit(trx, scope, 'org.grid_split', community.path, grid.uid, toUnit(grid, community.uid), result.created);
    await emitEvent(
      trx,
      'org.grid_split',
      { from: grid.uid, to: result.created.map((c) => c.id), heir: result.created[heir]?.id },
      community.path,
      now,
    );
    return result;
  }

  // 网格合并: several grids of one community become one.
  async function mergeGrids(
    trx: Db,
    scope: Scope,
    input: { gridIds: string[]; name: string; code: string; reason: string },
  ) {
    const grids: UnitRow[] = [];
    for (const id of input.gridIds) grids.push(await activeGrid(trx, scope, id));
    const parentIds = new Set(grids.map((g) => g.parent_id));
    if (parentIds.size !== 1) throw new AppError('GRIDS_NOT_SIBLINGS', 409, { field: 'gridIds' });
    const community = await parentOf(trx, grids[0] as UnitRow);
    const now = clock();
    for (const g of grids) await repo.retireUnit(trx, g.id, now);
    const merged = await insertChecked(trx, community, 'grid', input.name, input.code, now);
    const moved = await handOver(
      trx,
      scope,
      grids.map((g) => g.id),
      merged,
      now,
    );
    const change = await repo.recordChange(trx, {
      kind: 'merge',
      at: now,
      actorId: scope.user.id,
      reason: input.reason,
      detail: { usersMoved: moved },
      lineage: grids.map((g) => [g.id, merged.id]),
    });
    const result = {
      change: toChange(await repo.changeById(trx, change.id)),
      created: [toUnit(merged, community.uid)],
    };
    await audit(
      trx,
      scope,
      'org.grid_merge',
      community.path,
      merged.uid,
      grids.map((g) => toUnit(g, community.uid)),
      result.created,
    );
    await emitEvent(trx, 'org.grids_merged', { from: grids.map((g) => g.uid), to: merged.uid }, community.path, now);
    return result;
  }

  async function listPartyOrgs(db: Db, scope: Scope, q: { unitId?: string }) {
    const unit = q.unitId ? await unitInScope(db, scope, q.unitId, 'org:read') : undefined;
    const rows = await repo.partyOrgsInSubtrees(db, unit ? [unit.path] : pathsWith(scope, 'org:read'));
    return {
      items: rows.map((p) => ({
        id: p.uid,
        kind: p.kind as PartyKind,
        name: p.name,
        parentId: p.parent_uid,
        unitId: p.unit_uid,
        unitName: p.unit_name,
      })),
    };
  }

  async function createPartyOrg(
    trx: Db,
    scope: Scope,
    input: { parentId?: string; kind: PartyKind; name: string; unitId: string },
  ) {
    const unit = await unitInScope(trx, scope, input.unitId, 'org:write');
    if (unit.status !== 'active') throw new AppError('UNIT_RETIRED', 409);
    if (!PARTY_UNIT_KINDS[input.kind].includes(unit.kind as UnitKind)) {
      throw new AppError('PARTY_KIND_NOT_ALLOWED', 400, {
        field: 'unitId',
        allowedUnitKinds: PARTY_UNIT_KINDS[input.kind],
      });
    }
    let parentId: number | null = null;
    let parentUid: string | null = null;
    if (input.parentId) {
      const parent = await repo.partyOrgByUid(trx, input.parentId);
      if (!parent || !canAt(scope, 'org:read', parent.org_path)) throw new AppError('PARTY_ORG_NOT_FOUND', 404);
      if (!PARTY_CHILD_KINDS[parent.kind as PartyKind].includes(input.kind) || !isWithin(unit.path, parent.unit_path)) {
        throw new AppError('PARTY_KIND_NOT_ALLOWED', 400, { field: 'parentId' });
      }
      parentId = parent.id;
      parentUid = parent.uid;
    } else if (input.kind !== 'working_committee') {
      throw new AppError('PARTY_KIND_NOT_ALLOWED', 400, { field: 'parentId' });
    }
    const row = await trx
      .insertInto('party_org')
      .values({
        kind: input.kind,
        name: input.name.trim(),
        parent_id: parentId,
        unit_id: unit.id,
        org_path: unit.path,
        created_at: clock(),
      })
      .returning(['uid', 'kind', 'name'])
      .executeTakeFirstOrThrow();
    const created = {
      id: row.uid,
      kind: row.kind as PartyKind,
      name: row.name,
      parentId: parentUid,
      unitId: unit.uid,
      unitName: unit.name,
    };
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'org.party_create', orgPath: unit.path, targetType: 'party_org', targetId: row.uid, after: created },
      clock(),
    );
    return created;
  }

  return {
    tree,
    unitDetail,
    history,
    createUnit,
    renameUnit,
    moveUnit,
    deleteUnit,
    splitGrid,
    mergeGrids,
    listPartyOrgs,
    createPartyOrg,
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
