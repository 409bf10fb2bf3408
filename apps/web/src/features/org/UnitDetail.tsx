/** The selected unit: where it sits, what it holds, its party organisations and its history. */
import type { OrgTreeNode } from '@gongzhi/api';
import { Alert, Breadcrumb, Button, Card, Descriptions, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../auth/session.tsx';
import { useUnitDetail } from './hooks.ts';
import type { TreeIndex } from './treeIndex.ts';
import { UnitActions } from './UnitActions.tsx';
import { UnitHistory } from './UnitHistory.tsx';
import { UnitKindTag } from './UnitKindTag.tsx';

interface Props {
  unitId: string | null;
  roots: readonly OrgTreeNode[];
  index: TreeIndex;
  onSelect: (id: string) => void;
}

export function UnitDetail({ unitId, roots, index, onSelect }: Props) {
  const { t } = useTranslation();
  const me = useSession();
  const detail = useUnitDetail(unitId);
  const unit = detail.data;

  const title = <h2 className="gz-card-title">{unit ? unit.name : t('org.detail.title')}</h2>;
  let body: ReactNode;
  if (!unitId) body = <Empty description={t('org.detail.pick')} />;
  else if (detail.isPending) body = <Skeleton active />;
  else if (detail.isError) body = <Alert type="error" showIcon title={detail.error.message} />;
  else if (unit) {
    body = (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Breadcrumb
          items={[
            ...unit.ancestors.map((a) => ({
              key: a.id,
              title: (
                <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onSelect(a.id)}>
                  {a.name}
                </Button>
              ),
            })),
            { key: unit.id, title: unit.name },
          ]}
        />
        {can(me, 'org:write') && unit.status === 'active' && (
          <UnitActions unit={unit} roots={roots} index={index} onChanged={onSelect} />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
        >
          <Descriptions.Item label={t('org.field.kind')}>
            <UnitKindTag kind={unit.kind} />
          </Descriptions.Item>
          <Descriptions.Item label={t('org.field.status')}>
            <Tag color={unit.status === 'active' ? 'green' : 'default'}>{t(`org.status.${unit.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('org.field.code')}>
            <Typography.Text copyable>{unit.code}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('org.field.path')}>
            <Typography.Text style={{ wordBreak: 'break-all' }}>{unit.path}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('org.field.childCount')}>{unit.childCount}</Descriptions.Item>
          <Descriptions.Item label={t('org.field.memberCount')}>{unit.memberCount}</Descriptions.Item>
          <Descriptions.Item label={t('org.field.partyOrgs')} span={2}>
            {unit.partyOrgs.length === 0 ? (
              t('common.none')
            ) : (
              <Space size={4} wrap>
                {unit.partyOrgs.map((p) => (
                  <Tag key={p.id} color="red" className="gz-wrap-tag">
                    {t(`party.kind.${p.kind}`)} · {p.name}
                  </Tag>
                ))}
              </Space>
            )}
          </Descriptions.Item>
        </Descriptions>
        <section aria-labelledby="unit-history-heading">
          <h3 id="unit-history-heading" className="gz-card-title" style={{ marginBottom: 12 }}>
            {t('org.history.title')}
          </h3>
          <UnitHistory history={unit.history} onSelect={onSelect} />
        </section>
      </Space>
    );
  }

  return (
    <Card title={title} data-testid="unit-detail">
      {body}
    </Card>
  );
}
