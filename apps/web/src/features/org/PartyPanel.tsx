/** 党组织 tab: 街道党工委 → 社区党委 → 网格党支部 → 党小组 as a tree, with the selected one's facts. */
import { PlusOutlined } from '@ant-design/icons';
import type { OrgTreeNode, PartyOrg } from '@gongzhi/api';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Tag, Tree, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../auth/session.tsx';
import { CreatePartyOrgModal } from './CreatePartyOrgModal.tsx';
import { usePartyOrgs } from './hooks.ts';
import { buildPartyTree, type PartyNode } from './partyTree.ts';
import type { TreeIndex } from './treeIndex.ts';

interface Props {
  roots: readonly OrgTreeNode[];
  index: TreeIndex;
  onShowUnit: (unitId: string) => void;
}

function PartyTitle({ org }: { org: PartyOrg }) {
  const { t } = useTranslation();
  return (
    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
      <Tag color="red" style={{ marginInlineEnd: 0 }}>
        {t(`party.kind.${org.kind}`)}
      </Tag>
      <span>{org.name}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {org.unitName}
      </Typography.Text>
    </span>
  );
}

interface PartyTreeData {
  key: string;
  title: ReactNode;
  children: PartyTreeData[];
}

function toTreeData(nodes: readonly PartyNode[]): PartyTreeData[] {
  return nodes.map((n) => ({ key: n.org.id, title: <PartyTitle org={n.org} />, children: toTreeData(n.children) }));
}

export function PartyPanel({ roots, index, onShowUnit }: Props) {
  const { t } = useTranslation();
  const me = useSession();
  const party = usePartyOrgs();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const orgs = party.data ?? [];
  const tree = useMemo(() => buildPartyTree(party.data ?? []), [party.data]);
  const treeData = useMemo(() => toTreeData(tree), [tree]);
  const selected = orgs.find((o) => o.id === selectedId) ?? null;
  const parentOf = (org: PartyOrg) => orgs.find((o) => o.id === org.parentId);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card
          title={<h2 className="gz-card-title">{t('party.title')}</h2>}
          extra={
            can(me, 'org:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('party.create.button')}
              </Button>
            )
          }
        >
          {party.isPending && <Skeleton active />}
          {party.isError && <Alert type="error" showIcon title={party.error.message} />}
          {party.isSuccess &&
            (orgs.length === 0 ? (
              <Empty description={t('party.empty')} />
            ) : (
              <Tree
                aria-label={t('party.treeLabel')}
                blockNode
                defaultExpandAll
                treeData={treeData}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId(keys[0] === undefined ? null : String(keys[0]))}
              />
            ))}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={<h2 className="gz-card-title">{selected ? selected.name : t('party.detail')}</h2>}>
          {selected ? (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('party.field.kind')}>{t(`party.kind.${selected.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('party.field.unit')}>
                <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => onShowUnit(selected.unitId)}>
                  {selected.unitName}
                </Button>
              </Descriptions.Item>
              <Descriptions.Item label={t('party.field.parent')}>
                {parentOf(selected)?.name ?? t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('party.field.children')}>
                {orgs.filter((o) => o.parentId === selected.id).length}
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Empty description={t('party.pick')} />
          )}
        </Card>
      </Col>
      {creating && (
        <CreatePartyOrgModal
          orgs={orgs}
          roots={roots}
          index={index}
          defaultParentId={selectedId}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setSelectedId(id);
          }}
        />
      )}
    </Row>
  );
}
