/**
 * One 民生微实事 budget: the phase bar (征集 → 审核 → 投票 → 公布结果 → 结束) and the move to the
 * next phase; the projects with the review queue (feasible with a price, or unfeasible with a
 * written explanation the proposer receives); the residents' vote; the selection with the rule
 * that made it; and for each selected project its milestones, spending, photos and 验收.
 */
import type {
  BudgetPhase,
  MilestoneCreateBody,
  ProjectCreateBody,
  ProjectReviewBody,
  ProjectSummary,
} from '@gongzhi/api';
import { BUDGET_PHASES, nextBudgetPhase } from '@gongzhi/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Radio,
  Row,
  Skeleton,
  Space,
  Steps,
  Table,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { CardTitle, chinaToday, formatTime, inLang, PageHead, PhaseTag, ProjectStatusTag, Yuan } from './display.tsx';
import { useDelibWrite } from './hooks.ts';
import { type BudgetDetail, microPhotoUrl, uploadMicroPhoto, useBudget, useProject } from './hooks-work.ts';

const enc = encodeURIComponent;

export default function BudgetPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { uid = '' } = useParams();
  const detail = useBudget(uid);
  const [reviewing, setReviewing] = useState<ProjectSummary | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const advance = useDelibWrite((to: BudgetPhase, headers) =>
    api.post<BudgetDetail>(`/api/deliberation/budgets/${enc(uid)}/phase`, { to }, headers),
  );
  const b = detail.data;
  const next = b ? nextBudgetPhase(b.phase) : null;

  return (
    <>
      {detail.isPending && <Skeleton active />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {b && (
        <>
          <PageHead
            back="/deliberation/budgets"
            backText={t('deliberation.budget.back')}
            title={b.title}
            testId="budget-heading"
            extra={
              <Space wrap>
                {b.allowedActions.includes('propose') && (
                  <Button onClick={() => setProposing(true)}>{t('deliberation.budget.propose')}</Button>
                )}
                {b.allowedActions.includes('advance') && next && (
                  <Popconfirm
                    title={t(`deliberation.budget.advanceConfirm.${next}`)}
                    onConfirm={() =>
                      advance.mutate(next, {
                        onSuccess: () => message.success(t('deliberation.budget.advanced')),
                        onError: (err) => message.error(err.message),
                      })
                    }
                  >
                    <Button type="primary" loading={advance.isPending} data-testid="budget-advance">
                      {t(`deliberation.budget.advanceTo.${next}`)}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            }
          />
          <Space wrap size={[8, 8]} style={{ marginBottom: 16 }}>
            <PhaseTag phase={b.phase} />
            <span>{b.community.name}</span>
            <span>
              {t('deliberation.budget.amount')} <Yuan cents={b.amountCents} />
            </span>
            <span>{t(`deliberation.ballotStyle.${b.ballotStyle}`)}</span>
          </Space>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Steps
              size="small"
              current={BUDGET_PHASES.indexOf(b.phase)}
              aria-label={t('deliberation.budget.phaseLabel')}
              items={BUDGET_PHASES.map((p) => ({ key: p, title: t(`deliberation.phase.${p}`) }))}
            />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Card size="small" title={<CardTitle>{t('deliberation.budget.projects')}</CardTitle>}>
                <Table<ProjectSummary>
                  rowKey="uid"
                  size="small"
                  dataSource={b.projects}
                  pagination={false}
                  scroll={{ x: 760 }}
                  data-testid="project-table"
                  columns={[
                    {
                      title: t('deliberation.project.title'),
                      key: 'title',
                      render: (_, p) => (
                        <Space orientation="vertical" size={0}>
                          <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => setShown(p.uid)}>
                            {p.title}
                          </Button>
                          <span className="gz-muted gz-delib-small">
                            {[p.proposerName, p.location].filter(Boolean).join(' · ')}
                          </span>
                          {p.status === 'unfeasible' && p.reviewNote && (
                            <span className="gz-delib-small gz-delib-text">{p.reviewNote}</span>
                          )}
                        </Space>
                      ),
                    },
                    {
                      title: t('deliberation.project.estimate'),
                      key: 'estimate',
                      render: (_, p) => <Yuan cents={p.estimateCents} />,
                    },
                    {
                      title: t('deliberation.project.price'),
                      key: 'price',
                      render: (_, p) => <Yuan cents={p.priceCents} />,
                    },
                    {
                      title: t('deliberation.project.status'),
                      key: 'status',
                      render: (_, p) => <ProjectStatusTag status={p.status} />,
                    },
                    {
                      title: t('deliberation.project.votes'),
                      key: 'votes',
                      width: 70,
                      render: (_, p) => p.votes ?? '—',
                    },
                    {
                      title: t('deliberation.project.spent'),
                      key: 'spent',
                      render: (_, p) => <Yuan cents={p.spentCents} />,
                    },
                    {
                      title: t('deliberation.common.actions'),
                      key: 'actions',
                      render: (_, p) =>
                        p.allowedActions.includes('review') ? (
                          <Button size="small" onClick={() => setReviewing(p)} data-testid="project-review">
                            {p.reviewedAt ? t('deliberation.project.reReview') : t('deliberation.project.review')}
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <Card size="small" title={<CardTitle>{t('deliberation.budget.money')}</CardTitle>}>
                  <Descriptions
                    column={1}
                    size="small"
                    items={[
                      {
                        key: 'amount',
                        label: t('deliberation.budget.amount'),
                        children: <Yuan cents={b.amountCents} />,
                      },
                      {
                        key: 'allocated',
                        label: t('deliberation.budget.allocated'),
                        children: <Yuan cents={b.allocatedCents} />,
                      },
                      { key: 'spent', label: t('deliberation.budget.spent'), children: <Yuan cents={b.spentCents} /> },
                      {
                        key: 'limits',
                        label: t('deliberation.budget.limits'),
                        children: t('deliberation.budget.limitsText', {
                          min: b.minProjects,
                          max: b.maxProjects ?? '—',
                        }),
                      },
                      ...(b.proposalsCloseOn
                        ? [
                            {
                              key: 'close',
                              label: t('deliberation.budget.proposalsCloseOn'),
                              children: b.proposalsCloseOn,
                            },
                          ]
                        : []),
                    ]}
                  />
                </Card>
                {b.vote && (
                  <Card size="small" title={<CardTitle>{t('deliberation.budget.vote')}</CardTitle>}>
                    <Space orientation="vertical" size={2}>
                      <Link to={`/deliberation/votes/${b.vote.uid}`}>{t('deliberation.budget.voteLink')}</Link>
                      <span>
                        {t('deliberation.vote.turnoutOf', { cast: b.vote.castCount, eligible: b.vote.eligibleCount })}
                      </span>
                      {b.vote.closesAt && (
                        <span className="gz-muted gz-delib-small">
                          {t('deliberation.vote.closesAt')} {formatTime(b.vote.closesAt)}
                        </span>
                      )}
                    </Space>
                  </Card>
                )}
                {b.selection && (
                  <Card size="small" title={<CardTitle>{t('deliberation.budget.selection')}</CardTitle>}>
                    <Space orientation="vertical" size={4} data-testid="budget-selection">
                      <span>{inLang(b.selection.ruleText, b.selection.ruleTextEn)}</span>
                      {b.selection.shortOfMinimum && (
                        <Alert type="warning" showIcon title={t('deliberation.budget.shortOfMinimum')} />
                      )}
                      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                        {b.selection.selected.map((id) => {
                          const p = b.projects.find((x) => x.uid === id);
                          return (
                            <li key={id}>
                              {p?.title ?? id} · <Yuan cents={p?.priceCents} /> ·{' '}
                              {t('deliberation.project.votesN', { n: p?.votes ?? 0 })}
                            </li>
                          );
                        })}
                      </ol>
                      <span>
                        {t('deliberation.budget.selectedSpent')} <Yuan cents={b.selection.spentCents} />
                      </span>
                    </Space>
                  </Card>
                )}
              </Space>
            </Col>
          </Row>
          {reviewing && <ReviewModal project={reviewing} onClose={() => setReviewing(null)} />}
          {proposing && <ProposeModal budgetUid={b.uid} onClose={() => setProposing(false)} />}
          {shown && <ProjectDrawer uid={shown} onClose={() => setShown(null)} />}
        </>
      )}
    </>
  );
}

function ReviewModal({ project: p, onClose }: { project: ProjectSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ verdict: 'feasible' | 'unfeasible'; priceYuan?: number; note?: string }>();
  const showError = useFormErrors(form);
  const verdict = Form.useWatch('verdict', form);
  const review = useDelibWrite((body: ProjectReviewBody, headers) =>
    api.post<unknown>(`/api/deliberation/projects/${enc(p.uid)}/review`, body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.project.reviewTitle', { title: p.title })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={review.isPending}
      submitTestId="review-submit"
    >
      <p className="gz-delib-text">{p.description}</p>
      <p>
        {t('deliberation.project.estimate')}: <Yuan cents={p.estimateCents} />
      </p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          verdict: 'feasible',
          priceYuan: (p.priceCents ?? p.estimateCents) / 100,
          note: p.reviewNote ?? '',
        }}
        onFinish={(v) =>
          review.mutate(
            v.verdict === 'feasible'
              ? {
                  verdict: 'feasible',
                  priceCents: Math.round((v.priceYuan ?? 0) * 100),
                  ...(v.note?.trim() ? { note: v.note.trim() } : {}),
                }
              : { verdict: 'unfeasible', note: (v.note ?? '').trim() },
            {
              onSuccess: () => {
                message.success(t('deliberation.project.reviewed'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item label={t('deliberation.project.verdict')} name="verdict">
          <Radio.Group
            options={[
              { value: 'feasible', label: t('deliberation.projectStatus.feasible') },
              { value: 'unfeasible', label: t('deliberation.projectStatus.unfeasible') },
            ]}
          />
        </Form.Item>
        {verdict !== 'unfeasible' && (
          <Form.Item
            label={t('deliberation.project.priceYuan')}
            name="priceYuan"
            rules={[{ required: true, message: t('deliberation.project.priceRequired') }]}
          >
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 220 }} />
          </Form.Item>
        )}
        <Form.Item
          label={verdict === 'unfeasible' ? t('deliberation.project.explanation') : t('deliberation.project.note')}
          name="note"
          extra={verdict === 'unfeasible' ? t('deliberation.project.explanationHint') : undefined}
          rules={[
            {
              required: verdict === 'unfeasible',
              whitespace: true,
              message: t('deliberation.project.explanationRequired'),
            },
            { max: 2000 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="review-note" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function ProposeModal({ budgetUid, onClose }: { budgetUid: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; description: string; location?: string; estimateYuan: number }>();
  const showError = useFormErrors(form);
  const [uid] = useState(() => crypto.randomUUID());
  const create = useDelibWrite((body: ProjectCreateBody, headers) =>
    api.post<unknown>(`/api/deliberation/budgets/${enc(budgetUid)}/projects`, body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.budget.propose')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          create.mutate(
            {
              uid,
              title: v.title.trim(),
              description: v.description.trim(),
              location: v.location?.trim() || null,
              estimateCents: Math.round(v.estimateYuan * 100),
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.project.proposed'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('deliberation.project.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('deliberation.project.titleRequired') }, { max: 80 }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.project.description')}
          name="description"
          rules={[{ required: true, whitespace: true, message: t('deliberation.project.descriptionRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item label={t('deliberation.project.location')} name="location" rules={[{ max: 128 }]}>
          <Input maxLength={128} />
        </Form.Item>
        <Form.Item
          label={t('deliberation.project.estimateYuan')}
          name="estimateYuan"
          rules={[{ required: true, message: t('deliberation.project.estimateRequired') }]}
        >
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 220 }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

type ProjectStep = 'start' | 'complete' | 'accept';

function ProjectDrawer({ uid, onClose }: { uid: string; onClose: () => void }) {
  const { t } = useTranslation();
  const project = useProject(uid);
  const [acting, setActing] = useState<ProjectStep | 'milestone' | null>(null);
  const p = project.data;
  return (
    <Drawer
      open
      size="large"
      title={p?.title ?? t('deliberation.project.title')}
      onClose={onClose}
      closable={{ 'aria-label': t('deliberation.common.close') }}
      footer={
        p && (
          <Space wrap>
            {(['start', 'complete', 'accept'] as const)
              .filter((a) => p.allowedActions.includes(a))
              .map((a) => (
                <Button key={a} type="primary" onClick={() => setActing(a)}>
                  {t(`deliberation.project.action.${a}`)}
                </Button>
              ))}
            {p.allowedActions.includes('milestone') && (
              <Button onClick={() => setActing('milestone')}>{t('deliberation.project.addMilestone')}</Button>
            )}
          </Space>
        )
      }
    >
      {project.isPending && <Skeleton active />}
      {project.isError && <Alert type="error" showIcon title={project.error.message} />}
      {p && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { whiteSpace: 'nowrap', width: 110 } }}
            items={[
              {
                key: 'status',
                label: t('deliberation.project.status'),
                children: <ProjectStatusTag status={p.status} />,
              },
              {
                key: 'description',
                label: t('deliberation.project.description'),
                children: <span className="gz-delib-text">{p.description}</span>,
              },
              { key: 'proposer', label: t('deliberation.project.proposer'), children: p.proposerName ?? '—' },
              {
                key: 'estimate',
                label: t('deliberation.project.estimate'),
                children: <Yuan cents={p.estimateCents} />,
              },
              { key: 'price', label: t('deliberation.project.price'), children: <Yuan cents={p.priceCents} /> },
              { key: 'review', label: t('deliberation.project.note'), children: p.reviewNote ?? '—' },
              { key: 'votes', label: t('deliberation.project.votes'), children: p.votes ?? '—' },
              { key: 'spent', label: t('deliberation.project.spent'), children: <Yuan cents={p.spentCents} /> },
              ...(p.acceptanceNote
                ? [{ key: 'accept', label: t('deliberation.project.acceptance'), children: p.acceptanceNote }]
                : []),
            ]}
          />
          <Card size="small" title={<CardTitle>{t('deliberation.project.milestones')}</CardTitle>}>
            <List
              size="small"
              dataSource={p.milestones}
              locale={{ emptyText: t('deliberation.project.noMilestones') }}
              renderItem={(m) => (
                <List.Item>
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <span>
                      <strong>{m.title}</strong> · {m.happenedOn} · <Yuan cents={m.spentCents} />
                    </span>
                    {m.note && <span className="gz-delib-text gz-delib-small">{m.note}</span>}
                    {m.photos.length > 0 && (
                      <div className="gz-delib-photos">
                        <Image.PreviewGroup>
                          {m.photos.map((ph, i) => (
                            <Image
                              key={ph.uid}
                              src={microPhotoUrl(ph.uid)}
                              width={96}
                              height={96}
                              alt={t('deliberation.project.photoAlt', { title: m.title, n: i + 1 })}
                            />
                          ))}
                        </Image.PreviewGroup>
                      </div>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Space>
      )}
      {p && acting === 'milestone' && <MilestoneModal projectUid={p.uid} onClose={() => setActing(null)} />}
      {p && acting && acting !== 'milestone' && (
        <ProjectStepModal projectUid={p.uid} step={acting} onClose={() => setActing(null)} />
      )}
    </Drawer>
  );
}

function ProjectStepModal({
  projectUid,
  step,
  onClose,
}: {
  projectUid: string;
  step: ProjectStep;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const showError = useFormErrors(form);
  const run = useDelibWrite((body: { note?: string }, headers) =>
    api.post<unknown>(`/api/deliberation/projects/${enc(projectUid)}/${step}`, body, headers),
  );
  return (
    <FormModal
      title={t(`deliberation.project.action.${step}`)}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={run.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          run.mutate(v.note?.trim() ? { note: v.note.trim() } : {}, {
            onSuccess: () => {
              message.success(t('deliberation.project.stepDone'));
              onClose();
            },
            onError: showError,
          })
        }
      >
        <Form.Item
          label={step === 'accept' ? t('deliberation.project.acceptance') : t('deliberation.project.note')}
          name="note"
          rules={[
            { required: step === 'accept', whitespace: true, message: t('deliberation.project.acceptanceRequired') },
            { max: 2000 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function MilestoneModal({ projectUid, onClose }: { projectUid: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; note?: string; spentYuan: number; happenedOn: Dayjs }>();
  const showError = useFormErrors(form);
  const [uid] = useState(() => crypto.randomUUID());
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const save = useDelibWrite((body: MilestoneCreateBody, headers) =>
    api.post<unknown>(`/api/deliberation/projects/${enc(projectUid)}/milestones`, body, headers),
  );
  return (
    <FormModal
      title={t('deliberation.project.addMilestone')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={save.isPending || uploading}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ happenedOn: dayjs(chinaToday()), spentYuan: 0 }}
        onFinish={(v) =>
          save.mutate(
            {
              uid,
              title: v.title.trim(),
              note: v.note?.trim() || null,
              spentCents: Math.round(v.spentYuan * 100),
              happenedOn: v.happenedOn.format('YYYY-MM-DD'),
              photos,
            },
            {
              onSuccess: () => {
                message.success(t('deliberation.project.milestoneAdded'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('deliberation.project.milestoneTitle')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('deliberation.project.titleRequired') }, { max: 80 }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item label={t('deliberation.project.note')} name="note" rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t('deliberation.project.spentYuan')} name="spentYuan" rules={[{ required: true }]}>
          <InputNumber min={0} precision={2} prefix="¥" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label={t('deliberation.project.happenedOn')} name="happenedOn" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          label={t('deliberation.project.photos')}
          extra={t('deliberation.project.photosHint', { n: photos.length })}
        >
          <Upload
            accept="image/jpeg,image/png,image/webp"
            showUploadList={false}
            disabled={photos.length >= 9}
            beforeUpload={async (file) => {
              setUploading(true);
              try {
                const id = await uploadMicroPhoto(file);
                setPhotos((ps) => [...ps, id]);
              } catch (err) {
                message.error(err instanceof Error ? err.message : String(err));
              } finally {
                setUploading(false);
              }
              return false;
            }}
          >
            <Button loading={uploading}>{t('deliberation.project.addPhoto')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </FormModal>
  );
}
