/** 添加标签 and 结束标签 on a person's 活档案: who set it, on what basis, from when to when. */
import { App, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { reasonRules } from '../org/unitCode.ts';
import { tagName } from './display.tsx';
import { DateField, toDate } from './fields.tsx';
import { useAddTag, useEndTag, useTags } from './hooks.ts';

interface AddValues {
  tag: string;
  source: string;
  startDate: Dayjs;
  endDate?: Dayjs | null;
  note?: string;
}

export function AddTagModal({
  personId,
  held,
  onClose,
}: {
  personId: string;
  /** Codes the person holds now: not offered again. */
  held: readonly string[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const showError = useFormErrors(form);
  const tags = useTags();
  const add = useAddTag();

  const onFinish = (v: AddValues) =>
    add.mutate(
      {
        id: personId,
        tag: v.tag,
        source: v.source.trim(),
        startDate: toDate(v.startDate) ?? '',
        endDate: toDate(v.endDate),
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: () => {
          message.success(t('registry.tag.added'));
          onClose();
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('registry.tag.addTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={add.isPending}
      submitTestId="add-tag-submit"
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ startDate: dayjs() }}>
        <Form.Item
          label={t('registry.tag.tag')}
          name="tag"
          rules={[{ required: true, message: t('registry.tag.tagRequired') }]}
        >
          <Select
            loading={tags.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            className="gz-add-tag-select"
            options={(tags.data ?? [])
              .filter((tag) => tag.status === 'active' && !held.includes(tag.code))
              .map((tag) => ({
                value: tag.code,
                label: tag.sensitive
                  ? `${tagName(tag, i18n.language)} (${t('registry.tag.sensitive')})`
                  : tagName(tag, i18n.language),
              }))}
          />
        </Form.Item>
        <Form.Item
          label={t('registry.tag.source')}
          name="source"
          extra={t('registry.tag.sourceHelp')}
          rules={[{ required: true, whitespace: true, max: 64, message: t('registry.tag.sourceRequired') }]}
        >
          <Input maxLength={64} data-testid="add-tag-source" />
        </Form.Item>
        <DateField name="startDate" label={t('registry.tag.startDate')} required />
        <DateField name="endDate" label={t('registry.tag.endDateOptional')} notFuture={false} />
        <Form.Item label={t('registry.field.note')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export function EndTagModal({
  personTagId,
  name,
  onClose,
}: {
  personTagId: string;
  name: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ endDate: Dayjs; reason: string }>();
  const showError = useFormErrors(form);
  const end = useEndTag();

  return (
    <FormModal
      title={t('registry.tag.endTitle', { name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={end.isPending}
      submitText={t('registry.tag.end')}
      danger
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ endDate: dayjs() }}
        onFinish={(v) =>
          end.mutate(
            { id: personTagId, endDate: toDate(v.endDate) ?? '', reason: v.reason.trim() },
            {
              onSuccess: () => {
                message.success(t('registry.tag.ended'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <DateField name="endDate" label={t('registry.tag.endDate')} required />
        <Form.Item label={t('registry.field.reason')} name="reason" rules={reasonRules(t, true)}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
