/**
 * Distances on the ground for cases: is a reported point inside the district, which registry
 * building is nearest, is a new report the same problem as one a few metres away (重复事件).
 * Coordinates are WGS-84-like degrees as the map gives them (lng, lat); at the scale of a
 * district the difference between datums does not change which case is within 50 m.
 */

export interface GeoPoint {
  lng: number;
  lat: number;
}

/** [west, south, east, north] in degrees, the order of GeoJSON and of org_unit.bbox. */
export type Bbox = [west: number, south: number, east: number, north: number];

/** A new report this close to an open case of the same category … */
export const DUPLICATE_RADIUS_M = 50;
/** … reported at most this many days ago is offered as "the same problem?". */
export const DUPLICATE_WINDOW_DAYS = 3;

/** The mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** Great-circle distance in metres (haversine: exact on a sphere, well within a metre at city scale). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A box holding every point within `meters` of `point`, for an SQL prefilter on plain lng/lat
 * columns (`lng between west and east and lat between south and north`); the exact distance is
 * checked afterwards. Slightly generous: the longitude span uses the box's widest latitude.
 */
export function boxAround(point: GeoPoint, meters: number): Bbox {
  const dLat = deg(meters / EARTH_RADIUS_M);
  const widest = Math.min(89.9, Math.abs(point.lat) + dLat);
  const dLng = dLat / Math.cos(rad(widest));
  return [point.lng - dLng, point.lat - dLat, point.lng + dLng, point.lat + dLat];
}

/** Inside the box, edges included. */
export function insideBbox(point: GeoPoint, bbox: Bbox): boolean {
  const [west, south, east, north] = bbox;
  return point.lng >= west && point.lng <= east && point.lat >= south && point.lat <= north;
}
