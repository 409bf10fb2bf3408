/**
 * A room as the rest of the registry hangs rows on it: households live at it, persons in it,
 * organisations at it. Scope is the grid of its building.
 */
import type { Permission } from '@gongzhi/domain';
import { canAt, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { roomAddress } from './address.ts';

export interface RoomRef {
  id: number;
  uid: string;
  buildingId: number;
  buildingUid: string;
  gridId: number;
  districtId: number;
  /** The grid's path: what households and persons living here carry as org_path. */
  orgPath: string;
  unitName: string;
  floor: number;
  number: string;
  rental: boolean;
  address: string;
}

/** Rooms by internal id with their addresses, unscoped: for rows the caller already may see. */
export async function roomsByIds(db: Db, ids: number[]): Promise<Map<number, RoomRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('room as r')
    .innerJoin('building as b', 'b.id', 'r.building_id')
    .leftJoin('building_unit as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.uid',
      'r.building_id',
      'b.uid as building_uid',
      'b.grid_id',
      'b.district_id',
      'b.org_path',
      'b.name as building_name',
      'b.address as building_address',
      'u.name as unit_name',
      'r.floor',
      'r.number',
      'r.rental',
      'r.status',
    ])
    .where('r.id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        uid: r.uid,
        buildingId: r.building_id,
        buildingUid: r.building_uid,
        gridId: r.grid_id,
        districtId: r.district_id,
        orgPath: r.org_path,
        unitName: r.unit_name ?? '',
        floor: r.floor,
        number: r.number,
        rental: r.rental,
        address: roomAddress({
          buildingAddress: r.building_address,
          buildingName: r.building_name,
          unitName: r.unit_name,
          number: r.number,
        }),
      },
    ]),
  );
}

/** An active room the scope holds the permission on; anything else is ROOM_NOT_FOUND (404). */
export async function roomForScope(db: Db, scope: Scope, uid: string, permission: Permission): Promise<RoomRef> {
  const row = await db.selectFrom('room').select(['id', 'status']).where('uid', '=', uid).executeTakeFirst();
  const room = row?.status === 'active' ? (await roomsByIds(db, [row.id])).get(row.id) : undefined;
  if (!room || !canAt(scope, permission, room.orgPath)) throw new AppError('ROOM_NOT_FOUND', 404);
  return room;
}
