/**
 * 人员档案 (活档案): one person as the register knows them — basics with masked numbers (and
 * 查看完整号码 for those allowed), where they live and their household, 人户分离, migrant
 * registration, tags with their basis, and the life-event timeline. Visits, cases and points
 * join this page when those modules exist; nothing stands in for them until then.
 */
import type { PersonProfile } from '@gongzhi/api';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Dropdown,
  Empty,
  List,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { PointsPanel } from '../points/display.tsx';
import { VisitHistoryPanel } from '../visits/VisitHistoryPanel.tsx';
import { Masked, PersonStatusTag } from './display.tsx';
import { usePerson } from './hooks.ts';
import { type PersonEventKind, PersonEventModal, UpdatePersonModal } from './PersonModals.tsx';
import { ResidentAccountPanel } from './ResidentAccountPanel.tsx';
import { RevealModal } from './RevealModal.tsx';
import { AddTagModal, EndTagModal } from './TagModals.tsx';

type Dialog =
  | { kind: 'reveal'; field: 'idNumber' | 'phone' }
  | { kind: 'event'; event: PersonEventKind }
  | { kind: 'correct' }
  | { kind: 'addTag' }
  | { kind: 'endTag'; id: string; name: string }
  | null;

export default function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const person = usePerson(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  if (person.isPending) return <Skeleton active />;
  if (person.isError) return <Alert type="error" showIcon title={person.error.message} />;
  const p = person.data;

  return (
    <>
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={1} className="gz-page-title" style={{ marginBottom: 0 }} data-testid="person-name">
          {p.name}
        </Typography.Title>
        <PersonStatusTag status={p.status} />
        {p.separation && p.separation !== 'consistent' && (
          <Tag color="gold" data-testid="person-separation">
            {t(`registry.separation.${p.separation}`)}
          </Tag>
        )}
        {p.partyMember && <Tag color="red">{t('registry.person.partyMember')}</Tag>}
      </Space>
      {p.canEdit && p.status === 'resident' && <PersonActions person={p} onOpen={setDialog} />}
      <Space orientation="vertical" size="middle" style={{ width: '100%', marginTop: 12 }}>
        <Card title={<h2 className="gz-card-title">{t('registry.profile.basics')}</h2>} size="small">
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('registry.person.gender')}>
              {p.gender ? t(`registry.gender.${p.gender}`) : t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.person.birthDate')}>
              {p.birthDate
                ? `${p.birthDate}${p.age !== null ? ` (${t('registry.person.age', { age: p.age })})` : ''}`
                : t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.person.idNumber')}>
              <Space wrap size={4}>
                <Masked value={p.idNumber} testId="person-id-number" />
                {p.canReveal && p.idNumber && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setDialog({ kind: 'reveal', field: 'idNumber' })}
                    data-testid="reveal-id-number"
                  >
                    {t('registry.reveal.button')}
                  </Button>
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.person.phone')}>
              <Space wrap size={4}>
                <Masked value={p.phone} testId="person-phone" />
                {p.canReveal && p.phone && (
                  <Button size="small" type="link" onClick={() => setDialog({ kind: 'reveal', field: 'phone' })}>
                    {t('registry.reveal.button')}
                  </Button>
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.person.ethnicity')}>
              {p.ethnicityName ?? t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.person.grid')}>{p.grid.name}</Descriptions.Item>
            <Descriptions.Item label={t('registry.person.address')} span={2}>
              {p.room ? (
                <Link to={`/registry/buildings/${p.room.buildingId}`} className="gz-break">
                  {p.room.address}
                </Link>
              ) : (
                (p.address ?? t('common.none'))
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.person.registeredAddress')} span={2}>
              <span className="gz-break">
                {p.registeredHere ? t('registry.person.registeredHere') : (p.registeredAddress ?? t('common.none'))}
              </span>
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card title={<h2 className="gz-card-title">{t('registry.profile.household')}</h2>} size="small">
          {p.household ? (
            <Space wrap>
              <Link to={`/registry/households/${p.household.id}`} data-testid="person-household-link">
                {t('registry.profile.openHousehold')}
              </Link>
              <span>
                {t('registry.household.relation')}: {p.household.relationName}
              </span>
            </Space>
          ) : (
            <span>{t('registry.profile.noHousehold')}</span>
          )}
        </Card>

        {p.migrant && (
          <Card title={<h2 className="gz-card-title">{t('registry.migrant.title')}</h2>} size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('registry.migrant.arrival')}>{p.migrant.arrivalDate}</Descriptions.Item>
              <Descriptions.Item label={t('registry.migrant.expected')}>
                {p.migrant.expectedDeparture ?? t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.migrant.actual')}>
                {p.migrant.actualDeparture ?? t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.migrant.origin')}>
                {p.migrant.origin ?? t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.migrant.reason')}>
                {p.migrant.reason ? migrantReason(p.migrant.reason, t) : t('common.none')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        )}

        <Card
          title={<h2 className="gz-card-title">{t('registry.profile.tags')}</h2>}
          size="small"
          extra={
            p.canEdit && (
              <Button size="small" onClick={() => setDialog({ kind: 'addTag' })} data-testid="add-tag-button">
                {t('registry.tag.add')}
              </Button>
            )
          }
        >
          <div data-testid="person-tags">
            <List
              dataSource={p.tags}
              locale={{ emptyText: t('registry.tag.none') }}
              renderItem={(tag) => (
                <List.Item
                  actions={
                    p.canEdit && !tag.endDate
                      ? [
                          <Button
                            key="end"
                            size="small"
                            type="link"
                            onClick={() => setDialog({ kind: 'endTag', id: tag.id, name: tag.name })}
                            aria-label={t('registry.tag.endFor', { name: tag.name })}
                          >
                            {t('registry.tag.end')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <Space orientation="vertical" size={0}>
                    <Space size={4} wrap>
                      <Tag color={tag.endDate ? 'default' : 'orange'}>{tag.name}</Tag>
                      {tag.sensitive && <Tag>{t('registry.tag.sensitive')}</Tag>}
                    </Space>
                    <span className="gz-muted">
                      {t('registry.tag.period', { from: tag.startDate, to: tag.endDate ?? t('registry.tag.ongoing') })}
                      {' · '}
                      {t('registry.tag.sourceIs', { source: tag.source })}
                      {tag.setBy ? ` · ${t('registry.tag.setBy', { name: tag.setBy })}` : ''}
                    </span>
                    {tag.note && <span className="gz-muted">{tag.note}</span>}
                  </Space>
                </List.Item>
              )}
            />
          </div>
        </Card>

        <VisitHistoryPanel person={p.id} />
        <PointsPanel person={p} />
        <ResidentAccountPanel person={p.id} active={p.status === 'resident'} />
        <Card title={<h2 className="gz-card-title">{t('registry.profile.events')}</h2>} size="small">
          {p.events.length === 0 ? (
            <Empty description={t('registry.event.none')} />
          ) : (
            <Timeline
              items={p.events.map((e) => ({
                key: e.id,
                content: (
                  <>
                    <strong>{e.effectiveDate}</strong> {e.name}
                    {e.address && <div className="gz-muted gz-break">{e.address}</div>}
                    {e.note && <div>{e.note}</div>}
                    <div className="gz-muted" style={{ fontSize: 12 }}>
                      {t('registry.event.recordedBy', {
                        name: e.recordedBy ?? t('audit.system'),
                        at: formatTime(e.recordedAt),
                      })}
                    </div>
                  </>
                ),
              }))}
            />
          )}
        </Card>
      </Space>

      {dialog?.kind === 'reveal' && (
        <RevealModal personId={p.id} name={p.name} initialField={dialog.field} onClose={close} />
      )}
      {dialog?.kind === 'event' && <PersonEventModal person={p} event={dialog.event} onClose={close} />}
      {dialog?.kind === 'correct' && <UpdatePersonModal person={p} onClose={close} />}
      {dialog?.kind === 'addTag' && (
        <AddTagModal personId={p.id} held={p.tags.filter((x) => !x.endDate).map((x) => x.code)} onClose={close} />
      )}
      {dialog?.kind === 'endTag' && <EndTagModal personTagId={dialog.id} name={dialog.name} onClose={close} />}
    </>
  );
}

function migrantReason(reason: string, t: TFunction): string {
  const known = ['work', 'business', 'study', 'family', 'other'] as const;
  const k = known.find((x) => x === reason);
  return k ? t(`registry.migrant.reasons.${k}`) : reason;
}

function PersonActions({ person, onOpen }: { person: PersonProfile; onOpen: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const events: PersonEventKind[] =
    person.migrant && !person.migrant.actualDeparture
      ? ['migrant_departure', 'move_out', 'death']
      : ['move_out', 'death'];
  const items: { key: PersonEventKind; label: ReactNode; danger?: boolean }[] = events.map((e) => ({
    key: e,
    label: t(`registry.event.kind.${e}`),
    danger: e === 'death',
  }));
  return (
    <Space wrap>
      <Button onClick={() => onOpen({ kind: 'correct' })} data-testid="correct-button">
        {t('registry.correct.button')}
      </Button>
      <Dropdown
        trigger={['click']}
        menu={{ items, onClick: ({ key }) => onOpen({ kind: 'event', event: key as PersonEventKind }) }}
      >
        <Button data-testid="person-event-button">{t('registry.event.record')}</Button>
      </Dropdown>
    </Space>
  );
}
