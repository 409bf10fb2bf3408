/**
 * Times are stored as UTC instants and always shown in Asia/Shanghai, whatever the
 * browser's own zone: a record made in 江海区 at 09:00 reads 09:00 for everyone.
 */
import { currentLanguage } from './index.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string): Intl.DateTimeFormat {
  let f = formatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(language, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    formatters.set(language, f);
  }
  return f;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(currentLanguage() === 'en' ? 'en-GB' : 'zh-CN').format(date);
}
