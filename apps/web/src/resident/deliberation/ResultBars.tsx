/** A closed vote's count as bars per option, the verdict and the rule that made it. */
import type { VoteOption, VoteResult } from '@gongzhi/api';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import './deliberation.css';

export function ResultBars({ result, options }: { result: VoteResult; options: VoteOption[] }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const top = Math.max(1, ...Object.values(result.counts));
  return (
    <>
      <p className={result.passed ? 'gzd-ok' : 'gzd-bad'} data-testid="r-vote-verdict">
        {!result.quorumMet
          ? t('residentDeliberation.result.noQuorum')
          : result.passed
            ? t('residentDeliberation.result.passed')
            : t('residentDeliberation.result.failed')}
      </p>
      <p className="gzr-rule-info">{en ? result.ruleTextEn : result.ruleText}</p>
      <ul className="gzd-bars">
        {options.map((o) => {
          const n = result.counts[o.key] ?? 0;
          return (
            <li key={o.key} className={result.winner === o.key ? 'gzd-selected' : undefined}>
              <div className="gzd-bar-label">
                <span>{o.label}</span>
                <span>{t('residentDeliberation.result.votes', { n })}</span>
              </div>
              <div className="gzd-bar" aria-hidden="true">
                <span
                  className={result.winner === o.key ? 'gzd-fill gzd-fill-win' : 'gzd-fill'}
                  style={{ width: `${(n / top) * 100}%` }}
                />
              </div>
            </li>
          );
        })}
      </ul>
      <p className="gzr-muted">
        {t('residentDeliberation.result.turnout', {
          cast: result.cast,
          eligible: result.eligible,
          pct: Math.round(result.turnout * 100),
        })}
      </p>
    </>
  );
}
