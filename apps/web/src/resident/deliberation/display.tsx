/**
 * How deliberation reads on a phone: the status of a topic, meeting, vote, budget or project as
 * a coloured badge in plain words. Shared by the residents' pages and the public board.
 */
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../display.tsx';
import '../cases/cases.css';
import './deliberation.css';

const TOPIC_TONE: Record<string, BadgeTone> = {
  proposed: 'orange',
  open: 'blue',
  decided: 'green',
  done: 'grey',
  rejected: 'red',
  withdrawn: 'grey',
};
const MEETING_TONE: Record<string, BadgeTone> = { scheduled: 'blue', held: 'green', cancelled: 'grey' };
const VOTE_TONE: Record<string, BadgeTone> = { draft: 'grey', open: 'blue', closed: 'green', cancelled: 'grey' };
const PHASE_TONE: Record<string, BadgeTone> = {
  proposing: 'orange',
  reviewing: 'blue',
  voting: 'blue',
  selected: 'green',
  closed: 'grey',
};
const PROJECT_TONE: Record<string, BadgeTone> = {
  proposed: 'orange',
  feasible: 'blue',
  unfeasible: 'red',
  selected: 'green',
  not_selected: 'grey',
  in_progress: 'blue',
  completed: 'green',
  accepted: 'green',
};

type Known<T extends Record<string, unknown>> = Extract<keyof T, string>;

function known<T extends Record<string, BadgeTone>>(map: T, s: string): s is Known<T> {
  return Object.hasOwn(map, s);
}

export function TopicStatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  if (!known(TOPIC_TONE, status)) return null;
  return (
    <Badge tone={TOPIC_TONE[status] ?? 'grey'} testId={testId}>
      {t(`residentDeliberation.topicStatus.${status as 'proposed'}`)}
    </Badge>
  );
}

export function MeetingStatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  if (!known(MEETING_TONE, status)) return null;
  return (
    <Badge tone={MEETING_TONE[status] ?? 'grey'} testId={testId}>
      {t(`residentDeliberation.meetingStatus.${status as 'scheduled'}`)}
    </Badge>
  );
}

export function VoteStatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  if (!known(VOTE_TONE, status)) return null;
  return (
    <Badge tone={VOTE_TONE[status] ?? 'grey'} testId={testId}>
      {t(`residentDeliberation.voteStatus.${status as 'open'}`)}
    </Badge>
  );
}

export function PhaseBadge({ phase, testId }: { phase: string; testId?: string }) {
  const { t } = useTranslation();
  if (!known(PHASE_TONE, phase)) return null;
  return (
    <Badge tone={PHASE_TONE[phase] ?? 'grey'} testId={testId}>
      {t(`residentDeliberation.phase.${phase as 'proposing'}`)}
    </Badge>
  );
}

export function ProjectStatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  if (!known(PROJECT_TONE, status)) return null;
  return (
    <Badge tone={PROJECT_TONE[status] ?? 'grey'} testId={testId}>
      {t(`residentDeliberation.projectStatus.${status as 'proposed'}`)}
    </Badge>
  );
}
