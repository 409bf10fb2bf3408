/**
 * One of my reports: where it stands (live), what I wrote, the timeline in plain words, the
 * result with its photos, and — once resolved — the rating (评事: 1–5 stars and a comment). A
 * rating of 1 or 2 sends it back to the handler; 3 and up closes it.
 */
import type { CaseDetail } from '@gongzhi/api';
import { Button, Toast } from 'antd-mobile';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { useWriteKey } from '../write-key.ts';
import { CasePhotos, CaseStatusBadge, ReceiptNumber, Stars, Timeline } from './display.tsx';
import { useCaseDetail, useRateCase } from './hooks.ts';

const RATINGS = [1, 2, 3, 4, 5] as const;

function RateForm({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const ids = useId();
  const rate = useRateCase();
  const writeKey = useWriteKey('case-rate');
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const send = async () => {
    if (rating === 0) {
      setProblem(t('residentCases.rate.required'));
      document.getElementById(`${ids}-star-5`)?.focus();
      return;
    }
    setProblem(null);
    const body = { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) };
    try {
      const after = await rate.mutateAsync({
        uid: detail.uid,
        body,
        key: writeKey.keyFor({ uid: detail.uid, ...body }),
      });
      writeKey.done();
      Toast.show({
        icon: 'success',
        content: after.status === 'closed' ? t('residentCases.rate.thanks') : t('residentCases.rate.reopened'),
      });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };

  return (
    <form
      className="gzr-section"
      aria-labelledby={`${ids}-title`}
      noValidate
      data-testid="case-rate-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h2 id={`${ids}-title`} className="gzr-h2">
        {t('residentCases.rate.title')}
      </h2>
      <p className="gzr-muted">{t('residentCases.rate.intro')}</p>
      <fieldset className="gzc-rate" aria-describedby={problem ? `${ids}-problem` : undefined}>
        <legend className="gzr-sr-only">{t('residentCases.rate.legend')}</legend>
        {RATINGS.map((n) => (
          <label key={n} className={`gzc-star${n <= rating ? ' gzc-star-on' : ''}`} htmlFor={`${ids}-star-${n}`}>
            <input
              id={`${ids}-star-${n}`}
              type="radio"
              name={`${ids}-rating`}
              value={n}
              checked={rating === n}
              onChange={() => setRating(n)}
              className="gzr-sr-only"
              data-testid={`case-star-${n}`}
            />
            <span aria-hidden="true">★</span>
            <span className="gzr-sr-only">{t('residentCases.rate.stars', { n })}</span>
          </label>
        ))}
        <span className="gzc-rate-word" aria-live="polite">
          {rating > 0 ? t(`residentCases.rate.word${rating as 1 | 2 | 3 | 4 | 5}`) : ''}
        </span>
      </fieldset>
      {problem && (
        <p id={`${ids}-problem`} className="gzr-field-error" role="alert">
          {problem}
        </p>
      )}
      <label className="gzr-label" htmlFor={`${ids}-comment`} style={{ marginTop: 12 }}>
        {t('residentCases.rate.comment')}
      </label>
      <textarea
        id={`${ids}-comment`}
        className="gzr-textarea"
        value={comment}
        maxLength={500}
        placeholder={t('residentCases.rate.commentPlaceholder')}
        onChange={(e) => setComment(e.target.value)}
        data-testid="case-rate-comment"
      />
      {rating > 0 && rating <= 2 && <p className="gzr-note">{t('residentCases.rate.lowHint')}</p>}
      <Button
        block
        type="submit"
        color="primary"
        size="large"
        loading={rate.isPending}
        style={{ marginTop: 12 }}
        data-testid="case-rate-submit"
      >
        {t('residentCases.rate.submit')}
      </Button>
    </form>
  );
}

function Facts({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const rows: [string, string | null][] = [
    [t('residentCases.detail.category'), detail.category.name],
    [t('residentCases.detail.reportedAt'), formatTime(detail.createdAt)],
    [t('residentCases.detail.where'), detail.address ?? (detail.lat !== null ? t('residentCases.detail.onMap') : null)],
    [t('residentCases.detail.handler'), detail.handler?.name ?? null],
    [
      t('residentCases.detail.dueAt'),
      detail.status === 'closed' || detail.status === 'resolved' ? null : formatTime(detail.resolveDueAt),
    ],
    [t('residentCases.detail.anonymous'), detail.anonymous ? t('residentCases.detail.yes') : null],
  ];
  return (
    <dl className="gzc-facts">
      {rows
        .filter((r): r is [string, string] => Boolean(r[1]))
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

export default function CaseDetailPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const detail = useCaseDetail(uid);
  const title = t('residentCases.detail.title');

  if (detail.isPending) {
    return (
      <ResidentPage title={title} back="/r/cases" testId="r-case-detail">
        <Loading />
      </ResidentPage>
    );
  }
  if (detail.isError) {
    return (
      <ResidentPage title={title} back="/r/cases" testId="r-case-detail">
        <LoadFailed error={detail.error} retry={() => void detail.refetch()} />
      </ResidentPage>
    );
  }
  const c = detail.data;
  const reportPhotos = c.photos.filter((p) => p.stage === 'report').map((p) => p.uid);
  const resultPhotos = c.photos.filter((p) => p.stage === 'result').map((p) => p.uid);
  const mayRate = c.status === 'resolved' && c.allowedActions.includes('rate');

  return (
    <ResidentPage title={title} back="/r/cases" testId="r-case-detail">
      <section className="gzr-section" aria-labelledby="case-title" data-status={c.status}>
        <div className="gzr-section-head">
          <h2 id="case-title" className="gzr-h2 gzc-case-title">
            {c.title}
          </h2>
          <CaseStatusBadge status={c.status} testId="r-case-detail-status" />
        </div>
        <p className="gzc-status-line" data-testid="r-case-status-line">
          {t(`residentCases.statusLine.${c.status}`)}
        </p>
        <ReceiptNumber receiptNo={c.receiptNo} big={false} />
        <Facts detail={c} />
        <p className="gzc-description">{c.description}</p>
        <CasePhotos uids={reportPhotos} label={t('residentCases.detail.reportPhotos')} />
        {c.mergedInto && <p className="gzr-note">{t('residentCases.mine.merged', { no: c.mergedInto.receiptNo })}</p>}
      </section>

      {c.result && (
        <section className="gzr-section" aria-labelledby="case-result" data-testid="case-result">
          <h2 id="case-result" className="gzr-h2">
            {t('residentCases.detail.result')}
          </h2>
          <p className="gzc-description">{c.result}</p>
          {c.resolvedAt && (
            <p className="gzr-muted">{t('residentCases.detail.resolvedAt', { time: formatTime(c.resolvedAt) })}</p>
          )}
          <CasePhotos uids={resultPhotos} label={t('residentCases.detail.resultPhotos')} />
        </section>
      )}

      {mayRate && <RateForm detail={c} />}

      {c.rating !== null && !mayRate && (
        <section className="gzr-section" aria-labelledby="case-my-rating" data-testid="case-my-rating">
          <h2 id="case-my-rating" className="gzr-h2">
            {t('residentCases.rate.mine')}
          </h2>
          <p>
            <Stars rating={c.rating} />
          </p>
          {c.ratingComment && <p className="gzc-description">{c.ratingComment}</p>}
        </section>
      )}

      <section className="gzr-section" aria-labelledby="case-steps">
        <h2 id="case-steps" className="gzr-h2">
          {t('residentCases.detail.timeline')}
        </h2>
        <Timeline events={c.timeline} />
        <p className="gzr-muted">{t('residentCases.detail.live')}</p>
      </section>
    </ResidentPage>
  );
}
