/**
 * 工作台 home: who I am here — my roles and the units they are granted on — the pages my
 * permissions open, and the state of my second factor.
 */
import { RightOutlined, SafetyOutlined } from '@ant-design/icons';
import { Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../features/auth/session.tsx';
import { roleLabel } from '../features/users/RoleTags.tsx';
import { allowedEntries } from '../layout/navigation.ts';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useSession();
  const links = allowedEntries(me.permissions).filter((e) => e.path !== '/');

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('home.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('home.greeting', { name: me.user.displayName })}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={<h2 className="gz-card-title">{t('home.roles')}</h2>}>
            <List
              dataSource={me.roles}
              locale={{ emptyText: t('home.noRoles') }}
              renderItem={(grant) => (
                <List.Item>
                  <div>
                    <Space wrap>
                      <Tag color="blue">{roleLabel(grant.role, t)}</Tag>
                      <strong>{grant.unitName}</strong>
                    </Space>
                    <div className="gz-muted">{t('home.unitPath', { path: grant.unitPath })}</div>
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={<h2 className="gz-card-title">{t('home.quickLinks')}</h2>}>
              {links.length === 0 ? (
                <Typography.Paragraph style={{ margin: 0 }}>{t('home.noLinks')}</Typography.Paragraph>
              ) : (
                <List
                  dataSource={links}
                  renderItem={(entry) => (
                    <List.Item>
                      <Link to={entry.path} style={{ display: 'flex', width: '100%', justifyContent: 'space-between' }}>
                        <span>
                          <strong>{t(entry.labelKey)}</strong>
                          <br />
                          <span className="gz-muted">{t(entry.descriptionKey)}</span>
                        </span>
                        <RightOutlined aria-hidden="true" />
                      </Link>
                    </List.Item>
                  )}
                />
              )}
            </Card>
            <Card title={<h2 className="gz-card-title">{t('home.security')}</h2>}>
              <Space orientation="vertical">
                <span>
                  <SafetyOutlined aria-hidden="true" /> {me.totpEnabled ? t('home.totpOn') : t('home.totpOff')}
                </span>
                <Space wrap>
                  {!me.totpEnabled && <Link to="/security/totp">{t('user.totp')}</Link>}
                  <Link to="/security/password">{t('user.changePassword')}</Link>
                </Space>
              </Space>
            </Card>
          </Space>
        </Col>
      </Row>
    </>
  );
}
