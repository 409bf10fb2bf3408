/**
 * 议事协商: the topics of my area by status — each with its procedure, the step it stands at and
 * its co-signatures — beside the meetings coming up and the votes open now. Staff who manage
 * deliberation open a topic here (a 四议两公开 matter, a council's own); residents' proposals
 * arrive as 'proposed' and wait for enough co-signatures and a start.
 */
import type { TopicSummary } from '@gongzhi/api';
import { Alert, Button, Card, Col, Input, List, Row, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { CreateTopicModal } from './CreateTopicModal.tsx';
import { CardTitle, formatTime, inLang, MeetingStatusTag, PageHead, TopicStatusTag } from './display.tsx';
import { TOPIC_STATUSES, type TopicStatus, useTopics } from './hooks.ts';
import { useMeetings, useVotes } from './hooks-work.ts';

type StatusFilter = TopicStatus | 'all';

export default function OverviewPage() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const [params, update] = useFilterParams();
  const [creating, setCreating] = useState(false);
  const [now] = useState(() => new Date().toISOString());
  const unit = params.get('unit') ?? undefined;
  const status: StatusFilter = TOPIC_STATUSES.find((s) => s === params.get('status')) ?? 'all';
  const page = Number(params.get('page') ?? 1) || 1;
  const q = params.get('q') ?? undefined;
  const topics = useTopics({ unit, status: status === 'all' ? undefined : status, q, page });
  const meetings = useMeetings({ unit, from: now, status: 'scheduled', page: 1, pageSize: 5 });
  const votes = useVotes({ unit, status: 'open', page: 1 });
  const mayManage = can(me, 'deliberation:manage');

  return (
    <>
      <PageHead
        title={t('deliberation.overview.title')}
        extra={
          mayManage && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="topic-create">
              {t('deliberation.topic.create')}
            </Button>
          )
        }
      />
      <search aria-label={t('deliberation.filter.label')} className="gz-delib-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} md={8}>
            <UnitPicker
              value={unit}
              onChange={(v) => update({ unit: v })}
              placeholder={t('deliberation.filter.area')}
              aria-label={t('deliberation.filter.area')}
              testId="filter-unit"
            />
          </Col>
          <Col xs={24} md={8}>
            <Input.Search
              defaultValue={q}
              key={q ?? ''}
              allowClear
              maxLength={40}
              placeholder={t('deliberation.filter.text')}
              aria-label={t('deliberation.filter.text')}
              onSearch={(v) => update({ q: v.trim() || undefined })}
            />
          </Col>
          <Col xs={24}>
            <Segmented<StatusFilter>
              value={status}
              onChange={(s) => update({ status: s === 'all' ? undefined : s })}
              options={(['all', ...TOPIC_STATUSES] as StatusFilter[]).map((s) => ({
                value: s,
                label: s === 'all' ? t('deliberation.filter.allStatuses') : t(`deliberation.topicStatus.${s}`),
              }))}
              aria-label={t('deliberation.filter.status')}
              data-testid="filter-status"
            />
          </Col>
        </Row>
      </search>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={<CardTitle>{t('deliberation.overview.topics')}</CardTitle>}>
            {topics.isError && <Alert type="error" showIcon title={topics.error.message} />}
            <Table<TopicSummary>
              rowKey="uid"
              size="small"
              loading={topics.isFetching}
              dataSource={topics.data?.items ?? []}
              data-testid="topic-table"
              scroll={{ x: 760 }}
              pagination={{
                current: page,
                pageSize: 20,
                total: topics.data?.total ?? 0,
                showSizeChanger: false,
                onChange: (p) => update({ page: String(p) }),
              }}
              onRow={(r) => ({ onDoubleClick: () => navigate(`/deliberation/topics/${r.uid}`) })}
              columns={[
                {
                  title: t('deliberation.topic.title'),
                  key: 'title',
                  render: (_, r) => (
                    <Space orientation="vertical" size={0}>
                      <Link to={`/deliberation/topics/${r.uid}`} data-testid="topic-link">
                        {r.title}
                      </Link>
                      <span className="gz-muted gz-delib-small">{r.community.name}</span>
                    </Space>
                  ),
                },
                {
                  title: t('deliberation.topic.status'),
                  key: 'status',
                  width: 100,
                  render: (_, r) => <TopicStatusTag status={r.status} />,
                },
                {
                  title: t('deliberation.topic.step'),
                  key: 'step',
                  render: (_, r) =>
                    r.procedure ? (
                      <Space orientation="vertical" size={0}>
                        <span>{inLang(r.procedure.name, r.procedure.nameEn)}</span>
                        <span className="gz-muted gz-delib-small">
                          {r.currentStepName
                            ? t('deliberation.topic.stepOf', {
                                n: r.currentStep + 1,
                                total: r.stepCount,
                                name: r.currentStepName,
                              })
                            : t('deliberation.topic.allSteps')}
                        </span>
                      </Space>
                    ) : (
                      <span className="gz-muted">{t('deliberation.topic.noProcedure')}</span>
                    ),
                },
                {
                  title: t('deliberation.topic.supports'),
                  key: 'supports',
                  width: 90,
                  render: (_, r) =>
                    r.source === 'proposal' ? `${r.supportCount}/${r.supportThreshold}` : <span>—</span>,
                },
                {
                  title: t('deliberation.topic.updatedAt'),
                  key: 'updatedAt',
                  width: 170,
                  render: (_, r) => formatTime(r.updatedAt),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card
              size="small"
              title={<CardTitle>{t('deliberation.overview.upcoming')}</CardTitle>}
              extra={<Link to="/deliberation/meetings">{t('deliberation.overview.allMeetings')}</Link>}
            >
              {meetings.isError && <Alert type="error" showIcon title={meetings.error.message} />}
              <List
                size="small"
                loading={meetings.isPending}
                dataSource={meetings.data?.items ?? []}
                locale={{ emptyText: t('deliberation.overview.noMeetings') }}
                renderItem={(m) => (
                  <List.Item>
                    <Space orientation="vertical" size={0}>
                      <Link to={`/deliberation/meetings/${m.uid}`}>{m.title}</Link>
                      <span className="gz-muted gz-delib-small">
                        {formatTime(m.startsAt)} · {m.place}
                      </span>
                    </Space>
                    <MeetingStatusTag status={m.status} />
                  </List.Item>
                )}
              />
            </Card>
            <Card
              size="small"
              title={<CardTitle>{t('deliberation.overview.openVotes')}</CardTitle>}
              extra={<Link to="/deliberation/votes">{t('deliberation.overview.allVotes')}</Link>}
            >
              {votes.isError && <Alert type="error" showIcon title={votes.error.message} />}
              <List
                size="small"
                loading={votes.isPending}
                dataSource={votes.data?.items ?? []}
                locale={{ emptyText: t('deliberation.overview.noVotes') }}
                renderItem={(v) => (
                  <List.Item>
                    <Space orientation="vertical" size={0}>
                      <Link to={`/deliberation/votes/${v.uid}`}>{v.title}</Link>
                      <span className="gz-muted gz-delib-small">
                        {t('deliberation.vote.turnoutOf', { cast: v.castCount, eligible: v.eligibleCount })}
                      </span>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
            <Typography.Paragraph className="gz-muted gz-delib-small">
              {t('deliberation.overview.hint')}
            </Typography.Paragraph>
          </Space>
        </Col>
      </Row>
      {creating && (
        <CreateTopicModal
          unit={unit}
          onClose={() => setCreating(false)}
          onCreated={(uid) => navigate(`/deliberation/topics/${uid}`)}
        />
      )}
    </>
  );
}
