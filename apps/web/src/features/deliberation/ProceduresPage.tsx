/**
 * 议事程序: the district's procedures (四议两公开, 三议三公开, 五步工作法 …) step by step — who acts,
 * which meeting, which records each step needs, what decides it — and, for a step decided by
 * vote, its rule. The district admin may change a step's vote rule; topics already started keep
 * the steps they copied, only new topics see the change.
 */
import type { ProcedureStep, ProcedureView, StepVoteRule } from '@gongzhi/api';
import { ruleText } from '@gongzhi/domain';
import { Alert, App, Button, Card, Form, InputNumber, Select, Skeleton, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { useSession } from '../auth/session.tsx';
import { ELECTORATES } from './CreateVoteModal.tsx';
import { CardTitle, formatTime, inLang, PageHead } from './display.tsx';
import { useProcedures, usePutProcedure } from './hooks.ts';

const BASES = ['cast', 'present', 'electorate'] as const;

export default function ProceduresPage() {
  const { t } = useTranslation();
  const me = useSession();
  const procedures = useProcedures();
  const [editing, setEditing] = useState<{ procedure: ProcedureView; index: number } | null>(null);
  const mayEdit = me.roles.some((r) => r.role === 'district_admin') && me.permissions.includes('deliberation:manage');
  const lang = currentLanguage() === 'en' ? 'en' : 'zh';

  return (
    <>
      <PageHead title={t('deliberation.procedure.title')} />
      <Alert type="info" showIcon title={t('deliberation.procedure.hint')} style={{ marginBottom: 16 }} />
      {procedures.isPending && <Skeleton active />}
      {procedures.isError && <Alert type="error" showIcon title={procedures.error.message} />}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {(procedures.data?.items ?? []).map((p) => (
          <Card
            key={p.code}
            size="small"
            data-testid={`procedure-${p.code}`}
            title={
              <CardTitle>
                {inLang(p.name, p.nameEn)}{' '}
                {p.code === procedures.data?.defaultCode && (
                  <Tag color="blue">{t('deliberation.procedure.default')}</Tag>
                )}
                {!p.active && <Tag>{t('deliberation.procedure.inactive')}</Tag>}
              </CardTitle>
            }
            extra={
              <span className="gz-muted gz-delib-small">
                {t('deliberation.procedure.updatedAt', { time: formatTime(p.updatedAt) })}
              </span>
            }
          >
            <Table<ProcedureStep & { index: number }>
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 760 }}
              dataSource={p.steps.map((s, index) => ({ ...s, index }))}
              columns={[
                { title: '#', key: 'n', width: 40, render: (_, s) => s.index + 1 },
                { title: t('deliberation.procedure.step'), key: 'name', render: (_, s) => inLang(s.name, s.nameEn) },
                {
                  title: t('deliberation.procedure.actor'),
                  key: 'actor',
                  render: (_, s) => t(`deliberation.actor.${s.actor}`),
                },
                {
                  title: t('deliberation.procedure.needs'),
                  key: 'needs',
                  render: (_, s) => s.needs.map((n) => t(`deliberation.record.${n}`)).join('、') || '—',
                },
                {
                  title: t('deliberation.procedure.decidedBy'),
                  key: 'decidedBy',
                  render: (_, s) => (
                    <Space orientation="vertical" size={0}>
                      <span>{t(`deliberation.decidedBy.${s.decidedBy}`)}</span>
                      {s.vote && (
                        <span className="gz-muted gz-delib-small">
                          {t(`deliberation.electorate.${s.vote.electorate}`)}:{ruleText(s.vote, lang)}
                          {s.vote.secret ? ` · ${t('deliberation.vote.secret')}` : ''}
                        </span>
                      )}
                      {s.noticeDays !== undefined && (
                        <span className="gz-muted gz-delib-small">
                          {t('deliberation.step.noticeDays', { days: s.noticeDays })}
                        </span>
                      )}
                    </Space>
                  ),
                },
                {
                  title: t('deliberation.common.actions'),
                  key: 'actions',
                  width: 110,
                  render: (_, s) =>
                    mayEdit && s.vote ? (
                      <Button size="small" onClick={() => setEditing({ procedure: p, index: s.index })}>
                        {t('deliberation.procedure.editRule')}
                      </Button>
                    ) : null,
                },
              ]}
            />
          </Card>
        ))}
      </Space>
      {editing && <RuleModal {...editing} onClose={() => setEditing(null)} />}
    </>
  );
}

interface RuleValues {
  electorate: StepVoteRule['electorate'];
  quorumNum: number;
  quorumDen: number;
  majorityNum: number;
  majorityDen: number;
  base: StepVoteRule['base'];
  secret: boolean;
  changeable: boolean;
}

function RuleModal({ procedure: p, index, onClose }: { procedure: ProcedureView; index: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleValues>();
  const showError = useFormErrors(form);
  const put = usePutProcedure();
  const step = p.steps[index];
  const rule = step?.vote;
  if (!step || !rule) return null;
  return (
    <FormModal
      title={t('deliberation.procedure.editRuleTitle', { step: inLang(step.name, step.nameEn) })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={put.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          electorate: rule.electorate,
          quorumNum: rule.quorum[0],
          quorumDen: rule.quorum[1],
          majorityNum: rule.majority[0],
          majorityDen: rule.majority[1],
          base: rule.base,
          secret: rule.secret,
          changeable: rule.changeable,
        }}
        onFinish={(v) => {
          const vote: StepVoteRule = {
            electorate: v.electorate,
            quorum: [v.quorumNum, v.quorumDen],
            majority: [v.majorityNum, v.majorityDen],
            base: v.base,
            secret: v.secret,
            changeable: v.changeable,
          };
          put.mutate(
            {
              code: p.code,
              body: {
                name: p.name,
                nameEn: p.nameEn || p.name,
                active: p.active,
                steps: p.steps.map((s, i) => (i === index ? { ...s, vote } : s)),
              },
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.procedure.saved'));
                onClose();
              },
              onError: showError,
            },
          );
        }}
      >
        <Form.Item label={t('deliberation.vote.electorate')} name="electorate">
          <Select options={ELECTORATES.map((e) => ({ value: e, label: t(`deliberation.electorate.${e}`) }))} />
        </Form.Item>
        <Form.Item label={t('deliberation.procedure.quorum')} extra={t('deliberation.procedure.quorumHint')}>
          <Space>
            <Form.Item name="quorumNum" noStyle>
              <InputNumber min={0} max={1000} aria-label={t('deliberation.procedure.numerator')} />
            </Form.Item>
            /
            <Form.Item name="quorumDen" noStyle>
              <InputNumber min={1} max={1000} aria-label={t('deliberation.procedure.denominator')} />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item label={t('deliberation.procedure.majority')} extra={t('deliberation.procedure.majorityHint')}>
          <Space>
            <Form.Item name="majorityNum" noStyle>
              <InputNumber min={0} max={1000} aria-label={t('deliberation.procedure.numerator')} />
            </Form.Item>
            /
            <Form.Item name="majorityDen" noStyle>
              <InputNumber min={1} max={1000} aria-label={t('deliberation.procedure.denominator')} />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item label={t('deliberation.procedure.base')} name="base">
          <Select options={BASES.map((b) => ({ value: b, label: t(`deliberation.base.${b}`) }))} />
        </Form.Item>
        <Space size="large">
          <Form.Item label={t('deliberation.vote.secret')} name="secret" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item label={t('deliberation.vote.changeable')} name="changeable" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </FormModal>
  );
}
