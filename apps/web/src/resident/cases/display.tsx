/**
 * How a case reads on a phone: its status in plain words, the receipt number (回执号) with a
 * copy button, the timeline as sentences, photos and stars. Shared by the residents' pages,
 * the grid worker's report page and the public board.
 */
import type { CaseStatus, CaseTimelineEvent } from '@gongzhi/api';
import { Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../i18n/format.ts';
import { Badge, type BadgeTone } from '../display.tsx';
import './cases.css';

const TONE: Record<CaseStatus, BadgeTone> = {
  reported: 'blue',
  accepted: 'blue',
  dispatched: 'blue',
  in_progress: 'orange',
  resolved: 'green',
  closed: 'grey',
  rejected: 'red',
  merged: 'grey',
};

export function CaseStatusBadge({ status, testId }: { status: CaseStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={TONE[status]} testId={testId}>
      {t(`residentCases.status.${status}`)}
    </Badge>
  );
}

/** Copies text on any phone: the Clipboard API where the page is a secure context, a selection otherwise. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** 回执号, big, with a copy button: the number a resident keeps to ask about the case. */
export function ReceiptNumber({ receiptNo, big = true }: { receiptNo: string; big?: boolean }) {
  const { t } = useTranslation();
  const copy = async () => {
    const ok = await copyText(receiptNo);
    Toast.show(
      ok ? { icon: 'success', content: t('residentCases.receipt.copied') } : t('residentCases.receipt.copyFailed'),
    );
  };
  return (
    <div className={big ? 'gzc-receipt gzc-receipt-big' : 'gzc-receipt'}>
      <span className="gzc-receipt-label">{t('residentCases.receipt.label')}</span>
      <span className="gzc-receipt-no" data-testid="case-receipt-no">
        {receiptNo}
      </span>
      <button type="button" className="gzc-copy" onClick={() => void copy()} data-testid="case-receipt-copy">
        {t('residentCases.receipt.copy')}
        <span className="gzr-sr-only">{receiptNo}</span>
      </button>
    </div>
  );
}

const SENTENCE_ACTIONS = new Set([
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
  'overdue',
  'merge',
  'link_topic',
  'comment',
]);

type SentenceAction =
  | 'report'
  | 'accept'
  | 'reject'
  | 'dispatch'
  | 'transfer'
  | 'return'
  | 'start'
  | 'resolve'
  | 'rate'
  | 'reopen'
  | 'close'
  | 'escalate'
  | 'supervise'
  | 'overdue'
  | 'merge'
  | 'link_topic'
  | 'comment';

function detailText(detail: Record<string, unknown> | null, ...keys: string[]): string | null {
  if (!detail) return null;
  for (const key of keys) {
    const v = detail[key];
    if (typeof v === 'string' && v) return v;
    if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') {
      return (v as { name: string }).name;
    }
  }
  return null;
}

/** One row of the timeline as a sentence a resident understands: 已派给区城管局办理. */
export function TimelineSentence({ event }: { event: CaseTimelineEvent }) {
  const { t } = useTranslation();
  if (!SENTENCE_ACTIONS.has(event.action)) {
    return event.toStatus
      ? t('residentCases.timeline.moved', { status: t(`residentCases.status.${event.toStatus as CaseStatus}`) })
      : t('residentCases.timeline.other');
  }
  const action = event.action as SentenceAction;
  if (action === 'dispatch' || action === 'transfer') {
    const unit = detailText(event.detail, 'handlerName', 'handler', 'target', 'unitName', 'unit', 'to');
    return <>{unit ? t(`residentCases.timeline.${action}To`, { unit }) : t(`residentCases.timeline.${action}`)}</>;
  }
  if (action === 'rate') {
    const rating = event.detail?.rating;
    return (
      <>
        {typeof rating === 'number'
          ? t('residentCases.timeline.rateN', { n: rating })
          : t('residentCases.timeline.rate')}
      </>
    );
  }
  if (action === 'escalate') {
    const level = event.detail?.level ?? event.detail?.to;
    if (level === 1 || level === 2) return <>{t(`residentCases.timeline.escalate${level}`)}</>;
  }
  return <>{t(`residentCases.timeline.${action}`)}</>;
}

export function Timeline({ events }: { events: CaseTimelineEvent[] }) {
  const { t } = useTranslation();
  return (
    <ol className="gzc-timeline" data-testid="case-timeline">
      {events.map((e) => (
        <li key={e.seq} className="gzc-step" data-action={e.action}>
          <span className="gzc-step-dot" aria-hidden="true" />
          <div className="gzc-step-body">
            <span className="gzc-step-what">
              <TimelineSentence event={e} />
            </span>
            <span className="gzr-row-meta">
              <time dateTime={e.at}>{formatTime(e.at)}</time>
              {e.actorName ? ` · ${e.actorName}` : ''}
            </span>
            {e.note && e.action !== 'resolve' && (
              <span className="gzr-note">{t('residentCases.timeline.note', { note: e.note })}</span>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** ★★★★☆ with the number for screen readers. */
export function Stars({ rating }: { rating: number }) {
  const { t } = useTranslation();
  return (
    <span className="gzc-stars" role="img" aria-label={t('residentCases.rate.stars', { n: rating })}>
      {'★'.repeat(rating)}
      <span className="gzc-stars-off">{'★'.repeat(Math.max(0, 5 - rating))}</span>
    </span>
  );
}

export function CasePhotos({ uids, label }: { uids: string[]; label: string }) {
  const { t } = useTranslation();
  if (uids.length === 0) return null;
  return (
    <ul className="gzr-photos gzc-photos" aria-label={label}>
      {uids.map((uid, i) => (
        <li key={uid} className="gzr-photo">
          <a href={`/api/cases/photos/${uid}`} target="_blank" rel="noreferrer">
            <img src={`/api/cases/photos/${uid}`} alt={t('residentCases.detail.photoAlt', { label, n: i + 1 })} />
          </a>
        </li>
      ))}
    </ul>
  );
}
