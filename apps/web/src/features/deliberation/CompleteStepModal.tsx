/**
 * 完成此步: the current step of a topic with the records it needs — the meeting held for it
 * (its minutes and attendance), the closed vote that decides it, the text of a public notice
 * (for 决议公开 the resolution, for 实施结果公开 the outcome) and its days, or the written
 * result of 办事. The server checks them; a missing one comes back named.
 */
import type { CompleteStepBody, TopicStepView } from '@gongzhi/api';
import { Alert, App, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime, inLang } from './display.tsx';
import { type TopicDetail, useCompleteStep } from './hooks.ts';

interface Values {
  meetingUid?: string;
  voteUid?: string;
  text?: string;
  noticeDays?: number;
  result?: string;
  note?: string;
}

export function CompleteStepModal({
  topic,
  step,
  onClose,
}: {
  topic: TopicDetail;
  step: TopicStepView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const complete = useCompleteStep();
  const needsMeeting = step.needs.includes('minutes') || step.needs.includes('attendance');
  const needsVote = step.needs.includes('vote');
  const needsNotice = step.needs.includes('notice');
  const needsResult = step.needs.includes('result');
  const textField =
    step.publishes === 'resolution' ? 'resolution' : step.publishes === 'outcome' ? 'outcome' : 'notice';
  const closedVotes = step.records.votes.filter((v) => v.status === 'closed');

  const onFinish = (v: Values) => {
    const body: CompleteStepBody = {};
    if (v.meetingUid) body.meetingUid = v.meetingUid;
    if (v.voteUid) body.voteUid = v.voteUid;
    if (needsNotice && v.text?.trim()) {
      body[textField] = v.text.trim();
      if (v.noticeDays !== undefined && v.noticeDays !== null) body.noticeDays = v.noticeDays;
    }
    if (needsResult && v.result?.trim()) body.result = v.result.trim();
    if (v.note?.trim()) body.note = v.note.trim();
    complete.mutate(
      { uid: topic.uid, index: step.index, body },
      {
        onSuccess: (after) => {
          message.success(
            after.status === 'rejected'
              ? t('deliberation.step.completedRejected')
              : after.status === 'done'
                ? t('deliberation.step.completedDone')
                : t('deliberation.step.completedMessage'),
          );
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'DELIB_STEP_RECORD_MISSING') message.error(err.message);
          else showError(err);
        },
      },
    );
  };

  return (
    <FormModal
      title={t('deliberation.step.completeTitle', { name: inLang(step.name, step.nameEn) })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={complete.isPending}
      submitTestId="step-submit"
      width={640}
    >
      {step.needs.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('deliberation.step.needsList', {
            list: step.needs.map((n) => t(`deliberation.record.${n}`)).join('、'),
          })}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          meetingUid: step.records.meetings.find((m) => m.status === 'held')?.uid,
          voteUid: closedVotes[closedVotes.length - 1]?.uid,
          noticeDays: step.noticeDays ?? undefined,
        }}
      >
        {needsMeeting && (
          <Form.Item
            label={t('deliberation.step.meeting')}
            name="meetingUid"
            extra={step.records.meetings.length === 0 ? t('deliberation.step.noMeetings') : undefined}
            rules={[{ required: true, message: t('deliberation.step.meetingRequired') }]}
          >
            <Select
              options={step.records.meetings.map((m) => ({
                value: m.uid,
                label: `${m.title} · ${formatTime(m.startsAt)} · ${t(`deliberation.meetingStatus.${m.status === 'held' ? 'held' : m.status === 'cancelled' ? 'cancelled' : 'scheduled'}`)}`,
              }))}
              data-testid="step-meeting"
            />
          </Form.Item>
        )}
        {needsVote && (
          <Form.Item
            label={t('deliberation.step.vote')}
            name="voteUid"
            extra={closedVotes.length === 0 ? t('deliberation.step.noClosedVote') : undefined}
          >
            <Select
              allowClear
              options={closedVotes.map((v) => ({
                value: v.uid,
                label: `${v.title} · ${v.passed ? t('deliberation.vote.passed') : t('deliberation.vote.failed')}`,
              }))}
              data-testid="step-vote-select"
            />
          </Form.Item>
        )}
        {needsNotice && (
          <>
            <Form.Item
              label={t(`deliberation.step.text.${textField}`)}
              name="text"
              rules={[
                { required: true, whitespace: true, message: t('deliberation.step.textRequired') },
                { max: 4000 },
              ]}
            >
              <Input.TextArea rows={4} maxLength={4000} showCount data-testid="step-text" />
            </Form.Item>
            <Form.Item label={t('deliberation.step.noticeDaysLabel')} name="noticeDays">
              <InputNumber min={0} max={365} />
            </Form.Item>
          </>
        )}
        {needsResult && (
          <Form.Item
            label={t('deliberation.step.result')}
            name="result"
            rules={[
              { required: true, whitespace: true, message: t('deliberation.step.resultRequired') },
              { max: 4000 },
            ]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount data-testid="step-result" />
          </Form.Item>
        )}
        <Form.Item label={t('deliberation.step.note')} name="note" rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="step-note" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
