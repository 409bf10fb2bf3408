/**
 * One points account: whose it is, its balance and what it earned this month and year, and
 * every entry newest first — the day of the deed, the kind, the rule (with the version it was
 * awarded under), the signed amount, the balance after it and the reason. Entries are never
 * edited: a wrong one is reversed (冲正, points:review, with a reason), which adds the opposite
 * entry. 奖扣 awards or deducts a rule directly.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Skeleton,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FormModal } from '../../components/FormModal.tsx';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { Masked } from '../registry/display.tsx';
import { AwardModal } from './AwardModal.tsx';
import { EmptyText, HolderTag, Points, ScrollRegion, TransferKindTag } from './display.tsx';
import {
  type PointsAccountDetail,
  type PointsEntry,
  usePointsAccount,
  usePointsEntries,
  useReverseTransfer,
} from './hooks-ledger.ts';

export default function AccountPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useSession();
  const account = usePointsAccount(id);
  const [awarding, setAwarding] = useState(false);

  if (account.isPending) return <Skeleton active />;
  if (account.isError) return <Alert type="error" showIcon title={account.error.message} />;
  const a = account.data;

  return (
    <>
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={1} className="gz-page-title" style={{ marginBottom: 0 }} data-testid="account-name">
          {t('points.ledger.accountOf', { name: a.name })}
        </Typography.Title>
        <HolderTag kind={a.kind} />
      </Space>
      {can(me, 'points:review') && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button type="primary" onClick={() => setAwarding(true)} data-testid="account-award">
            {t('points.ledger.award')}
          </Button>
        </Space>
      )}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={<h2 className="gz-card-title">{t('points.ledger.summary')}</h2>}>
          <div className="gz-kpis gz-points-balance">
            <Statistic title={t('points.ledger.balance')} value={a.balance} data-testid="account-balance-total" />
            <Statistic title={t('points.ledger.earnedThisMonth')} value={a.earnedThisMonth} />
            <Statistic title={t('points.ledger.earnedThisYear')} value={a.earnedThisYear} />
            <Statistic title={t('points.ledger.spent')} value={a.spent} />
          </div>
          <Holder account={a} />
        </Card>
        <Entries account={a} />
      </Space>
      {awarding && (
        <AwardModal
          community={a.community.id}
          target={{ kind: a.kind, name: a.name, person: a.personId, household: a.householdId }}
          onClose={() => setAwarding(false)}
        />
      )}
    </>
  );
}

function Holder({ account: a }: { account: PointsAccountDetail }) {
  const { t } = useTranslation();
  const me = useSession();
  const registry = can(me, 'registry:read');
  return (
    <Descriptions
      column={{ xs: 1, sm: 1, md: 2 }}
      size="small"
      style={{ marginTop: 16 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
    >
      <Descriptions.Item label={a.kind === 'household' ? t('points.ledger.head') : t('points.ledger.person')}>
        {registry && a.personId ? <Link to={`/registry/persons/${a.personId}`}>{a.name}</Link> : a.name}
      </Descriptions.Item>
      <Descriptions.Item label={t('points.ledger.phone')}>
        <Masked value={a.phone} />
      </Descriptions.Item>
      {a.householdId && (
        <Descriptions.Item label={t('points.ledger.household')}>
          {registry ? (
            <Link to={`/registry/households/${a.householdId}`}>
              {a.householdNumber ?? t('points.ledger.openHousehold')}
            </Link>
          ) : (
            (a.householdNumber ?? t('common.none'))
          )}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('points.ledger.grid')}>
        {a.grid.name} · {a.community.name}
      </Descriptions.Item>
      {a.kind === 'household' && (
        <Descriptions.Item label={t('points.ledger.members')}>
          {a.members.map((m) => m.name).join(t('common.listSeparator')) || t('common.none')}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function Entries({ account }: { account: PointsAccountDetail }) {
  const { t } = useTranslation();
  const [params, update] = useFilterParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const entries = usePointsEntries(account.id, page, pageSize);
  const [reversing, setReversing] = useState<PointsEntry | null>(null);

  const columns: TableColumnsType<PointsEntry> = [
    {
      title: t('points.ledger.occurredOn'),
      key: 'date',
      width: 150,
      render: (_, e) => (
        <span>
          {e.occurredOn}
          <br />
          <span className="gz-muted" style={{ fontSize: 12 }}>
            {t('points.ledger.postedAt', { at: formatTime(e.at) })}
          </span>
        </span>
      ),
    },
    { title: t('points.ledger.kind'), key: 'kind', width: 90, render: (_, e) => <TransferKindTag kind={e.kind} /> },
    {
      title: t('points.ledger.rule'),
      key: 'rule',
      render: (_, e) =>
        e.rule ? (
          <span>
            {e.rule.title}
            <br />
            <span className="gz-muted" style={{ fontSize: 12 }}>
              {`${e.rule.code} · v${e.rule.version}`}
            </span>
          </span>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('points.ledger.amount'),
      key: 'amount',
      width: 80,
      align: 'end',
      render: (_, e) => <Points value={e.amount} testId="entry-amount" />,
    },
    {
      title: t('points.ledger.balanceAfter'),
      key: 'after',
      width: 90,
      align: 'end',
      render: (_, e) => <Points value={e.balanceAfter} signed={false} testId="entry-balance" />,
    },
    {
      title: t('points.ledger.reason'),
      key: 'reason',
      render: (_, e) => (
        <Space orientation="vertical" size={2}>
          {e.reason && <span className="gz-break">{e.reason}</span>}
          {e.reversedBy && <Tag>{t('points.ledger.reversedTag')}</Tag>}
          {e.reverses && <span className="gz-muted">{t('points.ledger.reversesNote')}</span>}
          {!e.reason && !e.reversedBy && !e.reverses && t('common.none')}
        </Space>
      ),
    },
    ...(account.canReverse
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, e: PointsEntry) =>
              e.reversible && (
                <Button type="link" size="small" onClick={() => setReversing(e)} data-testid="entry-reverse">
                  {t('points.ledger.reverse')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Card size="small" title={<h2 className="gz-card-title">{t('points.ledger.entries')}</h2>}>
      {entries.isError && <Alert type="error" showIcon title={entries.error.message} style={{ marginBottom: 12 }} />}
      <ScrollRegion label={t('points.ledger.entries')}>
        <Table<PointsEntry>
          rowKey={(e) => `${e.transferId}:${e.seq}`}
          size="small"
          columns={columns}
          dataSource={entries.data?.items ?? []}
          loading={entries.isFetching}
          style={{ minWidth: 860 }}
          locale={{ emptyText: <EmptyText>{t('points.ledger.noEntries')}</EmptyText> }}
          data-testid="entries-list"
          pagination={{
            current: page,
            pageSize,
            total: entries.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => update({ page: String(p), pageSize: String(size) }),
          }}
        />
      </ScrollRegion>
      {reversing && <ReverseModal entry={reversing} onClose={() => setReversing(null)} />}
    </Card>
  );
}

/** 冲正: says what the reversal will post, and takes the reason the ledger keeps with it. */
function ReverseModal({ entry, onClose }: { entry: PointsEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const showError = useFormErrors(form);
  const reverse = useReverseTransfer();
  return (
    <FormModal
      title={t('points.ledger.reverseTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={reverse.isPending}
      submitText={t('points.ledger.reverseSubmit')}
      submitTestId="reverse-submit"
      danger
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('points.ledger.reverseBody', {
          date: entry.occurredOn,
          kind: t(`points.common.transferKind.${entry.kind}`),
          amount: entry.amount > 0 ? `+${entry.amount}` : `−${Math.abs(entry.amount)}`,
          opposite: entry.amount > 0 ? `−${entry.amount}` : `+${Math.abs(entry.amount)}`,
        })}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          reverse.mutate(
            { transfer: entry.transferId, reason: v.reason.trim() },
            {
              onSuccess: () => {
                message.success(t('points.ledger.reversed'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('points.ledger.reverseReason')}
          name="reason"
          rules={[
            { required: true, whitespace: true, message: t('points.ledger.reverseReasonRequired') },
            { min: 2, max: 500, message: t('points.ledger.reverseReasonLength') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="reverse-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
