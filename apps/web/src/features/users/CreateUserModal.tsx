/** 新建账号: login name, display name, an initial password and the unit the person belongs to. */
import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { PasswordHint } from '../auth/PasswordHint.tsx';
import { UnitTreeSelect } from '../org/UnitTreeSelect.tsx';
import { useCreateUser } from './hooks.ts';

interface Values {
  username: string;
  displayName: string;
  password: string;
  unitId: string;
}

/** Same rule as the API's CreateUserBody: lower-case, 3–32 characters, starting with a letter. */
const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;

export function CreateUserModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form, { passwordField: 'password' });
  const create = useCreateUser();
  const password = Form.useWatch('password', form) ?? '';
  const username = Form.useWatch('username', form) ?? '';

  const onFinish = (values: Values) =>
    create.mutate(
      { ...values, displayName: values.displayName.trim() },
      {
        onSuccess: (user) => {
          message.success(t('users.create.done', { name: user.displayName }));
          onClose();
        },
        onError: showError,
      },
    );

  return (
    <FormModal title={t('users.create.title')} onCancel={onClose} onSubmit={form.submit} submitting={create.isPending}>
      <Form form={form} layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item
          label={t('users.field.username')}
          name="username"
          extra={t('users.create.usernameHelp')}
          rules={[
            { required: true, message: t('users.create.usernameRequired') },
            { pattern: USERNAME, message: t('users.create.usernameFormat') },
          ]}
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('users.field.displayName')}
          name="displayName"
          rules={[{ required: true, whitespace: true, max: 32, message: t('users.create.displayNameRequired') }]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item
          label={t('users.field.initialPassword')}
          name="password"
          rules={[{ required: true, message: t('users.create.passwordRequired') }]}
          extra={<PasswordHint password={password} context={{ username, isStaff: true, dengbao: false }} />}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('users.field.unit')}
          name="unitId"
          rules={[{ required: true, message: t('users.create.unitRequired') }]}
        >
          <UnitTreeSelect />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
