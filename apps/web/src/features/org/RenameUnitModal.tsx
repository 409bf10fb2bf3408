/** 更名: a new name and, optionally, why (kept in the unit's history). */
import { App, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { NameField, ReasonField } from './fields.tsx';
import { type UnitDetail, useRenameUnit } from './hooks.ts';

interface Values {
  name: string;
  reason?: string;
}

export function RenameUnitModal({
  unit,
  onClose,
  onDone,
}: {
  unit: UnitDetail;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const rename = useRenameUnit();

  const onFinish = ({ name, reason }: Values) =>
    rename.mutate(
      { id: unit.id, name: name.trim(), ...(reason?.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: (renamed) => {
          message.success(t('org.rename.done', { name: renamed.name }));
          onDone(renamed.id);
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('org.rename.title', { name: unit.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={rename.isPending}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ name: unit.name }}>
        <NameField label={t('org.field.name')} />
        <ReasonField required={false} />
      </Form>
    </FormModal>
  );
}
