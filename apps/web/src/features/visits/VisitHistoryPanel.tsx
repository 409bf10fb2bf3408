/**
 * 走访记录 on a person's or a household's page: their latest visits, each opening the diary
 * record. Shown only to those who may read visits; the server scopes the list as usual.
 */
import { Alert, Card, List, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { FindingTags } from './display.tsx';
import { useVisits } from './hooks.ts';

const SHOWN = 5;

export function VisitHistoryPanel({ person, household }: { person?: string; household?: string }) {
  const me = useSession();
  if (!can(me, 'visits:read') || !(person || household)) return null;
  return <Panel person={person} household={household} />;
}

function Panel({ person, household }: { person?: string; household?: string }) {
  const { t } = useTranslation();
  const visits = useVisits({ person, household, page: 1, pageSize: SHOWN });
  const total = visits.data?.total ?? 0;
  const more = new URLSearchParams(person ? { person } : { household: household ?? '' });

  return (
    <Card
      size="small"
      title={<h2 className="gz-card-title">{t('visits.panel.title')}</h2>}
      extra={total > SHOWN && <Link to={`/visits/diary?${more}`}>{t('visits.panel.more', { total })}</Link>}
    >
      {visits.isError ? (
        <Alert type="error" showIcon title={visits.error.message} />
      ) : (
        <List
          loading={visits.isPending}
          dataSource={visits.data?.items ?? []}
          locale={{ emptyText: t('visits.panel.empty') }}
          data-testid="visit-history"
          renderItem={(v) => (
            <List.Item>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={6}>
                  <Link to={`/visits/diary/${v.id}`}>
                    <time dateTime={v.visitedAt}>{formatTime(v.visitedAt)}</time>
                  </Link>
                  <Tag>{t(`visits.method.${v.method}`)}</Tag>
                  <span className="gz-muted">{v.worker.name}</span>
                  {v.conflict && <Tag color="red">{t('visits.diary.conflict')}</Tag>}
                </Space>
                <span className="gz-break">{v.summary.length > 120 ? `${v.summary.slice(0, 120)}…` : v.summary}</span>
                {v.findings.length > 0 && <FindingTags findings={v.findings} />}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
