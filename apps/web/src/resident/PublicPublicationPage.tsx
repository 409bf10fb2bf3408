/**
 * The public board of one 公示 (/public/points/{id}): anyone with the link — a QR on the
 * community's notice board — reads the title, the period, the window and the masked rows.
 * No sign-in, no app frame; only open notices are served (the API answers 404 otherwise).
 */
import type { PublicPublication } from '@gongzhi/api';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError, api } from '../api/client.ts';
import { changeLanguage, currentLanguage } from '../i18n/index.ts';
import { day } from './format.ts';
import { PublishedTable } from './PublishedTable.tsx';
import './resident.css';

export default function PublicPublicationPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const pub = useQuery({
    queryKey: ['public', 'points', 'publication', uid],
    queryFn: () => api.get<PublicPublication>(`/api/public/points/publications/${uid}`),
    enabled: Boolean(uid),
  });
  const title = pub.data?.title ?? t('resident.public.title');
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  const target = currentLanguage() === 'en' ? 'zh-CN' : 'en';

  return (
    <div className="gzr-app">
      <div className="gzr-public" data-testid="public-publication">
        <header className="gzr-public-head">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
            <h1>{title}</h1>
            <button
              type="button"
              onClick={() => void changeLanguage(target)}
              aria-label={t('lang.switchLabel')}
              style={{ background: 'none', border: '1px solid #fff', color: '#fff', borderRadius: 4, minHeight: 32 }}
            >
              <span lang={target}>{t('lang.switchTo')}</span>
            </button>
          </div>
          {pub.data && (
            <p>
              {[pub.data.community, pub.data.grid].filter(Boolean).join(' · ')} ·{' '}
              {t(`resident.public.subject.${pub.data.subject}`)} · {pub.data.period.label}
            </p>
          )}
        </header>
        <main id="main">
          {pub.isPending ? (
            <p className="gzr-empty" aria-busy="true">
              {t('common.loading')}
            </p>
          ) : pub.isError ? (
            <p className="gzr-empty" role="alert">
              {pub.error instanceof ApiError && pub.error.status === 404
                ? t('resident.public.notFound')
                : pub.error.message}
            </p>
          ) : (
            <>
              <dl className="gzr-section" style={{ margin: 0, display: 'grid', gap: 4 }}>
                <div>
                  <dt className="gzr-muted" style={{ display: 'inline' }}>
                    {t('resident.public.period')}
                  </dt>{' '}
                  <dd style={{ display: 'inline', margin: 0 }}>
                    {pub.data.period.start} – {pub.data.period.end}
                  </dd>
                </div>
                <div>
                  <dt className="gzr-muted" style={{ display: 'inline' }}>
                    {t('resident.public.shown')}
                  </dt>{' '}
                  <dd style={{ display: 'inline', margin: 0 }}>
                    {day(pub.data.publishedAt)} – {day(pub.data.endsAt)}
                  </dd>
                </div>
                <div>
                  <dt className="gzr-muted" style={{ display: 'inline' }}>
                    {t('resident.public.objections')}
                  </dt>{' '}
                  <dd style={{ display: 'inline', margin: 0 }} data-testid="public-objection-until">
                    {t('resident.public.objectionsUntil', { date: day(pub.data.objectionUntil) })}
                  </dd>
                </div>
              </dl>
              <PublishedTable rows={pub.data.rows} />
              <p className="gzr-muted gzr-pad" style={{ padding: 16 }}>
                {t('resident.public.note')}
              </p>
            </>
          )}
        </main>
      </div>
    </div>
  );
}
