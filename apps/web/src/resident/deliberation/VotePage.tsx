/**
 * One vote (表决 / 投票): what is decided, by whom and by which rule (in words), and — for a
 * resident on the roll while it is open — the ballot: a motion (赞成/反对/弃权), one choice, up to
 * N choices (approval), or projects within the budget (knapsack, with a running total). A secret
 * ballot answers a receipt once: it is shown here with a copy button and never again (the server
 * keeps only its SHA-256); 核验我的选票 checks it was counted. Once closed: the server's count and
 * verdict with the rule that made it.
 */
import type { BallotCastResult, VoteDetail, VoteOption } from '@gongzhi/api';
import { Button, Dialog, Toast } from 'antd-mobile';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { fieldProblems } from '../../api/client.ts';
import { formatTime } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { copyText } from '../cases/display.tsx';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { useWriteKey } from '../write-key.ts';
import { VoteStatusBadge } from './display.tsx';
import { yuan } from './format.ts';
import { ResultBars } from './ResultBars.tsx';
import { useCastBallot, useVote } from './vote-hooks.ts';

/** What a ballot may hold, as the page checks it before sending (the server checks again). */
export function ballotProblem(
  vote: Pick<VoteDetail, 'style' | 'maxChoices' | 'minChoices' | 'budgetCents' | 'options'>,
  choice: string[],
): 'empty' | 'tooMany' | 'tooFew' | 'overBudget' | null {
  if (choice.length === 0) return 'empty';
  if (vote.style === 'motion' || vote.style === 'choice') return choice.length === 1 ? null : 'tooMany';
  if (vote.maxChoices !== null && choice.length > vote.maxChoices) return 'tooMany';
  if (choice.length < vote.minChoices) return 'tooFew';
  if (vote.style === 'knapsack' && vote.budgetCents !== null && spent(vote.options, choice) > vote.budgetCents) {
    return 'overBudget';
  }
  return null;
}

function spent(options: VoteOption[], choice: string[]): number {
  return options.filter((o) => choice.includes(o.key)).reduce((sum, o) => sum + (o.costCents ?? 0), 0);
}

function RuleLine({ vote }: { vote: VoteDetail }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <div className="gzr-rule-info" data-testid="r-vote-rule">
      <div>
        {t(`residentDeliberation.electorate.${vote.electorate}`)} ·{' '}
        {vote.secret ? t('residentDeliberation.vote.secret') : t('residentDeliberation.vote.open')}
        {vote.changeable ? ` · ${t('residentDeliberation.vote.changeable')}` : ''}
      </div>
      <div>{en ? vote.rule.textEn : vote.rule.text}</div>
    </div>
  );
}

/** The receipt of a secret ballot, shown this once. */
function ReceiptOnce({ voteUid, cast }: { voteUid: string; cast: BallotCastResult }) {
  const { t } = useTranslation();
  const receipt = cast.receipt ?? '';
  const copy = async () => {
    const ok = await copyText(receipt);
    Toast.show(
      ok
        ? { icon: 'success', content: t('residentDeliberation.receipt.copied') }
        : t('residentDeliberation.receipt.copyFailed'),
    );
  };
  return (
    <section className="gzr-section" aria-labelledby="r-receipt-title" data-testid="r-vote-receipt">
      <div className="gzd-receipt">
        <h2 id="r-receipt-title" className="gzr-h2">
          {t('residentDeliberation.receipt.title')}
        </h2>
        <code className="gzd-receipt-token" data-testid="r-vote-receipt-token">
          {receipt}
        </code>
        <button type="button" className="gzc-copy" onClick={() => void copy()} data-testid="r-vote-receipt-copy">
          {t('residentDeliberation.receipt.copy')}
        </button>
        <p className="gzr-muted" style={{ textAlign: 'left' }}>
          {t('residentDeliberation.receipt.once')}
        </p>
      </div>
      <Link
        className="gzc-center-link gzr-link"
        to={`/r/deliberation/votes/${voteUid}/verify`}
        state={{ receipt }}
        data-testid="r-vote-verify-link"
      >
        {t('residentDeliberation.receipt.check')}
      </Link>
    </section>
  );
}

function BallotForm({ vote, onCast }: { vote: VoteDetail; onCast: (r: BallotCastResult) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const cast = useCastBallot();
  const writeKey = useWriteKey('vote-cast');
  const changing = Boolean(vote.myBallot?.voted);
  const [choice, setChoice] = useState<string[]>(changing ? (vote.myBallot?.choice ?? []) : []);
  const [receipt, setReceipt] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const single = vote.style === 'motion' || vote.style === 'choice';
  const needsReceipt = changing && vote.secret;
  const total = spent(vote.options, choice);
  const budget = vote.budgetCents ?? 0;
  const over = vote.style === 'knapsack' && total > budget;

  const toggle = (key: string, on: boolean) => {
    setProblem(null);
    if (single) setChoice([key]);
    else setChoice((c) => (on ? [...c, key] : c.filter((k) => k !== key)));
  };

  const labelOf = (key: string) => vote.options.find((o) => o.key === key)?.label ?? key;

  const send = async () => {
    const p = ballotProblem(vote, choice);
    if (p) {
      setProblem(t(`residentDeliberation.ballot.problem.${p}`, { max: vote.maxChoices ?? 0, min: vote.minChoices }));
      return;
    }
    if (needsReceipt && !receipt.trim()) {
      setProblem(t('residentDeliberation.ballot.receiptRequired'));
      return;
    }
    const confirmed = await Dialog.confirm({
      title: t('residentDeliberation.ballot.confirmTitle'),
      // antd-mobile's dialog names itself only when told (axe: aria-dialog-name).
      'aria-label': t('residentDeliberation.ballot.confirmTitle'),
      content: (
        <div data-testid="r-ballot-confirm">
          <p>{choice.map(labelOf).join('、')}</p>
          {!vote.changeable && <p className="gzr-muted">{t('residentDeliberation.ballot.final')}</p>}
        </div>
      ),
      confirmText: t('residentDeliberation.ballot.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    const body = { choice, ...(needsReceipt ? { receipt: receipt.trim().toUpperCase() } : {}) };
    try {
      const r = await cast.mutateAsync({ uid: vote.uid, body, key: writeKey.keyFor({ uid: vote.uid, ...body }) });
      writeKey.done();
      Toast.show({ icon: 'success', content: t('residentDeliberation.ballot.accepted') });
      onCast(r);
    } catch (err) {
      const named = fieldProblems(err);
      setProblem(named[0]?.message ?? errorText(err, t('errors.unexpected')));
    }
  };

  const type = single ? 'radio' : 'checkbox';
  const full = !single && vote.maxChoices !== null && choice.length >= vote.maxChoices;

  return (
    <form
      className="gzr-section"
      aria-labelledby={`${ids}-title`}
      noValidate
      data-testid="r-ballot"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h2 id={`${ids}-title`} className="gzr-h2">
        {changing ? t('residentDeliberation.ballot.changeTitle') : t('residentDeliberation.ballot.title')}
      </h2>
      <p className="gzr-muted">{t(`residentDeliberation.ballot.how.${vote.style}`, { max: vote.maxChoices ?? 0 })}</p>
      <fieldset className="gzd-options" aria-describedby={problem ? `${ids}-problem` : undefined}>
        <legend className="gzr-sr-only">{vote.title}</legend>
        {vote.options.map((o) => {
          const checked = choice.includes(o.key);
          return (
            <label key={o.key} className="gzd-option" htmlFor={`${ids}-${o.key}`}>
              <input
                id={`${ids}-${o.key}`}
                type={type}
                name={`${ids}-choice`}
                value={o.key}
                checked={checked}
                disabled={!checked && full}
                onChange={(e) => toggle(o.key, e.target.checked)}
                data-testid={`r-ballot-option-${o.key}`}
              />
              <span className="gzd-option-text">
                <span>{o.label}</span>
                {o.costCents !== undefined && <span className="gzd-option-cost">{yuan(o.costCents)}</span>}
              </span>
            </label>
          );
        })}
      </fieldset>
      {!single && (
        <p className="gzr-muted" aria-live="polite" data-testid="r-ballot-count">
          {vote.maxChoices !== null
            ? t('residentDeliberation.ballot.chosenOf', { n: choice.length, max: vote.maxChoices })
            : t('residentDeliberation.ballot.chosen', { n: choice.length })}
        </p>
      )}
      {vote.style === 'knapsack' && (
        <div className={`gzd-total${over ? ' gzd-total-over' : ''}`} aria-live="polite" data-testid="r-ballot-total">
          {t('residentDeliberation.ballot.total', { total: yuan(total), budget: yuan(budget) })}
          {over && ` · ${t('residentDeliberation.ballot.over', { over: yuan(total - budget) })}`}
          <div className="gzd-meter" aria-hidden="true">
            <span
              className={over ? 'gzd-fill gzd-fill-over' : 'gzd-fill gzd-fill-win'}
              style={{ width: `${budget > 0 ? Math.min(100, (total / budget) * 100) : 0}%` }}
            />
          </div>
        </div>
      )}
      {needsReceipt && (
        <>
          <label className="gzr-label" htmlFor={`${ids}-receipt`} style={{ marginTop: 12 }}>
            {t('residentDeliberation.ballot.receipt')}
          </label>
          <input
            id={`${ids}-receipt`}
            className="gzr-input"
            value={receipt}
            autoCapitalize="characters"
            autoComplete="off"
            onChange={(e) => setReceipt(e.target.value)}
          />
        </>
      )}
      {problem && (
        <p id={`${ids}-problem`} className="gzr-field-error" role="alert" data-testid="r-ballot-problem">
          {problem}
        </p>
      )}
      <Button
        block
        type="submit"
        color="primary"
        size="large"
        loading={cast.isPending}
        disabled={over}
        style={{ marginTop: 12 }}
        data-testid="r-ballot-submit"
      >
        {changing ? t('residentDeliberation.ballot.change') : t('residentDeliberation.ballot.submit')}
      </Button>
    </form>
  );
}

export default function VotePage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const vote = useVote(uid);
  const [cast, setCast] = useState<BallotCastResult | null>(null);
  const [changing, setChanging] = useState(false);
  const title = t('residentDeliberation.vote.title');

  if (vote.isPending || vote.isError) {
    return (
      <ResidentPage title={title} back="/r/deliberation" testId="r-vote">
        {vote.isPending ? <Loading /> : <LoadFailed error={vote.error} retry={() => void vote.refetch()} />}
      </ResidentPage>
    );
  }
  const v = vote.data;
  const mine = v.myBallot;
  const mayCast = v.status === 'open' && v.allowedActions.includes('cast') && !cast;
  const mayChange = v.status === 'open' && v.allowedActions.includes('change') && !cast;
  const labelOf = (key: string) => v.options.find((o) => o.key === key)?.label ?? key;

  return (
    <ResidentPage title={title} back="/r/deliberation" testId="r-vote">
      <section className="gzr-section" aria-labelledby="vote-title" data-status={v.status}>
        <div className="gzr-section-head">
          <h2 id="vote-title" className="gzr-h2">
            {v.title}
          </h2>
          <VoteStatusBadge status={v.status} testId="r-vote-status" />
        </div>
        {v.topic && (
          <p className="gzr-muted">
            {t('residentDeliberation.vote.topic')}{' '}
            <Link to={`/r/deliberation/topics/${v.topic.uid}`} className="gzr-link">
              {v.topic.title}
            </Link>
          </p>
        )}
        <RuleLine vote={v} />
        {v.status === 'open' && (
          <p className="gzr-muted" data-testid="r-vote-turnout">
            {t('residentDeliberation.vote.turnout', { cast: v.castCount, eligible: v.eligibleCount })}
            {v.closesAt ? ` · ${t('residentDeliberation.vote.closesAt', { time: formatTime(v.closesAt) })}` : ''}
          </p>
        )}
        {mine && !mine.eligible && (
          <p className="gzr-note" data-testid="r-vote-not-eligible">
            {t('residentDeliberation.vote.notEligible')}
          </p>
        )}
        {mine?.voted && !cast && (
          <p className="gzd-ok" data-testid="r-vote-voted">
            {t('residentDeliberation.vote.voted', { time: formatTime(mine.votedAt) })}
            {mine.choice
              ? ` ${t('residentDeliberation.vote.yourChoice', { choice: mine.choice.map(labelOf).join('、') })}`
              : ''}
          </p>
        )}
        {mine?.voted && v.secret && !cast && (
          <Link to={`/r/deliberation/votes/${v.uid}/verify`} className="gzr-link" data-testid="r-vote-verify">
            {t('residentDeliberation.receipt.check')}
          </Link>
        )}
      </section>

      {cast?.receipt && <ReceiptOnce voteUid={v.uid} cast={cast} />}
      {cast && !cast.receipt && (
        <p className="gzr-section gzd-ok" data-testid="r-vote-cast-ok">
          {t('residentDeliberation.ballot.accepted')}
        </p>
      )}

      {mayCast && <BallotForm vote={v} onCast={setCast} />}
      {mayChange &&
        (changing ? (
          <BallotForm vote={v} onCast={setCast} />
        ) : (
          <div className="gzr-actions">
            <Button block fill="outline" color="primary" onClick={() => setChanging(true)} data-testid="r-vote-change">
              {t('residentDeliberation.ballot.change')}
            </Button>
          </div>
        ))}

      {v.result && (
        <section className="gzr-section" aria-labelledby="vote-result" data-testid="r-vote-result">
          <h2 id="vote-result" className="gzr-h2">
            {t('residentDeliberation.result.title')}
          </h2>
          <ResultBars result={v.result} options={v.options} />
          <Link to={`/public/deliberation/votes/${v.uid}`} className="gzr-link">
            {t('residentDeliberation.result.board')}
          </Link>
        </section>
      )}
    </ResidentPage>
  );
}
