/**
 * 议事公开栏 (/public/deliberation?community=<code>), no sign-in: a community's two 公开 — the
 * resolutions of its public topics (决议公开, with their notice period) and the results of
 * carrying them out (实施结果公开) — and its 民生微实事 budgets. Personal data never appears; the
 * QR on the community's notice board carries the code.
 */
import type { PublicBudget, PublicTopic } from '@gongzhi/api';
import { RightOutline } from 'antd-mobile-icons';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import { day } from '../format.ts';
import { PhaseBadge, TopicStatusBadge } from './display.tsx';
import { yuan } from './format.ts';
import { PublicFrame, PublicState } from './PublicFrame.tsx';
import { usePublicBoard } from './public-hooks.ts';

const COMMUNITY = /^[0-9]{6,15}$/;

export function procedureName(p: PublicTopic['procedure']): string | null {
  if (!p) return null;
  return currentLanguage() === 'en' && p.nameEn ? p.nameEn : p.name;
}

function TopicRow({ item }: { item: PublicTopic }) {
  const { t } = useTranslation();
  return (
    <li className="gzd-row" data-testid="board-topic" data-uid={item.uid}>
      <Link to={`/public/deliberation/topics/${item.uid}`} className="gzd-row-link">
        <div className="gzr-row-body">
          <span className="gzr-row-title">{item.title}</span>
          <span className="gzr-row-meta">
            {[procedureName(item.procedure), item.resolutionPublishedAt && day(item.resolutionPublishedAt)]
              .filter(Boolean)
              .join(' · ')}
          </span>
          {item.resolution && (
            <span className="gzc-result-snippet">
              {t('publicDeliberation.board.resolution')}
              {item.resolution}
            </span>
          )}
          {item.outcome && (
            <span className="gzc-result-snippet">
              {t('publicDeliberation.board.outcome')}
              {item.outcome}
            </span>
          )}
        </div>
        <div className="gzr-row-side">
          <TopicStatusBadge status={item.status} />
          <RightOutline aria-hidden="true" className="gzc-arrow" />
        </div>
      </Link>
    </li>
  );
}

function BudgetRow({ item }: { item: PublicBudget }) {
  const { t } = useTranslation();
  return (
    <li className="gzd-row" data-testid="board-budget" data-uid={item.uid}>
      <Link to={`/public/deliberation/budgets/${item.uid}`} className="gzd-row-link">
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

function CommunityPicker() {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const ids = useId();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="gzr-section"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!COMMUNITY.test(code.trim())) {
          setProblem(t('board.community.invalid'));
          return;
        }
        setParams({ community: code.trim() });
      }}
    >
      <label className="gzr-label" htmlFor={`${ids}-code`}>
        {t('board.community.label')}
      </label>
      <div className="gzc-lookup">
        <input
          id={`${ids}-code`}
          className="gzr-input"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? `${ids}-problem` : `${ids}-hint`}
        />
        <button type="submit" className="gzc-button">
          {t('board.community.submit')}
        </button>
      </div>
      <p id={`${ids}-hint`} className="gzr-muted">
        {t('board.community.hint')}
      </p>
      {problem && (
        <p id={`${ids}-problem`} className="gzr-field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

export default function PublicBoardPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const community = params.get('community') ?? '';
  const valid = COMMUNITY.test(community);
  const board = usePublicBoard(valid ? community : '');
  const first = board.data?.pages[0];
  const topics = board.data?.pages.flatMap((p) => p.topics.items) ?? [];
  const budgets = first?.budgets ?? [];

  return (
    <PublicFrame
      title={t('publicDeliberation.board.title')}
      sub={first ? first.community.name : t('publicDeliberation.board.intro')}
      testId="public-deliberation"
    >
      {!valid ? (
        <CommunityPicker />
      ) : !first ? (
        <PublicState pending={board.isPending} error={board.error} notFound={t('board.noCommunity')} />
      ) : (
        <>
          <section aria-labelledby="board-topics" className="gzr-section" style={{ padding: '12px 0 0' }}>
            <h2 id="board-topics" className="gzr-h2 gzr-pad">
              {t('publicDeliberation.board.topics', { n: first.topics.total })}
            </h2>
            {topics.length === 0 ? (
              <p className="gzr-empty">{t('publicDeliberation.board.noTopics')}</p>
            ) : (
              <ul className="gzr-list" data-testid="board-topics">
                {topics.map((x) => (
                  <TopicRow key={x.uid} item={x} />
                ))}
              </ul>
            )}
            {board.hasNextPage && (
              <div className="gzr-actions">
                <button
                  type="button"
                  className="gzc-button gzc-button-outline"
                  disabled={board.isFetchingNextPage}
                  onClick={() => void board.fetchNextPage()}
                >
                  {t('board.more', { shown: topics.length, total: first.topics.total })}
                </button>
              </div>
            )}
          </section>
          <section aria-labelledby="board-budgets" className="gzr-section" style={{ padding: '12px 0 0' }}>
            <h2 id="board-budgets" className="gzr-h2 gzr-pad">
              {t('publicDeliberation.board.budgets')}
            </h2>
            {budgets.length === 0 ? (
              <p className="gzr-empty">{t('publicDeliberation.board.noBudgets')}</p>
            ) : (
              <ul className="gzr-list" data-testid="board-budgets">
                {budgets.map((b) => (
                  <BudgetRow key={b.uid} item={b} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <p className="gzr-muted" style={{ padding: 16 }}>
        {t('publicDeliberation.board.note')}
      </p>
    </PublicFrame>
  );
}
