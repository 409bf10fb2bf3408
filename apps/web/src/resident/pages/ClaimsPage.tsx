/**
 * 我的申报: my claims with their state and what the reviewer said; a claim the reviewer asked
 * more of (需补充) is answered here with a note and photos, and a claim not yet decided may be
 * withdrawn.
 */
import type { ClaimStatus } from '@gongzhi/api';
import { Button, Dialog, Toast } from 'antd-mobile';
import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Badge, type BadgeTone, errorText, LoadFailed, Loading } from '../display.tsx';
import { day, signed } from '../format.ts';
import { type MyClaim, useMyClaims, useReplyClaim, useWithdrawClaim } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';
import { PhotoPicker, type PhotoState } from '../PhotoPicker.tsx';
import { useResident } from '../session.tsx';
import { newKey, useWriteKey } from '../write-key.ts';

const TONE: Record<ClaimStatus, BadgeTone> = {
  pending: 'blue',
  needs_info: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'grey',
};

function ReplyForm({ claim, onDone }: { claim: MyClaim; onDone: () => void }) {
  const { t } = useTranslation();
  const resident = useResident();
  const reply = useReplyClaim();
  const writeKey = useWriteKey('points-claim-reply');
  const id = useId();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<PhotoState>({ ids: [], busy: false, failed: false });
  const [problem, setProblem] = useState<string | null>(null);
  const onPhotos = useCallback((s: PhotoState) => setPhotos(s), []);

  const send = async () => {
    if (!note.trim()) {
      setProblem(t('resident.claims.replyRequired'));
      return;
    }
    const body = { note: note.trim(), photos: photos.ids };
    try {
      await reply.mutateAsync({ id: claim.id, body, key: writeKey.keyFor(body) });
      writeKey.done();
      Toast.show({ icon: 'success', content: t('resident.claims.replied') });
      onDone();
    } catch (err) {
      setProblem(errorText(err, t('errors.unexpected')));
    }
  };

  return (
    <form
      noValidate
      className="gzr-reply"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div className="gzr-field" style={{ paddingLeft: 0, paddingRight: 0 }}>
        <label className="gzr-label" htmlFor={`${id}-note`}>
          {t('resident.claims.replyNote')}
        </label>
        <textarea
          id={`${id}-note`}
          className="gzr-textarea"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? `${id}-error` : undefined}
          data-testid="r-reply-note"
        />
        {problem && (
          <p id={`${id}-error`} className="gzr-field-error">
            {problem}
          </p>
        )}
      </div>
      <PhotoPicker
        csrf={resident.csrfToken}
        onChange={onPhotos}
        legend={t('resident.claims.replyPhotos')}
        testId="r-reply-photo-input"
      />
      <div className="gzr-inline-actions" style={{ marginTop: 8 }}>
        <Button type="submit" color="primary" size="small" loading={reply.isPending} disabled={photos.busy}>
          {t('resident.claims.sendReply')}
        </Button>
        <Button size="small" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function ClaimRow({ claim }: { claim: MyClaim }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawClaim();
  const [replying, setReplying] = useState(false);
  const open = claim.status === 'pending' || claim.status === 'needs_info';

  const askWithdraw = async () => {
    const ok = await Dialog.confirm({
      title: t('resident.claims.withdrawTitle'),
      // antd-mobile's dialog names itself only when told (axe: aria-dialog-name).
      'aria-label': t('resident.claims.withdrawTitle'),
      content: t('resident.claims.withdrawBody', { title: claim.rule.title }),
      confirmText: t('resident.claims.withdraw'),
      cancelText: t('resident.claims.keep'),
    });
    if (!ok) return;
    try {
      await withdraw.mutateAsync({ id: claim.id, key: newKey('points-claim-withdraw') });
      Toast.show({ icon: 'success', content: t('resident.claims.withdrawn') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };

  return (
    <li className="gzr-row" data-testid="r-claim" data-status={claim.status}>
      <div className="gzr-row-body">
        <span className="gzr-row-title">{claim.rule.title}</span>
        <span className="gzr-row-meta">
          {t('resident.claims.meta', { date: claim.occurredOn, sent: day(claim.createdAt) })}
        </span>
        <span className="gzr-row-meta">{claim.description}</span>
        {claim.reviewNote && (
          <p className="gzr-note" data-testid="r-claim-note">
            {t('resident.claims.staffNote', { note: claim.reviewNote })}
          </p>
        )}
        {claim.status === 'needs_info' && !claim.reviewNote && (
          <p className="gzr-note">{t('resident.claims.needsInfoHint')}</p>
        )}
        {open && !replying && (
          <div className="gzr-inline-actions">
            {claim.status === 'needs_info' && (
              <Button size="small" color="primary" onClick={() => setReplying(true)} data-testid="r-claim-reply">
                {t('resident.claims.reply')}
              </Button>
            )}
            <Button
              size="small"
              color="danger"
              fill="outline"
              loading={withdraw.isPending}
              onClick={() => void askWithdraw()}
              data-testid="r-claim-withdraw"
            >
              {t('resident.claims.withdraw')}
            </Button>
          </div>
        )}
        {replying && <ReplyForm claim={claim} onDone={() => setReplying(false)} />}
      </div>
      <div className="gzr-row-side">
        <Badge tone={TONE[claim.status]} testId="r-claim-status">
          {t(`resident.claimStatus.${claim.status}`)}
        </Badge>
        <span className={claim.rule.points < 0 ? 'gzr-minus' : 'gzr-plus'}>{signed(claim.rule.points)}</span>
      </div>
    </li>
  );
}

export default function ClaimsPage() {
  const { t } = useTranslation();
  const claims = useMyClaims();
  const rows = claims.data?.pages.flatMap((p) => p.items) ?? [];
  const total = claims.data?.pages[0]?.total ?? 0;
  return (
    <ResidentPage title={t('resident.claims.title')} testId="r-claims">
      <div className="gzr-actions">
        <Link to="/r/claims/new" className="gzr-cta" data-testid="r-claim-new">
          {t('resident.claims.new')}
        </Link>
      </div>
      <section aria-labelledby="r-claims-list">
        <h2 id="r-claims-list" className="gzr-h2 gzr-pad">
          {t('resident.claims.mine')}
        </h2>
        {claims.isPending ? (
          <Loading />
        ) : claims.isError ? (
          <LoadFailed error={claims.error} retry={() => void claims.refetch()} />
        ) : rows.length === 0 ? (
          <p className="gzr-empty">{t('resident.claims.empty')}</p>
        ) : (
          <ul className="gzr-list" style={{ marginTop: 8 }} data-testid="r-claim-list">
            {rows.map((c) => (
              <ClaimRow key={c.id} claim={c} />
            ))}
          </ul>
        )}
        {claims.hasNextPage && (
          <div className="gzr-actions">
            <Button
              block
              fill="outline"
              loading={claims.isFetchingNextPage}
              onClick={() => void claims.fetchNextPage()}
            >
              {t('resident.loadMore', { shown: rows.length, total })}
            </Button>
          </div>
        )}
      </section>
    </ResidentPage>
  );
}
