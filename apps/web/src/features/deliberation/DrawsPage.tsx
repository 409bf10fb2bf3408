/**
 * 公开抽签: a draw is published with its entrants and the SHA-256 of a seed made here in the
 * browser (the seed itself is shown once, to be kept safe — sealed in an envelope at the
 * meeting, say); at the draw the seed is revealed, the server checks it against the hash and
 * orders the entrants with the published algorithm. Anyone can re-run it on the public page.
 */
import type { DrawCreateBody, DrawView } from '@gongzhi/api';
import { newDrawSeed, seedHash } from '@gongzhi/domain';
import {
  Alert,
  App,
  Button,
  Col,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { formatTime, PageHead } from './display.tsx';
import { useCommunities, useDelibWrite, useTopics } from './hooks.ts';
import { useDraws } from './hooks-work.ts';

const enc = encodeURIComponent;

export default function DrawsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, update] = useFilterParams();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const [drawing, setDrawing] = useState<DrawView | null>(null);
  const unit = params.get('unit') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const draws = useDraws({ unit, page });
  const open = draws.data?.items.find((d) => d.uid === shown) ?? null;

  return (
    <>
      <PageHead
        title={t('deliberation.draw.listTitle')}
        extra={
          can(me, 'deliberation:manage') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="draw-create">
              {t('deliberation.draw.create')}
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
        </Row>
      </search>
      {draws.isError && <Alert type="error" showIcon title={draws.error.message} />}
      <Table<DrawView>
        rowKey="uid"
        size="small"
        loading={draws.isFetching}
        dataSource={draws.data?.items ?? []}
        data-testid="draw-table"
        pagination={{
          current: page,
          pageSize: 20,
          total: draws.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          {
            title: t('deliberation.draw.title'),
            key: 'title',
            render: (_, d) => (
              <Space orientation="vertical" size={0}>
                <Button type="link" style={{ padding: 0 }} onClick={() => setShown(d.uid)}>
                  {d.title}
                </Button>
                <span className="gz-muted gz-delib-small">
                  {d.community.name}
                  {d.topic && ` · ${d.topic.title}`}
                </span>
              </Space>
            ),
          },
          {
            title: t('deliberation.draw.entrants'),
            key: 'entrants',
            width: 120,
            render: (_, d) => t('deliberation.draw.entrantsWinners', { n: d.entrants.length, winners: d.winners }),
          },
          {
            title: t('deliberation.draw.status'),
            key: 'status',
            width: 90,
            render: (_, d) => (
              <Tag color={d.status === 'drawn' ? 'green' : 'blue'}>{t(`deliberation.draw.state.${d.status}`)}</Tag>
            ),
          },
          {
            title: t('deliberation.draw.drawnAt'),
            key: 'drawnAt',
            width: 170,
            render: (_, d) => (d.drawnAt ? formatTime(d.drawnAt) : '—'),
          },
          {
            title: t('deliberation.common.actions'),
            key: 'actions',
            width: 120,
            render: (_, d) =>
              d.allowedActions.includes('draw') ? (
                <Button size="small" type="primary" onClick={() => setDrawing(d)} data-testid="draw-do">
                  {t('deliberation.draw.draw')}
                </Button>
              ) : null,
          },
        ]}
      />
      {open && (
        <Drawer
          open
          size="large"
          title={open.title}
          onClose={() => setShown(null)}
          closable={{ 'aria-label': t('deliberation.common.close') }}
        >
          <DrawDetail draw={open} />
        </Drawer>
      )}
      {creating && <CreateDrawModal unit={unit} onClose={() => setCreating(false)} />}
      {drawing && <DoDrawModal draw={drawing} onClose={() => setDrawing(null)} />}
    </>
  );
}

function DrawDetail({ draw: d }: { draw: DrawView }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        column={1}
        size="small"
        bordered
        styles={{ label: { whiteSpace: 'nowrap', width: 110 } }}
        items={[
          {
            key: 'seedHash',
            label: t('deliberation.draw.seedHash'),
            children: <code className="gz-delib-mono">{d.seedHash}</code>,
          },
          {
            key: 'seed',
            label: t('deliberation.draw.seed'),
            children: d.seed ? <code className="gz-delib-mono">{d.seed}</code> : t('deliberation.draw.sealed'),
          },
          { key: 'algorithm', label: t('deliberation.draw.algorithm'), children: d.algorithm },
          {
            key: 'public',
            label: t('deliberation.draw.publicPage'),
            children: <Link to={`/public/deliberation/draws/${d.uid}`}>{t('deliberation.draw.publicLink')}</Link>,
          },
        ]}
      />
      {d.winnerList.length > 0 && (
        <List
          size="small"
          header={<strong>{t('deliberation.draw.winners')}</strong>}
          dataSource={d.winnerList}
          data-testid="draw-winners"
          renderItem={(w) => (
            <List.Item>
              {w.rank}. {w.label} <span className="gz-muted">({w.key})</span>
            </List.Item>
          )}
        />
      )}
      <List
        size="small"
        header={<strong>{t('deliberation.draw.entrantsList', { n: d.entrants.length })}</strong>}
        dataSource={d.entrants}
        renderItem={(e) => (
          <List.Item>
            {e.label} <span className="gz-muted">({e.key})</span>
          </List.Item>
        )}
      />
    </Space>
  );
}

/** "A-101 张*明" → key A-101, label 张*明; a line of one word is both. */
export function parseEntrants(text: string): { key: string; label: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [key = '', ...rest] = line.split(/\s+/);
      return { key: key.slice(0, 80), label: (rest.join(' ') || key).slice(0, 120) };
    });
}

function CreateDrawModal({ unit, onClose }: { unit: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; unit?: string; topic?: string; entrants: string; winners: number }>();
  const showError = useFormErrors(form);
  const [uid] = useState(() => crypto.randomUUID());
  const [seed] = useState(() => newDrawSeed(crypto.getRandomValues(new Uint8Array(32))));
  const communities = useCommunities();
  const picked = Form.useWatch('unit', form);
  const community = picked ?? unit ?? communities.only;
  const topics = useTopics({ unit: community, page: 1, pageSize: 100 });
  const create = useDelibWrite((body: DrawCreateBody, headers) =>
    api.post<DrawView>('/api/deliberation/draws', body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.draw.create')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="draw-submit"
      width={640}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('deliberation.draw.keepSeed')}
        description={
          <Typography.Text copyable={{ text: seed }} className="gz-delib-mono" data-testid="draw-seed">
            {seed}
          </Typography.Text>
        }
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ winners: 1 }}
        onFinish={(v) => {
          const entrants = parseEntrants(v.entrants);
          create.mutate(
            {
              uid,
              title: v.title.trim(),
              unit: v.topic ? undefined : community,
              topicUid: v.topic || undefined,
              entrants,
              winners: v.winners,
              seedHash: seedHash(seed),
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.draw.created'));
                onClose();
              },
              onError: showError,
            },
          );
        }}
      >
        <Form.Item
          label={t('deliberation.draw.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('deliberation.draw.titleRequired') }, { max: 120 }]}
        >
          <Input maxLength={120} data-testid="draw-title" />
        </Form.Item>
        {!communities.only && !unit && (
          <Form.Item label={t('deliberation.field.community')} name="unit">
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={communities.items.map((c) => ({ value: c.uid, label: c.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('deliberation.draw.topic')} name="topic">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={topics.isPending}
            options={(topics.data?.items ?? []).map((x) => ({ value: x.uid, label: x.title }))}
          />
        </Form.Item>
        <Form.Item
          label={t('deliberation.draw.entrants')}
          name="entrants"
          extra={t('deliberation.draw.entrantsHint')}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                parseEntrants(value ?? '').length >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('deliberation.draw.entrantsRequired'))),
            },
          ]}
        >
          <Input.TextArea rows={6} data-testid="draw-entrants" />
        </Form.Item>
        <Form.Item
          label={t('deliberation.draw.winnersCount')}
          name="winners"
          rules={[{ required: true, message: t('deliberation.draw.winnersRequired') }]}
        >
          <InputNumber min={1} max={5000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function DoDrawModal({ draw: d, onClose }: { draw: DrawView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ seed: string }>();
  const showError = useFormErrors(form);
  const run = useDelibWrite((seed: string, headers) =>
    api.post<DrawView>(`/api/deliberation/draws/${enc(d.uid)}/draw`, { seed }, headers),
  );
  return (
    <FormModal
      title={t('deliberation.draw.drawTitle', { title: d.title })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={run.isPending}
      submitTestId="draw-do-submit"
    >
      <Typography.Paragraph>
        {t('deliberation.draw.seedHash')}: <code className="gz-delib-mono">{d.seedHash}</code>
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={({ seed }) =>
          run.mutate(seed.trim(), {
            onSuccess: () => {
              message.success(t('deliberation.draw.drawn'));
              onClose();
            },
            onError: showError,
          })
        }
      >
        <Form.Item
          label={t('deliberation.draw.seed')}
          name="seed"
          extra={t('deliberation.draw.seedHint')}
          rules={[
            { required: true, whitespace: true, message: t('deliberation.draw.seedRequired') },
            {
              validator: (_, value: string | undefined) =>
                !value || seedHash(value.trim()) === d.seedHash
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('deliberation.draw.seedMismatch'))),
            },
          ]}
        >
          <Input data-testid="draw-seed-input" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
