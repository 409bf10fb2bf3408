/**
 * 发起表决: a vote of the community — from a topic's step (its rule is the step's: electorate,
 * quorum, majority, secrecy, shown here and not editable) or on its own (the rule follows the
 * electorate's default unless changed). It is created as a draft; opening it fixes the roll.
 */
import type { TopicStepView, VoteCreateBody, VoteElectorate, VoteStyle } from '@gongzhi/api';
import { DEFAULT_RULES, ruleText } from '@gongzhi/domain';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { formatTime, inLang } from './display.tsx';
import { type TopicDetail, useCommunities, useDelibWrite } from './hooks.ts';
import { useMeetings } from './hooks-work.ts';

const STYLES: readonly VoteStyle[] = ['motion', 'choice', 'approval'];
export const ELECTORATES: readonly VoteElectorate[] = [
  'present',
  'members',
  'representatives',
  'party_members',
  'households',
  'residents',
];

interface Values {
  title: string;
  unit?: string;
  style: VoteStyle;
  options?: { label: string }[];
  maxChoices?: number;
  electorate?: VoteElectorate;
  meetingUid?: string;
  secret?: boolean;
  changeable?: boolean;
}

export function CreateVoteModal({
  fromStep,
  unit,
  onClose,
}: {
  fromStep?: { topic: TopicDetail; step: TopicStepView };
  unit: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const [uid] = useState(() => crypto.randomUUID());
  const create = useDelibWrite((body: VoteCreateBody, headers) =>
    api.post<unknown>('/api/deliberation/votes', body, headers),
  );
  const communities = useCommunities();
  const style = Form.useWatch('style', form) ?? 'motion';
  const picked = Form.useWatch('unit', form);
  const watchedElectorate = Form.useWatch('electorate', form);
  const electorate: VoteElectorate | undefined = fromStep?.step.vote?.electorate ?? watchedElectorate;
  const community = fromStep?.topic.community.uid ?? picked ?? unit ?? communities.only;
  const meetings = useMeetings({ unit: community, page: 1, pageSize: 50 });
  const lang = currentLanguage() === 'en' ? 'en' : 'zh';
  const rule = fromStep?.step.vote ?? (electorate ? DEFAULT_RULES[electorate] : null);

  const onFinish = (v: Values) => {
    const body: VoteCreateBody = { uid, title: v.title.trim(), style: v.style };
    if (fromStep) {
      body.topicUid = fromStep.topic.uid;
      body.step = fromStep.step.index;
    } else {
      body.unit = v.unit ?? unit ?? communities.only;
      if (v.electorate) body.electorate = v.electorate;
      body.secret = v.secret ?? false;
      body.changeable = v.changeable ?? false;
    }
    if (v.meetingUid) body.meetingUid = v.meetingUid;
    if (v.style !== 'motion') {
      body.options = (v.options ?? []).map((o, i) => ({ key: `o${i + 1}`, label: o.label.trim() }));
      if (v.style === 'approval' && v.maxChoices) body.maxChoices = v.maxChoices;
    }
    create.mutate(body, {
      onSuccess: () => {
        message.success(t('deliberation.vote.created'));
        onClose();
        navigate(`/deliberation/votes/${uid}`);
      },
      onError: showError,
    });
  };

  return (
    <FormModal
      title={
        fromStep
          ? t('deliberation.vote.createForStep', { name: inLang(fromStep.step.name, fromStep.step.nameEn) })
          : t('deliberation.vote.create')
      }
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="vote-submit"
      width={640}
    >
      {rule && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="vote-rule"
          title={`${t(`deliberation.electorate.${rule.electorate}`)}:${ruleText(rule, lang)}${rule.secret ? ` · ${t('deliberation.vote.secret')}` : ''}`}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          title: fromStep ? `${fromStep.topic.title}`.slice(0, 120) : undefined,
          style: 'motion',
          options: [{ label: '' }, { label: '' }],
          secret: false,
          changeable: false,
        }}
      >
        <Form.Item
          label={t('deliberation.vote.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('deliberation.vote.titleRequired') }, { max: 120 }]}
        >
          <Input maxLength={120} data-testid="vote-title" />
        </Form.Item>
        {!fromStep && !communities.only && (
          <Form.Item
            label={t('deliberation.field.community')}
            name="unit"
            rules={[{ required: !unit, message: t('deliberation.field.communityRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={communities.items.map((c) => ({ value: c.uid, label: c.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('deliberation.vote.style')} name="style">
          <Select
            options={STYLES.map((s) => ({ value: s, label: t(`deliberation.style.${s}`) }))}
            data-testid="vote-style"
          />
        </Form.Item>
        {style !== 'motion' && (
          <Form.List name="options">
            {(fields, { add, remove }) => (
              <Form.Item label={t('deliberation.vote.options')} required>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="start" style={{ width: '100%' }}>
                      <Form.Item
                        name={[f.name, 'label']}
                        noStyle
                        rules={[{ required: true, whitespace: true, message: t('deliberation.vote.optionRequired') }]}
                      >
                        <Input
                          maxLength={120}
                          aria-label={t('deliberation.vote.optionN', { n: i + 1 })}
                          style={{ width: 380 }}
                        />
                      </Form.Item>
                      {fields.length > 2 && (
                        <Button onClick={() => remove(f.name)}>{t('deliberation.common.remove')}</Button>
                      )}
                    </Space>
                  ))}
                  <Button onClick={() => add({ label: '' })}>{t('deliberation.vote.addOption')}</Button>
                </Space>
              </Form.Item>
            )}
          </Form.List>
        )}
        {style === 'approval' && (
          <Form.Item label={t('deliberation.vote.maxChoices')} name="maxChoices">
            <InputNumber min={1} max={100} />
          </Form.Item>
        )}
        {!fromStep && (
          <>
            <Form.Item
              label={t('deliberation.vote.electorate')}
              name="electorate"
              rules={[{ required: true, message: t('deliberation.vote.electorateRequired') }]}
            >
              <Select
                options={ELECTORATES.map((e) => ({ value: e, label: t(`deliberation.electorate.${e}`) }))}
                data-testid="vote-electorate"
              />
            </Form.Item>
            <Space size="large">
              <Form.Item label={t('deliberation.vote.secret')} name="secret" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item label={t('deliberation.vote.changeable')} name="changeable" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
          </>
        )}
        {(electorate === 'present' || fromStep?.step.meetingKind) && (
          <Form.Item
            label={t('deliberation.vote.meeting')}
            name="meetingUid"
            rules={[{ required: electorate === 'present', message: t('deliberation.vote.meetingRequired') }]}
            extra={t('deliberation.vote.meetingHint')}
          >
            <Select
              allowClear
              loading={meetings.isPending}
              options={(meetings.data?.items ?? [])
                .filter((m) => m.status !== 'cancelled')
                .map((m) => ({ value: m.uid, label: `${m.title} · ${formatTime(m.startsAt)}` }))}
              data-testid="vote-meeting"
            />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
