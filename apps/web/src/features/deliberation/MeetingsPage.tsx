/**
 * 会议: the calendar of the area's meetings — those still to come, soonest first, or every
 * meeting newest first — with how many are called and how many signed in; staff call a new one.
 */
import type { MeetingSummary } from '@gongzhi/api';
import { Alert, Button, Col, Row, Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { CreateMeetingModal } from './CreateMeetingModal.tsx';
import { formatTime, MeetingStatusTag, PageHead } from './display.tsx';
import { useMeetings } from './hooks-work.ts';

export default function MeetingsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, update] = useFilterParams();
  const [creating, setCreating] = useState(false);
  const [now] = useState(() => new Date().toISOString());
  const unit = params.get('unit') ?? undefined;
  const view = params.get('view') === 'all' ? 'all' : 'upcoming';
  const page = Number(params.get('page') ?? 1) || 1;
  const meetings = useMeetings({ unit, from: view === 'upcoming' ? now : undefined, page });

  return (
    <>
      <PageHead
        title={t('deliberation.meeting.listTitle')}
        extra={
          can(me, 'deliberation:manage') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="meeting-create">
              {t('deliberation.meeting.create')}
            </Button>
          )
        }
      />
      <search aria-label={t('deliberation.filter.label')} className="gz-delib-filters">
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} md={8}>
            <UnitPicker
              value={unit}
              onChange={(v) => update({ unit: v })}
              placeholder={t('deliberation.filter.area')}
              aria-label={t('deliberation.filter.area')}
            />
          </Col>
          <Col xs={24} md={16}>
            <Segmented
              value={view}
              onChange={(v) => update({ view: v === 'all' ? 'all' : undefined })}
              options={[
                { value: 'upcoming', label: t('deliberation.meeting.upcoming') },
                { value: 'all', label: t('deliberation.meeting.all') },
              ]}
              aria-label={t('deliberation.meeting.view')}
            />
          </Col>
        </Row>
      </search>
      {meetings.isError && <Alert type="error" showIcon title={meetings.error.message} />}
      <Table<MeetingSummary>
        rowKey="uid"
        size="small"
        loading={meetings.isFetching}
        dataSource={meetings.data?.items ?? []}
        data-testid="meeting-table"
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: meetings.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          {
            title: t('deliberation.meeting.title'),
            key: 'title',
            render: (_, m) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/deliberation/meetings/${m.uid}`}>{m.title}</Link>
                <span className="gz-muted gz-delib-small">
                  {t(`deliberation.meetingKind.${m.kind}`)} · {m.council?.name ?? m.community.name}
                </span>
              </Space>
            ),
          },
          {
            title: t('deliberation.meeting.time'),
            key: 'time',
            width: 190,
            render: (_, m) => formatTime(m.startsAt),
          },
          { title: t('deliberation.meeting.place'), dataIndex: 'place', key: 'place' },
          {
            title: t('deliberation.meeting.agendaCount'),
            dataIndex: 'topicCount',
            key: 'topicCount',
            width: 80,
          },
          {
            title: t('deliberation.meeting.signedIn'),
            key: 'signed',
            width: 100,
            render: (_, m) => `${m.signedInCount}/${m.calledCount}`,
          },
          {
            title: t('deliberation.meeting.status'),
            key: 'status',
            width: 90,
            render: (_, m) => <MeetingStatusTag status={m.status} />,
          },
        ]}
      />
      {creating && <CreateMeetingModal unit={unit} onClose={() => setCreating(false)} />}
    </>
  );
}
