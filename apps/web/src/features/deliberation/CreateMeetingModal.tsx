/**
 * 召开会议: a meeting of a council (or the two committees, the party members, the
 * representatives, all residents, a hearing) with its agenda of topics. Who is called follows
 * from the kind — the council's members and the agenda's stakeholders, the party members living
 * in the community, the representatives — and everyone called with an account gets a notice.
 * More people can be called from the meeting's page.
 */
import type { CreateMeetingBody, MeetingKind } from '@gongzhi/api';
import { Alert, App, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { CouncilSelect } from './CreateTopicModal.tsx';
import { useCommunities, useDelibWrite, useTopics } from './hooks.ts';

export const MEETING_KINDS: readonly MeetingKind[] = [
  'council',
  'two_committees',
  'party_members',
  'representatives',
  'residents',
  'hearing',
];

interface Values {
  unit?: string;
  council?: string;
  kind: MeetingKind;
  title: string;
  place: string;
  time: [Dayjs, Dayjs];
  topics: string[];
}

export function CreateMeetingModal({
  unit,
  preset,
  onClose,
}: {
  unit: string | undefined;
  preset?: { council?: string; kind?: MeetingKind; topics?: string[]; title?: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const [uid] = useState(() => crypto.randomUUID());
  const create = useDelibWrite((body: CreateMeetingBody, headers) =>
    api.post<unknown>('/api/deliberation/meetings', body, headers),
  );
  const communities = useCommunities();
  const picked = Form.useWatch('unit', form);
  const community = picked ?? unit ?? communities.only;
  const open = useTopics({ unit: community, status: 'open', page: 1, pageSize: 100 });
  const proposed = useTopics({ unit: community, status: 'proposed', page: 1, pageSize: 100 });
  const topics = [...(open.data?.items ?? []), ...(proposed.data?.items ?? [])];

  const onFinish = (v: Values) => {
    const body: CreateMeetingBody = {
      uid,
      kind: v.kind,
      title: v.title.trim(),
      place: v.place.trim(),
      startsAt: v.time[0].toISOString(),
      endsAt: v.time[1].toISOString(),
      topics: v.topics ?? [],
    };
    if (v.council) body.council = v.council;
    else if (community) body.unit = community;
    create.mutate(body, {
      onSuccess: () => {
        message.success(t('deliberation.meeting.created'));
        onClose();
        navigate(`/deliberation/meetings/${uid}`);
      },
      onError: showError,
    });
  };

  const start = dayjs().add(1, 'day').hour(19).minute(30).second(0).millisecond(0);
  return (
    <FormModal
      title={t('deliberation.meeting.create')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="meeting-submit"
      width={640}
    >
      <Alert type="info" showIcon title={t('deliberation.meeting.createHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          kind: preset?.kind ?? 'council',
          council: preset?.council,
          topics: preset?.topics ?? [],
          title: preset?.title,
          time: [start, start.add(2, 'hour')],
        }}
      >
        {!communities.only && !unit && (
          <Form.Item
            label={t('deliberation.field.community')}
            name="unit"
            rules={[{ required: true, message: t('deliberation.field.communityRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={communities.items.map((c) => ({ value: c.uid, label: c.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('deliberation.meeting.kind')} name="kind">
          <Select
            options={MEETING_KINDS.map((k) => ({ value: k, label: t(`deliberation.meetingKind.${k}`) }))}
            data-testid="meeting-kind"
          />
        </Form.Item>
        <Form.Item label={t('deliberation.council.label')} name="council">
          <CouncilSelect unit={community} testId="meeting-council" />
        </Form.Item>
        <Form.Item
          label={t('deliberation.meeting.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('deliberation.meeting.titleRequired') }, { max: 80 }]}
        >
          <Input maxLength={80} data-testid="meeting-title" />
        </Form.Item>
        <Form.Item
          label={t('deliberation.meeting.place')}
          name="place"
          rules={[{ required: true, whitespace: true, message: t('deliberation.meeting.placeRequired') }, { max: 80 }]}
        >
          <Input maxLength={80} data-testid="meeting-place" />
        </Form.Item>
        <Form.Item
          label={t('deliberation.meeting.time')}
          name="time"
          rules={[{ required: true, message: t('deliberation.meeting.timeRequired') }]}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('deliberation.meeting.agenda')} name="topics">
          <Select
            mode="multiple"
            loading={open.isPending}
            options={topics.map((x) => ({ value: x.uid, label: x.title }))}
            optionFilterProp="label"
            data-testid="meeting-topics"
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
