/** Small pieces the residents' pages share: loading and error states, status badges, an entry row. */
import type { PointsMyEntry } from '@gongzhi/api';
import { Button, ErrorBlock, SpinLoading } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { signed } from './format.ts';
import { isNoPerson } from './hooks.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="gzr-center" aria-busy="true" role="status" aria-label={t('common.loading')}>
      <SpinLoading aria-hidden="true" />
    </div>
  );
}

/** A failed read: the resident not linked to a person gets a word on what to do, others the server's message. */
export function LoadFailed({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  if (isNoPerson(error)) {
    return (
      <div className="gzr-center" data-testid="r-no-person">
        <ErrorBlock status="empty" title={<h2 className="gzr-h2">{t('resident.noPerson.title')}</h2>}>
          <p className="gzr-muted">{t('resident.noPerson.body')}</p>
        </ErrorBlock>
      </div>
    );
  }
  const message = error instanceof ApiError ? error.message : t('errors.unexpected');
  return (
    <div className="gzr-center">
      <ErrorBlock status="default" title={<h2 className="gzr-h2">{t('resident.loadFailed')}</h2>}>
        <p className="gzr-muted">{message}</p>
        {retry && (
          <Button color="primary" fill="outline" onClick={retry}>
            {t('common.retry')}
          </Button>
        )}
      </ErrorBlock>
    </div>
  );
}

export type BadgeTone = 'grey' | 'blue' | 'green' | 'orange' | 'red';

export function Badge({ tone, children, testId }: { tone: BadgeTone; children: ReactNode; testId?: string }) {
  return (
    <span className={`gzr-badge${tone === 'grey' ? '' : ` gzr-badge-${tone}`}`} data-testid={testId}>
      {children}
    </span>
  );
}

export function errorText(err: unknown, fallback: string): string {
  return err instanceof ApiError ? err.message : fallback;
}

/** One line of my history: the day, what it was for, ± points, and why (a deduction always says why). */
export function EntryRow({ entry }: { entry: PointsMyEntry }) {
  const { t } = useTranslation();
  const title = entry.rule?.title ?? t(`resident.transferKind.${entry.kind}`);
  return (
    <li className="gzr-row" data-testid="r-entry">
      <div className="gzr-row-body">
        <span className="gzr-row-title">{title}</span>
        <span className="gzr-row-meta">
          {entry.occurredOn} · {t(`resident.transferKind.${entry.kind}`)} · {t(`resident.account.${entry.accountKind}`)}
          {entry.reversed && ` · ${t('resident.home.reversed')}`}
        </span>
        {entry.reason && (
          <span className="gzr-reason">
            {entry.kind === 'deduct' ? t('resident.home.deductReason') : t('resident.home.reason')}
            {entry.reason}
          </span>
        )}
      </div>
      <div className="gzr-row-side">
        <span className={entry.amount < 0 ? 'gzr-minus' : 'gzr-plus'}>
          {signed(entry.amount)}
          <span className="gzr-sr-only">{t('resident.points')}</span>
        </span>
        <span className="gzr-row-meta">{t('resident.home.balanceAfter', { balance: entry.balanceAfter })}</span>
      </div>
    </li>
  );
}
