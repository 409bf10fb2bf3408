/**
 * One resolved case on the public board, found by its receipt number (/public/cases/:receiptNo):
 * what it was, where (no house number), who handled it, the result with its photos, the rating
 * and the steps with their dates — never who reported it or who did what.
 */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { formatTime } from '../../i18n/format.ts';
import { Stars, TimelineSentence } from './display.tsx';
import { usePublicCase } from './hooks.ts';
import { PublicFrame, ReceiptLookup } from './PublicBoardPage.tsx';

export default function PublicCasePage() {
  const { t } = useTranslation();
  const { receiptNo } = useParams();
  const found = usePublicCase(receiptNo);
  const c = found.data;

  return (
    <PublicFrame title={c?.title ?? t('board.case.title')} sub={t('board.case.sub', { no: receiptNo ?? '' })}>
      {found.isPending ? (
        <p className="gzr-empty" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : found.isError ? (
        <>
          <p className="gzr-empty" role="alert" data-testid="board-case-missing">
            {found.error instanceof ApiError && (found.error.status === 404 || found.error.status === 400)
              ? t('board.case.notFound')
              : found.error.message}
          </p>
          <ReceiptLookup />
        </>
      ) : (
        c && (
          <>
            <section className="gzr-section" aria-labelledby="board-case-facts" data-testid="board-case-detail">
              <h2 id="board-case-facts" className="gzr-h2">
                {t('board.case.facts')}
              </h2>
              <dl className="gzc-facts">
                <div>
                  <dt>{t('board.case.receipt')}</dt>
                  <dd data-testid="board-case-receipt">{c.receiptNo}</dd>
                </div>
                <div>
                  <dt>{t('board.case.community')}</dt>
                  <dd>{c.community.name}</dd>
                </div>
                <div>
                  <dt>{t('board.case.category')}</dt>
                  <dd>{c.category.name}</dd>
                </div>
                {c.address && (
                  <div>
                    <dt>{t('board.case.where')}</dt>
                    <dd>{c.address}</dd>
                  </div>
                )}
                {c.handler && (
                  <div>
                    <dt>{t('board.case.handler')}</dt>
                    <dd>{c.handler.name}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('board.case.reportedAt')}</dt>
                  <dd>{formatTime(c.createdAt)}</dd>
                </div>
                {c.resolvedAt && (
                  <div>
                    <dt>{t('board.case.resolvedAt')}</dt>
                    <dd>{formatTime(c.resolvedAt)}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('board.case.rating')}</dt>
                  <dd>{c.rating !== null ? <Stars rating={c.rating} /> : t('board.unrated')}</dd>
                </div>
              </dl>
            </section>
            {c.result && (
              <section className="gzr-section" aria-labelledby="board-case-result">
                <h2 id="board-case-result" className="gzr-h2">
                  {t('board.case.result')}
                </h2>
                <p className="gzc-description" data-testid="board-case-result">
                  {c.result}
                </p>
                {c.photos.length > 0 && (
                  <ul className="gzr-photos gzc-photos" aria-label={t('board.case.photos')}>
                    {c.photos.map((p, i) => (
                      <li key={p.uid} className="gzr-photo">
                        <img
                          src={`/api/public/cases/${c.receiptNo}/photos/${p.uid}`}
                          alt={t('board.case.photoAlt', { n: i + 1 })}
                        />
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            )}
            {c.steps.length > 0 && (
              <section className="gzr-section" aria-labelledby="board-case-steps">
                <h2 id="board-case-steps" className="gzr-h2">
                  {t('board.case.steps')}
                </h2>
                <ol className="gzc-timeline">
                  {c.steps.map((s, i) => (
                    <li key={`${s.at}-${i.toString()}`} className="gzc-step">
                      <span className="gzc-step-dot" aria-hidden="true" />
                      <div className="gzc-step-body">
                        <span className="gzc-step-what">
                          <TimelineSentence
                            event={{
                              seq: i,
                              at: s.at,
                              action: s.action,
                              actorName: null,
                              fromStatus: null,
                              toStatus: null,
                              note: null,
                              detail: null,
                            }}
                          />
                        </span>
                        <time className="gzr-row-meta" dateTime={s.at}>
                          {formatTime(s.at)}
                        </time>
                      </div>
                    </li>
                  ))}
                </ol>
              </section>
            )}
          </>
        )
      )}
      <p className="gzr-pad" style={{ padding: 16 }}>
        <Link to={c ? `/public/cases?community=${c.community.code}` : '/public/cases'} className="gzr-link">
          {t('board.case.back')}
        </Link>
      </p>
    </PublicFrame>
  );
}
