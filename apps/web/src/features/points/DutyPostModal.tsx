/**
 * 党员责任岗 dialogs: a duty post created or edited (name, duties, how many may hold it in a
 * quarter, whether it is open), and a party member of the community put on a post for a
 * quarter (指派) — picked from the register; the server refuses non-members and a full post.
 */
import { App, Form, Input, InputNumber, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { PersonPicker } from '../registry/PersonPicker.tsx';
import { type DutyPost, useAssignDutyPost, useCreateDutyPost, useUpdateDutyPost } from './hooks-party.ts';

interface PostForm {
  name: string;
  duties: string;
  capacity?: number | null;
  active: boolean;
}

export function DutyPostModal({
  community,
  post,
  onClose,
}: {
  community: string;
  post?: DutyPost;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PostForm>();
  const onError = useFormErrors(form);
  const create = useCreateDutyPost();
  const update = useUpdateDutyPost();
  const initial: Partial<PostForm> = post
    ? { name: post.name, duties: post.duties, capacity: post.capacity, active: post.active }
    : { active: true };

  const submit = () =>
    form.validateFields().then((v) => {
      const fields = {
        name: v.name.trim(),
        duties: v.duties.trim(),
        capacity: v.capacity === undefined || v.capacity === null ? null : v.capacity,
      };
      const done = (saved: DutyPost) => {
        message.success(t('points.party.postSaved', { name: saved.name }));
        onClose();
      };
      if (post) update.mutate({ id: post.id, patch: { ...fields, active: v.active } }, { onSuccess: done, onError });
      else create.mutate({ community, ...fields }, { onSuccess: done, onError });
    });

  return (
    <FormModal
      title={post ? t('points.party.editPost', { name: post.name }) : t('points.party.newPost')}
      onCancel={onClose}
      onSubmit={submit}
      submitting={create.isPending || update.isPending}
      submitText={t('points.party.savePost')}
      submitTestId="duty-post-submit"
    >
      <Form form={form} layout="vertical" initialValues={initial} requiredMark="optional">
        <Form.Item
          name="name"
          label={t('points.party.postName')}
          extra={t('points.party.postNameHelp')}
          rules={[{ required: true, whitespace: true, message: t('points.party.postNameRequired') }]}
        >
          <Input maxLength={40} showCount data-testid="duty-post-name" />
        </Form.Item>
        <Form.Item
          name="duties"
          label={t('points.party.duties')}
          rules={[{ required: true, whitespace: true, message: t('points.party.dutiesRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="duty-post-duties" />
        </Form.Item>
        <Form.Item name="capacity" label={t('points.party.capacity')} extra={t('points.party.capacityHelp')}>
          <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} data-testid="duty-post-capacity" />
        </Form.Item>
        {post && (
          <Form.Item name="active" label={t('points.party.active')} valuePropName="checked">
            <Switch data-testid="duty-post-active" />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

export function AssignModal({ post, quarter, onClose }: { post: DutyPost; quarter: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ person: string }>();
  const onError = useFormErrors(form);
  const assign = useAssignDutyPost();
  const submit = () =>
    form.validateFields().then(({ person }) =>
      assign.mutate(
        { id: post.id, person, quarter },
        {
          onSuccess: () => {
            message.success(t('points.party.assigned', { post: post.name }));
            onClose();
          },
          onError,
        },
      ),
    );
  return (
    <FormModal
      title={t('points.party.assignTitle', { post: post.name, quarter })}
      onCancel={onClose}
      onSubmit={submit}
      submitting={assign.isPending}
      submitText={t('points.party.assign')}
      submitTestId="duty-assign-submit"
    >
      <Typography.Paragraph>
        {post.capacity === null
          ? t('points.party.assignBodyOpen', { held: post.held })
          : t('points.party.assignBody', { held: post.held, capacity: post.capacity })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="person"
          label={t('points.party.member')}
          extra={t('points.party.memberHelp')}
          rules={[{ required: true, message: t('points.party.memberRequired') }]}
        >
          <PersonPicker status="resident" testId="duty-assign-person" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
