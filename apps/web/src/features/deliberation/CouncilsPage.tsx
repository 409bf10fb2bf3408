/**
 * 议事会: the councils of my area (居民议事会, 议事委员会, 工作协商委员会), each for a term, with how
 * many of the seven seats of "7+X" are filled today; staff set up a new one.
 */
import type { CouncilKind, CouncilSummary, CreateCouncilBody } from '@gongzhi/api';
import { Alert, App, Button, Col, DatePicker, Form, Input, Row, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { PageHead } from './display.tsx';
import { useCommunities, useCouncils, useDelibWrite } from './hooks.ts';

export const COUNCIL_KINDS: readonly CouncilKind[] = ['council', 'committee', 'consultative'];

export default function CouncilsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, update] = useFilterParams();
  const [creating, setCreating] = useState(false);
  const unit = params.get('unit') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const councils = useCouncils({ unit, page });

  return (
    <>
      <PageHead
        title={t('deliberation.council.listTitle')}
        extra={
          can(me, 'deliberation:manage') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="council-create">
              {t('deliberation.council.create')}
            </Button>
          )
        }
      />
      <search aria-label={t('deliberation.filter.label')} className="gz-delib-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} md={8}>
            <UnitPicker
              value={unit}
              onChange={(v) => update({ unit: v })}
              placeholder={t('deliberation.filter.area')}
              aria-label={t('deliberation.filter.area')}
            />
          </Col>
        </Row>
      </search>
      {councils.isError && <Alert type="error" showIcon title={councils.error.message} />}
      <Table<CouncilSummary>
        rowKey="uid"
        size="small"
        loading={councils.isFetching}
        dataSource={councils.data?.items ?? []}
        data-testid="council-table"
        pagination={{
          current: page,
          pageSize: 50,
          total: councils.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          {
            title: t('deliberation.council.name'),
            key: 'name',
            render: (_, c) => <Link to={`/deliberation/councils/${c.uid}`}>{c.name}</Link>,
          },
          { title: t('deliberation.field.community'), key: 'community', render: (_, c) => c.community.name },
          {
            title: t('deliberation.council.kind'),
            key: 'kind',
            render: (_, c) => t(`deliberation.councilKind.${c.kind}`),
          },
          {
            title: t('deliberation.council.term'),
            key: 'term',
            render: (_, c) => `${c.termStart} – ${c.termEnd}`,
          },
          {
            title: t('deliberation.council.seats'),
            key: 'seats',
            render: (_, c) => (
              <Tag color={c.complete ? 'green' : 'orange'}>
                {t('deliberation.council.seatsFilled', { n: c.seatsFilled })}
              </Tag>
            ),
          },
          { title: t('deliberation.council.members'), dataIndex: 'memberCount', key: 'members', width: 90 },
          {
            title: t('deliberation.council.active'),
            key: 'active',
            width: 90,
            render: (_, c) => (c.active ? t('deliberation.council.activeYes') : t('deliberation.council.activeNo')),
          },
        ]}
      />
      {creating && <CreateCouncilModal unit={unit} onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateCouncilModal({ unit, onClose }: { unit: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ unit?: string; kind: CouncilKind; name: string; term: [Dayjs, Dayjs] }>();
  const showError = useFormErrors(form);
  const [uid] = useState(() => crypto.randomUUID());
  const communities = useCommunities();
  const create = useDelibWrite((body: CreateCouncilBody, headers) =>
    api.post<unknown>('/api/deliberation/councils', body, headers),
  );
  const initialUnit = unit && communities.items.some((c) => c.uid === unit) ? unit : communities.only;
  return (
    <FormModal
      title={t('deliberation.council.create')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="council-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          unit: initialUnit,
          kind: 'council',
          term: [dayjs().startOf('year'), dayjs().startOf('year').add(5, 'year').subtract(1, 'day')],
        }}
        onFinish={(v) =>
          create.mutate(
            {
              uid,
              unit: v.unit ?? '',
              kind: v.kind,
              name: v.name.trim(),
              termStart: v.term[0].format('YYYY-MM-DD'),
              termEnd: v.term[1].format('YYYY-MM-DD'),
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.council.created'));
                onClose();
                navigate(`/deliberation/councils/${uid}`);
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('deliberation.field.community')}
          name="unit"
          rules={[{ required: true, message: t('deliberation.field.communityRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={communities.loading}
            options={communities.items.map((c) => ({ value: c.uid, label: c.name }))}
          />
        </Form.Item>
        <Form.Item label={t('deliberation.council.kind')} name="kind">
          <Select options={COUNCIL_KINDS.map((k) => ({ value: k, label: t(`deliberation.councilKind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.council.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('deliberation.council.nameRequired') }, { max: 60 }]}
        >
          <Input maxLength={60} data-testid="council-name" />
        </Form.Item>
        <Form.Item
          label={t('deliberation.council.term')}
          name="term"
          rules={[{ required: true, message: t('deliberation.council.termRequired') }]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
