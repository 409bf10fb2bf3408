/** The frame of pages shown without a session (login, not found): brand, language, content. */
import { Layout, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import './workbench.css';

export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        className="gz-header"
        style={{ background: token.colorBgContainer, borderBottom: `1px solid ${token.colorSplit}` }}
      >
        <span className="gz-brand">
          <span className="gz-brand-mark" aria-hidden="true">
            {t('app.mark')}
          </span>
          <span className="gz-brand-name">{t('app.fullName')}</span>
        </span>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content id="main" className="gz-content" style={{ display: 'grid', placeItems: 'start center' }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
