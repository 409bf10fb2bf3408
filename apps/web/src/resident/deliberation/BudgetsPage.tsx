/**
 * 民生微实事: my community's yearly budgets (the latest first, each with its phase and how much
 * is allocated and spent) and my own proposals with where they stand — an unfeasible one with
 * the written explanation the review sent me.
 */
import type { BudgetSummary, ProjectSummary } from '@gongzhi/api';
import { RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { PhaseBadge, ProjectStatusBadge } from './display.tsx';
import { yuan } from './format.ts';
import { useBudgets, useMyProjects } from './micro-hooks.ts';

function BudgetRow({ item }: { item: BudgetSummary }) {
  const { t } = useTranslation();
  return (
    <li className="gzd-row" data-testid="r-budget" data-uid={item.uid} data-phase={item.phase}>
      <Link to={`/r/deliberation/budgets/${item.uid}`} className="gzd-row-link">
        <div className="gzr-row-body">
          <span className="gzr-row-title">{item.title}</span>
          <span className="gzr-row-meta">
            {t('residentDeliberation.micro.amount', { amount: yuan(item.amountCents) })} ·{' '}
            {t('residentDeliberation.micro.projects', { n: item.projectCount })}
          </span>
          {item.selectedCount > 0 && (
            <span className="gzr-row-meta">
              {t('residentDeliberation.micro.allocated', {
                n: item.selectedCount,
                allocated: yuan(item.allocatedCents),
                spent: yuan(item.spentCents),
              })}
            </span>
          )}
        </div>
        <div className="gzr-row-side">
          <PhaseBadge phase={item.phase} />
          <RightOutline aria-hidden="true" className="gzc-arrow" />
        </div>
      </Link>
    </li>
  );
}

export function MyProjectRow({ item }: { item: ProjectSummary }) {
  const { t } = useTranslation();
  return (
    <li className="gzr-row" data-testid="r-my-project" data-uid={item.uid} data-status={item.status}>
      <div className="gzr-row-body">
        <span className="gzr-row-title">{item.title}</span>
        <span className="gzr-row-meta">
          {item.priceCents !== null
            ? t('residentDeliberation.micro.price', { price: yuan(item.priceCents) })
            : t('residentDeliberation.micro.estimate', { estimate: yuan(item.estimateCents) })}
          {item.votes !== null ? ` · ${t('residentDeliberation.result.votes', { n: item.votes })}` : ''}
        </span>
        {item.reviewNote && (
          <span className={item.status === 'unfeasible' ? 'gzr-reason' : 'gzr-note'} data-testid="r-project-review">
            {item.status === 'unfeasible'
              ? t('residentDeliberation.micro.whyUnfeasible', { note: item.reviewNote })
              : t('residentDeliberation.micro.reviewNote', { note: item.reviewNote })}
          </span>
        )}
      </div>
      <div className="gzr-row-side">
        <ProjectStatusBadge status={item.status} />
      </div>
    </li>
  );
}

export default function BudgetsPage() {
  const { t } = useTranslation();
  const budgets = useBudgets();
  const mine = useMyProjects();
  const rows = [...(budgets.data?.items ?? [])].sort((a, b) => b.year - a.year);
  const proposals = mine.data?.items ?? [];

  return (
    <ResidentPage title={t('residentDeliberation.micro.title')} back="/r/deliberation" testId="r-budgets">
      <p className="gzr-muted gzr-pad" style={{ paddingTop: 8 }}>
        {t('residentDeliberation.micro.intro')}
      </p>
      <section className="gzr-section" aria-labelledby="r-budgets-list" style={{ padding: '12px 0 0' }}>
        <h2 id="r-budgets-list" className="gzr-h2 gzr-pad">
          {t('residentDeliberation.micro.budgets')}
        </h2>
        {budgets.isPending ? (
          <Loading />
        ) : budgets.isError ? (
          <LoadFailed error={budgets.error} retry={() => void budgets.refetch()} />
        ) : rows.length === 0 ? (
          <p className="gzr-empty">{t('residentDeliberation.micro.noBudgets')}</p>
        ) : (
          <ul className="gzr-list" data-testid="r-budget-list">
            {rows.map((b) => (
              <BudgetRow key={b.uid} item={b} />
            ))}
          </ul>
        )}
      </section>
      <section className="gzr-section" aria-labelledby="r-my-projects" style={{ padding: '12px 0 0' }}>
        <h2 id="r-my-projects" className="gzr-h2 gzr-pad">
          {t('residentDeliberation.micro.mine')}
        </h2>
        {mine.isPending ? (
          <Loading />
        ) : mine.isError ? (
          <LoadFailed error={mine.error} retry={() => void mine.refetch()} />
        ) : proposals.length === 0 ? (
          <p className="gzr-empty">{t('residentDeliberation.micro.noMine')}</p>
        ) : (
          <ul className="gzr-list" data-testid="r-my-projects">
            {proposals.map((p) => (
              <MyProjectRow key={p.uid} item={p} />
            ))}
          </ul>
        )}
      </section>
    </ResidentPage>
  );
}
