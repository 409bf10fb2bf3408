/**
 * The public board of the two 公开 (决议公开, 实施结果公开) and of 民生微实事 (三议三公开): what a
 * community published, for anyone, without login. A topic appears once it is public and its
 * resolution was published; each step shows its records (the held meeting with how many were
 * called and came, the closed vote with its count and rule, the publication and its period) —
 * never who attended, who voted or who proposed (proposers' names are masked: 张*明).
 */
import type {
  PublicBoardQuery,
  PublicBudget,
  PublicBudgetDetail,
  PublicDeliberationBoard,
  PublicProject,
  PublicStepRecords,
  PublicTopic,
  PublicTopicDetail,
  PublicTopicStep,
} from '@gongzhi/api';
import { maskName } from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { FileStore } from '../../platform/files/store.ts';
import * as board from './board-repo.ts';
import * as micro from './micro-repo.ts';
import { selectionOf } from './micro-service.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const DAY_MS = 86_400_000;

/** The part of a topic's copied procedure step the board reads. */
interface StepOfTopic {
  key: string;
  name: string;
  nameEn?: string;
  meetingKind?: string;
  publishes?: 'resolution' | 'outcome';
  noticeDays?: number;
}

function publicTopic(t: board.PublicTopicRow): PublicTopic {
  return {
    uid: t.uid,
    title: t.title,
    community: { code: t.community_code, name: t.community_name },
    procedure: t.procedure_code
      ? { code: t.procedure_code, name: t.procedure_name ?? t.procedure_code, nameEn: t.procedure_name_en }
      : null,
    status: t.status,
    resolution: t.resolution,
    resolutionPublishedAt: iso(t.resolution_published_at),
    outcome: t.outcome,
    outcomePublishedAt: iso(t.outcome_published_at),
    noticeUntil: iso(t.notice_until),
    decidedAt: iso(t.decided_at),
  };
}

function stepState(t: board.PublicTopicRow, index: number): PublicTopicStep['state'] {
  if (t.status === 'done' || index < t.current_step) return 'done';
  return index === t.current_step ? 'current' : 'waiting';
}

/** A publication step's text and period: from its publication, for the step's notice days. */
function noticeOf(t: board.PublicTopicRow, step: StepOfTopic): PublicStepRecords['notice'] {
  if (!step.publishes) return null;
  const text = step.publishes === 'resolution' ? t.resolution : t.outcome;
  const from = step.publishes === 'resolution' ? t.resolution_published_at : t.outcome_published_at;
  if (!from) return { publishes: step.publishes, text: null, from: null, until: null };
  const latest = step.publishes === 'outcome' || t.outcome_published_at === null;
  const until = step.noticeDays ? new Date(from.getTime() + step.noticeDays * DAY_MS) : latest ? t.notice_until : null;
  return { publishes: step.publishes, text, from: from.toISOString(), until: iso(until) };
}

function publicProject(p: micro.ProjectRow, milestones: PublicProject['milestones']): PublicProject {
  return {
    uid: p.uid,
    title: p.title,
    description: p.description,
    location: p.location,
    status: p.status as PublicProject['status'],
    proposerName: p.proposer_name === null ? null : maskName(p.proposer_name),
    estimateCents: Number(p.estimate_cents),
    priceCents: p.price_cents === null ? null : Number(p.price_cents),
    reviewNote: p.review_note,
    votes: p.votes,
    spentCents: Number(p.spent_cents),
    acceptanceNote: p.acceptance_note,
    acceptedAt: iso(p.accepted_at),
    milestones,
  };
}

function publicBudget(b: micro.BudgetRow): PublicBudget {
  return {
    uid: b.uid,
    title: b.title,
    year: b.year,
    community: { code: b.community_code, name: b.community_name },
    amountCents: Number(b.amount_cents),
    phase: b.phase as PublicBudget['phase'],
    ballotStyle: b.ballot_style as PublicBudget['ballotStyle'],
    maxChoices: b.max_choices,
    projectCount: Number(b.project_count),
    selectedCount: Number(b.selected_count),
    allocatedCents: Number(b.allocated_cents),
    spentCents: Number(b.spent_cents),
  };
}

export function createBoardService(deps: { files: FileStore }) {
  async function community(db: Db, code: string) {
    const c = await micro.communityByCode(db, code);
    if (!c) throw new AppError('UNIT_NOT_FOUND', 404);
    return c;
  }

  async function boardOf(db: Db, q: PublicBoardQuery): Promise<PublicDeliberationBoard> {
    const c = await community(db, q.community);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const [topics, budgets] = await Promise.all([
      board.publishedTopicsOf(db, c.id, pageSize, (page - 1) * pageSize),
      micro.listBudgets(db, { where: sql`b.community_id = ${c.id}` }, 50, 0),
    ]);
    return {
      community: { code: c.code, name: c.name },
      topics: { items: topics.items.map(publicTopic), total: topics.total, page, pageSize },
      budgets: budgets.items.map(publicBudget),
    };
  }

  async function topic(db: Db, uid: string): Promise<PublicTopicDetail> {
    const t = await board.publishedTopicByUid(db, uid);
    if (!t) throw new AppError('DELIB_TOPIC_NOT_FOUND', 404);
    const [meetings, votes] = await Promise.all([board.heldMeetingsOf(db, t.id), board.closedVotesOf(db, t.id)]);
    const steps = (Array.isArray(t.steps) ? t.steps : []) as StepOfTopic[];
    return {
      ...publicTopic(t),
      description: t.description,
      steps: steps.map((s, index) => {
        const state = stepState(t, index);
        const reached = state !== 'waiting';
        return {
          index,
          key: s.key,
          name: s.name,
          nameEn: s.nameEn ?? s.name,
          state,
          records: {
            meetings: reached
              ? meetings
                  .filter((m) => s.meetingKind !== undefined && m.kind === s.meetingKind)
                  .map((m) => ({
                    title: m.title,
                    kind: m.kind,
                    place: m.place,
                    startsAt: m.starts_at.toISOString(),
                    called: m.called,
                    present: m.present,
                    decision: m.decision,
                  }))
              : [],
            votes: votes
              .filter((v) => v.step === index)
              .map((v) => {
                const r = (v.result ?? {}) as Record<string, unknown>;
                return {
                  uid: v.uid,
                  title: v.title,
                  style: v.style,
                  secret: v.secret,
                  closedAt: iso(v.closed_at),
                  eligible: v.eligible_count,
                  cast: Number(r.cast ?? v.cast_count),
                  counts: (r.counts ?? {}) as Record<string, number>,
                  quorumMet: r.quorumMet === true,
                  passed: r.passed === true,
                  ruleText: String(r.ruleText ?? ''),
                  ruleTextEn: String(r.ruleTextEn ?? ''),
                };
              }),
            notice: noticeOf(t, s),
          },
        };
      }),
    };
  }

  async function budget(db: Db, uid: string): Promise<PublicBudgetDetail> {
    const b = await micro.budgetByUid(db, uid);
    if (!b) throw new AppError('DELIB_BUDGET_NOT_FOUND', 404);
    const projects = await micro.projectsOfBudget(db, b.id);
    const milestones = await micro.milestonesOf(
      db,
      projects.map((p) => p.id),
    );
    const photos = await micro.photosOfMilestones(
      db,
      milestones.map((m) => m.id),
    );
    const vote = b.vote_id === null ? undefined : await micro.voteOfBudget(db, b.vote_id);
    return {
      ...publicBudget(b),
      vote: vote
        ? {
            uid: vote.uid,
            status: vote.status,
            eligible: vote.eligible_count,
            cast: Number(vote.cast_count),
            closedAt: iso(vote.closed_at),
          }
        : null,
      selection: selectionOf(b, projects),
      projects: projects.map((p) =>
        publicProject(
          p,
          milestones
            .filter((m) => m.project_id === p.id)
            .map((m) => ({
              title: m.title,
              note: m.note,
              spentCents: Number(m.spent_cents),
              happenedOn: m.happened_on,
              photos: photos.filter((ph) => ph.milestone_id === m.id).map((ph) => ({ uid: ph.uid })),
            })),
        ),
      ),
    };
  }

  async function photo(db: Db, projectUid: string, photoUid: string) {
    const found = await board.projectPhoto(db, projectUid.toLowerCase(), photoUid.toLowerCase());
    if (!found) throw new AppError('PHOTO_NOT_FOUND', 404);
    const stream = await deps.files.open(found.sha256);
    if (!stream) throw new AppError('PHOTO_NOT_FOUND', 404);
    return { stream, contentType: found.content_type, bytes: Number(found.bytes), sha256: found.sha256 };
  }

  return { board: boardOf, topic, budget, photo };
}
