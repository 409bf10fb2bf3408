/**
 * One vote: its rule in words (who may vote, the quorum, the majority, secret or open), the
 * options, the roll and turnout; staff open it (the roll is fixed then), close it (the server
 * counts) or cancel it, and for an open ballot at a meeting record the show of hands. Once
 * closed: the count per option and the verdict with the figures, e.g. 应到 30 人，实到 24 人
 * （≥ 2/3），赞成 15 票（> 1/2 实到）.
 */
import type { BallotRecordBody, VoteDetail, VoteOption } from '@gongzhi/api';
import { ruleText } from '@gongzhi/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Popconfirm,
  Progress,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { PersonPicker } from '../registry/PersonPicker.tsx';
import { CardTitle, formatTime, inLang, PageHead, VoteStatusTag, Yuan } from './display.tsx';
import { useDelibWrite } from './hooks.ts';
import { useVote } from './hooks-work.ts';
import { ReasonModal } from './ReasonModal.tsx';

const enc = encodeURIComponent;
const MOTION = ['approve', 'oppose', 'abstain'] as const;

export function optionLabel(style: string, o: VoteOption, t: TFunction): string {
  const motion = MOTION.find((k) => k === o.key);
  return style === 'motion' && motion ? t(`deliberation.motion.${motion}`) : o.label;
}

export default function VotePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { uid = '' } = useParams();
  const detail = useVote(uid);
  const [acting, setActing] = useState<'cancel' | 'record' | null>(null);
  const step = useDelibWrite(({ action }: { action: 'open' | 'close' }, headers) =>
    api.post<VoteDetail>(`/api/deliberation/votes/${enc(uid)}/${action}`, {}, headers),
  );
  const v = detail.data;
  const lang = currentLanguage() === 'en' ? 'en' : 'zh';
  const run = (action: 'open' | 'close') =>
    step.mutate(
      { action },
      {
        onSuccess: () => message.success(t(`deliberation.vote.${action}Done`)),
        onError: (err) => message.error(err.message),
      },
    );

  return (
    <>
      {detail.isPending && <Skeleton active />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {v && (
        <>
          <PageHead
            back="/deliberation/votes"
            backText={t('deliberation.vote.back')}
            title={v.title}
            testId="vote-heading"
            extra={
              <Space wrap>
                {v.allowedActions.includes('open') && (
                  <Popconfirm
                    title={t('deliberation.vote.openConfirm')}
                    onConfirm={() => run('open')}
                    okButtonProps={{ 'data-testid': 'vote-open-ok' }}
                  >
                    <Button type="primary" loading={step.isPending} data-testid="vote-open">
                      {t('deliberation.vote.open')}
                    </Button>
                  </Popconfirm>
                )}
                {v.allowedActions.includes('record') && (
                  <Button onClick={() => setActing('record')} data-testid="vote-record">
                    {t('deliberation.vote.record')}
                  </Button>
                )}
                {v.allowedActions.includes('close') && (
                  <Popconfirm
                    title={t('deliberation.vote.closeConfirm')}
                    onConfirm={() => run('close')}
                    okButtonProps={{ 'data-testid': 'vote-close-ok' }}
                  >
                    <Button type="primary" loading={step.isPending} data-testid="vote-close">
                      {t('deliberation.vote.close')}
                    </Button>
                  </Popconfirm>
                )}
                {v.allowedActions.includes('cancel') && (
                  <Button danger onClick={() => setActing('cancel')} data-testid="vote-cancel">
                    {t('deliberation.vote.cancel')}
                  </Button>
                )}
              </Space>
            }
          />
          <Space wrap size={[8, 8]} style={{ marginBottom: 16 }}>
            <VoteStatusTag status={v.status} testId="vote-status" />
            <span>{v.community.name}</span>
            {v.topic && <Link to={`/deliberation/topics/${v.topic.uid}`}>{v.topic.title}</Link>}
            {v.meeting && <Link to={`/deliberation/meetings/${v.meeting.uid}`}>{v.meeting.title}</Link>}
            {v.budgetUid && <Link to={`/deliberation/budgets/${v.budgetUid}`}>{t('deliberation.vote.budget')}</Link>}
          </Space>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={<CardTitle>{t('deliberation.vote.ruleTitle')}</CardTitle>}>
                <Descriptions
                  column={1}
                  size="small"
                  styles={{ label: { whiteSpace: 'nowrap', width: 120 } }}
                  items={[
                    {
                      key: 'rule',
                      label: t('deliberation.vote.rule'),
                      children: <span data-testid="vote-rule-text">{inLang(v.rule.text, v.rule.textEn)}</span>,
                    },
                    {
                      key: 'electorate',
                      label: t('deliberation.vote.electorate'),
                      children: t(`deliberation.electorate.${v.electorate}`),
                    },
                    { key: 'style', label: t('deliberation.vote.style'), children: t(`deliberation.style.${v.style}`) },
                    {
                      key: 'ballot',
                      label: t('deliberation.vote.ballot'),
                      children: (
                        <Space size={4} wrap>
                          <Tag>{v.secret ? t('deliberation.vote.secret') : t('deliberation.vote.open_ballot')}</Tag>
                          {v.changeable && <Tag>{t('deliberation.vote.changeable')}</Tag>}
                          {v.maxChoices !== null && t('deliberation.vote.upTo', { n: v.maxChoices })}
                          {v.budgetCents !== null && (
                            <span>
                              {t('deliberation.vote.within')} <Yuan cents={v.budgetCents} />
                            </span>
                          )}
                        </Space>
                      ),
                    },
                    {
                      key: 'options',
                      label: t('deliberation.vote.options'),
                      children: v.options.map((o) => optionLabel(v.style, o, t)).join('、'),
                    },
                    ...(v.opensAt
                      ? [{ key: 'opensAt', label: t('deliberation.vote.opensAt'), children: formatTime(v.opensAt) }]
                      : []),
                    ...(v.closesAt
                      ? [{ key: 'closesAt', label: t('deliberation.vote.closesAt'), children: formatTime(v.closesAt) }]
                      : []),
                    ...(v.closedAt
                      ? [{ key: 'closedAt', label: t('deliberation.vote.closedAt'), children: formatTime(v.closedAt) }]
                      : []),
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={<CardTitle>{t('deliberation.vote.resultTitle')}</CardTitle>}>
                {v.status === 'draft' ? (
                  <span className="gz-muted">{t('deliberation.vote.notOpen')}</span>
                ) : (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <span>
                      {t('deliberation.vote.turnoutOf', { cast: v.castCount, eligible: v.eligibleCount })}
                      {v.presentCount !== null && ` · ${t('deliberation.vote.present', { n: v.presentCount })}`}
                    </span>
                    <Progress
                      percent={Math.round(v.turnout * 100)}
                      aria-label={t('deliberation.vote.turnout')}
                      data-testid="vote-turnout"
                    />
                    {v.result && <VoteResultView vote={v} lang={lang} />}
                  </Space>
                )}
              </Card>
            </Col>
          </Row>
          {acting === 'cancel' && (
            <ReasonModal
              title={t('deliberation.vote.cancelTitle')}
              path={`/api/deliberation/votes/${enc(v.uid)}/cancel`}
              label={t('deliberation.vote.cancelReason')}
              done={t('deliberation.vote.cancelled')}
              testId="vote-cancel"
              onClose={() => setActing(null)}
            />
          )}
          {acting === 'record' && <RecordModal vote={v} onClose={() => setActing(null)} />}
        </>
      )}
    </>
  );
}

function VoteResultView({ vote: v, lang }: { vote: VoteDetail; lang: 'zh' | 'en' }) {
  const { t } = useTranslation();
  const r = v.result;
  if (!r) return null;
  const rows = v.options.map((o) => ({ key: o.key, label: optionLabel(v.style, o, t), count: r.counts[o.key] ?? 0 }));
  const decides = v.style === 'motion';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="vote-result">
      {decides ? (
        <Result
          status={r.passed ? 'success' : 'error'}
          title={
            <span data-testid="vote-verdict">
              {r.passed ? t('deliberation.vote.passed') : t('deliberation.vote.failed')}
            </span>
          }
          subTitle={
            <span>
              {r.quorumMet ? t('deliberation.vote.quorumMet') : t('deliberation.vote.quorumNotMet')} ·{' '}
              {lang === 'en' ? r.ruleTextEn : r.ruleText}
            </span>
          }
          style={{ padding: '8px 0' }}
        />
      ) : (
        <Alert
          type="info"
          showIcon
          title={
            r.winner
              ? t('deliberation.vote.winner', {
                  label: rows.find((x) => x.key === r.winner)?.label ?? r.winner,
                })
              : t('deliberation.vote.noWinner')
          }
          description={lang === 'en' ? r.ruleTextEn : r.ruleText}
        />
      )}
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="vote-counts"
        columns={[
          { title: t('deliberation.vote.option'), dataIndex: 'label', key: 'label' },
          { title: t('deliberation.vote.count'), dataIndex: 'count', key: 'count', width: 90 },
          {
            title: t('deliberation.vote.share'),
            key: 'share',
            width: 160,
            render: (_, row) => (
              <Progress
                percent={r.cast > 0 ? Math.round((row.count / r.cast) * 100) : 0}
                size="small"
                aria-label={row.label}
              />
            ),
          },
        ]}
      />
      <span className="gz-muted gz-delib-small">
        {t('deliberation.vote.needed', { needed: r.needed, base: r.base })} ·{' '}
        {ruleText(
          { quorum: v.rule.quorum, majority: v.rule.majority, base: v.rule.base, electorate: v.electorate },
          lang,
        )}
      </span>
    </Space>
  );
}

/** 举手表决: staff write down each hand at the meeting (open ballots only). */
function RecordModal({ vote: v, onClose }: { vote: VoteDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ballots: { person?: string; choice?: string }[] }>();
  const showError = useFormErrors(form);
  const save = useDelibWrite((body: BallotRecordBody, headers) =>
    api.post<{ recorded: number }>(`/api/deliberation/votes/${enc(v.uid)}/ballots/recorded`, body, headers),
  );
  const options = v.options.map((o) => ({ value: o.key, label: optionLabel(v.style, o, t) }));
  return (
    <FormModal
      title={t('deliberation.vote.record')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={save.isPending}
      submitTestId="record-submit"
      width={720}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ ballots: [{}] }}
        onFinish={(val) =>
          save.mutate(
            {
              ballots: val.ballots
                .filter((b) => b.person && b.choice)
                .map((b) => ({ personUid: b.person as string, choice: [b.choice as string] })),
            },
            {
              onSuccess: (r) => {
                message.success(t('deliberation.vote.recorded', { n: r.recorded }));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.List name="ballots">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item
                    name={[f.name, 'person']}
                    rules={[{ required: true, message: t('deliberation.meeting.personRequired') }]}
                    style={{ width: 360, marginBottom: 0 }}
                  >
                    <PersonPicker status="resident" testId={`record-person-${i}`} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'choice']}
                    rules={[{ required: true, message: t('deliberation.vote.choiceRequired') }]}
                    style={{ width: 160, marginBottom: 0 }}
                  >
                    <Select
                      options={options}
                      aria-label={t('deliberation.vote.choiceN', { n: i + 1 })}
                      data-testid={`record-choice-${i}`}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button onClick={() => remove(f.name)}>{t('deliberation.common.remove')}</Button>
                  )}
                </Space>
              ))}
              <Button onClick={() => add({})}>{t('deliberation.vote.addHand')}</Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </FormModal>
  );
}
