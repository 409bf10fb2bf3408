/**
 * 民生微实事: each community's yearly budget for small projects residents propose and choose —
 * its phase (征集 → 审核 → 投票 → 公布结果 → 结束), how many projects, how much is allocated and
 * spent; staff set up a year's budget.
 */
import type { BudgetBallotStyle, BudgetCreateBody, BudgetSummary } from '@gongzhi/api';
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { PageHead, PhaseTag, Yuan } from './display.tsx';
import { useCommunities, useDelibWrite } from './hooks.ts';
import { useBudgets } from './hooks-work.ts';

export const BALLOT_STYLES: readonly BudgetBallotStyle[] = ['approval', 'knapsack'];

export default function BudgetsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, update] = useFilterParams();
  const [creating, setCreating] = useState(false);
  const unit = params.get('unit') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const budgets = useBudgets({ unit, page });

  return (
    <>
      <PageHead
        title={t('deliberation.budget.listTitle')}
        extra={
          can(me, 'deliberation:manage') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="budget-create">
              {t('deliberation.budget.create')}
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
      {budgets.isError && <Alert type="error" showIcon title={budgets.error.message} />}
      <Table<BudgetSummary>
        rowKey="uid"
        size="small"
        loading={budgets.isFetching}
        dataSource={budgets.data?.items ?? []}
        data-testid="budget-table"
        scroll={{ x: 860 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: budgets.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          {
            title: t('deliberation.budget.title'),
            key: 'title',
            render: (_, b) => <Link to={`/deliberation/budgets/${b.uid}`}>{b.title}</Link>,
          },
          { title: t('deliberation.field.community'), key: 'community', render: (_, b) => b.community.name },
          { title: t('deliberation.budget.year'), dataIndex: 'year', key: 'year', width: 70 },
          { title: t('deliberation.budget.amount'), key: 'amount', render: (_, b) => <Yuan cents={b.amountCents} /> },
          { title: t('deliberation.budget.phaseLabel'), key: 'phase', render: (_, b) => <PhaseTag phase={b.phase} /> },
          {
            title: t('deliberation.budget.projects'),
            key: 'projects',
            width: 110,
            render: (_, b) => t('deliberation.budget.projectsOf', { n: b.projectCount, selected: b.selectedCount }),
          },
          { title: t('deliberation.budget.spent'), key: 'spent', render: (_, b) => <Yuan cents={b.spentCents} /> },
        ]}
      />
      {creating && <CreateBudgetModal unit={unit} onClose={() => setCreating(false)} />}
    </>
  );
}

interface Values {
  unit?: string;
  year: number;
  title: string;
  amountYuan: number;
  ballotStyle: BudgetBallotStyle;
  maxChoices?: number;
  minProjects?: number;
  maxProjects?: number;
  proposalsCloseOn?: Dayjs;
}

function CreateBudgetModal({ unit, onClose }: { unit: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const [uid] = useState(() => crypto.randomUUID());
  const communities = useCommunities();
  const style = Form.useWatch('ballotStyle', form);
  const create = useDelibWrite((body: BudgetCreateBody, headers) =>
    api.post<unknown>('/api/deliberation/budgets', body, headers),
  );
  const year = new Date().getFullYear() + 1;
  const initialUnit = unit && communities.items.some((c) => c.uid === unit) ? unit : communities.only;
  return (
    <FormModal
      title={t('deliberation.budget.create')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="budget-submit"
      width={600}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          unit: initialUnit,
          year,
          title: t('deliberation.budget.defaultTitle', { year }),
          ballotStyle: 'knapsack',
          minProjects: 0,
        }}
        onFinish={(v) =>
          create.mutate(
            {
              uid,
              unit: v.unit ?? '',
              year: v.year,
              title: v.title.trim(),
              amountCents: Math.round(v.amountYuan * 100),
              ballotStyle: v.ballotStyle,
              maxChoices: v.ballotStyle === 'approval' ? (v.maxChoices ?? null) : null,
              minProjects: v.minProjects ?? 0,
              maxProjects: v.maxProjects ?? null,
              proposalsCloseOn: v.proposalsCloseOn ? v.proposalsCloseOn.format('YYYY-MM-DD') : null,
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.budget.created'));
                onClose();
                navigate(`/deliberation/budgets/${uid}`);
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
            options={communities.items.map((c) => ({ value: c.uid, label: c.name }))}
          />
        </Form.Item>
        <Form.Item label={t('deliberation.budget.year')} name="year" rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.budget.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('deliberation.budget.titleRequired') }, { max: 80 }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.budget.amountYuan')}
          name="amountYuan"
          rules={[{ required: true, message: t('deliberation.budget.amountRequired') }]}
        >
          <InputNumber min={0.01} max={100000000} precision={2} prefix="¥" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.budget.ballotStyle')}
          name="ballotStyle"
          extra={t(`deliberation.ballotStyleHint.${style ?? 'knapsack'}`)}
        >
          <Select options={BALLOT_STYLES.map((s) => ({ value: s, label: t(`deliberation.ballotStyle.${s}`) }))} />
        </Form.Item>
        {style === 'approval' && (
          <Form.Item label={t('deliberation.budget.maxChoices')} name="maxChoices">
            <InputNumber min={1} max={100} />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('deliberation.budget.minProjects')} name="minProjects">
              <InputNumber min={0} max={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('deliberation.budget.maxProjects')} name="maxProjects">
              <InputNumber min={1} max={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('deliberation.budget.proposalsCloseOn')} name="proposalsCloseOn">
          <DatePicker />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
