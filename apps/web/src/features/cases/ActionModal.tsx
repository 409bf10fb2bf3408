/**
 * One workflow step on one case, in a dialog with exactly the fields the step needs: a
 * reason (reject, transfer, return), the unit it goes to (dispatch, transfer), the result and
 * its photos (resolve), the instruction (督办), the topic (转议事) or a note. Where a reply
 * template fits the step (accept, reject, resolve, return) the picker fills the text, which
 * the staff edits before sending; the template's uid goes along. Merging has its own dialog
 * (MergeModal) since it first asks "same problem?".
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Form, Input, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { type StaffAction, type TemplatePurpose, uploadCasePhoto, useCaseAction } from './hooks.ts';
import { DEFAULT_TARGET, TargetPicker, TemplatePicker } from './pickers.tsx';

/** What a dialog needs to know of the case it acts on (a list row or the detail). */
export interface CaseLike {
  uid: string;
  receiptNo: string;
  title: string;
  category: { uid: string };
  community: { uid: string; name: string };
}

type ModalAction = Exclude<StaffAction, 'merge'>;
type TextField = 'note' | 'reason' | 'result' | 'topicUid';

interface Spec {
  field: TextField | null;
  required: boolean;
  max: number;
  min?: number;
  template?: TemplatePurpose;
  target?: 'optional' | 'required';
  photos?: boolean;
  danger?: boolean;
}

const SPECS: Record<ModalAction, Spec> = {
  accept: { field: 'note', required: false, max: 500, template: 'accept' },
  reject: { field: 'reason', required: true, min: 2, max: 500, template: 'reject', danger: true },
  dispatch: { field: 'note', required: false, max: 500, target: 'optional' },
  transfer: { field: 'reason', required: true, min: 2, max: 500, target: 'required' },
  return: { field: 'reason', required: true, min: 2, max: 500, template: 'return', danger: true },
  start: { field: 'note', required: false, max: 500 },
  resolve: { field: 'result', required: true, max: 2000, template: 'resolve', photos: true },
  close: { field: 'note', required: false, max: 500 },
  escalate: { field: 'note', required: false, max: 500 },
  supervise: { field: 'note', required: true, max: 500 },
  comment: { field: 'note', required: true, max: 2000 },
  link_topic: { field: 'topicUid', required: true, max: 36 },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Values {
  text?: string;
  target?: string;
}

export function ActionModal({
  target: c,
  action,
  onClose,
  onDone,
}: {
  target: CaseLike;
  action: ModalAction;
  onClose: () => void;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const act = useCaseAction();
  const spec = SPECS[action];
  const [template, setTemplate] = useState<string | undefined>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const uploading = photos.some((p) => p.status === 'uploading');

  const onFinish = (v: Values) => {
    const text = v.text?.trim() ?? '';
    const body: Record<string, unknown> = {};
    if (spec.field && (text || spec.required)) body[spec.field] = text;
    if (template && spec.template) body.template = template;
    if (spec.target && v.target) body.target = v.target;
    if (spec.photos) {
      const ids = photos.filter((p) => p.status === 'done').map((p) => String(p.response));
      if (ids.length) body.photos = ids;
    }
    act.mutate(
      { uid: c.uid, action, body },
      {
        onSuccess: () => {
          message.success(t(`cases.action.${action}.done`));
          onDone?.();
          onClose();
        },
        onError: (err) => {
          // The server names its fields; ours are called `text` and `target` here.
          if (err instanceof ApiError && spec.field && err.code === 'VALIDATION_FAILED' && Array.isArray(err.details)) {
            const mine = (err.details as { field?: string; message?: string }[]).filter(
              (d) => d.field === spec.field || d.field === 'target' || d.field === 'photos',
            );
            if (mine.length) {
              form.setFields(
                mine.map((d) => ({
                  name: d.field === spec.field ? 'text' : d.field === 'target' ? 'target' : 'text',
                  errors: [d.message ?? err.message],
                })),
              );
              return;
            }
          }
          showError(err);
        },
      },
    );
  };

  return (
    <FormModal
      title={t(`cases.action.${action}.title`, { receiptNo: c.receiptNo })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={act.isPending || uploading}
      submitText={t(`cases.action.${action}.submit`)}
      submitTestId="action-submit"
      danger={spec.danger}
      width={spec.photos ? 640 : undefined}
    >
      <Typography.Paragraph>
        <span className="gz-case-receipt">{c.receiptNo}</span> · {c.title}
      </Typography.Paragraph>
      <Typography.Paragraph className="gz-muted">{t(`cases.action.${action}.body`)}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ target: spec.target === 'optional' ? DEFAULT_TARGET : undefined }}
      >
        {spec.target && (
          <Form.Item
            label={t('cases.action.target')}
            name="target"
            rules={spec.target === 'required' ? [{ required: true, message: t('cases.action.targetRequired') }] : []}
          >
            <TargetPicker
              communities={[c.community]}
              allowDefault={spec.target === 'optional'}
              aria-label={t('cases.action.target')}
              testId="action-target"
            />
          </Form.Item>
        )}
        {spec.template && (
          <Form.Item label={t('cases.template.label')}>
            <TemplatePicker
              category={c.category.uid}
              purpose={spec.template}
              value={template}
              onPick={(picked) => {
                setTemplate(picked?.uid);
                if (picked) form.setFieldsValue({ text: picked.body });
              }}
            />
          </Form.Item>
        )}
        {spec.field && (
          <Form.Item
            label={t(`cases.action.${action}.label`)}
            name="text"
            rules={[
              { required: spec.required, whitespace: true, message: t(`cases.action.${action}.required`) },
              ...(spec.min ? [{ min: spec.min, message: t('cases.action.tooShort', { min: spec.min }) }] : []),
              { max: spec.max },
              ...(spec.field === 'topicUid' ? [{ pattern: UUID, message: t('cases.action.link_topic.invalid') }] : []),
            ]}
          >
            {spec.field === 'topicUid' ? (
              <Input maxLength={36} data-testid="action-text" />
            ) : (
              <Input.TextArea rows={4} maxLength={spec.max} showCount data-testid="action-text" />
            )}
          </Form.Item>
        )}
        {spec.photos && (
          <Form.Item label={t('cases.action.resolve.photos')} extra={t('cases.action.resolve.photosHint')}>
            <Upload
              listType="picture-card"
              accept="image/*"
              multiple
              maxCount={6}
              fileList={photos}
              onChange={({ fileList }) => setPhotos(fileList)}
              customRequest={({ file, onSuccess, onError }) => {
                uploadCasePhoto(file as Blob)
                  .then((uid) => onSuccess?.(uid))
                  .catch((err: Error) => {
                    message.error(err.message);
                    onError?.(err);
                  });
              }}
            >
              {photos.length < 6 && (
                <div>
                  <PlusOutlined aria-hidden="true" />
                  <div>{t('cases.action.resolve.addPhoto')}</div>
                </div>
              )}
            </Upload>
          </Form.Item>
        )}
        {action === 'dispatch' && <Alert type="info" showIcon title={t('cases.dispatch.fallbackHint')} />}
      </Form>
    </FormModal>
  );
}
