import { DownOutlined, KeyOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Grid, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useLogout } from '../features/auth/hooks.ts';
import { useSession } from '../features/auth/session.tsx';
import { RoleTags } from '../features/users/RoleTags.tsx';

/** Who is signed in, in which roles, and the way to the security pages and out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();

  const onLogout = () =>
    logout.mutate(undefined, {
      onSuccess: () => navigate('/login', { replace: true }),
      // The local session is gone either way; say so if the server could not be told.
      onError: (err) => {
        message.warning(err.message);
        navigate('/login', { replace: true });
      },
    });

  return (
    <Space size="small" wrap={false}>
      {screens.lg && <RoleTags grants={me.roles} compact />}
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'password',
              icon: <KeyOutlined />,
              label: t('user.changePassword'),
              onClick: () => navigate('/security/password'),
            },
            { key: 'totp', icon: <SafetyOutlined />, label: t('user.totp'), onClick: () => navigate('/security/totp') },
            { type: 'divider' },
            { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), onClick: onLogout },
          ],
        }}
      >
        <Button type="text" icon={<UserOutlined />} aria-label={t('user.menu', { name: me.user.displayName })}>
          {screens.sm && <span>{me.user.displayName}</span>}
          <DownOutlined />
        </Button>
      </Dropdown>
    </Space>
  );
}
