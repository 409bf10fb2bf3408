/**
 * Small pieces the case pages share: the status tag, the SLA clock (its state in words and
 * colour, and the time left or overdue), the escalation and 督办 marks, channel and action
 * names, and one timeline event in words.
 */
import { Space, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../i18n/format.ts';
import type { CaseStatus, CaseTimelineEvent, SlaState } from './hooks.ts';
import './cases.css';

export { EmptyText, ScrollRegion } from '../visits/display.tsx';

const STATUS_COLOURS: Record<CaseStatus, string> = {
  reported: 'gold',
  accepted: 'blue',
  rejected: 'default',
  dispatched: 'geekblue',
  in_progress: 'cyan',
  resolved: 'green',
  closed: 'default',
  merged: 'purple',
};

export function isCaseStatus(s: string | null | undefined): s is CaseStatus {
  return s !== null && s !== undefined && s in STATUS_COLOURS;
}

/** The status in words; the colour only repeats them. */
export function StatusTag({ status, testId }: { status: CaseStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={testId}>
      {t(`cases.status.${status}`)}
    </Tag>
  );
}

export function statusName(status: string | null | undefined, t: TFunction): string {
  return isCaseStatus(status) ? t(`cases.status.${status}`) : (status ?? '');
}

/** 2天3小时 / 5小时20分 / 12分: the coarsest two parts of a span. */
export function spanText(ms: number, t: TFunction): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return t('cases.span.daysHours', { days, hours });
  if (hours > 0) return t('cases.span.hoursMinutes', { hours, minutes: mins });
  return t('cases.span.minutes', { minutes: mins });
}

const SLA_COLOURS: Record<SlaState, string> = { ok: 'green', due_soon: 'orange', overdue: 'red' };

/**
 * The resolve clock of an open case: its state (正常 / 即将超时 / 已超时) and how long is left
 * or how long it is over, the due time in the tooltip. A closed case shows only its state.
 */
export function SlaTag({
  state,
  dueAt,
  open,
  now = Date.now(),
  testId,
}: {
  state: SlaState;
  dueAt: string;
  open: boolean;
  now?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const left = Date.parse(dueAt) - now;
  const shownState: SlaState = open && left < 0 ? 'overdue' : state;
  const time = open
    ? left >= 0
      ? t('cases.sla.left', { time: spanText(left, t) })
      : t('cases.sla.over', { time: spanText(-left, t) })
    : null;
  return (
    <Tooltip title={t('cases.sla.dueAt', { time: formatTime(dueAt) })}>
      <Space orientation="vertical" size={0} data-testid={testId} data-sla={shownState}>
        <Tag color={SLA_COLOURS[shownState]}>{t(`cases.sla.state.${shownState}`)}</Tag>
        {time && <span className={shownState === 'ok' ? 'gz-muted gz-case-small' : 'gz-case-late'}>{time}</span>}
      </Space>
    </Tooltip>
  );
}

/** 已升级至街道 / 督办 / 超时: what marks a case for attention besides its SLA state. */
export function CaseMarks({
  escalationLevel,
  supervised,
  overdue,
}: {
  escalationLevel: number;
  supervised: boolean;
  overdue?: boolean;
}) {
  const { t } = useTranslation();
  if (escalationLevel === 0 && !supervised && !overdue) return null;
  return (
    <Space size={[4, 4]} wrap data-testid="case-marks">
      {escalationLevel > 0 && (
        <Tag color="purple">{t('cases.marks.escalated', { level: t(`cases.level.${levelKey(escalationLevel)}`) })}</Tag>
      )}
      {supervised && <Tag color="magenta">{t('cases.marks.supervised')}</Tag>}
      {overdue && <Tag color="red">{t('cases.marks.overdue')}</Tag>}
    </Space>
  );
}

export const levelKey = (level: number) => (level >= 2 ? 'district' : level === 1 ? 'street' : 'community');

const KNOWN_EVENTS = [
  'report',
  'accept',
  'reject',
  'dispatch',
  'transfer',
  'return',
  'start',
  'resolve',
  'rate',
  'reopen',
  'close',
  'escalate',
  'supervise',
  'merge',
  'merged',
  'link_topic',
  'comment',
  'overdue',
  'follow_up',
] as const;

export function eventName(action: string, t: TFunction): string {
  const known = KNOWN_EVENTS.find((a) => a === action);
  return known ? t(`cases.event.${known}`) : action;
}

/**
 * What an event's detail names worth showing: the unit it went to (and the assignee), the
 * escalation level, the 兜底, the reply template used, the case merged into or from.
 */
export function eventDetail(e: CaseTimelineEvent, t: TFunction): string[] {
  const d = e.detail ?? {};
  const parts: string[] = [];
  const field = (v: unknown, key: string): string | null =>
    v && typeof v === 'object' && key in v ? String((v as Record<string, unknown>)[key]) : null;
  const handler = field(d.handler, 'name');
  if (handler) parts.push(t('cases.timeline.to', { name: handler }));
  const assignee = field(d.assignee, 'name');
  if (assignee) parts.push(t('cases.timeline.assignee', { name: assignee }));
  if (typeof d.level === 'number')
    parts.push(t('cases.marks.escalated', { level: t(`cases.level.${levelKey(d.level)}`) }));
  if (d.fallback) parts.push(t('cases.timeline.fallback'));
  if (typeof d.rating === 'number') parts.push(t('cases.timeline.rating', { rating: d.rating }));
  const template = field(d.template, 'title');
  if (template) parts.push(t('cases.timeline.template', { title: template }));
  const into = field(d.into, 'receiptNo');
  if (into) parts.push(t('cases.timeline.mergedInto', { receiptNo: into }));
  const from = field(d.from, 'receiptNo');
  if (from) parts.push(t('cases.timeline.mergedFrom', { receiptNo: from }));
  if (typeof d.topicUid === 'string') parts.push(t('cases.timeline.topic', { uid: d.topicUid }));
  return parts;
}
