/**
 * One council: its term and the seven seats of "7+X" in order — each with who sits in it today
 * or marked empty — the X (stakeholders who sit for one topic), and every membership past and
 * present. Staff add a member found in the register (a stakeholder names the topic) and end a
 * membership on a date; the council's meetings come as one .ics calendar.
 */

import { DownloadOutlined } from '@ant-design/icons';
import type {
  AddCouncilMemberBody,
  CouncilMember,
  CouncilMemberRole,
  CouncilSeat,
  PatchCouncilBody,
} from '@gongzhi/api';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
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
import { COUNCIL_KINDS } from './CouncilsPage.tsx';
import { CardTitle, chinaToday, inLang, PageHead } from './display.tsx';
import { type CouncilDetail, SEVEN_SEATS, useCouncil, useDelibWrite, useTopics } from './hooks.ts';
import { councilIcsUrl } from './hooks-work.ts';

const enc = encodeURIComponent;
const ROLES: readonly CouncilMemberRole[] = ['member', 'chair', 'vice_chair'];

export default function CouncilPage() {
  const { t } = useTranslation();
  const { uid = '' } = useParams();
  const detail = useCouncil(uid);
  const [acting, setActing] = useState<'add' | 'edit' | CouncilMember | null>(null);
  const c = detail.data;

  return (
    <>
      {detail.isPending && <Skeleton active />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {c && (
        <>
          <PageHead
            back="/deliberation/councils"
            backText={t('deliberation.council.back')}
            title={c.name}
            testId="council-heading"
            extra={
              <Space wrap>
                <Button icon={<DownloadOutlined aria-hidden="true" />} href={councilIcsUrl(c.uid)} download>
                  {t('deliberation.council.ics')}
                </Button>
                {c.allowedActions.includes('edit') && (
                  <Button onClick={() => setActing('edit')}>{t('deliberation.council.edit')}</Button>
                )}
                {c.allowedActions.includes('add_member') && (
                  <Button type="primary" onClick={() => setActing('add')} data-testid="member-add">
                    {t('deliberation.council.addMember')}
                  </Button>
                )}
              </Space>
            }
          />
          <Space wrap size={[8, 8]} style={{ marginBottom: 16 }}>
            <span>{c.community.name}</span>
            <span>{t(`deliberation.councilKind.${c.kind}`)}</span>
            <span>{t('deliberation.council.termText', { from: c.termStart, to: c.termEnd })}</span>
            <Tag color={c.complete ? 'green' : 'orange'} data-testid="council-seats">
              {t('deliberation.council.seatsFilled', { n: c.seatsFilled })}
            </Tag>
            {!c.active && <Tag>{t('deliberation.council.activeNo')}</Tag>}
          </Space>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <Card size="small" title={<CardTitle>{t('deliberation.council.sevenSeats')}</CardTitle>}>
                  <Descriptions
                    column={1}
                    size="small"
                    bordered
                    styles={{ label: { whiteSpace: 'nowrap', width: 150 } }}
                    items={c.seats.map((s) => ({
                      key: s.seat,
                      label: inLang(s.name, s.nameEn),
                      children: s.filled ? (
                        <span data-testid={`seat-${s.seat}`}>{s.members.map((m) => memberName(m, t)).join('、')}</span>
                      ) : (
                        <span className="gz-delib-seat-empty" data-testid={`seat-${s.seat}`}>
                          {t('deliberation.council.seatEmpty')}
                        </span>
                      ),
                    }))}
                  />
                </Card>
                <Card size="small" title={<CardTitle>{t('deliberation.council.stakeholders')}</CardTitle>}>
                  <List
                    size="small"
                    dataSource={c.stakeholders}
                    locale={{ emptyText: t('deliberation.council.noStakeholders') }}
                    renderItem={(g) => (
                      <List.Item>
                        <Space orientation="vertical" size={0}>
                          <Link to={`/deliberation/topics/${g.topic.uid}`}>{g.topic.title}</Link>
                          <span>{g.members.map((m) => m.person.name).join('、')}</span>
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
              </Space>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={<CardTitle>{t('deliberation.council.allMembers')}</CardTitle>}>
                <Table<CouncilMember>
                  rowKey="uid"
                  size="small"
                  dataSource={c.members}
                  pagination={false}
                  data-testid="member-table"
                  columns={[
                    { title: t('deliberation.council.person'), key: 'name', render: (_, m) => m.person.name },
                    {
                      title: t('deliberation.council.seat'),
                      key: 'seat',
                      render: (_, m) => (
                        <Space orientation="vertical" size={0}>
                          <span>{inLang(m.seatName, m.seatNameEn)}</span>
                          {m.topic && <span className="gz-muted gz-delib-small">{m.topic.title}</span>}
                        </Space>
                      ),
                    },
                    {
                      title: t('deliberation.council.role'),
                      key: 'role',
                      render: (_, m) => t(`deliberation.memberRole.${m.role}`),
                    },
                    {
                      title: t('deliberation.council.span'),
                      key: 'span',
                      render: (_, m) => (
                        <span className={m.sitting ? undefined : 'gz-muted'}>
                          {m.since} – {m.until ?? ''}
                        </span>
                      ),
                    },
                    {
                      title: t('deliberation.common.actions'),
                      key: 'actions',
                      render: (_, m) =>
                        c.allowedActions.includes('end_member') && m.until === null ? (
                          <Button size="small" onClick={() => setActing(m)}>
                            {t('deliberation.council.leave')}
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          {acting === 'add' && <AddMemberModal council={c} onClose={() => setActing(null)} />}
          {acting === 'edit' && <EditCouncilModal council={c} onClose={() => setActing(null)} />}
          {acting && typeof acting === 'object' && (
            <LeaveModal council={c} member={acting} onClose={() => setActing(null)} />
          )}
        </>
      )}
    </>
  );
}

function memberName(
  m: CouncilMember,
  t: (k: 'deliberation.council.chairMark' | 'deliberation.council.viceMark') => string,
) {
  if (m.role === 'chair') return `${m.person.name}${t('deliberation.council.chairMark')}`;
  if (m.role === 'vice_chair') return `${m.person.name}${t('deliberation.council.viceMark')}`;
  return m.person.name;
}

const ALL_SEATS: readonly CouncilSeat[] = [...SEVEN_SEATS, 'stakeholder'];

function AddMemberModal({ council: c, onClose }: { council: CouncilDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    person: string;
    seat: CouncilSeat;
    role: CouncilMemberRole;
    since: Dayjs;
    topic?: string;
  }>();
  const showError = useFormErrors(form);
  const seat = Form.useWatch('seat', form);
  const topics = useTopics({ unit: c.community.uid, page: 1, pageSize: 100 });
  const add = useDelibWrite((body: AddCouncilMemberBody, headers) =>
    api.post<CouncilDetail>(`/api/deliberation/councils/${enc(c.uid)}/members`, body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.council.addMember')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={add.isPending}
      submitTestId="member-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ seat: c.empty[0] ?? 'representative', role: 'member', since: dayjs(chinaToday()) }}
        onFinish={(v) =>
          add.mutate(
            {
              personUid: v.person,
              seat: v.seat,
              role: v.role,
              since: v.since.format('YYYY-MM-DD'),
              ...(v.seat === 'stakeholder' && v.topic ? { topicUid: v.topic } : {}),
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.council.memberAdded'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('deliberation.council.person')}
          name="person"
          rules={[{ required: true, message: t('deliberation.meeting.personRequired') }]}
        >
          <PersonPicker status="resident" testId="member-person" />
        </Form.Item>
        <Form.Item label={t('deliberation.council.seat')} name="seat">
          <Select
            options={ALL_SEATS.map((s) => ({
              value: s,
              label: `${t(`deliberation.seat.${s}`)}${c.empty.includes(s) ? ` (${t('deliberation.council.seatEmpty')})` : ''}`,
            }))}
            data-testid="member-seat"
          />
        </Form.Item>
        {seat === 'stakeholder' && (
          <Form.Item
            label={t('deliberation.council.forTopic')}
            name="topic"
            rules={[{ required: true, message: t('deliberation.council.topicRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={topics.isPending}
              options={(topics.data?.items ?? []).map((x) => ({ value: x.uid, label: x.title }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('deliberation.council.role')} name="role">
          <Select options={ROLES.map((r) => ({ value: r, label: t(`deliberation.memberRole.${r}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.council.since')}
          name="since"
          rules={[{ required: true, message: t('deliberation.council.sinceRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function LeaveModal({
  council: c,
  member,
  onClose,
}: {
  council: CouncilDetail;
  member: CouncilMember;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ until: Dayjs }>();
  const showError = useFormErrors(form);
  const leave = useDelibWrite((until: string, headers) =>
    api.post<CouncilDetail>(
      `/api/deliberation/councils/${enc(c.uid)}/members/${enc(member.uid)}/leave`,
      { until },
      headers,
    ),
  );
  return (
    <FormModal
      title={t('deliberation.council.leaveTitle', { name: member.person.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={leave.isPending}
      danger
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ until: dayjs(chinaToday()) }}
        onFinish={(v) =>
          leave.mutate(v.until.format('YYYY-MM-DD'), {
            onSuccess: () => {
              message.success(t('deliberation.council.left'));
              onClose();
            },
            onError: showError,
          })
        }
      >
        <Form.Item
          label={t('deliberation.council.until')}
          name="until"
          rules={[{ required: true, message: t('deliberation.council.untilRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function EditCouncilModal({ council: c, onClose }: { council: CouncilDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; kind: CouncilDetail['kind']; term: [Dayjs, Dayjs]; active: boolean }>();
  const showError = useFormErrors(form);
  const save = useDelibWrite((body: PatchCouncilBody, headers) =>
    api.patch<CouncilDetail>(`/api/deliberation/councils/${enc(c.uid)}`, body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.council.edit')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={save.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: c.name,
          kind: c.kind,
          term: [dayjs(c.termStart), dayjs(c.termEnd)],
          active: c.active,
        }}
        onFinish={(v) =>
          save.mutate(
            {
              name: v.name.trim(),
              kind: v.kind,
              termStart: v.term[0].format('YYYY-MM-DD'),
              termEnd: v.term[1].format('YYYY-MM-DD'),
              active: v.active,
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.council.saved'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('deliberation.council.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('deliberation.council.nameRequired') }, { max: 60 }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t('deliberation.council.kind')} name="kind">
          <Select options={COUNCIL_KINDS.map((k) => ({ value: k, label: t(`deliberation.councilKind.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('deliberation.council.term')} name="term" rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('deliberation.council.active')} name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
