/**
 * 我要说事: a resident reports a problem (POST /api/cases/me). On success the page becomes the
 * receipt: the 回执号 big, with a copy button, and the way to follow the case.
 */
import type { CaseDetail } from '@gongzhi/api';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ResidentPage } from '../layout.tsx';
import { useResident } from '../session.tsx';
import { CaseReportForm } from './CaseReportForm.tsx';
import { CaseStatusBadge, ReceiptNumber } from './display.tsx';
import { useReportCase } from './hooks.ts';

export function SentReceipt({
  detail,
  followTo,
  children,
}: {
  detail: CaseDetail;
  followTo?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="gzr-section gzc-sent" aria-labelledby="case-sent-title" data-testid="case-sent">
      <h2 id="case-sent-title" className="gzc-sent-title" tabIndex={-1}>
        {t('residentCases.sent.title')}
      </h2>
      <ReceiptNumber receiptNo={detail.receiptNo} />
      <p className="gzr-muted">{t('residentCases.sent.keep')}</p>
      <p>
        <span className="gzr-row-title">{detail.title}</span>{' '}
        <CaseStatusBadge status={detail.status} testId="case-sent-status" />
      </p>
      <div className="gzr-actions" style={{ paddingLeft: 0, paddingRight: 0 }}>
        {followTo && (
          <Link to={followTo} className="gzr-cta" data-testid="case-sent-follow">
            {t('residentCases.sent.follow')}
          </Link>
        )}
        {children}
      </div>
    </section>
  );
}

export default function ReportPage() {
  const { t } = useTranslation();
  const resident = useResident();
  const report = useReportCase();
  const [sent, setSent] = useState<CaseDetail | null>(null);

  return (
    <ResidentPage title={t('residentCases.report.title')} back="/r/cases" testId="r-case-report">
      {sent ? (
        <SentReceipt detail={sent} followTo={`/r/cases/${sent.uid}`}>
          <Link to="/r/cases" className="gzr-link gzc-center-link">
            {t('residentCases.sent.toMine')}
          </Link>
        </SentReceipt>
      ) : (
        <>
          <p className="gzr-muted gzr-pad" style={{ paddingTop: 8 }}>
            {t('residentCases.report.intro')}
          </p>
          <CaseReportForm
            csrf={resident.csrfToken}
            anonymousOption
            keyPrefix="case-report"
            send={(fields, key) => report.mutateAsync({ body: fields, key })}
            onSent={(detail) => {
              setSent(detail);
              window.scrollTo(0, 0);
              requestAnimationFrame(() => document.getElementById('case-sent-title')?.focus());
            }}
          />
        </>
      )}
    </ResidentPage>
  );
}
