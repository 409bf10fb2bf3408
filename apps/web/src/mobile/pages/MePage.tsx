/** 我的: who is signed in, the language, the PC 工作台, and signing out (the outbox stays). */
import { useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, List } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, rememberCsrfToken } from '../../api/client.ts';
import { meKey } from '../../features/auth/hooks.ts';
import { noteSignedOut } from '../../features/auth/sessionExit.ts';
import { changeLanguage, currentLanguage } from '../../i18n/index.ts';
import { useOutbox } from '../hooks.ts';
import { MobilePage } from '../layout.tsx';
import { useMobileSession } from '../session.tsx';
import { deviceId, forgetUser } from '../store.ts';

export default function MePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { me } = useMobileSession();
  const outbox = useOutbox();
  const [device, setDevice] = useState('');
  useEffect(() => {
    void deviceId().then(setDevice);
  }, []);
  const target = currentLanguage() === 'en' ? 'zh-CN' : 'en';

  const signOut = async () => {
    const waiting = outbox.pending.length + outbox.rejected.length;
    if (waiting > 0) {
      const ok = await Dialog.confirm({
        title: t('mobile.me.signOutTitle'),
        content: t('mobile.me.signOutWaiting', { count: waiting }),
        confirmText: t('mobile.me.signOut'),
        cancelText: t('mobile.me.stay'),
      });
      if (!ok) return;
    }
    try {
      await api.post('/api/auth/logout');
    } catch {
      // Offline: the session ends on the server by itself; the phone forgets it now.
    }
    await forgetUser(me.userId);
    noteSignedOut();
    rememberCsrfToken(null);
    queryClient.clear();
    queryClient.setQueryData(meKey, null);
    navigate('/login', { replace: true });
  };

  return (
    <MobilePage title={t('mobile.me.title')} testId="m-me-page">
      <List header={<h2 className="gzm-list-header">{t('mobile.me.account')}</h2>}>
        <List.Item description={me.username}>{me.displayName}</List.Item>
        {me.roles.map((r) => (
          <List.Item key={`${r.role}-${r.unitName}`} description={r.unitName}>
            {t(`roles.${r.role as 'grid_worker'}`, { defaultValue: r.role })}
          </List.Item>
        ))}
        <List.Item description={device}>{t('mobile.me.device')}</List.Item>
      </List>
      <List header={<h2 className="gzm-list-header">{t('mobile.me.settings')}</h2>}>
        <List.Item
          extra={
            <Button
              size="small"
              fill="outline"
              color="primary"
              onClick={() => void changeLanguage(target)}
              aria-label={t('lang.switchLabel')}
              data-testid="m-lang"
            >
              <span lang={target}>{t('lang.switchTo')}</span>
            </Button>
          }
        >
          {t('mobile.me.language')}
        </List.Item>
        <List.Item>
          <Link to="/" className="gzm-link">
            {t('mobile.me.workbench')}
          </Link>
        </List.Item>
      </List>
      <div className="gzm-actions">
        <Button block color="danger" fill="outline" size="large" onClick={() => void signOut()}>
          {t('mobile.me.signOut')}
        </Button>
      </div>
      <p className="gzm-muted gzm-center-text gzm-pad">{t('mobile.me.offlineNote')}</p>
    </MobilePage>
  );
}
