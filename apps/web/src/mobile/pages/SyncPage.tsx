/**
 * 同步: what waits on the phone (records, photos), when it last reached the server, what the
 * server refused (with its reason, to correct) and the conflicts it resolved, with the rule.
 */
import { VISIT_CONFLICT_RULE } from '@gongzhi/domain';
import { Button, List } from 'antd-mobile';
import { ExclamationCircleOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMobileData } from '../data.tsx';
import { shortTime } from '../display.tsx';
import { useOutbox } from '../hooks.ts';
import { MobilePage } from '../layout.tsx';
import { dismissNotice, syncNow } from '../outbox.ts';
import type { OutboxEntry } from '../store.ts';

function EntryItem({ entry }: { entry: OutboxEntry }) {
  const { t } = useTranslation();
  return (
    <List.Item
      data-testid={entry.status === 'rejected' ? 'm-rejected-record' : 'm-pending-record'}
      description={
        <>
          {shortTime(entry.input.visitedAt)} · {t(`mobile.method.${entry.input.method}`)}
          {entry.input.photoIds.length > 0 &&
            ` · ${t('mobile.sync.photoCount', { count: entry.input.photoIds.length })}`}
          {entry.problem && (
            <span className="gzm-problem" data-testid="m-problem">
              {entry.problem.message}
            </span>
          )}
        </>
      }
      extra={
        <Link to={`/m/records/${entry.id}`} aria-label={t('mobile.sync.editLabel', { label: entry.label })}>
          {t('mobile.card.edit')}
        </Link>
      }
    >
      {entry.label || entry.input.summary.slice(0, 30)}
    </List.Item>
  );
}

export default function SyncPage() {
  const { t, i18n } = useTranslation();
  const { online } = useMobileData();
  const outbox = useOutbox();
  // The rule as the domain states it (packages/domain visits/record.ts), the same words as the 工作台's.
  const conflictRule = VISIT_CONFLICT_RULE[i18n.language === 'en' ? 'en' : 'zh-CN'];

  return (
    <MobilePage title={t('mobile.sync.title')} testId="m-sync-page">
      <section className="gzm-sync-status" aria-labelledby="gzm-sync-status-title">
        <h2 id="gzm-sync-status-title" className="gzm-h2">
          {online ? t('mobile.sync.online') : t('mobile.sync.offlineNow')}
        </h2>
        <dl className="gzm-counts">
          <div>
            <dt>{t('mobile.sync.waitingRecords')}</dt>
            <dd data-testid="m-pending-records">{outbox.pending.length}</dd>
          </div>
          <div>
            <dt>{t('mobile.sync.waitingPhotos')}</dt>
            <dd data-testid="m-pending-photos">{outbox.pendingPhotos}</dd>
          </div>
          <div>
            <dt>{t('mobile.sync.rejected')}</dt>
            <dd data-testid="m-rejected-records">{outbox.rejected.length}</dd>
          </div>
        </dl>
        <p className="gzm-muted" data-testid="m-last-sync">
          {outbox.lastSyncAt
            ? t('mobile.sync.lastSync', { time: shortTime(outbox.lastSyncAt) })
            : t('mobile.sync.neverSynced')}
        </p>
        {outbox.lastError && !outbox.running && (
          <p className="gzm-problem" role="status">
            {t('mobile.sync.lastError', { message: outbox.lastError })}
          </p>
        )}
        <Button
          block
          color="primary"
          size="large"
          loading={outbox.running}
          disabled={!online}
          onClick={() => void syncNow()}
          data-testid="m-sync-now"
        >
          {online ? t('mobile.sync.now') : t('mobile.sync.waitForNetwork')}
        </Button>
      </section>

      {outbox.notices.length > 0 && (
        <section aria-labelledby="gzm-conflicts-title" data-testid="m-conflicts">
          <h2 id="gzm-conflicts-title" className="gzm-list-header">
            {t('mobile.sync.conflicts')}
          </h2>
          {outbox.notices.map((n) => (
            <div key={n.id} className="gzm-conflict" data-testid="m-conflict">
              <p className="gzm-conflict-text">
                <ExclamationCircleOutline aria-hidden="true" />{' '}
                {t('mobile.sync.conflictNotice', { label: n.label || n.summary })}
              </p>
              <p className="gzm-rule">{conflictRule}</p>
              <Button size="small" fill="outline" onClick={() => void dismissNotice(n.id)}>
                {t('mobile.sync.dismiss')}
              </Button>
            </div>
          ))}
        </section>
      )}

      {outbox.rejected.length > 0 && (
        <List header={<h2 className="gzm-list-header">{t('mobile.sync.rejectedTitle')}</h2>}>
          {outbox.rejected.map((e) => (
            <EntryItem key={e.id} entry={e} />
          ))}
        </List>
      )}

      <List header={<h2 className="gzm-list-header">{t('mobile.sync.pendingTitle')}</h2>}>
        {outbox.pending.length === 0 ? (
          <List.Item>{t('mobile.sync.nothingWaiting')}</List.Item>
        ) : (
          outbox.pending.map((e) => <EntryItem key={e.id} entry={e} />)
        )}
      </List>

      <section className="gzm-rule-box" aria-labelledby="gzm-rule-title">
        <h2 id="gzm-rule-title" className="gzm-list-header">
          {t('mobile.sync.ruleTitle')}
        </h2>
        <p className="gzm-rule" data-testid="m-conflict-rule">
          {conflictRule}
        </p>
        <p className="gzm-muted">{t('mobile.sync.howItWorks')}</p>
      </section>
    </MobilePage>
  );
}
