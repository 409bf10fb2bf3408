/**
 * One 民生微实事 budget: its phase on the way proposing → reviewing → voting → selected → closed,
 * the amount and what is allocated and spent; while proposing, 我要提项目; while voting, 去投票
 * (the vote page runs approval or knapsack ballots); once selected, the selection and the rule
 * that made it. Every project of the budget with its status, price, votes and spending; an
 * unfeasible one with the written explanation.
 */
import type { BudgetDetail, ProjectSummary } from '@gongzhi/api';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { PhaseBadge, ProjectStatusBadge } from './display.tsx';
import { yuan } from './format.ts';
import { useBudget } from './micro-hooks.ts';
import { PhaseSteps } from './PhaseSteps.tsx';

function ProjectCard({ item, budget }: { item: ProjectSummary; budget: BudgetDetail }) {
  const { t } = useTranslation();
  const order = budget.selection?.selected.indexOf(item.uid) ?? -1;
  return (
    <li className="gzr-row" data-testid="r-project" data-uid={item.uid} data-status={item.status}>
      <div className="gzr-row-body">
        <span className="gzr-row-title">
          {item.title}
          {item.mine && <span className="gzr-row-meta"> · {t('residentDeliberation.micro.mineMark')}</span>}
        </span>
        <span className="gzr-row-meta">{item.description}</span>
        <span className="gzr-row-meta">
          {[
            item.location,
            item.priceCents !== null
              ? t('residentDeliberation.micro.price', { price: yuan(item.priceCents) })
              : t('residentDeliberation.micro.estimate', { estimate: yuan(item.estimateCents) }),
            item.votes !== null ? t('residentDeliberation.result.votes', { n: item.votes }) : null,
            order >= 0 ? t('residentDeliberation.micro.takenAt', { n: order + 1 }) : null,
            item.spentCents > 0 ? t('residentDeliberation.micro.spent', { spent: yuan(item.spentCents) }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
        {item.reviewNote && (
          <span className={item.status === 'unfeasible' ? 'gzr-reason' : 'gzr-note'}>
            {item.status === 'unfeasible'
              ? t('residentDeliberation.micro.whyUnfeasible', { note: item.reviewNote })
              : t('residentDeliberation.micro.reviewNote', { note: item.reviewNote })}
          </span>
        )}
        {item.acceptanceNote && (
          <span className="gzr-note">{t('residentDeliberation.micro.accepted', { note: item.acceptanceNote })}</span>
        )}
      </div>
      <div className="gzr-row-side">
        <ProjectStatusBadge status={item.status} />
      </div>
    </li>
  );
}

export default function BudgetPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const budget = useBudget(uid);
  const title = t('residentDeliberation.micro.budget');

  if (budget.isPending || budget.isError) {
    return (
      <ResidentPage title={title} back="/r/deliberation/budgets" testId="r-budget-detail">
        {budget.isPending ? <Loading /> : <LoadFailed error={budget.error} retry={() => void budget.refetch()} />}
      </ResidentPage>
    );
  }
  const b = budget.data;
  const mayPropose = b.allowedActions.includes('propose');
  const voteUid = b.vote?.uid ?? b.voteUid;

  return (
    <ResidentPage title={title} back="/r/deliberation/budgets" testId="r-budget-detail">
      <section className="gzr-section" aria-labelledby="budget-title" data-phase={b.phase}>
        <div className="gzr-section-head">
          <h2 id="budget-title" className="gzr-h2">
            {b.title}
          </h2>
          <PhaseBadge phase={b.phase} testId="r-budget-phase" />
        </div>
        <dl className="gzc-facts">
          <div>
            <dt>{t('residentDeliberation.micro.total')}</dt>
            <dd>{yuan(b.amountCents)}</dd>
          </div>
          <div>
            <dt>{t('residentDeliberation.micro.ballotStyle')}</dt>
            <dd>
              {b.ballotStyle === 'approval'
                ? t('residentDeliberation.micro.approval', { max: b.maxChoices ?? b.projectCount })
                : t('residentDeliberation.micro.knapsack')}
            </dd>
          </div>
          {b.proposalsCloseOn && (
            <div>
              <dt>{t('residentDeliberation.micro.closeOn')}</dt>
              <dd>{b.proposalsCloseOn}</dd>
            </div>
          )}
          {b.selectedCount > 0 && (
            <div>
              <dt>{t('residentDeliberation.micro.allocatedLabel')}</dt>
              <dd>
                {yuan(b.allocatedCents)} · {t('residentDeliberation.micro.spent', { spent: yuan(b.spentCents) })}
              </dd>
            </div>
          )}
        </dl>
        <PhaseSteps phase={b.phase} />
        <div className="gzr-actions" style={{ padding: '8px 0 0' }}>
          {mayPropose && (
            <Link to={`/r/deliberation/budgets/${b.uid}/propose`} className="gzr-cta" data-testid="r-budget-propose">
              {t('residentDeliberation.micro.propose')}
            </Link>
          )}
          {b.phase === 'voting' && voteUid && (
            <Link to={`/r/deliberation/votes/${voteUid}`} className="gzr-cta" data-testid="r-budget-vote">
              {t('residentDeliberation.micro.toVote')}
            </Link>
          )}
        </div>
        {b.vote && b.phase === 'voting' && (
          <p className="gzr-muted">
            {t('residentDeliberation.vote.turnout', { cast: b.vote.castCount, eligible: b.vote.eligibleCount })}
            {b.vote.closesAt
              ? ` · ${t('residentDeliberation.vote.closesAt', { time: formatTime(b.vote.closesAt) })}`
              : ''}
          </p>
        )}
      </section>

      {b.selection && (
        <section className="gzr-section" aria-labelledby="budget-selection" data-testid="r-budget-selection">
          <h2 id="budget-selection" className="gzr-h2">
            {t('residentDeliberation.micro.selection')}
          </h2>
          <p className="gzr-rule-info">{b.selection.ruleText}</p>
          <p className="gzr-muted">
            {t('residentDeliberation.micro.selectionSum', {
              n: b.selection.selected.length,
              spent: yuan(b.selection.spentCents),
              total: yuan(b.amountCents),
            })}
          </p>
          {voteUid && (
            <Link to={`/r/deliberation/votes/${voteUid}`} className="gzr-link">
              {t('residentDeliberation.micro.voteResult')}
            </Link>
          )}
        </section>
      )}

      <section className="gzr-section" aria-labelledby="budget-projects" style={{ padding: '12px 0 0' }}>
        <h2 id="budget-projects" className="gzr-h2 gzr-pad">
          {t('residentDeliberation.micro.projects', { n: b.projects.length })}
        </h2>
        {b.projects.length === 0 ? (
          <p className="gzr-empty">{t('residentDeliberation.micro.noProjects')}</p>
        ) : (
          <ul className="gzr-list" data-testid="r-projects">
            {b.projects.map((p) => (
              <ProjectCard key={p.uid} item={p} budget={b} />
            ))}
          </ul>
        )}
      </section>
    </ResidentPage>
  );
}
