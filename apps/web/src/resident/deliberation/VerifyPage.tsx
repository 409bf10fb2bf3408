/**
 * 核验我的选票: a voter who kept the receipt of a secret ballot asks whether it was counted and
 * what it holds. The receipt comes from the vote page (in the router's state, never in the
 * address) or is typed in; it is sent only to the server, which answers from its SHA-256.
 */
import type { BallotVerifyResult } from '@gongzhi/api';
import { Button } from 'antd-mobile';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import './deliberation.css';
import { useVote, verifyReceipt } from './vote-hooks.ts';

export default function VerifyPage() {
  const { t } = useTranslation();
  const ids = useId();
  const { uid } = useParams();
  const location = useLocation();
  const given = (location.state as { receipt?: unknown } | null)?.receipt;
  const vote = useVote(uid);
  const [receipt, setReceipt] = useState(typeof given === 'string' ? given : '');
  const [answer, setAnswer] = useState<BallotVerifyResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = t('residentDeliberation.verify.title');

  if (vote.isPending || vote.isError) {
    return (
      <ResidentPage title={title} back={`/r/deliberation/votes/${uid}`} testId="r-verify">
        {vote.isPending ? <Loading /> : <LoadFailed error={vote.error} retry={() => void vote.refetch()} />}
      </ResidentPage>
    );
  }
  const v = vote.data;
  const labelOf = (key: string) => v.options.find((o) => o.key === key)?.label ?? key;

  const check = async (e: FormEvent) => {
    e.preventDefault();
    const text = receipt.trim().toUpperCase();
    if (text.length < 8) {
      setProblem(t('residentDeliberation.verify.invalid'));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      setAnswer(await verifyReceipt(v.uid, text));
    } catch (err) {
      setAnswer(null);
      setProblem(errorText(err, t('errors.unexpected')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ResidentPage title={title} back={`/r/deliberation/votes/${v.uid}`} testId="r-verify">
      <form className="gzr-section" onSubmit={(e) => void check(e)} noValidate aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`} className="gzr-h2">
          {v.title}
        </h2>
        <p className="gzr-muted">{t('residentDeliberation.verify.intro')}</p>
        <label className="gzr-label" htmlFor={`${ids}-receipt`} style={{ marginTop: 8 }}>
          {t('residentDeliberation.verify.label')}
        </label>
        <input
          id={`${ids}-receipt`}
          className="gzr-input gzd-mono"
          value={receipt}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setReceipt(e.target.value)}
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? `${ids}-problem` : undefined}
          data-testid="r-verify-input"
        />
        {problem && (
          <p id={`${ids}-problem`} className="gzr-field-error" role="alert">
            {problem}
          </p>
        )}
        <Button
          block
          type="submit"
          color="primary"
          size="large"
          loading={busy}
          style={{ marginTop: 12 }}
          data-testid="r-verify-submit"
        >
          {t('residentDeliberation.verify.submit')}
        </Button>
      </form>
      {answer && (
        <section className="gzr-section" aria-live="polite" data-testid="r-verify-answer" data-counted={answer.counted}>
          <p className={answer.counted ? 'gzd-ok' : 'gzd-bad'} data-testid="r-verify-counted">
            {answer.counted ? t('residentDeliberation.verify.counted') : t('residentDeliberation.verify.notCounted')}
          </p>
          {answer.choice && (
            <p data-testid="r-verify-choice">
              {t('residentDeliberation.verify.choice', {
                choice: answer.choice.map(labelOf).join(t('common.listSeparator')),
              })}
            </p>
          )}
          <p className="gzr-muted">{t('residentDeliberation.verify.hash')}</p>
          <p className="gzd-mono" data-testid="r-verify-hash">
            {answer.receiptHash}
          </p>
          {answer.voteStatus === 'closed' && (
            <Link to={`/public/deliberation/votes/${v.uid}`} className="gzr-link">
              {t('residentDeliberation.verify.board')}
            </Link>
          )}
        </section>
      )}
    </ResidentPage>
  );
}
