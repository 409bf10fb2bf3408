/**
 * 积分账户: the holders of a unit — persons, households (by their head) and party members —
 * with their balances, highest first. Names and phones come as the registry's lists show
 * them. A row opens the account with its entries.
 */
import { Alert, Col, Input, Row, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { formatTime } from '../../i18n/format.ts';
import { Masked } from '../registry/display.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { useDefaultUnit } from '../registry/useDefaultUnit.ts';
import { EmptyText, HolderTag, Points, ScrollRegion } from './display.tsx';
import { HOLDER_KINDS, type PointsAccountItem, type PointsHolderKind, usePointsAccounts } from './hooks-ledger.ts';

export default function AccountsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, update] = useFilterParams();
  const defaultUnit = useDefaultUnit();
  const unit = params.get('unit') ?? defaultUnit;
  const kind = HOLDER_KINDS.find((k) => k === params.get('kind'));
  const q = params.get('q') ?? undefined;
  const sort = params.get('sort') === 'name' ? 'name' : undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const accounts = usePointsAccounts({ unit, kind, q, sort, page, pageSize });
  const [typed, setTyped] = useState(q ?? '');
  useEffect(() => setTyped(q ?? ''), [q]);

  const columns: TableColumnsType<PointsAccountItem> = [
    {
      title: t('points.ledger.holder'),
      key: 'name',
      width: 200,
      render: (_, a) => (
        <>
          <div>
            <Link to={`/points/accounts/${a.id}`} data-testid="account-open">
              {a.name}
            </Link>
          </div>
          {a.householdNumber && (
            <div className="gz-muted">{t('points.ledger.householdNumber', { number: a.householdNumber })}</div>
          )}
        </>
      ),
    },
    {
      title: t('points.ledger.kind'),
      dataIndex: 'kind',
      width: 90,
      render: (k: PointsHolderKind) => <HolderTag kind={k} />,
    },
    { title: t('points.ledger.phone'), key: 'phone', width: 140, render: (_, a) => <Masked value={a.phone} /> },
    { title: t('points.ledger.grid'), key: 'grid', render: (_, a) => a.grid.name },
    {
      title: t('points.ledger.balance'),
      dataIndex: 'balance',
      width: 100,
      align: 'end',
      render: (b: number) => <Points value={b} signed={false} testId="account-balance" />,
    },
    { title: t('points.ledger.entryCount'), dataIndex: 'entries', width: 90, align: 'end' },
    {
      title: t('points.ledger.lastEntry'),
      key: 'last',
      width: 170,
      render: (_, a) => (a.lastEntryAt ? formatTime(a.lastEntryAt) : t('common.none')),
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('points.ledger.title')}
      </Typography.Title>
      <search aria-label={t('points.ledger.filters')} className="gz-points-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={7}>
            <UnitPicker
              value={unit}
              allowClear={false}
              onChange={(v) => update({ unit: v })}
              aria-label={t('points.common.unit')}
              testId="accounts-unit"
            />
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <Select<PointsHolderKind>
              allowClear
              value={kind}
              placeholder={t('points.ledger.anyKind')}
              onChange={(k) => update({ kind: k })}
              options={HOLDER_KINDS.map((k) => ({ value: k, label: t(`points.common.holder.${k}`) }))}
              style={{ width: '100%' }}
              aria-label={t('points.ledger.kind')}
              data-testid="accounts-kind"
            />
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <Select<'balance' | 'name'>
              value={sort ?? 'balance'}
              onChange={(s) => update({ sort: s === 'name' ? s : undefined })}
              options={[
                { value: 'balance', label: t('points.ledger.sortBalance') },
                { value: 'name', label: t('points.ledger.sortName') },
              ]}
              style={{ width: '100%' }}
              aria-label={t('points.ledger.sort')}
            />
          </Col>
          <Col xs={24} sm={12} lg={9}>
            <Input.Search
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              allowClear
              maxLength={32}
              placeholder={t('points.ledger.searchPlaceholder')}
              aria-label={t('points.ledger.search')}
              enterButton={t('common.search')}
              data-testid="accounts-search"
            />
          </Col>
        </Row>
      </search>
      {accounts.isError && <Alert type="error" showIcon title={accounts.error.message} style={{ marginBottom: 16 }} />}
      <ScrollRegion label={t('points.ledger.title')}>
        <Table<PointsAccountItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={accounts.data?.items ?? []}
          loading={accounts.isFetching}
          style={{ minWidth: 860 }}
          locale={{ emptyText: <EmptyText>{t('points.ledger.empty')}</EmptyText> }}
          data-testid="accounts-list"
          onRow={(a) => ({
            className: 'gz-row-link',
            onClick: (e) => {
              if (!(e.target instanceof Element) || !e.target.closest('a')) navigate(`/points/accounts/${a.id}`);
            },
          })}
          pagination={{
            current: page,
            pageSize,
            total: accounts.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => update({ page: String(p), pageSize: String(size) }),
          }}
        />
      </ScrollRegion>
    </>
  );
}
