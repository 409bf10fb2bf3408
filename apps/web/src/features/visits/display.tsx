/** Small pieces the visits pages share: finding and method labels, the month picker, China dates. */
import { DatePicker, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingKind, VisitSummary } from './hooks.ts';
import './visits.css';

/** Colours and words together: a finding's kind is always written out, never shown by colour alone. */
export const FINDING_COLOURS: Record<FindingKind, string> = {
  need: 'blue',
  risk: 'red',
  conflict: 'orange',
  living: 'green',
  other: 'default',
};

/** Today's date in Asia/Shanghai, whatever the browser's zone: periods and overdue days are China dates. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

export const chinaMonth = (now = new Date()) => chinaToday(now).slice(0, 7);

/** Whole days from `from` to `to` (YYYY-MM-DD), both read as calendar dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The findings of a visit as tags, one per kind with its count. */
export function FindingTags({ findings }: { findings: VisitSummary['findings'] }) {
  const { t } = useTranslation();
  if (findings.length === 0) return <span className="gz-muted">{t('common.none')}</span>;
  const counts = new Map<FindingKind, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return (
    <Space size={[4, 4]} wrap>
      {[...counts].map(([kind, count]) => (
        <Tag key={kind} color={FINDING_COLOURS[kind]}>
          {t(`visits.finding.${kind}`)}
          {count > 1 ? ` ×${count}` : ''}
        </Tag>
      ))}
    </Space>
  );
}

/** A month as 'YYYY-MM' (the API's Month), picked on antd's month calendar. */
export function MonthPicker({
  value,
  onChange,
  allowClear = false,
  placeholder,
  testId,
  ...aria
}: {
  value: string | undefined;
  onChange: (month: string | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  testId?: string;
  'aria-label'?: string;
}) {
  return (
    <DatePicker
      picker="month"
      inputReadOnly
      allowClear={allowClear}
      placeholder={placeholder}
      value={value ? dayjs(`${value}-01`) : null}
      onChange={(d) => onChange(d ? d.format('YYYY-MM') : undefined)}
      disabledDate={(d) => d.isAfter(dayjs(), 'month')}
      style={{ width: '100%' }}
      data-testid={testId}
      {...aria}
    />
  );
}

/** The share of done must-visits as a whole percentage, or a dash when nothing was due. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/**
 * A wide table's own sideways scroll on a narrow screen: a named region keyboard users can
 * focus and scroll (axe: scrollable-region-focusable), so the page itself never scrolls sideways.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="gz-table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** A table's empty text in a grey that still meets 4.5:1 (antd's own is too faint). */
export function EmptyText({ children }: { children: ReactNode }) {
  return <span className="gz-muted">{children}</span>;
}
