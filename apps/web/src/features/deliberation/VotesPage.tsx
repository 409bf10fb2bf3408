/**
 * 表决: the area's votes — drafts still to open, those open with their turnout, those closed —
 * and a new vote not tied to a topic's step (a step's vote is made from the topic's page).
 */
import type { VoteStatus, VoteSummary } from '@gongzhi/api';
import { Alert, Button, Col, Row, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { CreateVoteModal } from './CreateVoteModal.tsx';
import { formatTime, PageHead, VoteStatusTag } from './display.tsx';
import { useVotes } from './hooks-work.ts';

const STATUSES: readonly VoteStatus[] = ['draft', 'open', 'closed', 'cancelled'];

export default function VotesPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, update] = useFilterParams();
  const [creating, setCreating] = useState(false);
  const unit = params.get('unit') ?? undefined;
  const status = STATUSES.find((s) => s === params.get('status'));
  const page = Number(params.get('page') ?? 1) || 1;
  const votes = useVotes({ unit, status, page });

  return (
    <>
      <PageHead
        title={t('deliberation.vote.listTitle')}
        extra={
          can(me, 'deliberation:manage') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="vote-create">
              {t('deliberation.vote.create')}
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
            />
          </Col>
          <Col xs={24} md={6}>
            <Select<VoteStatus>
              value={status}
              allowClear
              placeholder={t('deliberation.filter.status')}
              onChange={(s) => update({ status: s })}
              options={STATUSES.map((s) => ({ value: s, label: t(`deliberation.voteStatus.${s}`) }))}
              style={{ width: '100%' }}
              aria-label={t('deliberation.filter.status')}
            />
          </Col>
        </Row>
      </search>
      {votes.isError && <Alert type="error" showIcon title={votes.error.message} />}
      <Table<VoteSummary>
        rowKey="uid"
        size="small"
        loading={votes.isFetching}
        dataSource={votes.data?.items ?? []}
        data-testid="vote-table"
        scroll={{ x: 860 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: votes.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          {
            title: t('deliberation.vote.title'),
            key: 'title',
            render: (_, v) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/deliberation/votes/${v.uid}`}>{v.title}</Link>
                <span className="gz-muted gz-delib-small">
                  {v.community.name}
                  {v.topic && ` · ${v.topic.title}`}
                </span>
              </Space>
            ),
          },
          {
            title: t('deliberation.vote.style'),
            key: 'style',
            width: 110,
            render: (_, v) => t(`deliberation.style.${v.style}`),
          },
          {
            title: t('deliberation.vote.electorate'),
            key: 'electorate',
            width: 130,
            render: (_, v) => t(`deliberation.electorate.${v.electorate}`),
          },
          {
            title: t('deliberation.vote.turnout'),
            key: 'turnout',
            width: 110,
            render: (_, v) => `${v.castCount}/${v.eligibleCount}`,
          },
          {
            title: t('deliberation.vote.status'),
            key: 'status',
            width: 90,
            render: (_, v) => <VoteStatusTag status={v.status} />,
          },
          {
            title: t('deliberation.vote.createdAt'),
            key: 'createdAt',
            width: 170,
            render: (_, v) => formatTime(v.createdAt),
          },
        ]}
      />
      {creating && <CreateVoteModal unit={unit} onClose={() => setCreating(false)} />}
    </>
  );
}
