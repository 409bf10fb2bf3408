/**
 * Where a reported case hangs: the grid of the place (the registry building named, or the
 * nearest building within 300 m of the point — 5 km for Open311), else the reporter's own unit. A point outside
 * the district's outline is refused, naming lng and lat.
 */
import { boxAround, distanceMeters, insideBbox } from '@gongzhi/domain';
import type { FieldIssue } from '../registry/person-data.ts';
import type { BuildingRef, IntakeRefs, PlaceUnit } from './intake-repo.ts';

/** A reported point belongs to the grid of the nearest registry building this close. */
export const NEAREST_BUILDING_M = 300;

export interface Point {
  lng: number;
  lat: number;
}

/**
 * An Open311 client reports for the public at large, who have no grid of their own to fall back
 * on: its point goes to the nearest building this close (the demo district is ≈ 8 km across).
 */
export const NEAREST_BUILDING_OPEN311_M = 5000;

/** The box the nearest building is looked for in: [west, south, east, north]. */
export function searchBox(point: Point, meters = NEAREST_BUILDING_M): [number, number, number, number] {
  return boxAround(point, meters);
}

export interface Place {
  unit: PlaceUnit;
  building: BuildingRef | null;
  point: Point | null;
}

/** The issues of a point outside the district's outline (none when the district has no outline yet). */
export function outsideDistrict(point: Point | null, bbox: number[] | null): FieldIssue[] {
  if (!point || !bbox || bbox.length !== 4) return [];
  if (insideBbox(point, bbox as [number, number, number, number])) return [];
  return [
    { field: 'lng', code: 'OUTSIDE_DISTRICT' },
    { field: 'lat', code: 'OUTSIDE_DISTRICT' },
  ];
}

/**
 * The place of a report. `named`: the grid the body names (staff), checked by the caller.
 * `accept(unit)` says whether a unit found from the location may carry the case (staff keep to
 * their own area; a resident's report goes wherever in the district it happened).
 */
export function placeOf(
  refs: IntakeRefs,
  point: Point | null,
  fallbackUnitId: number | null,
  accept: (unit: PlaceUnit) => boolean,
  nearestM = NEAREST_BUILDING_M,
): Place | null {
  const unitById = (id: number | null) => (id === null ? undefined : refs.units.find((u) => u.id === id));
  const usable = (u: PlaceUnit | undefined): u is PlaceUnit =>
    u !== undefined && u.status === 'active' && u.district_id === refs.category?.district_id && accept(u);
  const named = unitById(refs.gridId);
  const at = refs.building ? { lng: refs.building.lng, lat: refs.building.lat } : null;
  const buildingPoint = at && at.lng !== null && at.lat !== null ? (at as Point) : null;
  if (usable(named)) return { unit: named, building: refs.building, point: point ?? buildingPoint };
  const ofBuilding = refs.building ? unitById(refs.building.grid_id) : undefined;
  if (usable(ofBuilding)) return { unit: ofBuilding, building: refs.building, point: point ?? buildingPoint };
  const near = refs.nearest;
  if (point && near && near.lng !== null && near.lat !== null) {
    const nearUnit = unitById(near.grid_id);
    if (distanceMeters(point, { lng: near.lng, lat: near.lat }) <= nearestM && usable(nearUnit))
      return { unit: nearUnit, building: null, point };
  }
  const own = unitById(fallbackUnitId);
  if (usable(own)) return { unit: own, building: refs.building, point: point ?? buildingPoint };
  return null;
}
