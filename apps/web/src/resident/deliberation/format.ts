/** How the deliberation pages print money (integer cents, shown as ¥) and a meeting's time. */
import { currentLanguage } from '../../i18n/index.ts';

const money = new Map<string, Intl.NumberFormat>();

/** 30000000 → ¥300,000 (whole yuan) or ¥1,234.50. */
export function yuan(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const lang = currentLanguage() === 'en' ? 'en-GB' : 'zh-CN';
  const whole = cents % 100 === 0;
  const key = `${lang}|${whole}`;
  let f = money.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, {
      style: 'currency',
      currency: 'CNY',
      currencyDisplay: 'symbol',
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    });
    money.set(key, f);
  }
  // en-GB writes CN¥; residents read ¥ either way.
  return f.format(cents / 100).replace('CN¥', '¥');
}

/** What a resident typed as yuan ("1,200.5", "１２００") → cents, or null when it is not an amount. */
export function centsOf(text: string): number | null {
  const s = text
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s¥￥]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole = '0', frac = ''] = s.split('.');
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return Number.isSafeInteger(cents) && cents > 0 ? cents : null;
}

const spans = new Map<string, Intl.DateTimeFormat>();

function fmt(lang: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${withDate}`;
  let f = spans.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, {
      timeZone: 'Asia/Shanghai',
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    spans.set(key, f);
  }
  return f;
}

/** 2026/11/28 周六 19:30–21:00, in Asia/Shanghai whatever the phone's zone. */
export function meetingTime(startsAt: string, endsAt: string): string {
  const lang = currentLanguage() === 'en' ? 'en-GB' : 'zh-CN';
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${startsAt}–${endsAt}`;
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
  const endText = day(start) === day(end) ? fmt(lang, false).format(end) : fmt(lang, true).format(end);
  return `${fmt(lang, true).format(start)}–${endText}`;
}
