/**
 * 楼栋房屋: the buildings of a unit (一标: standard addresses), searchable by name or road, each
 * opening its room grid; a new building can lay out its 单元, floors and rooms at once.
 */
import type { Building } from '@gongzhi/api';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { FormModal } from '../../components/FormModal.tsx';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { can, useSession } from '../auth/session.tsx';
import { isGrid, UnitPicker } from './fields.tsx';
import { useBuildings, useCreateBuilding } from './hooks.ts';

const KINDS = ['residential', 'village_house', 'commercial', 'mixed', 'public'] as const;

export default function BuildingsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, update] = useFilterParams();
  const [creating, setCreating] = useState(false);
  const unit = params.get('unit') ?? undefined;
  const q = params.get('q') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const buildings = useBuildings({ unit, q, page, pageSize: 24 });

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('registry.buildings.title')}
      </Typography.Title>
      <search aria-label={t('registry.buildings.title')}>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={24} sm={12} lg={8}>
            <UnitPicker value={unit} onChange={(v) => update({ unit: v })} aria-label={t('registry.filter.unit')} />
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Input.Search
              allowClear
              defaultValue={q}
              aria-label={t('registry.buildings.search')}
              placeholder={t('registry.buildings.search')}
              enterButton={t('common.search')}
              onSearch={(v) => update({ q: v.trim() || undefined })}
            />
          </Col>
          {can(me, 'registry:write') && (
            <Col xs={24} lg={8} style={{ textAlign: 'end' }}>
              <Button type="primary" onClick={() => setCreating(true)} data-testid="create-building-button">
                {t('registry.buildings.create')}
              </Button>
            </Col>
          )}
        </Row>
      </search>
      {buildings.isError && (
        <Alert type="error" showIcon title={buildings.error.message} style={{ marginBottom: 16 }} />
      )}
      <List<Building>
        data-testid="building-list"
        grid={{ gutter: 12, xs: 1, sm: 2, lg: 3, xxl: 4 }}
        dataSource={buildings.data?.items ?? []}
        loading={buildings.isFetching}
        locale={{ emptyText: t('registry.buildings.empty') }}
        pagination={
          (buildings.data?.total ?? 0) > 24
            ? {
                current: page,
                pageSize: 24,
                total: buildings.data?.total ?? 0,
                showSizeChanger: false,
                onChange: (p) => update({ page: String(p) }),
              }
            : false
        }
        renderItem={(b) => (
          <List.Item>
            <Card size="small" title={<Link to={`/registry/buildings/${b.id}`}>{b.name}</Link>}>
              <Space orientation="vertical" size={2}>
                <span className="gz-break">{b.address}</span>
                <span className="gz-muted">
                  {b.grid.name} · {t(`registry.buildingKind.${b.kind}`)}
                </span>
                <span>{t('registry.buildings.counts', { households: b.households, residents: b.residents })}</span>
              </Space>
            </Card>
          </List.Item>
        )}
      />
      {creating && <CreateBuildingModal defaultGrid={unit} onClose={() => setCreating(false)} />}
    </>
  );
}

interface Values {
  gridId: string;
  name: string;
  address: string;
  kind: (typeof KINDS)[number];
  floors?: number | null;
  lng?: number | null;
  lat?: number | null;
  withLayout: boolean;
  layout: { units: number; floors: number; roomsPerFloor: number };
}

function CreateBuildingModal({ defaultGrid, onClose }: { defaultGrid?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const create = useCreateBuilding();
  const withLayout = Form.useWatch('withLayout', form) ?? true;

  const onFinish = (v: Values) =>
    create.mutate(
      {
        gridId: v.gridId,
        name: v.name.trim(),
        address: v.address.trim(),
        kind: v.kind,
        floors: v.floors ?? (v.withLayout ? v.layout.floors : undefined),
        lng: v.lng ?? undefined,
        lat: v.lat ?? undefined,
        layout: v.withLayout ? v.layout : undefined,
      },
      {
        onSuccess: (b) => {
          message.success(t('registry.buildings.created', { name: b.name }));
          onClose();
          navigate(`/registry/buildings/${b.id}`);
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('registry.buildings.create')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="create-building-submit"
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          gridId: defaultGrid,
          kind: 'residential',
          withLayout: true,
          layout: { units: 2, floors: 6, roomsPerFloor: 2 },
        }}
      >
        <Form.Item
          label={t('registry.buildings.grid')}
          name="gridId"
          rules={[{ required: true, message: t('registry.buildings.gridRequired') }]}
          extra={t('registry.buildings.gridHelp')}
        >
          <UnitPicker usable={isGrid} allowClear={false} />
        </Form.Item>
        <Form.Item
          label={t('registry.buildings.name')}
          name="name"
          rules={[{ required: true, whitespace: true, max: 64, message: t('registry.field.nameRequired') }]}
        >
          <Input maxLength={64} placeholder={t('registry.buildings.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          label={t('registry.buildings.address')}
          name="address"
          rules={[{ required: true, whitespace: true, max: 128, message: t('registry.buildings.addressRequired') }]}
        >
          <Input maxLength={128} placeholder={t('registry.buildings.addressPlaceholder')} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={t('registry.buildings.kind')} name="kind">
            <Select
              style={{ minWidth: 140 }}
              options={KINDS.map((k) => ({ value: k, label: t(`registry.buildingKind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('registry.buildings.lng')} name="lng">
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label={t('registry.buildings.lat')} name="lat">
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name="withLayout" valuePropName="checked">
          <Checkbox>{t('registry.buildings.withLayout')}</Checkbox>
        </Form.Item>
        {withLayout && (
          <fieldset className="gz-fieldset">
            <legend>{t('registry.buildings.layout')}</legend>
            <Space wrap align="start">
              <Form.Item
                label={t('registry.buildings.units')}
                name={['layout', 'units']}
                extra={t('registry.buildings.unitsHelp')}
              >
                <InputNumber min={0} max={20} precision={0} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item label={t('registry.buildings.floors')} name={['layout', 'floors']}>
                <InputNumber min={1} max={100} precision={0} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item label={t('registry.buildings.roomsPerFloor')} name={['layout', 'roomsPerFloor']}>
                <InputNumber min={1} max={20} precision={0} style={{ width: 100 }} />
              </Form.Item>
            </Space>
          </fieldset>
        )}
      </Form>
    </FormModal>
  );
}
