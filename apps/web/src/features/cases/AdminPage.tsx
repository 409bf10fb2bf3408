/**
 * 事件设置 (cases:admin): the category tree with time limits and default handlers, reply
 * templates, the working calendar, and Open311 clients — one tab each, the tab in the URL.
 */
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { CalendarTab } from './CalendarTab.tsx';
import { CategoriesTab } from './CategoriesTab.tsx';
import { Open311Tab } from './Open311Tab.tsx';
import { TemplatesTab } from './TemplatesTab.tsx';
import './cases.css';

const TABS = ['categories', 'templates', 'calendar', 'open311'] as const;
type AdminTab = (typeof TABS)[number];

export default function AdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: AdminTab = TABS.find((x) => x === params.get('tab')) ?? 'categories';
  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('cases.admin.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'categories' ? {} : { tab: k })}
        destroyOnHidden
        items={[
          { key: 'categories', label: t('cases.admin.tab.categories'), children: <CategoriesTab /> },
          { key: 'templates', label: t('cases.admin.tab.templates'), children: <TemplatesTab /> },
          { key: 'calendar', label: t('cases.admin.tab.calendar'), children: <CalendarTab /> },
          { key: 'open311', label: t('cases.admin.tab.open311'), children: <Open311Tab /> },
        ]}
      />
    </>
  );
}
