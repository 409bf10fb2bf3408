/**
 * Evidence photos for a claim or a reply: taken or chosen, shrunk on the phone, uploaded at
 * once with a progress bar, removable. The form sends only the ids of photos that arrived.
 */
import { SpinLoading } from 'antd-mobile';
import { CameraOutline } from 'antd-mobile-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downscalePhoto } from '../mobile/photos.ts';
import { errorText } from './display.tsx';
import { uploadPhoto } from './upload.ts';

export const MAX_PHOTOS = 9;

interface PickedPhoto {
  id: string;
  url: string;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error?: string;
}

export interface PhotoState {
  /** ids of the photos on the server */
  ids: string[];
  /** some photo is still being shrunk or uploaded */
  busy: boolean;
  /** some photo failed: remove it or try again */
  failed: boolean;
}

export function PhotoPicker({
  csrf,
  onChange,
  legend,
  testId = 'r-photo-input',
  max = MAX_PHOTOS,
  uploadBase,
}: {
  csrf: string | null;
  onChange: (state: PhotoState) => void;
  legend: string;
  testId?: string;
  /** at most this many photos (a case takes 6) */
  max?: number;
  /** the PUT endpoint's path before /{id} (uploadPhoto's default: points' evidence) */
  uploadBase?: string;
}) {
  const { t } = useTranslation();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [processing, setProcessing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const urls = useRef(new Set<string>());

  useEffect(() => {
    onChange({
      ids: photos.filter((p) => p.state === 'done').map((p) => p.id),
      busy: processing || photos.some((p) => p.state === 'uploading'),
      failed: photos.some((p) => p.state === 'failed'),
    });
  }, [photos, processing, onChange]);

  useEffect(() => {
    const kept = urls.current;
    return () => {
      for (const url of kept) URL.revokeObjectURL(url);
    };
  }, []);

  const patch = useCallback((id: string, change: Partial<PickedPhoto>) => {
    setPhotos((list) => list.map((p) => (p.id === id ? { ...p, ...change } : p)));
  }, []);

  const send = useCallback(
    (id: string, blob: Blob) => {
      patch(id, { state: 'uploading', progress: 0, error: undefined });
      uploadPhoto(id, blob, csrf, (progress) => patch(id, { progress }), uploadBase)
        .then(() => patch(id, { state: 'done', progress: 1 }))
        .catch((err: unknown) => patch(id, { state: 'failed', error: errorText(err, t('errors.unexpected')) }));
    },
    [csrf, patch, t, uploadBase],
  );
  const blobs = useRef(new Map<string, Blob>());

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setProblem(null);
    setProcessing(true);
    try {
      const room = max - photos.length;
      const chosen = Array.from(files).slice(0, room);
      if (files.length > room) setProblem(t('resident.photos.limit', { max }));
      for (const file of chosen) {
        try {
          const { blob } = await downscalePhoto(file);
          const id = crypto.randomUUID();
          const url = URL.createObjectURL(blob);
          urls.current.add(url);
          blobs.current.set(id, blob);
          setPhotos((list) => [...list, { id, url, progress: 0, state: 'uploading' }]);
          send(id, blob);
        } catch {
          setProblem(t('resident.photos.unreadable', { name: file.name }));
        }
      }
    } finally {
      setProcessing(false);
    }
  };

  const remove = (id: string) => {
    setPhotos((list) => list.filter((p) => p.id !== id));
    blobs.current.delete(id);
  };

  return (
    <fieldset className="gzr-field">
      <legend className="gzr-label">{t('resident.photos.legend', { label: legend, count: photos.length, max })}</legend>
      <ul className="gzr-photos" data-testid="r-photos">
        {photos.map((p, i) => (
          <li key={p.id} className="gzr-photo" data-testid="r-photo" data-state={p.state}>
            <img src={p.url} alt={t('resident.photos.alt', { n: i + 1 })} />
            {p.state !== 'done' && (
              <span
                className={`gzr-photo-progress${p.state === 'failed' ? ' gzr-photo-failed' : ''}`}
                role={p.state === 'failed' ? 'alert' : undefined}
              >
                {p.state === 'failed' ? (
                  <button
                    type="button"
                    className="gzr-link"
                    style={{ color: '#fff', background: 'none', border: 0, padding: 0, textDecoration: 'underline' }}
                    onClick={() => {
                      const blob = blobs.current.get(p.id);
                      if (blob) send(p.id, blob);
                    }}
                  >
                    {t('resident.photos.retry')}
                  </button>
                ) : (
                  <>
                    <progress
                      value={Math.round(p.progress * 100)}
                      max={100}
                      aria-label={t('resident.photos.progress', { n: i + 1 })}
                      style={{ width: '100%', height: 6 }}
                    />
                    {Math.round(p.progress * 100)}%
                  </>
                )}
              </span>
            )}
            <button
              type="button"
              className="gzr-photo-remove"
              aria-label={t('resident.photos.remove', { n: i + 1 })}
              onClick={() => remove(p.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {photos.length < max && (
        <label className="gzr-photo-add">
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            className="gzr-sr-only"
            data-testid={testId}
            onChange={(e) => {
              void add(e.target.files);
              e.target.value = '';
            }}
          />
          {processing ? <SpinLoading style={{ '--size': '18px' }} /> : <CameraOutline aria-hidden="true" />}
          <span>{t('resident.photos.add')}</span>
        </label>
      )}
      {photos.some((p) => p.state === 'failed') && (
        <p className="gzr-field-error">{photos.find((p) => p.state === 'failed')?.error}</p>
      )}
      {problem && (
        <p className="gzr-field-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
