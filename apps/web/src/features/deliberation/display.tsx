/**
 * Small pieces the deliberation pages share: status tags (in words; the colour only repeats
 * them), money in ¥ from cents, a text in the page's language where the server sends both, a
 * page heading with a way back, and a card title at the right heading level.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { BudgetPhase, MeetingStatus, MicroProjectStatus, TopicStatus, VoteStatus } from '@gongzhi/api';
import { yuan } from '@gongzhi/domain';
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import './deliberation.css';

export { formatTime } from '../../i18n/format.ts';

const TOPIC_COLOURS: Record<TopicStatus, string> = {
  proposed: 'gold',
  open: 'blue',
  decided: 'cyan',
  done: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export function TopicStatusTag({ status, testId }: { status: TopicStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={TOPIC_COLOURS[status]} data-testid={testId} data-status={status}>
      {t(`deliberation.topicStatus.${status}`)}
    </Tag>
  );
}

const MEETING_COLOURS: Record<MeetingStatus, string> = { scheduled: 'blue', held: 'green', cancelled: 'default' };

export function MeetingStatusTag({ status, testId }: { status: MeetingStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={MEETING_COLOURS[status]} data-testid={testId} data-status={status}>
      {t(`deliberation.meetingStatus.${status}`)}
    </Tag>
  );
}

const VOTE_COLOURS: Record<VoteStatus, string> = { draft: 'default', open: 'blue', closed: 'green', cancelled: 'red' };

export function VoteStatusTag({ status, testId }: { status: VoteStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={VOTE_COLOURS[status]} data-testid={testId} data-status={status}>
      {t(`deliberation.voteStatus.${status}`)}
    </Tag>
  );
}

const PROJECT_COLOURS: Record<MicroProjectStatus, string> = {
  proposed: 'gold',
  feasible: 'blue',
  unfeasible: 'red',
  selected: 'cyan',
  not_selected: 'default',
  in_progress: 'geekblue',
  completed: 'purple',
  accepted: 'green',
};

export function ProjectStatusTag({ status, testId }: { status: MicroProjectStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={PROJECT_COLOURS[status]} data-testid={testId} data-status={status}>
      {t(`deliberation.projectStatus.${status}`)}
    </Tag>
  );
}

export function PhaseTag({ phase }: { phase: BudgetPhase }) {
  const { t } = useTranslation();
  return <Tag color={phase === 'closed' ? 'default' : 'blue'}>{t(`deliberation.phase.${phase}`)}</Tag>;
}

/** ¥12,300.50 from 1230050 fen; nothing for null. */
export function Yuan({ cents }: { cents: number | null | undefined }) {
  if (cents === null || cents === undefined) return <span className="gz-muted">—</span>;
  return <span className="gz-delib-money">{yuan(cents)}</span>;
}

/** The Chinese or the English of a pair the server sends. */
export function inLang(zh: string, en: string | null | undefined): string {
  return currentLanguage() === 'en' && en ? en : zh;
}

/** The page's one h1 and, above it, the way back to the list it came from. */
export function PageHead({
  title,
  back,
  backText,
  extra,
  testId,
}: {
  title: ReactNode;
  back?: string;
  backText?: string;
  extra?: ReactNode;
  testId?: string;
}) {
  return (
    <>
      {back && (
        <div style={{ marginBottom: 12 }}>
          <Link to={back}>
            <ArrowLeftOutlined aria-hidden="true" /> {backText}
          </Link>
        </div>
      )}
      <div className="gz-delib-head">
        <Typography.Title level={1} className="gz-page-title" data-testid={testId}>
          {title}
        </Typography.Title>
        {extra && <div className="gz-delib-head-extra">{extra}</div>}
      </div>
    </>
  );
}

/** A card's title as an h2, so the page reads as an outline. */
export const CardTitle = ({ children }: { children: ReactNode }) => <h2 className="gz-card-title">{children}</h2>;

/** A fraction as written in rules: 2/3. */
export const fraction = (f: readonly [number, number]) => `${f[0]}/${f[1]}`;

/** 'YYYY-MM-DD' today in Asia/Shanghai. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}
