/**
 * 部门待办: the cases dispatched to my department (or my community), due soonest first. A case
 * about to breach its time limit is highlighted (and one past it more so), in words as well
 * as colour. From the row the handler starts work, resolves with a result and photos, or
 * returns the case to dispatch with a reason; the receipt number opens the whole case.
 */
import { Alert, Button, Col, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { formatTime } from '../../i18n/format.ts';
import { ActionModal, type CaseLike } from './ActionModal.tsx';
import { CaseMarks, EmptyText, ScrollRegion, SlaTag, StatusTag } from './display.tsx';
import { type CaseInboxItem, useInbox, useOneClickStep } from './hooks.ts';

type InboxStatus = 'dispatched' | 'in_progress';
const INBOX_STATUSES: readonly InboxStatus[] = ['dispatched', 'in_progress'];

export default function InboxPage() {
  const { t } = useTranslation();
  const [params, update] = useFilterParams();
  const status = INBOX_STATUSES.find((s) => s === params.get('status'));
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const inbox = useInbox(status, page, pageSize);
  const start = useOneClickStep('start');
  const [acting, setActing] = useState<{ item: CaseLike; action: 'resolve' | 'return' } | null>(null);
  const now = Date.now();
  const items = inbox.data?.items ?? [];
  const urgent = items.filter((i) => i.slaState !== 'ok').length;

  const columns: TableColumnsType<CaseInboxItem> = [
    {
      title: t('cases.field.sla'),
      key: 'sla',
      width: 130,
      render: (_, c) => <SlaTag state={c.slaState} dueAt={c.resolveDueAt} open now={now} testId="inbox-sla" />,
    },
    {
      title: t('cases.field.receiptNo'),
      key: 'receiptNo',
      width: 150,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/cases/${c.uid}`} className="gz-case-receipt" data-testid="case-open">
            {c.receiptNo}
          </Link>
          {c.dispatchedAt && (
            <span className="gz-muted gz-case-small">
              {t('cases.inbox.dispatchedAt', { time: formatTime(c.dispatchedAt) })}
            </span>
          )}
        </Space>
      ),
    },
    {
      title: t('cases.field.title'),
      key: 'title',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span data-testid="case-title">{c.title}</span>
          {c.address && <span className="gz-muted gz-case-small">{c.address}</span>}
          <Space size={4} wrap>
            {c.reopenCount > 0 && <Tag color="orange">{t('cases.inbox.reopened', { count: c.reopenCount })}</Tag>}
            <CaseMarks escalationLevel={c.escalationLevel} supervised={c.supervised} />
          </Space>
        </Space>
      ),
    },
    { title: t('cases.field.category'), key: 'category', width: 120, render: (_, c) => c.category.name },
    {
      title: t('cases.field.community'),
      key: 'community',
      width: 130,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span>{c.community.name}</span>
          <span className="gz-muted gz-case-small">
            {c.assignee ? t('cases.inbox.assignee', { name: c.assignee.name }) : c.handler.name}
          </span>
        </Space>
      ),
    },
    {
      title: t('cases.field.status'),
      key: 'status',
      width: 100,
      render: (_, c) => <StatusTag status={c.status} testId="case-status" />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, c) => {
        const like: CaseLike = { ...c, community: c.community };
        return (
          <Space size={4} wrap>
            {c.status === 'dispatched' && (
              <Button
                size="small"
                type="primary"
                onClick={() => start.run(c)}
                loading={start.busyOn(c.uid)}
                data-testid="inbox-start"
              >
                {t('cases.action.start.short')}
              </Button>
            )}
            <Button
              size="small"
              type={c.status === 'in_progress' ? 'primary' : 'default'}
              onClick={() => setActing({ item: like, action: 'resolve' })}
              data-testid="inbox-resolve"
            >
              {t('cases.action.resolve.short')}
            </Button>
            <Button
              size="small"
              danger
              onClick={() => setActing({ item: like, action: 'return' })}
              data-testid="inbox-return"
            >
              {t('cases.action.return.short')}
            </Button>
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('cases.inbox.title')}
      </Typography.Title>
      <search aria-label={t('cases.filter.label')} className="gz-case-filters">
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} sm={12} lg={6}>
            <Select<InboxStatus>
              value={status}
              allowClear
              placeholder={t('cases.inbox.allStatuses')}
              onChange={(s) => update({ status: s })}
              options={INBOX_STATUSES.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
              style={{ width: '100%' }}
              aria-label={t('cases.filter.status')}
              data-testid="inbox-status"
            />
          </Col>
          <Col xs={24} sm={12} lg={18}>
            {urgent > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('cases.inbox.urgent', { count: urgent })}
                data-testid="inbox-urgent"
              />
            )}
          </Col>
        </Row>
      </search>
      {inbox.isError && <Alert type="error" showIcon title={inbox.error.message} style={{ marginBottom: 16 }} />}
      <ScrollRegion label={t('cases.inbox.title')}>
        <Table<CaseInboxItem>
          rowKey="uid"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={inbox.isFetching}
          style={{ minWidth: 1000 }}
          data-testid="inbox-list"
          rowClassName={(c) => (c.slaState === 'ok' ? '' : `gz-case-row-${c.slaState}`)}
          locale={{ emptyText: <EmptyText>{t('cases.inbox.empty')}</EmptyText> }}
          pagination={{
            current: page,
            pageSize,
            total: inbox.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => update({ page: String(p), pageSize: String(size) }),
          }}
        />
      </ScrollRegion>
      {acting && <ActionModal target={acting.item} action={acting.action} onClose={() => setActing(null)} />}
    </>
  );
}
