/**
 * 共治·网格通: the grid worker's phone app under /m (H5, installable, works offline).
 * Outside the PC 工作台 layout: its own session gate (session.tsx), its own data kept in
 * IndexedDB (store.ts), its own frame with a bottom navigation. Lazily loaded as one chunk
 * that the service worker keeps.
 */
import './compat.ts';
import { ConfigProvider, SpinLoading } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { MobileData } from './data.tsx';
import { MobileShell } from './layout.tsx';
import { chinaMonth, prefetchList } from './list.ts';
import './mobile.css';
import CardPage from './pages/CardPage.tsx';
import ListPage from './pages/ListPage.tsx';
import MePage from './pages/MePage.tsx';
import RecordPage from './pages/RecordPage.tsx';
import SyncPage from './pages/SyncPage.tsx';
import { MobileSession } from './session.tsx';
import { registerServiceWorker } from './sw-register.ts';

// 上报事件 (cases) is its own chunk: the must-visit list's first load under a weak signal stays as small as it was.
const ReportCasePage = lazy(() => import('./cases/ReportCasePage.tsx'));

export default function MobileApp() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    prefetchList(chinaMonth(new Date()));
    registerServiceWorker();
  }, []);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <div className="gzm-app">
        <MobileSession>
          <MobileData>
            <Routes>
              <Route element={<MobileShell />}>
                <Route index element={<ListPage />} />
                <Route path="items/:dueId" element={<CardPage />} />
                <Route path="items/:dueId/record" element={<RecordPage />} />
                <Route path="records/:visitId" element={<RecordPage />} />
                <Route
                  path="cases/new"
                  element={
                    <Suspense
                      fallback={
                        <div className="gzm-center" aria-busy="true">
                          <SpinLoading aria-label={t('common.loading')} />
                        </div>
                      }
                    >
                      <ReportCasePage />
                    </Suspense>
                  }
                />
                <Route path="sync" element={<SyncPage />} />
                <Route path="me" element={<MePage />} />
                <Route path="*" element={<Navigate to="/m" replace />} />
              </Route>
            </Routes>
          </MobileData>
        </MobileSession>
      </div>
    </ConfigProvider>
  );
}
