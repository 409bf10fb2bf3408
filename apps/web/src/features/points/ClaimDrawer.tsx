/**
 * One claim in the review drawer: who claims what under which rule version, the day of the
 * deed, their words, the photos and the witness, what evidence the rule asks for that is
 * missing, and the timeline. A pending claim is decided here: 通过 (the points are posted to
 * the account the rule credits), 驳回 with a reason the resident sees, or 要求补充 with a note
 * saying what to add.
 */
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  Skeleton,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { ClaimStatusTag, EvidenceTags, Points } from './display.tsx';
import { type Claim, type ClaimDecision, photoUrl, useClaim, useDecideClaim } from './hooks-claims.ts';

type Mode = ClaimDecision['action'];

export function ClaimDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const claim = useClaim(id);
  const me = useSession();
  const [deciding, setDeciding] = useState<Mode | null>(null);
  const c = claim.data;
  const decidable = c?.status === 'pending' && can(me, 'points:review');

  return (
    <Drawer
      open
      size="large"
      title={t('points.claims.drawerTitle')}
      onClose={onClose}
      closable={{ 'aria-label': t('points.claims.close') }}
      data-testid="claim-drawer"
      footer={
        decidable && (
          <Space wrap>
            <Button type="primary" onClick={() => setDeciding('approve')} data-testid="claim-approve">
              {t('points.claims.approve')}
            </Button>
            <Button onClick={() => setDeciding('request-info')} data-testid="claim-request-info">
              {t('points.claims.requestInfo')}
            </Button>
            <Button danger onClick={() => setDeciding('reject')} data-testid="claim-reject">
              {t('points.claims.reject')}
            </Button>
          </Space>
        )
      }
    >
      {claim.isPending && <Skeleton active />}
      {claim.isError && <Alert type="error" showIcon title={claim.error.message} />}
      {c && <ClaimBody claim={c} />}
      {c && deciding && <DecisionModal claim={c} mode={deciding} onClose={() => setDeciding(null)} />}
    </Drawer>
  );
}

function ClaimBody({ claim: c }: { claim: Claim }) {
  const { t } = useTranslation();
  const me = useSession();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <ClaimStatusTag status={c.status} testId="claim-status" />
        <span className="gz-muted">{t(`points.common.claimSource.${c.source}`)}</span>
      </Space>
      {c.status === 'needs_info' && <Alert type="info" showIcon title={t('points.claims.waitingForResident')} />}
      {c.missing.length > 0 && c.status === 'pending' && (
        <Alert
          type="warning"
          showIcon
          title={t('points.claims.missing')}
          description={<EvidenceTags evidence={c.missing} />}
          data-testid="claim-missing"
        />
      )}
      <Descriptions column={1} size="small" styles={{ label: { whiteSpace: 'nowrap' } }} bordered>
        <Descriptions.Item label={t('points.claims.person')}>
          <div>
            {can(me, 'registry:read') ? (
              <Link to={`/registry/persons/${c.person.id}`}>{c.person.name}</Link>
            ) : (
              c.person.name
            )}
          </div>
          <div className="gz-muted">{c.grid?.name ?? c.community.name}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('points.claims.rule')}>
          <Space orientation="vertical" size={2}>
            <span data-testid="claim-rule">
              {c.rule.title} <Points value={c.rule.points} />
            </span>
            <span className="gz-muted" style={{ fontSize: 12 }}>
              {t('points.claims.ruleVersion', {
                code: c.rule.code,
                version: c.rule.version,
                appliesTo: t(`points.common.appliesTo.${c.rule.appliesTo}`),
              })}
            </span>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('points.claims.evidenceAsked')}>
          <EvidenceTags evidence={c.rule.evidence} />
        </Descriptions.Item>
        <Descriptions.Item label={t('points.claims.occurredOn')}>{c.occurredOn}</Descriptions.Item>
        <Descriptions.Item label={t('points.claims.description')}>
          <span className="gz-points-text" data-testid="claim-description">
            {c.description}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('points.claims.witness')}>{c.witness || t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('points.claims.claimedBy')}>{c.claimedBy}</Descriptions.Item>
        {c.reviewedBy && (
          <Descriptions.Item label={t('points.claims.reviewedBy')}>
            {c.reviewedBy}
            {c.reviewedAt && <span className="gz-muted"> · {formatTime(c.reviewedAt)}</span>}
            {c.reviewNote && <div className="gz-points-text">{c.reviewNote}</div>}
          </Descriptions.Item>
        )}
        {c.transfer && (
          <Descriptions.Item label={t('points.claims.posted')}>
            <Points value={c.transfer.amount} testId="claim-posted" />
          </Descriptions.Item>
        )}
      </Descriptions>
      <section aria-label={t('points.claims.photos')}>
        <h3 className="gz-card-title">{t('points.claims.photos')}</h3>
        <Photos ids={c.photoIds} />
      </section>
      <section aria-label={t('points.claims.timeline')}>
        <h3 className="gz-card-title">{t('points.claims.timeline')}</h3>
        <Timeline
          data-testid="claim-timeline"
          items={c.timeline.map((e) => ({
            key: `${e.at}:${e.action}`,
            content: (
              <Space orientation="vertical" size={2}>
                <span>
                  <strong>{t(`points.common.claimAction.${e.action}`)}</strong> · {e.actor}
                </span>
                <span className="gz-muted" style={{ fontSize: 12 }}>
                  {formatTime(e.at)}
                </span>
                {e.note && <span className="gz-points-text">{e.note}</span>}
                {/* The claim's own photos are shown above; later events carry what was added. */}
                {e.action !== 'submitted' && e.photos.length > 0 && <Photos ids={e.photos} />}
              </Space>
            ),
          }))}
        />
      </section>
    </Space>
  );
}

function Photos({ ids }: { ids: readonly string[] }) {
  const { t } = useTranslation();
  if (ids.length === 0) return <span className="gz-muted">{t('points.claims.noPhotos')}</span>;
  return (
    <Image.PreviewGroup>
      <div className="gz-points-photos" data-testid="claim-photos">
        {ids.map((id, i) => (
          <Image
            key={id}
            src={photoUrl(id)}
            width={120}
            height={120}
            alt={t('points.claims.photoAlt', { n: i + 1, total: ids.length })}
          />
        ))}
      </div>
    </Image.PreviewGroup>
  );
}

/** The decision's own small form: an optional note to approve, a reason to reject, a note to ask for more. */
function DecisionModal({ claim, mode, onClose }: { claim: Claim; mode: Mode; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const showError = useFormErrors(form);
  const decide = useDecideClaim();
  const required = mode !== 'approve';
  const field = mode === 'reject' ? 'reason' : 'note';

  const onFinish = ({ text }: { text?: string }) => {
    const value = text?.trim() ?? '';
    const decision: ClaimDecision =
      mode === 'approve'
        ? { action: 'approve', note: value || undefined }
        : mode === 'reject'
          ? { action: 'reject', reason: value }
          : { action: 'request-info', note: value };
    decide.mutate(
      { id: claim.id, decision },
      {
        onSuccess: (done) => {
          message.success(
            mode === 'approve'
              ? t('points.claims.approved', { points: done.transfer?.amount ?? claim.rule.points })
              : mode === 'reject'
                ? t('points.claims.rejected')
                : t('points.claims.infoRequested'),
          );
          onClose();
        },
        onError: showError,
      },
    );
  };

  return (
    <FormModal
      title={t(`points.claims.decide.${mode}.title`, { name: claim.person.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={decide.isPending}
      submitText={t(`points.claims.decide.${mode}.submit`)}
      submitTestId="decision-submit"
      danger={mode === 'reject'}
    >
      <Typography.Paragraph>
        {t(`points.claims.decide.${mode}.body`, {
          points: claim.rule.points > 0 ? `+${claim.rule.points}` : `−${Math.abs(claim.rule.points)}`,
          appliesTo: t(`points.common.appliesTo.${claim.rule.appliesTo}`),
          rule: claim.rule.title,
        })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          label={t(`points.claims.decide.${mode}.label`)}
          name="text"
          rules={[{ required, whitespace: true, message: t(`points.claims.decide.${mode}.required`) }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid={`decision-${field}`} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
