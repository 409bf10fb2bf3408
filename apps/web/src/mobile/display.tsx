/** Small pieces the phone pages share: how an item is named, its state tag, times in China. */
import type { DueItem } from '@gongzhi/api';
import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/index.ts';
import type { ItemState } from './data.tsx';

/** The people the item is about: its tagged members first, or everyone on the card. */
export function subjectsOf(item: DueItem) {
  const tagged = item.card.members.filter((m) => m.tags.length > 0);
  return tagged.length > 0 ? tagged : item.card.members;
}

/** What the worker reads first: the address, or the person's name when there is no household. */
export function itemTitle(item: DueItem): string {
  return item.card.address ?? subjectsOf(item)[0]?.name ?? '—';
}

/** 、 between names in Chinese, a comma in English. */
export function joinNames(names: string[]): string {
  return names.join(currentLanguage() === 'en' ? ', ' : '、');
}

export function itemLabel(item: DueItem): string {
  const names = joinNames(subjectsOf(item).map((m) => m.name));
  return item.card.address ? `${item.card.address} ${names}` : names;
}

const STATE_COLOR: Record<ItemState, string> = {
  open: 'primary',
  overdue: 'danger',
  done: 'success',
  cancelled: 'default',
  waiting: 'warning',
  rejected: 'danger',
};

export function StateTag({ state }: { state: ItemState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} fill={state === 'done' || state === 'cancelled' ? 'outline' : 'solid'}>
      {t(`mobile.state.${state}`)}
    </Tag>
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const language = currentLanguage() === 'en' ? 'en-GB' : 'zh-CN';
  const id = `${language}|${key}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { timeZone: 'Asia/Shanghai', hour12: false, ...options });
    formatters.set(id, f);
  }
  return f;
}

/** 11月23日 09:30 — a time of this year, in China. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return fmt('short', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** 11月30日 — a date-only 'YYYY-MM-DD'. */
export function shortDate(day: string): string {
  return fmt('day', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** 'YYYY-MM-DDTHH:mm' of an instant in China, for <input type="datetime-local">. */
export function localInputValue(at: Date): string {
  const parts = fmt('input', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const hour = get('hour') === '24' ? '00' : get('hour');
  return `${get('year')}-${get('month')}-${get('day')}T${hour}:${get('minute')}`;
}

/** The instant a 'YYYY-MM-DDTHH:mm' typed as China time stands for. */
export function fromLocalInput(value: string): Date {
  return new Date(`${value}:00+08:00`);
}
