/**
 * One 民情日记 record: who was visited and how, what was found, the photos and place, both
 * clocks (when the worker acted, on the device, and when it reached the server), what was
 * started from it, and every edit that reached the server. A record edited on two devices
 * says so in a banner with the rule that settled it, until the worker confirms they read it.
 */
import { VISIT_CONFLICT_RULE } from '@gongzhi/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Image,
  List,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { formatTime } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { can, useSession } from '../auth/session.tsx';
import { FINDING_COLOURS } from './display.tsx';
import { useAckConflict, useVisit, type VisitDetail } from './hooks.ts';

export default function VisitPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const visit = useVisit(id);

  if (visit.isPending) return <Skeleton active />;
  if (visit.isError) return <Alert type="error" showIcon title={visit.error.message} />;
  const v = visit.data;

  return (
    <>
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={1} className="gz-page-title" style={{ marginBottom: 0 }} data-testid="visit-title">
          {t('visits.detail.title', { date: formatTime(v.visitedAt).slice(0, 10) })}
        </Typography.Title>
        <Tag color="blue">{t(`visits.method.${v.method}`)}</Tag>
        {v.revision > 1 && <Tag>{t('visits.detail.revisionTag', { n: v.revision })}</Tag>}
      </Space>
      <div style={{ marginBottom: 12 }}>
        <Link to="/visits/diary">{t('visits.detail.back')}</Link>
      </div>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {v.conflict && <ConflictBanner visit={v} />}
        <Card title={<h2 className="gz-card-title">{t('visits.detail.basics')}</h2>} size="small">
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('visits.detail.household')}>
              {v.household ? (
                <Link to={`/registry/households/${v.household.id}`} className="gz-break">
                  {v.household.address ?? t('visits.detail.openHousehold')}
                </Link>
              ) : (
                t('common.none')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.persons')}>
              {v.persons.length === 0 ? (
                t('common.none')
              ) : (
                <Space size={[8, 0]} wrap data-testid="visit-persons">
                  {v.persons.map((p) => (
                    <Link key={p.id} to={`/registry/persons/${p.id}`}>
                      {p.name}
                    </Link>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.worker')}>{v.worker.name}</Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.grid')}>{v.grid.name}</Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.method')}>{t(`visits.method.${v.method}`)}</Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.visitedAt')}>
              <time dateTime={v.visitedAt} data-testid="visit-visited-at">
                {formatTime(v.visitedAt)}
              </time>
            </Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.recordedAt')}>
              <time dateTime={v.recordedAt}>{formatTime(v.recordedAt)}</time>
            </Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.receivedAt')}>
              <time dateTime={v.receivedAt} data-testid="visit-received-at">
                {formatTime(v.receivedAt)}
              </time>
            </Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.device')}>{v.deviceId ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.location')}>
              {v.location
                ? t('visits.detail.coordinates', { lng: v.location.lng.toFixed(6), lat: v.location.lat.toFixed(6) })
                : t('visits.detail.noLocation')}
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card title={<h2 className="gz-card-title">{t('visits.detail.summary')}</h2>} size="small">
          <Typography.Paragraph className="gz-visit-summary" style={{ margin: 0 }} data-testid="visit-summary">
            {v.summary}
          </Typography.Paragraph>
        </Card>

        <Card title={<h2 className="gz-card-title">{t('visits.detail.findings')}</h2>} size="small">
          <List
            dataSource={v.findings}
            locale={{ emptyText: t('visits.detail.noFindings') }}
            data-testid="visit-findings"
            renderItem={(f) => (
              <List.Item>
                <Space align="start">
                  <Tag color={FINDING_COLOURS[f.kind]}>{t(`visits.finding.${f.kind}`)}</Tag>
                  <span className="gz-break">{f.text}</span>
                </Space>
              </List.Item>
            )}
          />
        </Card>

        <Card title={<h2 className="gz-card-title">{t('visits.detail.photos')}</h2>} size="small">
          {v.photoIds.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.detail.noPhotos')} />
          ) : (
            <Image.PreviewGroup>
              <div className="gz-visit-photos" data-testid="visit-photos">
                {v.photoIds.map((photo, i) => (
                  <Image
                    key={photo}
                    src={`/api/visits/photos/${photo}`}
                    alt={t('visits.detail.photoAlt', { n: i + 1 })}
                    width={120}
                    height={120}
                  />
                ))}
              </div>
            </Image.PreviewGroup>
          )}
        </Card>

        <Card title={<h2 className="gz-card-title">{t('visits.detail.links')}</h2>} size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('visits.detail.case')}>{v.links.caseId ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('visits.detail.award')}>
              {v.links.awardId ?? t('common.none')}
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Revisions visit={v} />
      </Space>
    </>
  );
}

function ConflictBanner({ visit }: { visit: VisitDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const ack = useAckConflict();
  // The server lets the visit's own worker or a manager confirm, and only with visits:record.
  const mayAck = can(me, 'visits:record') && (visit.canEdit || can(me, 'visits:manage'));
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="visit-conflict"
      title={t('visits.detail.conflictTitle')}
      description={
        <>
          <p style={{ margin: 0 }} data-testid="visit-conflict-rule">
            {VISIT_CONFLICT_RULE[currentLanguage()]}
          </p>
          <p style={{ margin: 0 }}>{t('visits.detail.conflictHint')}</p>
        </>
      }
      action={
        mayAck && (
          <Button
            size="small"
            loading={ack.isPending}
            data-testid="visit-conflict-ack"
            onClick={() =>
              ack.mutate(visit.id, {
                onSuccess: () => void message.success(t('visits.detail.acked')),
                onError: (err) => void message.error(err instanceof ApiError ? err.message : t('errors.unexpected')),
              })
            }
          >
            {t('visits.detail.ack')}
          </Button>
        )
      }
    />
  );
}

function Revisions({ visit }: { visit: VisitDetail }) {
  const { t } = useTranslation();
  // Oldest first: the last edit applied is what the record shows now; an earlier applied one
  // was replaced by a later edit, an unapplied one arrived later but was made earlier on its device.
  const current = visit.revisions.map((r) => r.applied).lastIndexOf(true);
  const state = (applied: boolean, i: number) =>
    i === current ? 'current' : applied ? 'superseded' : ('notApplied' as const);
  const colours = { current: 'green', superseded: 'default', notApplied: 'orange' } as const;
  return (
    <Card title={<h2 className="gz-card-title">{t('visits.detail.revisions')}</h2>} size="small">
      {visit.revisions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.detail.noRevisions')} />
      ) : (
        <div data-testid="visit-revisions">
          <Timeline
            items={visit.revisions.map((r, i) => {
              const s = state(r.applied, i);
              return {
                key: i,
                color: s === 'current' ? 'green' : 'gray',
                content: (
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap size={6}>
                      <strong>
                        {r.baseRevision === 0
                          ? t('visits.detail.created')
                          : t('visits.detail.revisionFrom', { n: r.baseRevision })}
                      </strong>
                      <Tag color={colours[s]}>{t(`visits.detail.revisionState.${s}`)}</Tag>
                      <span>{t(`visits.method.${r.method}`)}</span>
                    </Space>
                    <span className="gz-muted">
                      {t('visits.detail.revisionTimes', {
                        device: r.deviceId ?? t('common.none'),
                        recorded: formatTime(r.recordedAt),
                        received: formatTime(r.receivedAt),
                      })}
                    </span>
                    <span className="gz-visit-summary">{r.summary}</span>
                    {r.findings.length > 0 && (
                      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                        {r.findings.map((f) => (
                          <li key={`${f.kind}:${f.text}`}>
                            {t(`visits.finding.${f.kind}`)}: {f.text}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Space>
                ),
              };
            })}
          />
        </div>
      )}
    </Card>
  );
}
