/**
 * One meeting: when and where (a change notifies everyone called again and bumps the calendar
 * SEQUENCE), the agenda and what was decided on each topic, the people called with the sign-in
 * desk (tick those at the door, sign them in), the minutes (which mark it held) and the .ics
 * file for a calendar.
 */

import { DownloadOutlined } from '@ant-design/icons';
import type { MeetingAttendee, MeetingAttendeeRole, MeetingDetail, UpdateMeetingBody } from '@gongzhi/api';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { PersonPicker } from '../registry/PersonPicker.tsx';
import { CardTitle, formatTime, MeetingStatusTag, PageHead } from './display.tsx';
import { useDelibWrite } from './hooks.ts';
import { meetingIcsUrl, useMeeting } from './hooks-work.ts';
import { ReasonModal } from './ReasonModal.tsx';

const enc = encodeURIComponent;
type Acting = 'cancel' | 'minutes' | 'edit' | 'attendee' | null;

export default function MeetingPage() {
  const { t } = useTranslation();
  const { uid = '' } = useParams();
  const detail = useMeeting(uid);
  const [acting, setActing] = useState<Acting>(null);
  const m = detail.data;

  return (
    <>
      {detail.isPending && <Skeleton active />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {m && (
        <>
          <PageHead
            back="/deliberation/meetings"
            backText={t('deliberation.meeting.back')}
            title={m.title}
            testId="meeting-heading"
            extra={
              <Space wrap>
                <Button icon={<DownloadOutlined aria-hidden="true" />} href={meetingIcsUrl(m.uid)} download>
                  {t('deliberation.meeting.ics')}
                </Button>
                {m.allowedActions.includes('edit') && (
                  <Button onClick={() => setActing('edit')} data-testid="meeting-edit">
                    {t('deliberation.meeting.edit')}
                  </Button>
                )}
                {m.allowedActions.includes('minutes') && (
                  <Button type="primary" onClick={() => setActing('minutes')} data-testid="meeting-minutes">
                    {m.minutes ? t('deliberation.meeting.correctMinutes') : t('deliberation.meeting.writeMinutes')}
                  </Button>
                )}
                {m.allowedActions.includes('cancel') && (
                  <Button danger onClick={() => setActing('cancel')} data-testid="meeting-cancel">
                    {t('deliberation.meeting.cancel')}
                  </Button>
                )}
              </Space>
            }
          />
          <Space wrap size={[8, 8]} style={{ marginBottom: 16 }}>
            <MeetingStatusTag status={m.status} testId="meeting-status" />
            <span>{t(`deliberation.meetingKind.${m.kind}`)}</span>
            {m.council && <Link to={`/deliberation/councils/${m.council.uid}`}>{m.council.name}</Link>}
          </Space>
          {m.cancelReason && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('deliberation.meeting.cancelledBecause', { reason: m.cancelReason })}
            />
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <Card size="small" title={<CardTitle>{t('deliberation.meeting.facts')}</CardTitle>}>
                  <Descriptions
                    column={1}
                    size="small"
                    styles={{ label: { whiteSpace: 'nowrap', width: 120 } }}
                    items={[
                      {
                        key: 'time',
                        label: t('deliberation.meeting.time'),
                        children: `${formatTime(m.startsAt)} – ${formatTime(m.endsAt)}`,
                      },
                      { key: 'place', label: t('deliberation.meeting.place'), children: m.place },
                      { key: 'community', label: t('deliberation.field.community'), children: m.community.name },
                      {
                        key: 'seq',
                        label: t('deliberation.meeting.changes'),
                        children: t('deliberation.meeting.changesN', { n: m.icsSequence }),
                      },
                    ]}
                  />
                </Card>
                <Card size="small" title={<CardTitle>{t('deliberation.meeting.agenda')}</CardTitle>}>
                  <List
                    size="small"
                    dataSource={m.agenda}
                    locale={{ emptyText: t('deliberation.meeting.noAgenda') }}
                    data-testid="meeting-agenda"
                    renderItem={(a) => (
                      <List.Item>
                        <Space orientation="vertical" size={0}>
                          <Link to={`/deliberation/topics/${a.topic.uid}`}>{a.topic.title}</Link>
                          {a.decision && (
                            <span className="gz-delib-text gz-delib-small">
                              {t('deliberation.meeting.decision')}
                              {a.decision}
                            </span>
                          )}
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
                <Card size="small" title={<CardTitle>{t('deliberation.meeting.minutes')}</CardTitle>}>
                  {m.minutes ? (
                    <Space orientation="vertical" size={2}>
                      <span className="gz-delib-text" data-testid="meeting-minutes-text">
                        {m.minutes}
                      </span>
                      {m.minutesBy && <span className="gz-muted gz-delib-small">{m.minutesBy}</span>}
                    </Space>
                  ) : (
                    <Empty description={t('deliberation.meeting.noMinutes')} />
                  )}
                </Card>
              </Space>
            </Col>
            <Col xs={24} xl={12}>
              <SignInDesk meeting={m} onAdd={() => setActing('attendee')} />
            </Col>
          </Row>
          {acting === 'cancel' && (
            <ReasonModal
              title={t('deliberation.meeting.cancelTitle')}
              path={`/api/deliberation/meetings/${enc(m.uid)}/cancel`}
              label={t('deliberation.meeting.cancelReason')}
              done={t('deliberation.meeting.cancelled')}
              min={1}
              testId="meeting-cancel"
              onClose={() => setActing(null)}
            />
          )}
          {acting === 'minutes' && <MinutesModal meeting={m} onClose={() => setActing(null)} />}
          {acting === 'edit' && <EditMeetingModal meeting={m} onClose={() => setActing(null)} />}
          {acting === 'attendee' && <AddAttendeeModal meeting={m} onClose={() => setActing(null)} />}
        </>
      )}
    </>
  );
}

/** 签到台: everyone called; tick those at the door and sign them in together. */
function SignInDesk({ meeting: m, onAdd }: { meeting: MeetingDetail; onAdd: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [picked, setPicked] = useState<string[]>([]);
  const signIn = useDelibWrite((personUids: string[], headers) =>
    api.post<MeetingDetail>(`/api/deliberation/meetings/${enc(m.uid)}/sign-in`, { personUids }, headers),
  );
  const mayDesk = m.allowedActions.includes('sign_in');
  return (
    <Card
      size="small"
      title={
        <CardTitle>{t('deliberation.meeting.attendees', { signed: m.signedInCount, called: m.calledCount })}</CardTitle>
      }
      extra={
        m.allowedActions.includes('edit') && (
          <Button size="small" onClick={onAdd} data-testid="attendee-add">
            {t('deliberation.meeting.addAttendee')}
          </Button>
        )
      }
    >
      {mayDesk && (
        <Space style={{ marginBottom: 8 }}>
          <Button
            type="primary"
            disabled={picked.length === 0}
            loading={signIn.isPending}
            data-testid="sign-in-submit"
            onClick={() =>
              signIn.mutate(picked, {
                onSuccess: () => {
                  message.success(t('deliberation.meeting.signedInMessage', { n: picked.length }));
                  setPicked([]);
                },
                onError: (err) => message.error(err.message),
              })
            }
          >
            {t('deliberation.meeting.signIn', { n: picked.length })}
          </Button>
        </Space>
      )}
      <Table<MeetingAttendee>
        rowKey={(a) => a.personUid ?? a.name}
        size="small"
        dataSource={m.attendees}
        pagination={m.attendees.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        data-testid="attendee-table"
        rowSelection={
          mayDesk
            ? {
                selectedRowKeys: picked,
                onChange: (keys) => setPicked(keys.map(String)),
                getCheckboxProps: (a) => ({
                  disabled: a.signedInAt !== null || a.personUid === null,
                  'aria-label': t('deliberation.meeting.pickAttendee', { name: a.name }),
                }),
              }
            : undefined
        }
        columns={[
          { title: t('deliberation.meeting.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('deliberation.meeting.role'),
            key: 'role',
            render: (_, a) => t(`deliberation.attendeeRole.${a.role}`),
          },
          {
            title: t('deliberation.meeting.signedInAt'),
            key: 'signedInAt',
            render: (_, a) =>
              a.signedInAt ? (
                <Tag color="green">{formatTime(a.signedInAt)}</Tag>
              ) : (
                <span className="gz-muted">{t('deliberation.meeting.notSignedIn')}</span>
              ),
          },
        ]}
      />
    </Card>
  );
}

function MinutesModal({ meeting: m, onClose }: { meeting: MeetingDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ minutes: string; decisions: Record<string, string | undefined> }>();
  const showError = useFormErrors(form);
  const save = useDelibWrite(
    (body: { minutes: string; decisions: { topicUid: string; decision: string }[] }, headers) =>
      api.put<MeetingDetail>(`/api/deliberation/meetings/${enc(m.uid)}/minutes`, body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.meeting.minutesTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={save.isPending}
      submitTestId="minutes-submit"
      width={720}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          minutes: m.minutes ?? '',
          decisions: Object.fromEntries(m.agenda.map((a) => [a.topic.uid, a.decision ?? ''])),
        }}
        onFinish={(v) =>
          save.mutate(
            {
              minutes: v.minutes.trim(),
              decisions: m.agenda
                .map((a) => ({ topicUid: a.topic.uid, decision: (v.decisions?.[a.topic.uid] ?? '').trim() }))
                .filter((d) => d.decision),
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.meeting.minutesSaved'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('deliberation.meeting.minutes')}
          name="minutes"
          rules={[{ required: true, whitespace: true, message: t('deliberation.meeting.minutesRequired') }]}
        >
          <Input.TextArea rows={6} maxLength={20000} showCount data-testid="minutes-text" />
        </Form.Item>
        {m.agenda.map((a) => (
          <Form.Item
            key={a.topic.uid}
            label={t('deliberation.meeting.decisionOn', { title: a.topic.title })}
            name={['decisions', a.topic.uid]}
            rules={[{ max: 4000 }]}
          >
            <Input.TextArea rows={2} maxLength={4000} data-testid="minutes-decision" />
          </Form.Item>
        ))}
      </Form>
    </FormModal>
  );
}

function EditMeetingModal({ meeting: m, onClose }: { meeting: MeetingDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; place: string; time: [Dayjs, Dayjs] }>();
  const showError = useFormErrors(form);
  const save = useDelibWrite((body: UpdateMeetingBody, headers) =>
    api.patch<MeetingDetail>(`/api/deliberation/meetings/${enc(m.uid)}`, body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.meeting.edit')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={save.isPending}
      submitTestId="meeting-edit-submit"
    >
      <Alert type="info" showIcon title={t('deliberation.meeting.editHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ title: m.title, place: m.place, time: [dayjs(m.startsAt), dayjs(m.endsAt)] }}
        onFinish={(v) => {
          const body: UpdateMeetingBody = {};
          if (v.title.trim() !== m.title) body.title = v.title.trim();
          if (v.place.trim() !== m.place) body.place = v.place.trim();
          const startsAt = v.time[0].toISOString();
          const endsAt = v.time[1].toISOString();
          if (Date.parse(startsAt) !== Date.parse(m.startsAt)) body.startsAt = startsAt;
          if (Date.parse(endsAt) !== Date.parse(m.endsAt)) body.endsAt = endsAt;
          save.mutate(body, {
            onSuccess: () => {
              message.success(t('deliberation.meeting.saved'));
              onClose();
            },
            onError: showError,
          });
        }}
      >
        <Form.Item
          label={t('deliberation.meeting.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('deliberation.meeting.titleRequired') }, { max: 80 }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.meeting.place')}
          name="place"
          rules={[{ required: true, whitespace: true, message: t('deliberation.meeting.placeRequired') }, { max: 80 }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.meeting.time')}
          name="time"
          rules={[{ required: true, message: t('deliberation.meeting.timeRequired') }]}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

const ROLES: readonly MeetingAttendeeRole[] = ['guest', 'stakeholder', 'member', 'staff'];

function AddAttendeeModal({ meeting: m, onClose }: { meeting: MeetingDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ person: string; role: MeetingAttendeeRole }>();
  const showError = useFormErrors(form);
  const save = useDelibWrite((body: UpdateMeetingBody, headers) =>
    api.patch<MeetingDetail>(`/api/deliberation/meetings/${enc(m.uid)}`, body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.meeting.addAttendee')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={save.isPending}
      submitTestId="attendee-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ role: 'guest' }}
        onFinish={(v) =>
          save.mutate(
            { addAttendees: [{ personUid: v.person, role: v.role }] },
            {
              onSuccess: () => {
                message.success(t('deliberation.meeting.attendeeAdded'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('deliberation.meeting.person')}
          name="person"
          rules={[{ required: true, message: t('deliberation.meeting.personRequired') }]}
        >
          <PersonPicker status="resident" testId="attendee-person" />
        </Form.Item>
        <Form.Item label={t('deliberation.meeting.role')} name="role">
          <Select options={ROLES.map((r) => ({ value: r, label: t(`deliberation.attendeeRole.${r}`) }))} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
