/**
 * A dialog around one form: its own submit button (so tests and keyboard users find it as a
 * real button with a name), cancel, and the busy state while the request runs. Callers
 * mount it only while it is open, so every opening starts with a fresh form.
 */
import { Button, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: ReactNode;
  onCancel: () => void;
  onSubmit: () => void;
  submitting: boolean;
  submitText?: ReactNode;
  submitTestId?: string;
  danger?: boolean;
  width?: number;
  children: ReactNode;
}

export function FormModal({
  title,
  onCancel,
  onSubmit,
  submitting,
  submitText,
  submitTestId,
  danger,
  width,
  children,
}: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      width={width ?? 560}
      onCancel={onCancel}
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onCancel} disabled={submitting}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          danger={danger}
          loading={submitting}
          onClick={onSubmit}
          data-testid={submitTestId}
        >
          {submitText ?? t('common.submit')}
        </Button>,
      ]}
    >
      {children}
    </Modal>
  );
}
