/**
 * The 活地图 canvas. With a tile server configured the points sit on its map; without one
 * (offline, or no licence for a commercial map) the same points are drawn on a plain
 * schematic: Leaflet with a flat CRS and no tiles, so zoom, pan and popups still work and no
 * request ever leaves for a tile host.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapData } from './hooks.ts';

export type MapLayer = 'building' | 'organisation' | 'facility';
export const LAYERS: readonly MapLayer[] = ['building', 'organisation', 'facility'];
export const LAYER_COLOR: Record<MapLayer, string> = {
  building: '#0958d9',
  organisation: '#ad4e00',
  facility: '#237804',
};
const FAULTY = '#cf1322';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function MapView({
  data,
  visible,
  describe,
}: {
  data: MapData;
  visible: ReadonlySet<MapLayer>;
  /** The popup's second line for a feature, already localised. */
  describe: (feature: MapData['features'][number]) => string;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const tiles = data.tiles;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = L.map(el, {
      crs: tiles ? L.CRS.EPSG3857 : L.CRS.Simple,
      zoomSnap: 0.25,
      minZoom: tiles ? 3 : -2,
      maxZoom: tiles ? 19 : 24,
      attributionControl: Boolean(tiles),
    });
    if (tiles) L.tileLayer(tiles, { maxZoom: 19, attribution: t('registry.map.tilesAttribution') }).addTo(map);

    const points = data.features.filter((f) => visible.has(f.properties.layer));
    const group = L.featureGroup();
    for (const f of points) {
      const [lng, lat] = f.geometry.coordinates;
      if (lng === undefined || lat === undefined) continue;
      const layer = f.properties.layer;
      const faulty = layer === 'facility' && f.properties.status === 'faulty';
      L.circleMarker([lat, lng], {
        radius: layer === 'building' ? 8 : 6,
        color: faulty ? FAULTY : LAYER_COLOR[layer],
        weight: layer === 'organisation' ? 3 : 2,
        fillOpacity: layer === 'building' ? 0.5 : 0.8,
        dashArray: layer === 'organisation' ? '3 2' : undefined,
      })
        .bindPopup(`<strong>${escapeHtml(f.properties.name)}</strong><br>${escapeHtml(describe(f))}`)
        .bindTooltip(f.properties.name)
        .addTo(group);
    }
    group.addTo(map);
    const [minLng, minLat, maxLng, maxLat] = data.bbox ?? [];
    if (minLng !== undefined && minLat !== undefined && maxLng !== undefined && maxLat !== undefined) {
      const pad = tiles ? 0 : Math.max(maxLng - minLng, maxLat - minLat, 0.0005) * 0.1;
      map.fitBounds(
        [
          [minLat - pad, minLng - pad],
          [maxLat + pad, maxLng + pad],
        ],
        { padding: [24, 24], maxZoom: tiles ? 18 : 22 },
      );
    } else {
      map.setView([0, 0], 0);
    }
    return () => {
      map.remove();
    };
  }, [data, tiles, visible, describe, t]);

  return (
    <div
      ref={container}
      className={tiles ? 'gz-map' : 'gz-map gz-map-schematic'}
      role="application"
      aria-label={tiles ? t('registry.map.mapLabel') : t('registry.map.schematicLabel')}
      data-testid="registry-map"
    />
  );
}
