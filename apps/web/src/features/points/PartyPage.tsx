/**
 * 党员积分: a community's duty posts (党员责任岗) with who holds them in the quarter — created,
 * edited and filled by staff with points:manage — and each party member's quarterly score,
 * rank and grade (优秀 / 合格 / 基本合格 / 不合格, the rule stated by the server), downloadable as
 * the 评优评先 report (.xlsx).
 */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Row,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { AssignModal, DutyPostModal } from './DutyPostModal.tsx';
import { chinaToday, EmptyText, isCommunity, Points, ScrollRegion, useDefaultCommunity } from './display.tsx';
import {
  type DutyPost,
  downloadPartyReport,
  PARTY_GRADES,
  type PartyGrade,
  type PartyMemberScore,
  useDutyPosts,
  usePartyScores,
} from './hooks-party.ts';
import { QuarterPicker, quarterOf } from './RankingsPage.tsx';

const GRADE_COLOURS: Record<PartyGrade, string> = {
  excellent: 'gold',
  qualified: 'green',
  basic: 'blue',
  unqualified: 'red',
};

export default function PartyPage() {
  const { t } = useTranslation();
  const [params, update] = useFilterParams();
  const defaultCommunity = useDefaultCommunity();
  const community = params.get('community') ?? defaultCommunity;
  const quarter = params.get('quarter') ?? quarterOf(chinaToday());
  const tab = params.get('tab') === 'scores' ? 'scores' : 'posts';

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('points.party.title')}
      </Typography.Title>
      <search aria-label={t('points.party.filters')} className="gz-points-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={8}>
            <UnitPicker
              value={community}
              allowClear={false}
              usable={isCommunity}
              placeholder={t('points.party.pickCommunity')}
              onChange={(v) => update({ community: v })}
              aria-label={t('points.party.community')}
              testId="party-community"
            />
          </Col>
          <Col xs={24} sm={8} lg={4}>
            <QuarterPicker
              value={quarter}
              onChange={(q) => update({ quarter: q })}
              aria-label={t('points.party.quarter')}
              testId="party-quarter"
            />
          </Col>
        </Row>
      </search>
      {!community && <Alert type="info" showIcon title={t('points.party.pickCommunity')} />}
      {community && (
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k === 'scores' ? 'scores' : undefined })}
          items={[
            {
              key: 'posts',
              label: t('points.party.postsTab'),
              children: <Posts community={community} quarter={quarter} />,
            },
            {
              key: 'scores',
              label: t('points.party.scoresTab'),
              children: <Scores community={community} quarter={quarter} />,
            },
          ]}
        />
      )}
    </>
  );
}

function Posts({ community, quarter }: { community: string; quarter: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const manage = can(me, 'points:manage');
  const posts = useDutyPosts(community, quarter);
  const [editing, setEditing] = useState<DutyPost | 'new' | null>(null);
  const [assigning, setAssigning] = useState<DutyPost | null>(null);
  const full = (p: DutyPost) => p.capacity !== null && p.held >= p.capacity;

  const columns: TableColumnsType<DutyPost> = [
    {
      title: t('points.party.postName'),
      key: 'name',
      width: 200,
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <strong>{p.name}</strong>
          {!p.active && <Tag>{t('points.party.inactive')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('points.party.duties'),
      dataIndex: 'duties',
      render: (d: string) => <span className="gz-points-text">{d}</span>,
    },
    {
      title: t('points.party.capacity'),
      key: 'capacity',
      width: 110,
      render: (_, p) => (
        <span data-testid="duty-post-held">
          {p.capacity === null
            ? t('points.party.heldOpen', { held: p.held })
            : t('points.party.held', { held: p.held, capacity: p.capacity })}
        </span>
      ),
    },
    {
      title: t('points.party.holders', { quarter }),
      key: 'holders',
      width: 260,
      render: (_, p) =>
        p.holders.length === 0 ? (
          <span className="gz-muted">{t('points.party.noHolders')}</span>
        ) : (
          <Space size={[4, 4]} wrap data-testid="duty-post-holders">
            {p.holders.map((h) => (
              <Tag key={h.person} title={h.grid ?? undefined}>
                {h.name}
                {h.selfClaimed ? ` · ${t('points.party.selfClaimed')}` : ` · ${t('points.party.assignedTag')}`}
              </Tag>
            ))}
          </Space>
        ),
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, p: DutyPost) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setEditing(p)}
                  aria-label={t('points.party.editPost', { name: p.name })}
                  data-testid="duty-post-edit"
                >
                  {t('points.party.edit')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  disabled={!p.active || full(p)}
                  onClick={() => setAssigning(p)}
                  aria-label={
                    full(p)
                      ? t('points.party.fullFor', { post: p.name })
                      : t('points.party.assignTitle', { post: p.name, quarter })
                  }
                  data-testid="duty-post-assign"
                >
                  {full(p) ? t('points.party.full') : t('points.party.assign')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {manage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="duty-post-new">
          {t('points.party.newPost')}
        </Button>
      )}
      {posts.isError && <Alert type="error" showIcon title={posts.error.message} />}
      <ScrollRegion label={t('points.party.postsTab')}>
        <Table<DutyPost>
          rowKey="id"
          size="middle"
          loading={posts.isFetching}
          columns={columns}
          dataSource={posts.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <EmptyText>{t('points.party.noPosts')}</EmptyText> }}
          data-testid="duty-posts"
        />
      </ScrollRegion>
      {editing && (
        <DutyPostModal
          community={community}
          post={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {assigning && <AssignModal post={assigning} quarter={quarter} onClose={() => setAssigning(null)} />}
    </Space>
  );
}

function Scores({ community, quarter }: { community: string; quarter: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const scores = usePartyScores(community, quarter);
  const [busy, setBusy] = useState(false);
  const data = scores.data;

  const report = () => {
    setBusy(true);
    downloadPartyReport(community, quarter)
      .catch((err: unknown) => message.error(err instanceof ApiError ? err.message : t('errors.unexpected')))
      .finally(() => setBusy(false));
  };

  const columns: TableColumnsType<PartyMemberScore> = [
    { title: t('points.party.rank'), dataIndex: 'rank', width: 70 },
    { title: t('points.party.member'), dataIndex: 'name', width: 120 },
    { title: t('points.party.grid'), key: 'grid', render: (_, m) => m.grid ?? t('common.none') },
    {
      title: t('points.party.score'),
      dataIndex: 'score',
      width: 100,
      align: 'end',
      render: (s: number) => <Points value={s} signed={false} />,
    },
    {
      title: t('points.party.posts'),
      key: 'posts',
      render: (_, m) =>
        m.posts.length ? m.posts.join(t('common.listSeparator')) : <span className="gz-muted">{t('common.none')}</span>,
    },
    {
      title: t('points.party.grade'),
      key: 'grade',
      width: 110,
      render: (_, m) => (
        <Tag color={GRADE_COLOURS[m.grade]} data-testid="party-grade">
          {t(`points.party.grades.${m.grade}`)}
        </Tag>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={report} loading={busy} data-testid="party-report">
          {t('points.party.report')}
        </Button>
      </Space>
      {scores.isError && <Alert type="error" showIcon title={scores.error.message} />}
      {data && (
        <>
          <Typography.Paragraph style={{ margin: 0 }} data-testid="party-heading">
            {t('points.party.heading', {
              unit: data.unit.name,
              quarter: data.quarter.label,
              from: data.quarter.start,
              to: data.quarter.end,
              count: data.members.length,
            })}
          </Typography.Paragraph>
          <div className="gz-kpis">
            {PARTY_GRADES.map((g) => (
              <Card key={g} size="small" data-testid={`party-count-${g}`}>
                <Statistic title={t(`points.party.grades.${g}`)} value={data.counts[g]} />
              </Card>
            ))}
          </div>
          <Alert type="info" showIcon title={t('points.party.rule')} description={data.rule} />
        </>
      )}
      <ScrollRegion label={t('points.party.scoresTab')}>
        <Table<PartyMemberScore>
          rowKey="person"
          size="middle"
          loading={scores.isFetching}
          columns={columns}
          dataSource={data?.members ?? []}
          pagination={(data?.members.length ?? 0) > 50 ? { pageSize: 50 } : false}
          locale={{ emptyText: <EmptyText>{t('points.party.noMembers')}</EmptyText> }}
          data-testid="party-scores"
        />
      </ScrollRegion>
    </Space>
  );
}
