/** A unit's structural history: which units became which, when, by whom and why. */
import { ArrowRightOutlined } from '@ant-design/icons';
import type { OrgChange } from '@gongzhi/api';
import { Button, Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../i18n/format.ts';

const CHANGE_COLOURS: Record<OrgChange['kind'], string> = {
  create: 'green',
  rename: 'blue',
  move: 'purple',
  split: 'orange',
  merge: 'cyan',
  delete: 'red',
};

function UnitRefs({ units, onSelect }: { units: OrgChange['from']; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      {units.map((u, i) => (
        <span key={u.id}>
          {i > 0 && t('common.listSeparator')}
          <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onSelect(u.id)}>
            {u.name}
          </Button>{' '}
          <Typography.Text type="secondary">({u.code})</Typography.Text>
        </span>
      ))}
    </>
  );
}

export function UnitHistory({ history, onSelect }: { history: readonly OrgChange[]; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.history.empty')} />;

  return (
    <Timeline
      items={history.map((change) => ({
        key: change.id,
        color: CHANGE_COLOURS[change.kind],
        content: (
          <div>
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
              <Tag color={CHANGE_COLOURS[change.kind]} style={{ marginInlineEnd: 0 }}>
                {t(`org.change.${change.kind}`)}
              </Tag>
              <time dateTime={change.at}>{formatTime(change.at)}</time>
              <span>{t('org.history.by', { actor: change.actor })}</span>
            </div>
            {(change.from.length > 0 || change.to.length > 0) && (
              <div style={{ marginTop: 4 }}>
                {change.from.length > 0 && <UnitRefs units={change.from} onSelect={onSelect} />}
                {change.from.length > 0 && change.to.length > 0 && (
                  <ArrowRightOutlined aria-label={t('org.history.became')} style={{ margin: '0 6px' }} />
                )}
                {change.to.length > 0 && <UnitRefs units={change.to} onSelect={onSelect} />}
              </div>
            )}
            {change.reason && (
              <div style={{ marginTop: 4 }}>
                {t('org.history.reason')}: {change.reason}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
