/**
 * A 民生微实事 budget in public (/public/deliberation/budgets/:uid), no sign-in: the amount, the
 * residents' vote and its ballot board, the selection and the rule that made it, and every
 * project — its price and votes, why an unfeasible one was refused, and for the selected ones
 * the milestones with spending and photos, and the acceptance (验收). Proposers' names masked.
 */
import type { PublicBudgetDetail, PublicProject } from '@gongzhi/api';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { PhaseBadge, ProjectStatusBadge } from './display.tsx';
import { yuan } from './format.ts';
import { PhaseSteps } from './PhaseSteps.tsx';
import { PublicFrame, PublicState } from './PublicFrame.tsx';
import { usePublicBudget } from './public-hooks.ts';

function Project({ item, budget }: { item: PublicProject; budget: PublicBudgetDetail }) {
  const { t } = useTranslation();
  const order = budget.selection?.selected.indexOf(item.uid) ?? -1;
  return (
    <li className="gzr-row" data-testid="public-project" data-uid={item.uid} data-status={item.status}>
      <div className="gzr-row-body">
        <span className="gzr-row-title">{item.title}</span>
        <span className="gzr-row-meta">{item.description}</span>
        <span className="gzr-row-meta">
          {[
            item.location,
            item.proposerName ? t('publicDeliberation.budget.proposer', { name: item.proposerName }) : null,
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
        {item.milestones.length > 0 && (
          <ol className="gzd-order" aria-label={t('publicDeliberation.budget.milestones', { title: item.title })}>
            {item.milestones.map((m) => (
              <li key={`${m.happenedOn}-${m.title}`}>
                <span>
                  {m.happenedOn} · {m.title}
                  {m.spentCents > 0 ? ` · ${yuan(m.spentCents)}` : ''}
                </span>
                {m.note && (
                  <span className="gzr-row-meta" style={{ display: 'block' }}>
                    {m.note}
                  </span>
                )}
                {m.photos.length > 0 && (
                  <ul className="gzr-photos" aria-label={t('publicDeliberation.budget.photos', { title: m.title })}>
                    {m.photos.map((p, i) => (
                      <li key={p.uid} className="gzr-photo">
                        <a
                          href={`/api/public/deliberation/projects/${item.uid}/photos/${p.uid}`}
                          target="_blank"
                          rel="noreferrer"
                        >
                          <img
                            src={`/api/public/deliberation/projects/${item.uid}/photos/${p.uid}`}
                            alt={t('publicDeliberation.budget.photoAlt', { title: m.title, n: i + 1 })}
                          />
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
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

export default function PublicBudgetPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const budget = usePublicBudget(uid);
  const b = budget.data;

  return (
    <PublicFrame
      title={b?.title ?? t('residentDeliberation.micro.budget')}
      sub={b ? `${b.community.name} · ${t('residentDeliberation.micro.title')}` : undefined}
      testId="public-budget"
    >
      {!b ? (
        <PublicState
          pending={budget.isPending}
          error={budget.error}
          notFound={t('publicDeliberation.budget.notFound')}
        />
      ) : (
        <>
          <section className="gzr-section" aria-labelledby="budget-facts">
            <div className="gzr-section-head">
              <h2 id="budget-facts" className="gzr-h2">
                {t('residentDeliberation.micro.amount', { amount: yuan(b.amountCents) })}
              </h2>
              <PhaseBadge phase={b.phase} />
            </div>
            <p className="gzr-muted">
              {b.ballotStyle === 'approval'
                ? t('residentDeliberation.micro.approval', { max: b.maxChoices ?? b.projectCount })
                : t('residentDeliberation.micro.knapsack')}
            </p>
            {b.selectedCount > 0 && (
              <p className="gzr-muted">
                {t('residentDeliberation.micro.allocated', {
                  n: b.selectedCount,
                  allocated: yuan(b.allocatedCents),
                  spent: yuan(b.spentCents),
                })}
              </p>
            )}
            <PhaseSteps phase={b.phase} />
            {b.vote && (
              <p className="gzr-muted">
                {t('residentDeliberation.vote.turnout', { cast: b.vote.cast, eligible: b.vote.eligible })}
                {b.vote.status === 'closed' && (
                  <>
                    {' · '}
                    <Link to={`/public/deliberation/votes/${b.vote.uid}`} className="gzr-link">
                      {t('residentDeliberation.result.board')}
                    </Link>
                  </>
                )}
              </p>
            )}
          </section>
          {b.selection && (
            <section className="gzr-section" aria-labelledby="budget-selection">
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
            </section>
          )}
          <section className="gzr-section" aria-labelledby="budget-projects" style={{ padding: '12px 0 0' }}>
            <h2 id="budget-projects" className="gzr-h2 gzr-pad">
              {t('residentDeliberation.micro.projects', { n: b.projects.length })}
            </h2>
            {b.projects.length === 0 ? (
              <p className="gzr-empty">{t('residentDeliberation.micro.noProjects')}</p>
            ) : (
              <ul className="gzr-list" data-testid="public-projects">
                {b.projects.map((p) => (
                  <Project key={p.uid} item={p} budget={b} />
                ))}
              </ul>
            )}
          </section>
          <p className="gzr-pad">
            <Link to={`/public/deliberation?community=${b.community.code}`} className="gzr-link">
              {t('publicDeliberation.topic.back')}
            </Link>
          </p>
        </>
      )}
    </PublicFrame>
  );
}
