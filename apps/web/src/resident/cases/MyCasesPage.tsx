/**
 * 我的事件: the problems I reported, newest first, with their status as it is now — asked again
 * every 30 seconds and whenever the page comes back into view. A case merged into another one
 * says so and leads to the case that goes on.
 */
import type { MyCaseItem } from '@gongzhi/api';
import { Button } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LoadFailed, Loading } from '../display.tsx';
import { day } from '../format.ts';
import { ResidentPage } from '../layout.tsx';
import { CaseStatusBadge } from './display.tsx';
import { useMyCases } from './hooks.ts';

function CaseRow({ item }: { item: MyCaseItem }) {
  const { t } = useTranslation();
  const to = item.mergedInto ? `/r/cases/${item.mergedInto.uid}` : `/r/cases/${item.uid}`;
  return (
    <li className="gzc-case" data-testid="r-case" data-status={item.status} data-receipt={item.receiptNo}>
      <Link to={to} className="gzc-case-link">
        <div className="gzr-row-body">
          <span className="gzr-row-title">{item.title}</span>
          <span className="gzr-row-meta">
            {item.category.name} · {day(item.createdAt)}
          </span>
          <span className="gzr-row-meta">{t('residentCases.mine.receipt', { no: item.receiptNo })}</span>
          {item.mergedInto && (
            <span className="gzr-note">{t('residentCases.mine.merged', { no: item.mergedInto.receiptNo })}</span>
          )}
        </div>
        <div className="gzr-row-side">
          <CaseStatusBadge status={item.status} testId="r-case-status" />
          <RightOutline aria-hidden="true" className="gzc-arrow" />
        </div>
      </Link>
    </li>
  );
}

export default function MyCasesPage() {
  const { t } = useTranslation();
  const cases = useMyCases();
  const rows = cases.data?.pages.flatMap((p) => p.items) ?? [];
  const total = cases.data?.pages[0]?.total ?? 0;
  return (
    <ResidentPage title={t('residentCases.mine.title')} testId="r-cases">
      <div className="gzr-actions">
        <Link to="/r/cases/new" className="gzr-cta" data-testid="r-case-new">
          {t('residentCases.mine.new')}
        </Link>
        <p className="gzr-muted" style={{ margin: 0 }}>
          {t('residentCases.mine.intro')}
        </p>
      </div>
      <section aria-labelledby="r-cases-list">
        <h2 id="r-cases-list" className="gzr-h2 gzr-pad">
          {t('residentCases.mine.list')}
        </h2>
        {cases.isPending ? (
          <Loading />
        ) : cases.isError ? (
          <LoadFailed error={cases.error} retry={() => void cases.refetch()} />
        ) : rows.length === 0 ? (
          <p className="gzr-empty">{t('residentCases.mine.empty')}</p>
        ) : (
          <ul className="gzr-list" style={{ marginTop: 8 }} data-testid="r-case-list">
            {rows.map((c) => (
              <CaseRow key={c.uid} item={c} />
            ))}
          </ul>
        )}
        {cases.hasNextPage && (
          <div className="gzr-actions">
            <Button block fill="outline" loading={cases.isFetchingNextPage} onClick={() => void cases.fetchNextPage()}>
              {t('resident.loadMore', { shown: rows.length, total })}
            </Button>
          </div>
        )}
        <p className="gzr-muted gzr-pad">
          <Link to="/public/cases" className="gzr-link">
            {t('residentCases.mine.board')}
          </Link>
        </p>
      </section>
    </ResidentPage>
  );
}
