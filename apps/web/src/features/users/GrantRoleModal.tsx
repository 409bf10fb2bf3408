/**
 * 授予角色: a role on a unit's subtree. 三员分立 is checked here for a hint (the sysadmin and
 * auditor roles take no companions) and enforced by the server.
 */
import type { UserSummary } from '@gongzhi/api';
import { conflictingRole, ROLES, type Role } from '@gongzhi/domain';
import { Alert, App, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { UnitTreeSelect } from '../org/UnitTreeSelect.tsx';
import { useGrantRole } from './hooks.ts';

interface Values {
  role: Role;
  unitId: string;
}

export function GrantRoleModal({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const grant = useGrantRole();
  const role: Role | undefined = Form.useWatch('role', form);
  const conflict = role
    ? conflictingRole(
        user.roles.map((g) => g.role),
        role,
      )
    : undefined;

  const onFinish = (values: Values) =>
    grant.mutate(
      { id: user.id, ...values },
      {
        onSuccess: () => {
          message.success(t('users.grant.done', { role: t(`roles.${values.role}`), name: user.displayName }));
          onClose();
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('users.grant.title', { name: user.displayName })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={grant.isPending}
    >
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          label={t('users.field.role')}
          name="role"
          rules={[{ required: true, message: t('users.grant.roleRequired') }]}
        >
          <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        {conflict && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('users.grant.conflict', { held: t(`roles.${conflict}`) })}
          />
        )}
        <Form.Item
          label={t('users.field.grantUnit')}
          name="unitId"
          extra={t('users.grant.unitHelp')}
          rules={[{ required: true, message: t('users.grant.unitRequired') }]}
        >
          <UnitTreeSelect />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
