import { describe, expect, it } from 'vitest';
import {
  type Bbox,
  boxAround,
  DUPLICATE_RADIUS_M,
  DUPLICATE_WINDOW_DAYS,
  distanceMeters,
  EARTH_RADIUS_M,
  insideBbox,
} from './geo.ts';

/** The point `meters` away from `from` on bearing `degrees` (flat-earth step, exact enough below a kilometre). */
function offset(from: { lng: number; lat: number }, meters: number, degrees: number) {
  const b = (degrees * Math.PI) / 180;
  const dLat = (meters * Math.cos(b)) / EARTH_RADIUS_M;
  const dLng = (meters * Math.sin(b)) / (EARTH_RADIUS_M * Math.cos((from.lat * Math.PI) / 180));
  return { lng: from.lng + (dLng * 180) / Math.PI, lat: from.lat + (dLat * 180) / Math.PI };
}

const jiangHai = { lng: 113.12, lat: 22.56 };

describe('distanceMeters', () => {
  it('is zero for the same point and the same both ways', () => {
    const other = { lng: 113.13, lat: 22.57 };
    expect(distanceMeters(jiangHai, jiangHai)).toBe(0);
    expect(distanceMeters(jiangHai, other)).toBeCloseTo(distanceMeters(other, jiangHai), 6);
  });

  it('gives 111.195 km for one degree along a meridian and along the equator', () => {
    expect(distanceMeters({ lng: 0, lat: 0 }, { lng: 0, lat: 1 })).toBeCloseTo(111_195.08, 1);
    expect(distanceMeters({ lng: 0, lat: 0 }, { lng: 1, lat: 0 })).toBeCloseTo(111_195.08, 1);
  });

  it('gives London–Paris as the usual 343.5 km', () => {
    const d = distanceMeters({ lng: -0.1278, lat: 51.5074 }, { lng: 2.3522, lat: 48.8566 });
    expect(d / 1000).toBeGreaterThan(343);
    expect(d / 1000).toBeLessThan(344);
  });

  it('gives Beijing–Shanghai as about 1,067 km', () => {
    const d = distanceMeters({ lng: 116.4074, lat: 39.9042 }, { lng: 121.4737, lat: 31.2304 });
    expect(Math.abs(d / 1000 - 1067)).toBeLessThan(3);
  });

  it('measures 50 m within a centimetre in the district', () => {
    for (const bearing of [0, 45, 90, 180, 270]) {
      expect(distanceMeters(jiangHai, offset(jiangHai, 50, bearing))).toBeCloseTo(50, 2);
    }
  });

  it('is shorter going east–west the further from the equator', () => {
    const east = (lat: number) => distanceMeters({ lng: 0, lat }, { lng: 1, lat });
    expect(east(60)).toBeCloseTo(east(0) / 2, -2);
  });
});

describe('boxAround', () => {
  it.each([
    ['in the district', jiangHai],
    ['in the far north', { lng: 126.6, lat: 60 }],
    ['south of the equator', { lng: 150, lat: -33.9 }],
  ])('holds every point within the radius %s', (_, centre) => {
    for (const meters of [DUPLICATE_RADIUS_M, 300]) {
      const box = boxAround(centre, meters);
      for (let bearing = 0; bearing < 360; bearing += 15) {
        expect(insideBbox(offset(centre, meters * 0.999, bearing), box)).toBe(true);
      }
      expect(insideBbox(offset(centre, meters * 1.5, 0), box)).toBe(false);
      expect(insideBbox(offset(centre, meters * 1.5, 90), box)).toBe(false);
    }
  });

  it('is ordered west, south, east, north', () => {
    const [west, south, east, north] = boxAround(jiangHai, 50);
    expect(west).toBeLessThan(jiangHai.lng);
    expect(east).toBeGreaterThan(jiangHai.lng);
    expect(south).toBeLessThan(jiangHai.lat);
    expect(north).toBeGreaterThan(jiangHai.lat);
  });
});

describe('insideBbox', () => {
  const district: Bbox = [113.08, 22.53, 113.16, 22.6];

  it('takes points inside and on the edges', () => {
    expect(insideBbox(jiangHai, district)).toBe(true);
    expect(insideBbox({ lng: 113.08, lat: 22.53 }, district)).toBe(true);
    expect(insideBbox({ lng: 113.16, lat: 22.6 }, district)).toBe(true);
  });

  it('refuses points outside on any side, and swapped coordinates', () => {
    expect(insideBbox({ lng: 113.07, lat: 22.56 }, district)).toBe(false);
    expect(insideBbox({ lng: 113.17, lat: 22.56 }, district)).toBe(false);
    expect(insideBbox({ lng: 113.12, lat: 22.52 }, district)).toBe(false);
    expect(insideBbox({ lng: 113.12, lat: 22.61 }, district)).toBe(false);
    expect(insideBbox({ lng: 22.56, lat: 113.12 }, district)).toBe(false);
  });
});

it('looks for duplicates within 50 m and 3 days', () => {
  expect([DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_DAYS]).toEqual([50, 3]);
});
