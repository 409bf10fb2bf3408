/**
 * 选票公示 (/public/deliberation/votes/:uid), no sign-in, once a vote is closed: every ballot's
 * choice — a secret one under the SHA-256 of its receipt, an open one without any voter — and
 * the server's count. A voter finds their ballot by the hash of their receipt (核验 gives it), and
 * anyone can recount: the page counts the listed ballots again and says whether it agrees.
 */
import type { PublicVoteBallots } from '@gongzhi/api';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { PublicFrame, PublicState } from './PublicFrame.tsx';
import { usePublicBallots } from './public-hooks.ts';
import { ResultBars } from './ResultBars.tsx';

const SHOWN = 200;

/** Counts the listed ballots per option and compares with the server's stored count. */
export function recount(board: Pick<PublicVoteBallots, 'ballots' | 'result'>): {
  counts: Record<string, number>;
  agrees: boolean | null;
} {
  const counts: Record<string, number> = {};
  for (const b of board.ballots) for (const k of b.choice) counts[k] = (counts[k] ?? 0) + 1;
  if (!board.result) return { counts, agrees: null };
  const keys = new Set([...Object.keys(counts), ...Object.keys(board.result.counts)]);
  const agrees =
    [...keys].every((k) => (counts[k] ?? 0) === (board.result?.counts[k] ?? 0)) &&
    board.ballots.length === board.result.cast;
  return { counts, agrees };
}

export default function PublicBallotsPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const board = usePublicBallots(uid);
  const [find, setFind] = useState('');
  const [all, setAll] = useState(false);
  const b = board.data;
  const checked = useMemo(() => (b ? recount(b) : null), [b]);
  const needle = find.trim().toLowerCase();
  const rows = useMemo(() => {
    if (!b) return [];
    const hits = needle ? b.ballots.filter((x) => x.receiptHash?.startsWith(needle)) : b.ballots;
    return all || needle ? hits : hits.slice(0, SHOWN);
  }, [b, needle, all]);
  const labelOf = (key: string) => b?.options.find((o) => o.key === key)?.label ?? key;

  return (
    <PublicFrame
      title={b?.title ?? t('publicDeliberation.ballots.title')}
      sub={b ? `${b.community.name} · ${t('publicDeliberation.ballots.title')}` : undefined}
      testId="public-ballots"
    >
      {!b ? (
        <PublicState
          pending={board.isPending}
          error={board.error}
          notFound={t('publicDeliberation.ballots.notFound')}
        />
      ) : (
        <>
          {b.result && (
            <section className="gzr-section" aria-labelledby="ballots-result">
              <h2 id="ballots-result" className="gzr-h2">
                {t('publicDeliberation.ballots.result')}
              </h2>
              {b.closedAt && <p className="gzr-muted">{formatTime(b.closedAt)}</p>}
              <ResultBars result={b.result} options={b.options} />
              <p
                className={`gzd-verdict ${checked?.agrees ? 'gzd-verdict-same' : 'gzd-verdict-differ'}`}
                role="status"
                data-testid="ballots-recount"
              >
                {checked?.agrees
                  ? t('publicDeliberation.ballots.recountOk', { n: b.ballots.length })
                  : t('publicDeliberation.ballots.recountBad')}
              </p>
            </section>
          )}
          <section className="gzr-section" aria-labelledby="ballots-list">
            <h2 id="ballots-list" className="gzr-h2">
              {t('publicDeliberation.ballots.list', { n: b.ballots.length })}
            </h2>
            {b.secret && (
              <>
                <label className="gzr-label" htmlFor="ballots-find" style={{ marginTop: 8 }}>
                  {t('publicDeliberation.ballots.find')}
                </label>
                <input
                  id="ballots-find"
                  className="gzr-input gzd-mono"
                  value={find}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => setFind(e.target.value)}
                />
              </>
            )}
            <ol className="gzd-order" data-testid="ballots-rows">
              {rows.map((x, i) => (
                <li key={x.receiptHash ?? i}>
                  {x.choice.map(labelOf).join(t('common.listSeparator')) || t('publicDeliberation.ballots.blank')}
                  {x.receiptHash && <span className="gzd-mono gzr-row-meta"> {x.receiptHash}</span>}
                </li>
              ))}
            </ol>
            {!all && !needle && b.ballots.length > SHOWN && (
              <button type="button" className="gzc-button gzc-button-outline" onClick={() => setAll(true)}>
                {t('publicDeliberation.ballots.all', { n: b.ballots.length })}
              </button>
            )}
          </section>
        </>
      )}
    </PublicFrame>
  );
}
