/** 我的: who is signed in, my orders and duty posts, the language, and signing out. */
import { Button, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useLogout } from '../../features/auth/hooks.ts';
import { changeLanguage, currentLanguage } from '../../i18n/index.ts';
import { useMyPoints } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';
import { useResident } from '../session.tsx';

export default function MePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const resident = useResident();
  const me = useMyPoints();
  const logout = useLogout();
  const target = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  const isPartyMember = Boolean(me.data?.accounts.some((a) => a.kind === 'party_member'));
  const community = me.data?.accounts[0]?.community.name;

  return (
    <ResidentPage title={t('resident.me.title')} testId="r-me">
      <List header={<h2 className="gzr-h2">{t('resident.me.account')}</h2>}>
        <List.Item description={resident.user.username}>{resident.user.displayName}</List.Item>
        {community && <List.Item description={t('resident.me.community')}>{community}</List.Item>}
      </List>
      <List header={<h2 className="gzr-h2">{t('resident.me.points')}</h2>}>
        <List.Item>
          <Link to="/r/orders" className="gzr-link">
            {t('resident.orders.title')}
          </Link>
        </List.Item>
        <List.Item>
          <Link to="/r/claims" className="gzr-link">
            {t('resident.claims.title')}
          </Link>
        </List.Item>
        {isPartyMember && (
          <List.Item>
            <Link to="/r/party" className="gzr-link">
              {t('resident.party.title')}
            </Link>
          </List.Item>
        )}
      </List>
      <List header={<h2 className="gzr-h2">{t('resident.me.settings')}</h2>}>
        <List.Item
          extra={
            <Button
              size="small"
              fill="outline"
              color="primary"
              onClick={() => void changeLanguage(target)}
              aria-label={t('lang.switchLabel')}
              data-testid="r-lang"
            >
              <span lang={target}>{t('lang.switchTo')}</span>
            </Button>
          }
        >
          {t('resident.me.language')}
        </List.Item>
      </List>
      <div className="gzr-actions">
        <Button
          block
          color="danger"
          fill="outline"
          size="large"
          loading={logout.isPending}
          onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
          data-testid="r-sign-out"
        >
          {t('resident.me.signOut')}
        </Button>
      </div>
    </ResidentPage>
  );
}
