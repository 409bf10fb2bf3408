/**
 * 党员责任岗: for a resident who is a party member — my quarterly score (my party-member
 * account's points earned this quarter, and my place among my community's members) and my
 * community's duty posts with 认领 for the quarter.
 */
import type { DutyPost } from '@gongzhi/api';
import { Button, Dialog, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Badge, errorText, LoadFailed, Loading } from '../display.tsx';
import { useClaimDutyPost, useMyDutyPosts, useMyPoints, useRanking } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';
import { newKey } from '../write-key.ts';

function PostRow({ post, quarter }: { post: DutyPost; quarter: string }) {
  const { t } = useTranslation();
  const claim = useClaimDutyPost();
  const full = post.capacity !== null && post.held >= post.capacity;
  const ask = async () => {
    const ok = await Dialog.confirm({
      title: t('resident.party.claimTitle'),
      // antd-mobile's dialog names itself only when told (axe: aria-dialog-name).
      'aria-label': t('resident.party.claimTitle'),
      content: t('resident.party.claimBody', { post: post.name, quarter }),
      confirmText: t('resident.party.claim'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await claim.mutateAsync({ id: post.id, quarter, key: newKey('party-post-claim') });
      Toast.show({ icon: 'success', content: t('resident.party.claimed') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };
  return (
    <li className="gzr-row" data-testid="r-duty-post">
      <div className="gzr-row-body">
        <span className="gzr-row-title">{post.name}</span>
        <span className="gzr-row-meta">{post.duties}</span>
        <span className="gzr-row-meta">
          {post.capacity === null
            ? t('resident.party.heldAny', { held: post.held })
            : t('resident.party.held', { held: post.held, capacity: post.capacity })}
        </span>
      </div>
      <div className="gzr-row-side">
        {post.mine ? (
          <Badge tone="green">{t('resident.party.mine')}</Badge>
        ) : (
          <Button
            size="small"
            color="primary"
            disabled={full}
            loading={claim.isPending}
            onClick={() => void ask()}
            data-testid="r-duty-claim"
          >
            {full ? t('resident.party.full') : t('resident.party.claim')}
          </Button>
        )}
      </div>
    </li>
  );
}

export default function PartyPage() {
  const { t } = useTranslation();
  const me = useMyPoints();
  const isMember = Boolean(me.data?.accounts.some((a) => a.kind === 'party_member'));
  const posts = useMyDutyPosts(isMember);
  const score = useRanking({ subject: 'party_member', period: 'quarter', page: 1 });
  const title = t('resident.party.title');
  if (me.isPending) {
    return (
      <ResidentPage title={title} back="/r" testId="r-party">
        <Loading />
      </ResidentPage>
    );
  }
  if (me.isError) {
    return (
      <ResidentPage title={title} back="/r" testId="r-party">
        <LoadFailed error={me.error} />
      </ResidentPage>
    );
  }
  if (!isMember) {
    return (
      <ResidentPage title={title} back="/r" testId="r-party">
        <p className="gzr-empty">{t('resident.party.notMember')}</p>
      </ResidentPage>
    );
  }
  const account = me.data.accounts.find((a) => a.kind === 'party_member');
  const mine = score.data?.mine;
  return (
    <ResidentPage title={title} back="/r" testId="r-party">
      <section className="gzr-section" aria-labelledby="r-party-score">
        <h2 id="r-party-score" className="gzr-h2" style={{ marginBottom: 8 }}>
          {score.data
            ? t('resident.party.scoreHeading', { quarter: score.data.period.label })
            : t('resident.party.scoreTitle')}
        </h2>
        <dl className="gzr-balances">
          <div>
            <dt>{t('resident.party.score')}</dt>
            <dd data-testid="r-party-score">{mine ? mine.points : score.data?.mine === null ? 0 : t('common.none')}</dd>
          </div>
          {mine && (
            <div>
              <dt>{t('resident.party.rank')}</dt>
              <dd>{mine.rank}</dd>
            </div>
          )}
          {account && (
            <div>
              <dt>{t('resident.party.balance')}</dt>
              <dd>{account.balance}</dd>
            </div>
          )}
        </dl>
      </section>
      <section aria-labelledby="r-party-posts" style={{ marginTop: 8 }}>
        <h2 id="r-party-posts" className="gzr-h2" style={{ padding: '8px 16px' }}>
          {posts.data ? t('resident.party.postsFor', { quarter: posts.data.quarter }) : t('resident.party.posts')}
        </h2>
        {posts.isPending ? (
          <Loading />
        ) : posts.isError ? (
          <LoadFailed error={posts.error} retry={() => void posts.refetch()} />
        ) : posts.data.items.length === 0 ? (
          <p className="gzr-empty">{t('resident.party.noPosts')}</p>
        ) : (
          <ul className="gzr-list" data-testid="r-duty-posts">
            {posts.data.items.map((p) => (
              <PostRow key={p.id} post={p} quarter={posts.data.quarter} />
            ))}
          </ul>
        )}
      </section>
    </ResidentPage>
  );
}
