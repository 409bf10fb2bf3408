/**
 * 组织架构: the administrative tree on the left, the selected unit on the right, and the
 * party-organisation tree on its own tab. The selected unit and the retired toggle live
 * in the URL so a link or a reload shows the same unit.
 */
import { Alert, Card, Col, Grid, Row, Skeleton, Space, Switch, Tabs, Typography } from 'antd';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useOrgTree } from './hooks.ts';
import { PartyPanel } from './PartyPanel.tsx';
import { indexTree } from './treeIndex.ts';
import { UnitDetail } from './UnitDetail.tsx';
import { UnitTree } from './UnitTree.tsx';

export default function OrgPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'party' ? 'party' : 'units';
  const showRetired = params.get('retired') === '1';
  const tree = useOrgTree(showRetired);
  const roots = tree.data ?? [];
  const index = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  const selectedId = params.get('unit') ?? roots[0]?.id ?? null;
  const screens = Grid.useBreakpoint();
  const detailRef = useRef<HTMLDivElement>(null);

  const update = (change: (p: URLSearchParams) => void) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      change(next);
      return next;
    });
  const selectUnit = (id: string) =>
    update((p) => {
      p.set('unit', id);
      p.delete('tab');
    });
  // On a phone the detail sits below the long tree: bring it into view after a tap.
  const selectFromTree = (id: string) => {
    selectUnit(id);
    if (!screens.lg) detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const units = (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card
          title={<h2 className="gz-card-title">{t('org.tree.title')}</h2>}
          extra={
            <Space size={6}>
              <Switch
                id="org-show-retired"
                size="small"
                checked={showRetired}
                onChange={(on) => update((p) => (on ? p.set('retired', '1') : p.delete('retired')))}
              />
              <label htmlFor="org-show-retired">{t('org.tree.showRetired')}</label>
            </Space>
          }
        >
          {tree.isPending && <Skeleton active />}
          {tree.isError && <Alert type="error" showIcon title={tree.error.message} />}
          {tree.isSuccess &&
            (roots.length === 0 ? (
              <Typography.Text>{t('org.tree.empty')}</Typography.Text>
            ) : (
              <UnitTree roots={roots} index={index} selectedId={selectedId} onSelect={selectFromTree} />
            ))}
        </Card>
      </Col>
      <Col xs={24} lg={14} ref={detailRef} style={{ scrollMarginTop: 72 }}>
        <UnitDetail unitId={selectedId} roots={roots} index={index} onSelect={selectUnit} />
      </Col>
    </Row>
  );

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('org.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => update((p) => (key === 'party' ? p.set('tab', 'party') : p.delete('tab')))}
        items={[
          { key: 'units', label: t('org.tabs.units'), children: units },
          {
            key: 'party',
            label: t('org.tabs.party'),
            children: <PartyPanel roots={roots} index={index} onShowUnit={selectUnit} />,
          },
        ]}
      />
    </>
  );
}
