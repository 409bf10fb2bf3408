/** 新建下级单元: only the kinds that may sit under the selected unit are offered. */
import { CHILD_KINDS, type UnitKind } from '@gongzhi/domain';
import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { NameField } from './fields.tsx';
import type { UnitDetail } from './hooks.ts';
import { useCreateUnit } from './hooks.ts';
import { unitCodeHelp, unitCodeRule } from './unitCode.ts';

interface Values {
  kind: UnitKind;
  name: string;
  code: string;
}

export function CreateUnitModal({
  parent,
  onClose,
  onCreated,
}: {
  parent: UnitDetail;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const create = useCreateUnit();
  const kinds = CHILD_KINDS[parent.kind];
  const kind = Form.useWatch('kind', form) ?? kinds[0];
  const parentCode = { kind: parent.kind, code: parent.code };

  const onFinish = (values: Values) =>
    create.mutate(
      { parentId: parent.id, kind: values.kind, name: values.name.trim(), code: values.code },
      {
        onSuccess: (unit) => {
          message.success(t('org.create.done', { name: unit.name }));
          onCreated(unit.id);
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('org.create.title', { parent: parent.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="create-unit-submit"
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ kind: kinds[0] }}>
        <Form.Item label={t('org.field.kind')} name="kind" rules={[{ required: true }]}>
          <Select
            options={kinds.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))}
            onChange={() => void form.validateFields(['code']).catch(() => {})}
          />
        </Form.Item>
        <NameField label={t('org.field.name')} />
        <Form.Item
          label={t('org.field.code')}
          name="code"
          required
          extra={unitCodeHelp(kind, parentCode, t)}
          rules={[
            unitCodeRule(() => ({ kind: form.getFieldValue('kind') as UnitKind | undefined, parent: parentCode }), t),
          ]}
        >
          <Input inputMode="numeric" maxLength={15} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
