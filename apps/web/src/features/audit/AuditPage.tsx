/**
 * 审计日志 (审计员): every recorded action in the auditor's subtree, newest first. A row opens
 * to show the record's before/after state and the client address.
 */
import type { AuditRecord } from '@gongzhi/api';
import { Alert, Descriptions, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../i18n/format.ts';
import { roleLabel } from '../users/RoleTags.tsx';
import { AuditFilters } from './AuditFilters.tsx';
import { type AuditFilter, useAuditLog } from './hooks.ts';

const OUTCOME_COLOURS: Record<AuditRecord['outcome'], string> = { ok: 'green', denied: 'orange', failed: 'red' };

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <span>{t('common.none')}</span>;
  return (
    // Focusable so keyboard users can scroll a long record.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <pre className="gz-json" tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function RecordDetail({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('audit.field.id')}>{record.id}</Descriptions.Item>
      <Descriptions.Item label={t('audit.field.ip')}>{record.ip ?? t('common.none')}</Descriptions.Item>
      <Descriptions.Item label={t('audit.field.orgPath')}>{record.orgPath ?? t('common.none')}</Descriptions.Item>
      <Descriptions.Item label={t('audit.field.before')}>
        <Json value={record.before} />
      </Descriptions.Item>
      <Descriptions.Item label={t('audit.field.after')}>
        <Json value={record.after} />
      </Descriptions.Item>
    </Descriptions>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const log = useAuditLog(filter, paging.page, paging.pageSize);

  const columns: TableColumnsType<AuditRecord> = [
    {
      title: t('audit.field.at'),
      dataIndex: 'at',
      width: 180,
      render: (at: string) => <time dateTime={at}>{formatTime(at)}</time>,
    },
    {
      title: t('audit.field.actor'),
      key: 'actor',
      width: 200,
      render: (_, r) => (
        <span>
          {r.actor ?? t('audit.system')}
          {r.actorRoles.length > 0 && (
            <Typography.Text type="secondary">
              {' '}
              ({r.actorRoles.map((role) => roleLabel(role, t)).join(t('common.listSeparator'))})
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('audit.field.action'),
      dataIndex: 'action',
      width: 200,
      render: (action: string) => <Typography.Text code>{action}</Typography.Text>,
    },
    {
      title: t('audit.field.outcome'),
      dataIndex: 'outcome',
      width: 100,
      render: (outcome: AuditRecord['outcome']) => (
        <Tag color={OUTCOME_COLOURS[outcome]}>{t(`audit.outcome.${outcome}`)}</Tag>
      ),
    },
    {
      title: t('audit.field.target'),
      key: 'target',
      width: 320,
      render: (_, r) =>
        r.targetId ? (
          <span style={{ wordBreak: 'break-all' }}>
            {r.targetType && <Tag>{r.targetType}</Tag>}
            {r.targetId}
          </span>
        ) : (
          t('common.none')
        ),
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('audit.title')}
      </Typography.Title>
      <AuditFilters
        onChange={(next) => {
          setFilter(next);
          setPaging((p) => ({ ...p, page: 1 }));
        }}
      />
      {log.isError && <Alert type="error" showIcon title={log.error.message} style={{ marginBottom: 16 }} />}
      <Table<AuditRecord>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={log.data?.items ?? []}
        loading={log.isFetching}
        scroll={{ x: 1000 }}
        expandable={{
          columnTitle: <span className="gz-visually-hidden">{t('audit.details')}</span>,
          expandedRowRender: (record) => <RecordDetail record={record} />,
        }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: log.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
    </>
  );
}
