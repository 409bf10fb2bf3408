/**
 * 新建议题 (staff): a matter opened at once under a procedure of the district (四议两公开 by
 * default), in a community, optionally before one of its councils; public topics reach the
 * residents' pages and, once published, the public board. Also used to start a resident's
 * proposal (`start`): the proposal takes a procedure and a council.
 */
import { Alert, App, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { inLang } from './display.tsx';
import { useCommunities, useCouncils, useCreateTopic, useProcedures, useStartTopic } from './hooks.ts';

interface Values {
  title: string;
  description: string;
  unit?: string;
  procedure?: string;
  council?: string;
  public: boolean;
}

export function ProcedureSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const { t } = useTranslation();
  const procedures = useProcedures();
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={procedures.isPending}
      placeholder={procedures.isError ? procedures.error.message : t('deliberation.topic.procedureDefault')}
      options={(procedures.data?.items ?? [])
        .filter((p) => p.active)
        .map((p) => ({ value: p.code, label: inLang(p.name, p.nameEn) }))}
      allowClear
      data-testid="topic-procedure"
    />
  );
}

export function CouncilSelect({
  id,
  unit,
  value,
  onChange,
  testId,
}: {
  id?: string;
  unit: string | undefined;
  value?: string;
  onChange?: (v: string | undefined) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const councils = useCouncils({ unit, active: true, page: 1 });
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      allowClear
      loading={councils.isPending}
      placeholder={t('deliberation.council.none')}
      options={(councils.data?.items ?? []).map((c) => ({ value: c.uid, label: `${c.name} · ${c.community.name}` }))}
      data-testid={testId}
    />
  );
}

export function CreateTopicModal({
  unit,
  onClose,
  onCreated,
}: {
  unit: string | undefined;
  onClose: () => void;
  onCreated: (uid: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const create = useCreateTopic();
  const communities = useCommunities();
  const picked = Form.useWatch('unit', form);
  const community = picked ?? communities.only;

  const onFinish = (v: Values) => {
    const uid = crypto.randomUUID();
    create.mutate(
      {
        uid,
        title: v.title.trim(),
        description: v.description.trim(),
        unit: v.unit ?? communities.only,
        procedure: v.procedure || undefined,
        council: v.council || undefined,
        public: v.public,
      },
      {
        onSuccess: () => {
          message.success(t('deliberation.topic.created'));
          onClose();
          onCreated(uid);
        },
        onError: showError,
      },
    );
  };

  return (
    <FormModal
      title={t('deliberation.topic.create')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="topic-submit"
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ public: true, unit: unit && communities.items.some((c) => c.uid === unit) ? unit : undefined }}
      >
        <Form.Item
          label={t('deliberation.topic.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('deliberation.topic.titleRequired') }, { max: 80 }]}
        >
          <Input maxLength={80} data-testid="topic-title" />
        </Form.Item>
        <Form.Item
          label={t('deliberation.topic.description')}
          name="description"
          rules={[
            { required: true, whitespace: true, message: t('deliberation.topic.descriptionRequired') },
            { max: 4000 },
          ]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="topic-description" />
        </Form.Item>
        {communities.only ? null : (
          <Form.Item
            label={t('deliberation.field.community')}
            name="unit"
            rules={[{ required: true, message: t('deliberation.field.communityRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={communities.loading}
              options={communities.items.map((c) => ({ value: c.uid, label: c.name }))}
              data-testid="topic-unit"
            />
          </Form.Item>
        )}
        <Form.Item label={t('deliberation.topic.procedure')} name="procedure">
          <ProcedureSelect />
        </Form.Item>
        <Form.Item label={t('deliberation.council.label')} name="council">
          <CouncilSelect unit={community} testId="topic-council" />
        </Form.Item>
        <Form.Item
          label={t('deliberation.topic.public')}
          name="public"
          valuePropName="checked"
          extra={t('deliberation.topic.publicHint')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** 启动议程: a resident's proposal takes a procedure (and a council) and opens. */
export function StartTopicModal({ uid, unit, onClose }: { uid: string; unit: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ procedure?: string; council?: string }>();
  const showError = useFormErrors(form);
  const start = useStartTopic();
  return (
    <FormModal
      title={t('deliberation.topic.startTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={start.isPending}
      submitTestId="start-submit"
    >
      <Alert type="info" showIcon title={t('deliberation.topic.startHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          start.mutate(
            { uid, body: { procedure: v.procedure || undefined, council: v.council || undefined } },
            {
              onSuccess: () => {
                message.success(t('deliberation.topic.started'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item label={t('deliberation.topic.procedure')} name="procedure">
          <ProcedureSelect />
        </Form.Item>
        <Form.Item label={t('deliberation.council.label')} name="council">
          <CouncilSelect unit={unit} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
