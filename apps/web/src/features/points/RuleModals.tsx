/**
 * The dialogs of 积分规则: a new rule, a new version of a rule (修改 — what was already awarded
 * keeps the version it was awarded under, and the dialog says so next to the history), the
 * version history alone, and retiring a rule.
 */
import type { OrgTreeNode } from '@gongzhi/api';
import {
  Alert,
  App,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { UnitPicker } from '../registry/fields.tsx';
import { capsText, chinaToday, EvidenceTags, Points, ScrollRegion, validityText } from './display.tsx';
import {
  APPLIES_TO,
  EVIDENCE,
  RULE_CATEGORIES,
  type Rule,
  type RuleAppliesTo,
  type RuleCategory,
  type RuleEvidence,
  type RuleVersion,
  type RuleVersionBody,
  useCreateRule,
  useRetireRule,
  useReviseRule,
  useRule,
} from './hooks-rules.ts';

interface Values {
  unit?: string;
  code?: string;
  category?: RuleCategory;
  title: string;
  description?: string;
  direction: 'earn' | 'deduct';
  /** the size of the award or deduction; the sign comes from `direction` */
  points: number;
  appliesTo: RuleAppliesTo;
  evidence: RuleEvidence[];
  claimable: boolean;
  capMonth?: number | null;
  capYear?: number | null;
  validFrom: Dayjs;
  validUntil?: Dayjs | null;
}

const toDate = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function versionBody(v: Values): RuleVersionBody {
  return {
    title: v.title.trim(),
    description: v.description?.trim() || null,
    points: v.direction === 'deduct' ? -v.points : v.points,
    appliesTo: v.appliesTo,
    evidence: v.evidence,
    claimable: v.claimable,
    capMonth: v.capMonth ?? null,
    capYear: v.capYear ?? null,
    validFrom: toDate(v.validFrom),
    validUntil: toDate(v.validUntil) ?? null,
  };
}

function initialValues(current: RuleVersion | undefined, community: string): Partial<Values> {
  if (!current)
    return {
      unit: community,
      direction: 'earn',
      appliesTo: 'person',
      evidence: ['photo'],
      claimable: true,
      validFrom: dayjs(chinaToday()),
    };
  return {
    title: current.title,
    description: current.description ?? undefined,
    direction: current.points < 0 ? 'deduct' : 'earn',
    points: Math.abs(current.points),
    appliesTo: current.appliesTo,
    evidence: [...current.evidence],
    claimable: current.claimable,
    capMonth: current.capMonth,
    capYear: current.capYear,
    // A new version starts today unless the editor says otherwise; the old one ends where it ended.
    validFrom: dayjs(chinaToday()),
    validUntil: current.validUntil ? dayjs(current.validUntil) : null,
  };
}

/**
 * 新建规则 (no `rule`) or 修改规则 (a new version of `rule`). `owners` says which units the
 * user may own a rule at: a rule is kept by the unit that made it.
 */
export function RuleFormModal({
  rule,
  community,
  owners,
  onClose,
}: {
  rule?: Rule;
  community: string;
  owners?: (node: OrgTreeNode) => boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const create = useCreateRule();
  const revise = useReviseRule();
  const history = useRule(rule?.id ?? null);
  const direction = Form.useWatch('direction', form);
  const busy = create.isPending || revise.isPending;

  const onFinish = (v: Values) => {
    const body = versionBody(v);
    if (rule) {
      revise.mutate(
        { id: rule.id, body },
        {
          onSuccess: (saved) => {
            message.success(t('points.rules.revised', { version: saved.current.version }));
            onClose();
          },
          onError: showError,
        },
      );
      return;
    }
    create.mutate(
      { ...body, unit: v.unit ?? community, code: (v.code ?? '').trim(), category: v.category ?? 'other' },
      {
        onSuccess: () => {
          message.success(t('points.rules.created'));
          onClose();
        },
        onError: showError,
      },
    );
  };

  return (
    <FormModal
      title={
        rule
          ? t('points.rules.reviseTitle', { code: rule.code, title: rule.current.title })
          : t('points.rules.createTitle')
      }
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={busy}
      submitText={rule ? t('points.rules.saveVersion') : t('points.rules.create')}
      submitTestId="rule-submit"
      width={720}
    >
      {rule && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('points.rules.versionNote', { next: rule.current.version + 1 })}
          data-testid="rule-version-note"
        />
      )}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={initialValues(rule?.current, community)}>
        {!rule && (
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <Form.Item
                label={t('points.rules.owner')}
                name="unit"
                extra={t('points.rules.ownerHint')}
                rules={[{ required: true, message: t('points.rules.ownerRequired') }]}
              >
                <UnitPicker allowClear={false} usable={owners} testId="rule-owner" />
              </Form.Item>
            </Col>
            <Col xs={12} md={7}>
              <Form.Item
                label={t('points.rules.code')}
                name="code"
                extra={t('points.rules.codeHint')}
                rules={[
                  { required: true, whitespace: true, message: t('points.rules.codeRequired') },
                  { pattern: /^[A-Za-z0-9-]{1,32}$/, message: t('points.rules.codeInvalid') },
                ]}
              >
                <Input maxLength={32} data-testid="rule-code" />
              </Form.Item>
            </Col>
            <Col xs={12} md={7}>
              <Form.Item
                label={t('points.rules.category')}
                name="category"
                rules={[{ required: true, message: t('points.rules.categoryRequired') }]}
              >
                <Select<RuleCategory>
                  options={RULE_CATEGORIES.map((c) => ({ value: c, label: t(`points.common.category.${c}`) }))}
                  data-testid="rule-category"
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item
          label={t('points.rules.ruleTitle')}
          name="title"
          rules={[{ required: true, whitespace: true, max: 100, message: t('points.rules.titleRequired') }]}
        >
          <Input maxLength={100} data-testid="rule-title" />
        </Form.Item>
        <Form.Item label={t('points.rules.description')} name="description">
          <Input.TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item label={t('points.rules.direction')} name="direction">
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'earn', label: t('points.rules.earn') },
                  { value: 'deduct', label: t('points.rules.deduct') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={direction === 'deduct' ? t('points.rules.pointsDeducted') : t('points.rules.pointsEarned')}
              name="points"
              rules={[
                { required: true, type: 'integer', min: 1, max: 10000, message: t('points.rules.pointsInvalid') },
              ]}
            >
              <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} data-testid="rule-points" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('points.rules.appliesTo')} name="appliesTo">
          <Radio.Group options={APPLIES_TO.map((a) => ({ value: a, label: t(`points.common.appliesTo.${a}`) }))} />
        </Form.Item>
        <Form.Item label={t('points.rules.evidence')} name="evidence" extra={t('points.rules.evidenceHint')}>
          <Checkbox.Group options={EVIDENCE.map((e) => ({ value: e, label: t(`points.common.evidence.${e}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('points.rules.claimable')}
          name="claimable"
          valuePropName="checked"
          extra={t('points.rules.claimableHint')}
        >
          <Switch />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item label={t('points.rules.capMonth')} name="capMonth" extra={t('points.rules.capHint')}>
              <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item label={t('points.rules.capYear')} name="capYear">
              <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item
              label={t('points.rules.validFromLabel')}
              name="validFrom"
              rules={[{ required: true, message: t('points.rules.validFromRequired') }]}
            >
              <DatePicker inputReadOnly style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              label={t('points.rules.validUntilLabel')}
              name="validUntil"
              dependencies={['validFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_r, value: Dayjs | null | undefined) => {
                    const from = getFieldValue('validFrom') as Dayjs | undefined;
                    if (value && from && value.isBefore(from, 'day'))
                      throw new Error(t('points.rules.validUntilBefore'));
                  },
                }),
              ]}
            >
              <DatePicker inputReadOnly allowClear style={{ width: '100%' }} placeholder={t('points.rules.noEnd')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {rule && (
        <section aria-label={t('points.rules.history')}>
          <h3 className="gz-card-title">{t('points.rules.history')}</h3>
          <VersionTable versions={history.data?.versions ?? [rule.current]} loading={history.isPending} />
        </section>
      )}
    </FormModal>
  );
}

/** The versions of a rule, newest first: what each one gave, and from when. */
function VersionTable({ versions, loading }: { versions: readonly RuleVersion[]; loading: boolean }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<RuleVersion> = [
    { title: t('points.rules.version'), dataIndex: 'version', width: 70, render: (v: number) => `v${v}` },
    {
      title: t('points.rules.ruleTitle'),
      key: 'title',
      render: (_, v) => (
        <span>
          {v.title}
          {!v.claimable && (
            <>
              {' '}
              <Tag>{t('points.rules.staffOnly')}</Tag>
            </>
          )}
        </span>
      ),
    },
    { title: t('points.rules.points'), key: 'points', width: 80, render: (_, v) => <Points value={v.points} /> },
    {
      title: t('points.rules.appliesTo'),
      key: 'appliesTo',
      width: 90,
      render: (_, v) => t(`points.common.appliesTo.${v.appliesTo}`),
    },
    { title: t('points.rules.evidence'), key: 'evidence', render: (_, v) => <EvidenceTags evidence={v.evidence} /> },
    { title: t('points.rules.caps'), key: 'caps', render: (_, v) => capsText(v, t) },
    { title: t('points.rules.validity'), key: 'validity', render: (_, v) => validityText(v, t) },
    {
      title: t('points.rules.madeBy'),
      key: 'made',
      render: (_, v) => (
        <span>
          {v.createdBy}
          <br />
          <span className="gz-muted">{formatTime(v.createdAt)}</span>
        </span>
      ),
    },
  ];
  return (
    <ScrollRegion label={t('points.rules.history')}>
      <Table<RuleVersion>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={[...versions].sort((a, b) => b.version - a.version)}
        loading={loading}
        pagination={false}
        style={{ minWidth: 760 }}
        data-testid="rule-versions"
      />
    </ScrollRegion>
  );
}

/** 版本记录: read-only, for anyone who reads the catalogue. */
export function RuleHistoryModal({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const { t } = useTranslation();
  const history = useRule(rule.id);
  return (
    <Modal
      open
      title={t('points.rules.historyOf', { code: rule.code, title: rule.current.title })}
      width={880}
      onCancel={onClose}
      footer={null}
    >
      <p className="gz-muted">{t('points.rules.historyNote')}</p>
      {history.isError && <Alert type="error" showIcon title={history.error.message} />}
      <VersionTable versions={history.data?.versions ?? [rule.current]} loading={history.isPending} />
    </Modal>
  );
}

/** 停用: the rule is no longer awarded or claimed; what it already gave stays. */
export function RetireRuleModal({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const showError = useFormErrors(form);
  const retire = useRetireRule();
  return (
    <FormModal
      title={t('points.rules.retireTitle', { code: rule.code, title: rule.current.title })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={retire.isPending}
      submitText={t('points.rules.retire')}
      submitTestId="rule-retire-submit"
      danger
    >
      <p>{t('points.rules.retireBody')}</p>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          retire.mutate(
            { id: rule.id, reason: v.reason?.trim() || undefined },
            {
              onSuccess: () => {
                message.success(t('points.rules.retired'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item label={t('points.rules.retireReason')} name="reason" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
