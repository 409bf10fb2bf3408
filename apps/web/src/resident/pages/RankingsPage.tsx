/**
 * 排行榜: my community's ranking of persons or households for this month or quarter, names
 * masked (张*明), my own place, and the 公示 now open with a way to object while its window lasts.
 */
import type { RankingPeriodKind, RankingSubject } from '@gongzhi/api';
import { Button } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Badge, LoadFailed, Loading } from '../display.tsx';
import { day } from '../format.ts';
import { useMyPoints, useOpenPublications, useRanking } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';

function Segments<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="gzr-segments">
      <legend className="gzr-sr-only">{label}</legend>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={value === o.value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}

function Publications() {
  const { t } = useTranslation();
  const list = useOpenPublications();
  return (
    <section className="gzr-section" aria-labelledby="r-pubs" style={{ paddingLeft: 0, paddingRight: 0 }}>
      <h2 id="r-pubs" className="gzr-h2 gzr-pad" style={{ marginBottom: 8 }}>
        {t('resident.rankings.publications')}
      </h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadFailed error={list.error} retry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="gzr-empty">{t('resident.rankings.noPublications')}</p>
      ) : (
        <ul className="gzr-list" data-testid="r-publications">
          {list.data.items.map((p) => (
            <li key={p.id} className="gzr-row">
              <div className="gzr-row-body">
                <Link
                  to={`/r/publications/${p.id}`}
                  className="gzr-link gzr-row-title"
                  data-testid="r-publication-link"
                >
                  {p.title}
                </Link>
                <span className="gzr-row-meta">
                  {t('resident.publication.window', { from: day(p.publishedAt), until: day(p.endsAt) })}
                </span>
                <span className="gzr-row-meta">
                  {p.acceptsObjections
                    ? t('resident.publication.objectUntil', { date: day(p.objectionUntil) })
                    : t('resident.publication.objectionsClosed')}
                </span>
              </div>
              {p.acceptsObjections && <Badge tone="orange">{t('resident.publication.objectable')}</Badge>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function RankingsPage() {
  const { t } = useTranslation();
  const [subject, setSubject] = useState<RankingSubject>('person');
  const [period, setPeriod] = useState<RankingPeriodKind>('month');
  const [page, setPage] = useState(1);
  const ranking = useRanking({ subject, period, page });
  const me = useMyPoints();
  const mineAccount = me.data?.accounts.find((a) => a.kind === subject);

  return (
    <ResidentPage title={t('resident.rankings.title')} testId="r-rankings">
      <section className="gzr-section" aria-labelledby="r-ranking-title">
        <h2 id="r-ranking-title" className="gzr-h2" style={{ marginBottom: 8 }}>
          {ranking.data
            ? t('resident.rankings.heading', { unit: ranking.data.unit.name, period: ranking.data.period.label })
            : t('resident.rankings.title')}
        </h2>
        <div style={{ display: 'grid', gap: 8 }}>
          <Segments
            label={t('resident.rankings.subject')}
            value={subject}
            options={[
              { value: 'person', label: t('resident.account.person') },
              { value: 'household', label: t('resident.account.household') },
            ]}
            onChange={(v) => {
              setSubject(v);
              setPage(1);
            }}
          />
          <Segments
            label={t('resident.rankings.period')}
            value={period}
            options={[
              { value: 'month', label: t('resident.rankings.month') },
              { value: 'quarter', label: t('resident.rankings.quarter') },
            ]}
            onChange={(v) => {
              setPeriod(v);
              setPage(1);
            }}
          />
        </div>
        {ranking.data && (
          <p className="gzr-note" data-testid="r-my-rank">
            {ranking.data.mine
              ? t('resident.rankings.mine', { rank: ranking.data.mine.rank, points: ranking.data.mine.points })
              : ranking.data.mine === null
                ? t('resident.rankings.notRanked')
                : mineAccount && period === 'month'
                  ? t('resident.rankings.myEarned', { points: mineAccount.earnedThisMonth })
                  : t('resident.rankings.maskedNote')}
          </p>
        )}
      </section>
      <section aria-label={t('resident.rankings.list')} style={{ marginTop: 8 }}>
        {ranking.isPending ? (
          <Loading />
        ) : ranking.isError ? (
          <LoadFailed error={ranking.error} retry={() => void ranking.refetch()} />
        ) : ranking.data.rows.length === 0 ? (
          <p className="gzr-empty">{t('resident.rankings.empty')}</p>
        ) : (
          <ol className="gzr-list" data-testid="r-ranking">
            {ranking.data.rows.map((r, i) => (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: masked rows carry no id, and equal ranks and names repeat; the list is never reordered.
                key={`${r.rank}-${r.name}-${i}`}
                className={`gzr-row${ranking.data.mine && ranking.data.mine.rank === r.rank ? ' gzr-me-row' : ''}`}
              >
                <span className={`gzr-rank${r.rank <= 3 ? ' gzr-rank-top' : ''}`}>
                  <span className="gzr-sr-only">{t('resident.rankings.rank')}</span>
                  {r.rank}
                </span>
                <div className="gzr-row-body">
                  <span className="gzr-row-title">{r.name}</span>
                  {r.grid && <span className="gzr-row-meta">{r.grid}</span>}
                </div>
                <span className="gzr-row-side gzr-plus">{t('resident.pointsValue', { points: r.points })}</span>
              </li>
            ))}
          </ol>
        )}
        {ranking.data && ranking.data.total > ranking.data.pageSize && (
          <div className="gzr-inline-actions gzr-pad" style={{ justifyContent: 'space-between', padding: 16 }}>
            <Button size="small" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              {t('resident.rankings.prev')}
            </Button>
            <span className="gzr-muted">
              {t('resident.rankings.page', { page, pages: Math.ceil(ranking.data.total / ranking.data.pageSize) })}
            </span>
            <Button
              size="small"
              disabled={page * ranking.data.pageSize >= ranking.data.total}
              onClick={() => setPage((p) => p + 1)}
            >
              {t('resident.rankings.next')}
            </Button>
          </div>
        )}
      </section>
      <Publications />
    </ResidentPage>
  );
}
