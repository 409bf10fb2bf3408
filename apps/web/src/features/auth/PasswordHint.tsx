import { CheckCircleOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { describePasswordProblem, type HintContext, passwordHint } from './passwordProblems.ts';

/** Live feedback under a new-password field, from the same rules the server applies. */
export function PasswordHint({ password, context }: { password: string; context: HintContext }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  if (!password) return <span>{t('password.policyIntro')}</span>;
  const problems = passwordHint(password, context);
  if (problems.length === 0) {
    return (
      <span>
        <CheckCircleOutlined style={{ color: token.colorSuccess }} /> {t('password.looksGood')}
      </span>
    );
  }
  return (
    <ul style={{ margin: 0, padding: 0, listStyle: 'none' }} aria-live="polite">
      {problems.map((p) => (
        <li key={p.code}>
          <InfoCircleOutlined /> {describePasswordProblem(p, t)}
        </li>
      ))}
    </ul>
  );
}
