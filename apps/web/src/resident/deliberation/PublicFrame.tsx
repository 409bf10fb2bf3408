/**
 * The frame of the public deliberation pages (two 公开, draws, the ballot board): no sign-in, no
 * app frame — a QR on the notice board leads here. A title, a language switch, the page as main.
 */
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage } from '../../i18n/index.ts';
import '../resident.css';
import '../cases/cases.css';
import './deliberation.css';

export function PublicFrame({
  title,
  sub,
  testId,
  children,
}: {
  title: string;
  sub?: string;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  const target = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  return (
    <div className="gzr-app">
      <div className="gzr-public" data-testid={testId}>
        <header className="gzr-public-head">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
            <h1>{title}</h1>
            <button
              type="button"
              onClick={() => void changeLanguage(target)}
              aria-label={t('lang.switchLabel')}
              className="gzc-lang"
            >
              <span lang={target}>{t('lang.switchTo')}</span>
            </button>
          </div>
          {sub && <p>{sub}</p>}
        </header>
        <main id="main">{children}</main>
      </div>
    </div>
  );
}

/** A public read's loading and failure, in the frame's own words (no app session to lean on). */
export function PublicState({ pending, error, notFound }: { pending: boolean; error: unknown; notFound: string }) {
  const { t } = useTranslation();
  if (pending) {
    return (
      <p className="gzr-empty" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  const status = (error as { status?: number } | null)?.status;
  return (
    <p className="gzr-empty" role="alert">
      {status === 404 ? notFound : ((error as Error | null)?.message ?? t('errors.unexpected'))}
    </p>
  );
}
