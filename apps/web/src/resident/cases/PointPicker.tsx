/**
 * Where the problem is: "use my location" (the phone's GPS), or a point tapped on a schematic of
 * the district (its outline box with a grid, no map tiles: nothing leaves for a tile host, and
 * it works where no commercial map is licensed). Arrow keys move the marker, so the map works
 * without a pointer too. The typed address beside it is the other way to say where.
 */
import { Button } from 'antd-mobile';
import { EnvironmentOutline } from 'antd-mobile-icons';
import { type KeyboardEvent, type PointerEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface GeoPoint {
  lng: number;
  lat: number;
}

/** [west, south, east, north] in WGS-84 degrees. */
export type Bbox = readonly [number, number, number, number];

const ZOOMS = [1, 2, 4, 8] as const;
const VIEW_W = 1000;

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
/** Without the district's outline, the map is a box of about 2 km around where the phone found itself. */
const AROUND_DEG = 0.01;

function around(p: GeoPoint): Bbox {
  return [p.lng - AROUND_DEG, p.lat - AROUND_DEG * 0.9, p.lng + AROUND_DEG, p.lat + AROUND_DEG * 0.9];
}

export function insideBbox(p: GeoPoint, bbox: Bbox): boolean {
  return p.lng >= bbox[0] && p.lng <= bbox[2] && p.lat >= bbox[1] && p.lat <= bbox[3];
}

/** The point as 22.54321, 113.12345 — latitude first, as phones print it. */
export function pointText(p: GeoPoint): string {
  return `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

export function PointPicker({
  value,
  onChange,
  bbox,
  invalid,
  describedBy,
  testId = 'case-map',
}: {
  value: GeoPoint | null;
  onChange: (p: GeoPoint | null) => void;
  bbox: Bbox | null;
  invalid?: boolean;
  describedBy?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [zoom, setZoom] = useState(0);
  const [anchor, setAnchor] = useState<GeoPoint | null>(null);
  // Around the phone once it knows where it is (a street is what a resident recognises); else the
  // whole district when its outline is known. A tap is still checked against the outline.
  const shown = anchor ? around(anchor) : bbox;

  const locate = () => {
    setProblem(null);
    if (!('geolocation' in navigator)) {
      setProblem(t('residentCases.map.noGps'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const p = { lng: round6(pos.coords.longitude), lat: round6(pos.coords.latitude) };
        if (bbox && !insideBbox(p, bbox)) setProblem(t('residentCases.map.outside'));
        setAnchor(p);
        onChange(p);
      },
      () => {
        setLocating(false);
        setProblem(t('residentCases.map.gpsFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <div className="gzc-picker">
      <div className="gzr-inline-actions" style={{ marginTop: 0, alignItems: 'center' }}>
        <Button size="small" color="primary" fill="outline" loading={locating} onClick={locate} data-testid="case-gps">
          <EnvironmentOutline aria-hidden="true" /> {t('residentCases.map.useMine')}
        </Button>
        {value && (
          <Button size="small" fill="none" color="danger" onClick={() => onChange(null)} data-testid="case-point-clear">
            {t('residentCases.map.clear')}
          </Button>
        )}
      </div>
      <p className="gzr-muted" id={`${ids}-point`} aria-live="polite" data-testid="case-point">
        {value ? t('residentCases.map.picked', { point: pointText(value) }) : t('residentCases.map.none')}
      </p>
      {problem && (
        <p className="gzr-field-error" role="alert">
          {problem}
        </p>
      )}
      {shown && (
        <SchematicMap
          bbox={shown}
          value={value}
          zoom={ZOOMS[zoom] ?? 1}
          onPick={(p) => {
            setProblem(bbox && !insideBbox(p, bbox) ? t('residentCases.map.outside') : null);
            onChange(p);
          }}
          labelledHint={`${ids}-hint`}
          describedBy={[`${ids}-point`, describedBy].filter(Boolean).join(' ')}
          invalid={invalid}
          testId={testId}
        />
      )}
      {shown && (
        <div className="gzc-map-tools">
          <p id={`${ids}-hint`} className="gzr-muted">
            {t('residentCases.map.hint')}
          </p>
          <span className="gzc-zoom">
            <button
              type="button"
              className="gzc-zoom-btn"
              aria-label={t('residentCases.map.zoomOut')}
              disabled={zoom === 0}
              onClick={() => setZoom((z) => Math.max(0, z - 1))}
            >
              −
            </button>
            <button
              type="button"
              className="gzc-zoom-btn"
              aria-label={t('residentCases.map.zoomIn')}
              disabled={zoom === ZOOMS.length - 1}
              onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))}
              data-testid="case-map-zoom-in"
            >
              +
            </button>
          </span>
        </div>
      )}
    </div>
  );
}

/**
 * The district's box drawn to scale (a degree of longitude is cos(latitude) of a degree of
 * latitude), with a grid every tenth of it; zoomed in, the view centres on the marker.
 */
function SchematicMap({
  bbox,
  value,
  zoom,
  onPick,
  labelledHint,
  describedBy,
  invalid,
  testId,
}: {
  bbox: Bbox;
  value: GeoPoint | null;
  zoom: number;
  onPick: (p: GeoPoint) => void;
  labelledHint: string;
  describedBy: string;
  invalid?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const [west, south, east, north] = bbox;
  const midLat = ((south + north) / 2) * (Math.PI / 180);
  const aspect = (north - south) / ((east - west) * Math.cos(midLat));
  const viewH = Math.round(VIEW_W * clamp(aspect, 0.4, 1.6));

  // The point as fractions of the box: fx from west, fy from north (SVG's y runs down).
  const fx = value ? clamp((value.lng - west) / (east - west), 0, 1) : 0.5;
  const fy = value ? clamp((north - value.lat) / (north - south), 0, 1) : 0.5;
  const span = 1 / zoom;
  const x0 = clamp(fx - span / 2, 0, 1 - span);
  const y0 = clamp(fy - span / 2, 0, 1 - span);
  const toX = (f: number) => (f - x0) * zoom * VIEW_W;
  const toY = (f: number) => (f - y0) * zoom * viewH;

  const pickFraction = (gx: number, gy: number) =>
    onPick({
      lng: round6(west + clamp(gx, 0, 1) * (east - west)),
      lat: round6(north - clamp(gy, 0, 1) * (north - south)),
    });

  const onPointer = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    pickFraction(
      x0 + ((e.clientX - rect.left) / rect.width) * span,
      y0 + ((e.clientY - rect.top) / rect.height) * span,
    );
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = span / 50;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      pickFraction(fx + move[0], fy + move[1]);
    } else if ((e.key === 'Enter' || e.key === ' ') && !value) {
      e.preventDefault();
      pickFraction(0.5, 0.5);
    }
  };

  const lines: number[] = [];
  const every = zoom >= 4 ? 0.02 : 0.1;
  for (let f = every; f < 1 - every / 2; f += every) lines.push(Math.round(f * 1000) / 1000);

  return (
    <div
      className={`gzc-map${invalid ? ' gzc-map-invalid' : ''}`}
      role="application"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the map is a widget (role application) that takes arrow keys.
      tabIndex={0}
      aria-label={t('residentCases.map.label')}
      aria-describedby={`${labelledHint} ${describedBy}`}
      aria-invalid={invalid || undefined}
      onPointerUp={onPointer}
      onKeyDown={onKey}
      data-testid={testId}
      data-zoom={zoom}
      style={{ aspectRatio: `${VIEW_W} / ${viewH}` }}
    >
      <svg viewBox={`0 0 ${VIEW_W} ${viewH}`} aria-hidden="true" focusable="false">
        <rect x={0} y={0} width={VIEW_W} height={viewH} className="gzc-map-land" />
        {lines.map((f) => (
          <g key={f}>
            <line x1={toX(f)} x2={toX(f)} y1={0} y2={viewH} className="gzc-map-line" />
            <line x1={0} x2={VIEW_W} y1={toY(f)} y2={toY(f)} className="gzc-map-line" />
          </g>
        ))}
        <rect x={toX(0)} y={toY(0)} width={VIEW_W * zoom} height={viewH * zoom} className="gzc-map-edge" fill="none" />
        <text x={VIEW_W - 44} y={56} className="gzc-map-north" textAnchor="middle">
          {t('residentCases.map.north')}
        </text>
        <path d={`M ${VIEW_W - 44} 70 l -14 32 l 14 -8 l 14 8 z`} className="gzc-map-arrow" />
        {value && (
          <g transform={`translate(${toX(fx)} ${toY(fy)})`} data-testid="case-map-pin">
            <circle r={26} className="gzc-map-halo" />
            <path
              d="M 0 0 C -14 -22 -22 -30 -22 -44 A 22 22 0 1 1 22 -44 C 22 -30 14 -22 0 0 z"
              className="gzc-map-pin"
            />
            <circle cy={-44} r={8} fill="#fff" />
          </g>
        )}
      </svg>
    </div>
  );
}
