/** How the residents' pages print points and days. Days are China days, whatever the phone's zone. */
import { currentLanguage } from '../i18n/index.ts';

/** +5 / −3 (a real minus sign, which screen readers read as minus). */
export function signed(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `−${Math.abs(n)}`;
  return '0';
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as its day in Asia/Shanghai: 2026-11-23 (zh) or 23 Nov 2026 (en). */
export function day(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const lang = currentLanguage() === 'en' ? 'en-GB' : 'zh-CN';
  let f = dayFormats.get(lang);
  if (!f) {
    f =
      lang === 'en-GB'
        ? new Intl.DateTimeFormat('en-GB', {
            timeZone: 'Asia/Shanghai',
            day: 'numeric',
            month: 'short',
            year: 'numeric',
          })
        : new Intl.DateTimeFormat('zh-CN', {
            timeZone: 'Asia/Shanghai',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
          });
    dayFormats.set(lang, f);
  }
  return f.format(date);
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the latest day a deed may be claimed for). */
export function chinaToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}
