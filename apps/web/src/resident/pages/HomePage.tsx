/** 我的积分: my balances (个人, 家庭, 党员), where to go next, and my history with 加载更多. */
import type { PointsHolderKind } from '@gongzhi/api';
import { Button } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DeliberationTile } from '../deliberation/HomeTile.tsx';
import { EntryRow, LoadFailed, Loading } from '../display.tsx';
import { useMyEntries, useMyPoints } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMyPoints();
  const [account, setAccount] = useState<string | undefined>(undefined);
  const entries = useMyEntries(account, me.isSuccess);

  const title = t('resident.home.title');
  if (me.isPending) {
    return (
      <ResidentPage title={title} testId="r-home">
        <Loading />
      </ResidentPage>
    );
  }
  if (me.isError) {
    return (
      <ResidentPage title={title} testId="r-home">
        <LoadFailed error={me.error} retry={() => void me.refetch()} />
      </ResidentPage>
    );
  }
  const { person, accounts } = me.data;
  const community = accounts[0]?.community.name;
  const isPartyMember = accounts.some((a) => a.kind === 'party_member');
  const rows = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const total = entries.data?.pages[0]?.total ?? 0;
  const label = (kind: PointsHolderKind) => t(`resident.account.${kind}`);

  return (
    <ResidentPage title={title} testId="r-home">
      <section className="gzr-section" aria-labelledby="r-balances">
        <div className="gzr-section-head">
          <h2 id="r-balances" className="gzr-h2">
            {t('resident.home.hello', { name: person.name })}
          </h2>
          {community && <span className="gzr-muted">{community}</span>}
        </div>
        <dl className="gzr-balances">
          {accounts.map((a) => (
            <div key={a.id} data-testid={`r-balance-${a.kind}`}>
              <dt>{label(a.kind)}</dt>
              <dd data-testid={`r-balance-${a.kind}-value`}>{a.balance}</dd>
              <dd className="gzr-muted">{t('resident.home.earnedThisMonth', { points: a.earnedThisMonth })}</dd>
            </div>
          ))}
        </dl>
        <div className="gzr-inline-actions">
          <Link className="gzr-link" to="/r/claims/new">
            {t('resident.home.toClaim')}
          </Link>
          <Link className="gzr-link" to="/r/store">
            {t('resident.home.toStore')}
          </Link>
          <Link className="gzr-link" to="/r/orders">
            {t('resident.home.toOrders')}
          </Link>
          {isPartyMember && (
            <Link className="gzr-link" to="/r/party" data-testid="r-to-party">
              {t('resident.home.toParty')}
            </Link>
          )}
        </div>
      </section>

      <DeliberationTile />

      <section className="gzr-section" aria-labelledby="r-history" style={{ paddingLeft: 0, paddingRight: 0 }}>
        <div className="gzr-section-head gzr-pad">
          <h2 id="r-history" className="gzr-h2">
            {t('resident.home.history')}
          </h2>
        </div>
        {accounts.length > 1 && (
          <div className="gzr-pad" style={{ marginBottom: 8 }}>
            <fieldset className="gzr-segments">
              <legend className="gzr-sr-only">{t('resident.home.filter')}</legend>
              <button type="button" aria-pressed={account === undefined} onClick={() => setAccount(undefined)}>
                {t('resident.home.all')}
              </button>
              {accounts.map((a) => (
                <button key={a.id} type="button" aria-pressed={account === a.id} onClick={() => setAccount(a.id)}>
                  {label(a.kind)}
                </button>
              ))}
            </fieldset>
          </div>
        )}
        {entries.isPending ? (
          <Loading />
        ) : entries.isError ? (
          <LoadFailed error={entries.error} retry={() => void entries.refetch()} />
        ) : rows.length === 0 ? (
          <p className="gzr-empty">{t('resident.home.empty')}</p>
        ) : (
          <ul className="gzr-list" data-testid="r-entries">
            {rows.map((e) => (
              <EntryRow key={`${e.account}-${e.seq}`} entry={e} />
            ))}
          </ul>
        )}
        {entries.hasNextPage && (
          <div className="gzr-actions">
            <Button
              block
              fill="outline"
              loading={entries.isFetchingNextPage}
              onClick={() => void entries.fetchNextPage()}
              data-testid="r-entries-more"
            >
              {t('resident.loadMore', { shown: rows.length, total })}
            </Button>
          </div>
        )}
      </section>
    </ResidentPage>
  );
}
