/**
 * 活地图: the buildings, organisations (实有单位) and public facilities of a unit on one map,
 * each layer switchable in a legend that names it, and the same things as lists below —
 * the facilities with their state (a faulty hydrant can be marked from here).
 */
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Row,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { can, useSession } from '../auth/session.tsx';
import { Masked } from './display.tsx';
import { UnitPicker } from './fields.tsx';
import {
  type FacilityRow,
  type MapData,
  type OrganisationRow,
  useFacilities,
  useMap,
  useOrganisations,
  useUpdateFacility,
} from './hooks.ts';
import { LAYER_COLOR, LAYERS, type MapLayer, MapView } from './MapView.tsx';
import { useDefaultUnit } from './useDefaultUnit.ts';

const FACILITY_KINDS = [
  'hydrant',
  'camera',
  'street_lamp',
  'elevator',
  'aed',
  'waste_station',
  'charging_station',
  'manhole',
  'other',
] as const;
const ORG_KINDS = ['enterprise', 'shop', 'institution', 'social_org', 'other'] as const;

export default function MapPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const fallbackUnit = useDefaultUnit();
  const unit = params.get('unit') ?? fallbackUnit;
  const map = useMap(unit);
  const [visible, setVisible] = useState<ReadonlySet<MapLayer>>(new Set(LAYERS));

  const facilityKind = useCallback(
    (kind: string) => {
      const k = FACILITY_KINDS.find((x) => x === kind);
      return k ? t(`registry.facilityKind.${k}`) : kind;
    },
    [t],
  );
  const orgKind = useCallback(
    (kind: string) => {
      const k = ORG_KINDS.find((x) => x === kind);
      return k ? t(`registry.orgKind.${k}`) : kind;
    },
    [t],
  );
  const describe = useCallback(
    (f: MapData['features'][number]) => {
      const p = f.properties;
      if (p.layer === 'building') {
        return t('registry.buildings.counts', { households: p.households ?? 0, residents: p.residents ?? 0 });
      }
      if (p.layer === 'facility')
        return `${facilityKind(p.kind)} · ${t(`registry.facilityStatus.${facilityStatus(p.status)}`)}`;
      return orgKind(p.kind);
    },
    [t, facilityKind, orgKind],
  );
  const counts = useMemo(() => {
    const c: Record<MapLayer, number> = { building: 0, organisation: 0, facility: 0 };
    for (const f of map.data?.features ?? []) c[f.properties.layer] += 1;
    return c;
  }, [map.data]);

  const toggle = (layer: MapLayer, on: boolean) =>
    setVisible((prev) => {
      const next = new Set(prev);
      if (on) next.add(layer);
      else next.delete(layer);
      return next;
    });

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('registry.map.title')}
      </Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} sm={12} lg={8}>
          <UnitPicker
            value={unit}
            allowClear={false}
            onChange={(v) => setParams(v ? { unit: v } : {})}
            aria-label={t('registry.filter.unit')}
          />
        </Col>
      </Row>
      {!unit ? (
        <Empty description={t('registry.map.pickUnit')} />
      ) : (
        <Tabs
          items={[
            {
              key: 'map',
              label: t('registry.map.tab'),
              children: (
                <>
                  {map.isPending && <Skeleton active />}
                  {map.isError && <Alert type="error" showIcon title={map.error.message} />}
                  {map.data && (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      <fieldset className="gz-fieldset gz-map-legend">
                        <legend>{t('registry.map.legend')}</legend>
                        <Space wrap size="middle">
                          {LAYERS.map((layer) => (
                            <Checkbox
                              key={layer}
                              checked={visible.has(layer)}
                              onChange={(e) => toggle(layer, e.target.checked)}
                            >
                              <span
                                className="gz-swatch gz-swatch-round"
                                style={{ borderColor: LAYER_COLOR[layer], background: `${LAYER_COLOR[layer]}80` }}
                                aria-hidden="true"
                              />
                              {t(`registry.map.layer.${layer}`)} ({counts[layer]})
                            </Checkbox>
                          ))}
                          <span>
                            <span className="gz-swatch gz-swatch-round gz-swatch-faulty" aria-hidden="true" />
                            {t('registry.map.faulty')}
                          </span>
                        </Space>
                      </fieldset>
                      {!map.data.tiles && <Alert type="info" showIcon title={t('registry.map.schematic')} />}
                      {map.data.features.length === 0 ? (
                        <Empty description={t('registry.map.noFeatures')} />
                      ) : (
                        <MapView data={map.data} visible={visible} describe={describe} />
                      )}
                    </Space>
                  )}
                </>
              ),
            },
            {
              key: 'facilities',
              label: t('registry.map.facilities'),
              children: <FacilityList unit={unit} kindName={facilityKind} />,
            },
            {
              key: 'organisations',
              label: t('registry.map.organisations'),
              children: <OrganisationList unit={unit} kindName={orgKind} />,
            },
          ]}
        />
      )}
    </>
  );
}

function facilityStatus(status: string): 'ok' | 'faulty' | 'retired' {
  return status === 'faulty' || status === 'retired' ? status : 'ok';
}

function FacilityList({ unit, kindName }: { unit: string; kindName: (k: string) => string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const [page, setPage] = useState(1);
  const facilities = useFacilities({ unit, page, pageSize: 20 });
  const update = useUpdateFacility();
  const editable = can(me, 'registry:write');

  const setStatus = (f: FacilityRow, status: 'ok' | 'faulty') =>
    update.mutate(
      { id: f.id, status },
      {
        onSuccess: () =>
          message.success(t(status === 'faulty' ? 'registry.facility.markedFaulty' : 'registry.facility.markedOk')),
        onError: (err) => message.error(err.message),
      },
    );

  return (
    <Card size="small">
      {facilities.isError && <Alert type="error" showIcon title={facilities.error.message} />}
      <Table<FacilityRow>
        rowKey="id"
        size="small"
        dataSource={facilities.data?.items ?? []}
        loading={facilities.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: facilities.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: t('registry.facility.name'), dataIndex: 'name' },
          { title: t('registry.facility.kind'), dataIndex: 'kind', render: (k: string) => kindName(k) },
          { title: t('registry.person.grid'), key: 'grid', render: (_, f) => f.grid.name },
          {
            title: t('registry.facility.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'faulty' ? 'red' : s === 'ok' ? 'green' : 'default'}>
                {t(`registry.facilityStatus.${facilityStatus(s)}`)}
              </Tag>
            ),
          },
          { title: t('registry.field.note'), dataIndex: 'note', render: (n: string | null) => n ?? t('common.none') },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, f: FacilityRow) =>
                    f.status === 'ok' ? (
                      <Button
                        size="small"
                        danger
                        onClick={() => setStatus(f, 'faulty')}
                        loading={update.isPending && update.variables?.id === f.id}
                      >
                        {t('registry.facility.markFaulty')}
                      </Button>
                    ) : f.status === 'faulty' ? (
                      <Button
                        size="small"
                        onClick={() => setStatus(f, 'ok')}
                        loading={update.isPending && update.variables?.id === f.id}
                      >
                        {t('registry.facility.markOk')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function OrganisationList({ unit, kindName }: { unit: string; kindName: (k: string) => string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const orgs = useOrganisations({ unit, page, pageSize: 20 });
  return (
    <Card size="small">
      {orgs.isError && <Alert type="error" showIcon title={orgs.error.message} />}
      <Table<OrganisationRow>
        rowKey="id"
        size="small"
        dataSource={orgs.data?.items ?? []}
        loading={orgs.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: orgs.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: t('registry.org.name'), dataIndex: 'name' },
          { title: t('registry.org.kind'), dataIndex: 'kind', render: (k: string) => kindName(k) },
          { title: t('registry.org.address'), dataIndex: 'address' },
          {
            title: t('registry.org.contact'),
            key: 'contact',
            render: (_, o) => (
              <Space size={4}>
                {o.contactName ?? ''}
                <Masked value={o.contactPhone} />
              </Space>
            ),
          },
          {
            title: t('registry.org.employees'),
            dataIndex: 'employees',
            render: (n: number | null) => n ?? t('common.none'),
          },
          {
            title: t('registry.org.status'),
            dataIndex: 'status',
            render: (s: 'active' | 'closed') => (
              <Tag color={s === 'active' ? 'green' : 'default'}>{t(`registry.org.statuses.${s}`)}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
