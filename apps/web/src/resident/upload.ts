/**
 * Evidence photos: shrunk on the phone (the grid workers' app's downscale: ≤ 1600 px JPEG, no
 * EXIF), then PUT /api/points/photos/{id} under an id the phone chose. XMLHttpRequest rather
 * than fetch because fetch cannot report upload progress, which a resident on a village's
 * signal wants to see. The id is the idempotency key: a PUT to the same id again is answered
 * with the stored photo.
 */
import type { PointsPhoto } from '@gongzhi/api';
import { ApiError } from '../api/client.ts';
import i18n from '../i18n/index.ts';

function csrfToken(): string | null {
  const match = document.cookie.split('; ').find((c) => c.startsWith('gz_csrf='));
  return match ? decodeURIComponent(match.slice('gz_csrf='.length)) : null;
}

export function uploadPhoto(
  id: string,
  blob: Blob,
  csrf: string | null,
  onProgress: (fraction: number) => void,
  /** where the photo goes: points' evidence by default, cases' photos with '/api/cases/photos' */
  base = '/api/points/photos',
): Promise<typeof PointsPhoto.static> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `${base}/${id}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', blob.type || 'image/jpeg');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', i18n.language === 'en' ? 'en' : 'zh-CN');
    const token = csrf ?? csrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', i18n.t('errors.network')));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as typeof PointsPhoto.static);
        return;
      }
      const error = (body as { error?: { code: string; message: string; details?: unknown } } | null)?.error;
      reject(
        error
          ? new ApiError(xhr.status, error.code, error.message, error.details)
          : new ApiError(xhr.status, `HTTP_${xhr.status}`, i18n.t('errors.http', { status: xhr.status })),
      );
    };
    xhr.send(blob);
  });
}
