/**
 * Files to and from the registry: a 台账 upload (multipart, with upload progress a slow
 * phone connection can watch) and downloads of the template and the masked export. The
 * JSON client cannot do either, so these speak fetch/XHR with the same CSRF token, language
 * and error shape as api/client.ts.
 */
import type { RegistryImport } from '@gongzhi/api';
import { ApiError } from '../../api/client.ts';
import i18n from '../../i18n/index.ts';

const language = () => (i18n.language === 'en' ? 'en' : 'zh-CN');

function errorFrom(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code && body.error.message) {
      return new ApiError(status, body.error.code, body.error.message, body.error.details);
    }
  } catch {
    // not JSON: fall through to the generic message
  }
  return new ApiError(status, `HTTP_${status}`, i18n.t('errors.http', { status }));
}

/** Sends a spreadsheet for a dry run; `onProgress` gets 0–100 while the bytes go up. */
export function uploadImport(
  file: File,
  unit: string,
  csrfToken: string,
  onProgress: (percent: number) => void,
): Promise<RegistryImport> {
  const form = new FormData();
  // The unit goes first: the server can refuse a unit outside the caller's scope before reading the file.
  form.append('unit', unit);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/registry/imports');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', language());
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as RegistryImport);
        } catch {
          reject(errorFrom(xhr.status, ''));
        }
      } else reject(errorFrom(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', i18n.t('errors.network')));
    xhr.send(form);
  });
}

function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

/** Downloads a file the API serves (template, export) and hands it to the browser to save. */
export async function download(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept-Language': language() } });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  if (!response.ok) throw errorFrom(response.status, await response.text());
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response, fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
