/**
 * Open cases on a map, drawn as the 活地图 draws without a tile server: Leaflet on a flat
 * CRS with no tiles (a schematic of the points over a grid), so nothing is asked of a tile
 * host. A point's colour says its state (overdue red, reported gold, in hand blue); the legend
 * names the colours and the popup says it in words, with a link to the case.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { statusName } from './display.tsx';
import type { CaseMap } from './hooks.ts';

export type MapMark = 'overdue' | 'reported' | 'handling' | 'resolved';
export const MAP_MARKS: readonly MapMark[] = ['overdue', 'reported', 'handling', 'resolved'];
export const MARK_COLOUR: Record<MapMark, string> = {
  overdue: '#cf1322',
  reported: '#ad6800',
  handling: '#0958d9',
  resolved: '#237804',
};

export function markOf(p: CaseMap['features'][number]['properties']): MapMark {
  if (p.overdue) return 'overdue';
  if (p.status === 'reported') return 'reported';
  if (p.status === 'resolved') return 'resolved';
  return 'handling';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function CaseMapView({ data }: { data: CaseMap }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = L.map(el, { crs: L.CRS.Simple, zoomSnap: 0.25, minZoom: -2, maxZoom: 24, attributionControl: false });
    const group = L.featureGroup();
    let minLng = Number.POSITIVE_INFINITY;
    let minLat = Number.POSITIVE_INFINITY;
    let maxLng = Number.NEGATIVE_INFINITY;
    let maxLat = Number.NEGATIVE_INFINITY;
    for (const f of data.features) {
      const [lng, lat] = f.geometry.coordinates;
      const p = f.properties;
      const mark = markOf(p);
      minLng = Math.min(minLng, lng);
      maxLng = Math.max(maxLng, lng);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
      L.circleMarker([lat, lng], {
        radius: mark === 'overdue' ? 9 : 7,
        color: MARK_COLOUR[mark],
        weight: 2,
        fillOpacity: 0.6,
      })
        .bindPopup(
          `<strong>${escapeHtml(p.title)}</strong><br>${escapeHtml(p.receiptNo)} · ${escapeHtml(p.category)}<br>` +
            `${escapeHtml(statusName(p.status, t))}${p.overdue ? ` · ${escapeHtml(t('cases.marks.overdue'))}` : ''}<br>` +
            `<a href="/cases/${encodeURIComponent(p.uid)}" data-case="${escapeHtml(p.uid)}">${escapeHtml(t('cases.map.open'))}</a>`,
        )
        .bindTooltip(p.title)
        .addTo(group);
    }
    group.addTo(map);
    if (Number.isFinite(minLng)) {
      const pad = Math.max(maxLng - minLng, maxLat - minLat, 0.0005) * 0.1;
      map.fitBounds(
        [
          [minLat - pad, minLng - pad],
          [maxLat + pad, maxLng + pad],
        ],
        { padding: [24, 24], maxZoom: 22 },
      );
    } else {
      map.setView([0, 0], 0);
    }
    // A popup's link opens the case inside the app, not with a page reload.
    const onClick = (e: MouseEvent) => {
      const link = e.target instanceof Element ? e.target.closest('a[data-case]') : null;
      if (!link) return;
      e.preventDefault();
      navigate(`/cases/${link.getAttribute('data-case')}`);
    };
    el.addEventListener('click', onClick);
    return () => {
      el.removeEventListener('click', onClick);
      map.remove();
    };
  }, [data, t, navigate]);

  return (
    <div
      ref={container}
      className="gz-map gz-map-schematic"
      role="application"
      aria-label={t('cases.map.label')}
      data-testid="cases-map"
    />
  );
}
