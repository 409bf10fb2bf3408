/**
 * 我的通知: the in-app notices sent to me (会议通知 and the rest), newest first, unread ones
 * marked. Opening one marks it read and goes to the page it names; 全部已读 marks them all.
 */
import type { Notice } from '@gongzhi/api';
import { Button, Toast } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { newKey } from '../write-key.ts';
import './deliberation.css';
import { useMyNotices, useReadAllNotices, useReadNotice } from './notice-hooks.ts';

/** Only links inside the app are followed; anything else stays on this page. */
function inAppLink(link: string | null): string | null {
  return link && /^\/(r|public)\//.test(link) ? link : null;
}

function NoticeRow({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const read = useReadNotice();
  const target = inAppLink(notice.link);
  const open = () => {
    if (!notice.readAt) read.mutate({ uid: notice.uid, key: newKey('notice-read') });
    if (target) navigate(target);
  };
  return (
    <li
      className={`gzd-row${notice.readAt ? '' : ' gzd-unread'}`}
      data-testid="r-notice"
      data-kind={notice.kind}
      data-read={notice.readAt ? 'true' : 'false'}
    >
      <button type="button" className="gzd-row-link gzd-row-button" onClick={open}>
        <span className="gzr-row-body">
          <span className="gzr-row-title">
            {notice.title}
            {!notice.readAt && <span className="gzr-sr-only">{t('residentDeliberation.notices.unreadMark')}</span>}
          </span>
          {notice.body && <span className="gzr-row-meta">{notice.body}</span>}
          <span className="gzr-row-meta">
            <time dateTime={notice.createdAt}>{formatTime(notice.createdAt)}</time>
          </span>
        </span>
        {target && <RightOutline aria-hidden="true" className="gzc-arrow" />}
      </button>
    </li>
  );
}

export default function NoticesPage() {
  const { t } = useTranslation();
  const notices = useMyNotices();
  const readAll = useReadAllNotices();
  const rows = notices.data?.pages.flatMap((p) => p.items) ?? [];
  const total = notices.data?.pages[0]?.total ?? 0;
  const unread = notices.data?.pages[0]?.unread ?? 0;

  const markAll = async () => {
    try {
      await readAll.mutateAsync({ key: newKey('notice-read-all') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };

  return (
    <ResidentPage title={t('residentDeliberation.notices.title')} back="/r" testId="r-notices">
      <section aria-labelledby="r-notices-list" className="gzr-section" style={{ paddingLeft: 0, paddingRight: 0 }}>
        <div className="gzr-section-head gzr-pad">
          <h2 id="r-notices-list" className="gzr-h2">
            {t('residentDeliberation.notices.unread', { n: unread })}
          </h2>
          {unread > 0 && (
            <Button
              size="small"
              fill="outline"
              color="primary"
              loading={readAll.isPending}
              onClick={() => void markAll()}
              data-testid="r-notices-read-all"
            >
              {t('residentDeliberation.notices.readAll')}
            </Button>
          )}
        </div>
        {notices.isPending ? (
          <Loading />
        ) : notices.isError ? (
          <LoadFailed error={notices.error} retry={() => void notices.refetch()} />
        ) : rows.length === 0 ? (
          <p className="gzr-empty">{t('residentDeliberation.notices.empty')}</p>
        ) : (
          <ul className="gzr-list" data-testid="r-notice-list">
            {rows.map((n) => (
              <NoticeRow key={n.uid} notice={n} />
            ))}
          </ul>
        )}
        {notices.hasNextPage && (
          <div className="gzr-actions">
            <Button
              block
              fill="outline"
              loading={notices.isFetchingNextPage}
              onClick={() => void notices.fetchNextPage()}
            >
              {t('resident.loadMore', { shown: rows.length, total })}
            </Button>
          </div>
        )}
      </section>
    </ResidentPage>
  );
}
