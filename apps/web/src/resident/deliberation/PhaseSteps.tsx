/** A budget's phases as steps: proposing → reviewing → voting → selected → closed, the current one marked. */
import type { BudgetPhase } from '@gongzhi/api';
import { useTranslation } from 'react-i18next';
import './deliberation.css';

const BUDGET_PHASES: BudgetPhase[] = ['proposing', 'reviewing', 'voting', 'selected', 'closed'];

export function PhaseSteps({ phase }: { phase: string }) {
  const { t } = useTranslation();
  const at = BUDGET_PHASES.indexOf(phase as BudgetPhase);
  return (
    <ol className="gzd-steps gzd-phases" aria-label={t('residentDeliberation.micro.phases')}>
      {BUDGET_PHASES.map((p, i) => {
        const state = i < at ? 'done' : i === at ? 'current' : 'waiting';
        return (
          <li key={p} className="gzd-step" data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="gzd-step-mark" aria-hidden="true">
              {i + 1}
            </span>
            <span className="gzd-step-body">
              <span className="gzd-step-name">{t(`residentDeliberation.phase.${p}`)}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
