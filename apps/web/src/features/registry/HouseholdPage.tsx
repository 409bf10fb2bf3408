/**
 * 户: a household at its room — the members with their relation to the head, what is wrong
 * with the household (no head, two spouses …) as warnings to fix, and who left it. Members
 * are added, split off (分户) or merged into another household (并户) from here.
 */
import { Alert, Button, Card, Descriptions, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { can, useSession } from '../auth/session.tsx';
import { VisitHistoryPanel } from '../visits/VisitHistoryPanel.tsx';
import { Masked, PersonStatusTag, TagList } from './display.tsx';
import { MergeHouseholdModal, SplitHouseholdModal } from './HouseholdChangeModals.tsx';
import { AddMemberModal } from './HouseholdModals.tsx';
import { useHousehold } from './hooks.ts';

const PROBLEMS = ['NO_HEAD', 'MULTIPLE_HEADS', 'MULTIPLE_SPOUSES', 'UNKNOWN_RELATION', 'HEAD_MINOR'] as const;

export default function HouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useSession();
  const household = useHousehold(id);
  const [dialog, setDialog] = useState<'add' | 'split' | 'merge' | null>(null);

  if (household.isPending) return <Skeleton active />;
  if (household.isError) return <Alert type="error" showIcon title={household.error.message} />;
  const h = household.data;
  const editable = can(me, 'registry:write') && h.status === 'active';
  const nameOf = (personId: string) => h.members.find((m) => m.person.id === personId)?.person.name ?? '';
  const problemText = (code: string) => {
    const known = PROBLEMS.find((p) => p === code);
    return known ? t(`registry.problem.${known}`) : code;
  };

  return (
    <>
      <Typography.Title level={1} className="gz-page-title" data-testid="household-title">
        {h.number ? t('registry.household.titleNumber', { number: h.number }) : t('registry.household.title')}
      </Typography.Title>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          size="small"
          bordered
          styles={{ label: { whiteSpace: 'nowrap' } }}
        >
          <Descriptions.Item label={t('registry.person.address')}>
            {h.room ? (
              <Link
                to={`/registry/buildings/${h.room.buildingId}`}
                className="gz-break"
                data-testid="household-building-link"
              >
                {h.room.address}
              </Link>
            ) : (
              t('common.none')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.person.grid')}>{h.grid.name}</Descriptions.Item>
          <Descriptions.Item label={t('registry.household.kind')}>
            {t(`registry.household.kinds.${h.kind}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.household.status')}>
            <Tag color={h.status === 'active' ? 'green' : 'default'}>
              {t(`registry.household.statuses.${h.status}`)}
            </Tag>
          </Descriptions.Item>
        </Descriptions>

        {h.problems.map((p) => (
          <Alert
            key={p.code}
            type={p.severity === 'error' ? 'error' : 'warning'}
            showIcon
            title={problemText(p.code)}
            description={
              p.members.length ? p.members.map(nameOf).filter(Boolean).join(t('common.listSeparator')) : undefined
            }
            data-testid="household-problem"
          />
        ))}

        {editable && (
          <Space wrap>
            <Button type="primary" onClick={() => setDialog('add')} data-testid="add-member-button">
              {t('registry.member.add')}
            </Button>
            {h.members.length > 1 && <Button onClick={() => setDialog('split')}>{t('registry.split.button')}</Button>}
            <Button onClick={() => setDialog('merge')}>{t('registry.merge.button')}</Button>
          </Space>
        )}

        <Card
          title={<h2 className="gz-card-title">{t('registry.household.members', { count: h.members.length })}</h2>}
          size="small"
        >
          <div data-testid="household-members">
            <List
              dataSource={h.members}
              locale={{ emptyText: t('registry.household.noMembers') }}
              renderItem={(m) => (
                <List.Item>
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap size={6}>
                      <Link to={`/registry/persons/${m.person.id}`}>{m.person.name}</Link>
                      <Tag color={m.relation === '02' ? 'blue' : 'default'}>{m.relationName}</Tag>
                      <span>
                        {[
                          m.person.gender ? t(`registry.gender.${m.person.gender}`) : '',
                          m.person.age !== null ? t('registry.person.age', { age: m.person.age }) : '',
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                      {m.person.status !== 'resident' && <PersonStatusTag status={m.person.status} />}
                    </Space>
                    <span>
                      {t('registry.person.idNumber')}: <Masked value={m.person.idNumber} />
                    </span>
                    <span className="gz-muted">{t('registry.household.since', { date: m.since })}</span>
                    {m.person.tags.length > 0 && <TagList tags={m.person.tags} />}
                  </Space>
                </List.Item>
              )}
            />
          </div>
        </Card>

        <VisitHistoryPanel household={h.id} />
        {h.formerMembers.length > 0 && (
          <Card title={<h2 className="gz-card-title">{t('registry.household.former')}</h2>} size="small">
            <List
              dataSource={h.formerMembers}
              renderItem={(m) => (
                <List.Item>
                  <Space wrap size={6}>
                    <Link to={`/registry/persons/${m.personId}`}>{m.name}</Link>
                    <span className="gz-muted">{t('registry.household.period', { from: m.since, to: m.until })}</span>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        )}
      </Space>
      {dialog === 'add' && <AddMemberModal household={h} onClose={() => setDialog(null)} />}
      {dialog === 'split' && <SplitHouseholdModal household={h} onClose={() => setDialog(null)} />}
      {dialog === 'merge' && <MergeHouseholdModal household={h} onClose={() => setDialog(null)} />}
    </>
  );
}
