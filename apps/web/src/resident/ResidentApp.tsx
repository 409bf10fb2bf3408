/**
 * 共治·居民: the residents' phone pages under /r (H5, 360 px and up): my points and history,
 * claims (申报), the points store (积分超市) and my orders, rankings and 公示, the duty posts
 * of party members, and 议事协商 (topics, votes, meetings, 民生微实事, my notices). Online only — no service worker, nothing kept on the phone; the grid
 * workers' offline app is src/mobile. Lazily loaded as one chunk.
 */
import '../mobile/compat.ts';
import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import CaseDetailPage from './cases/CaseDetailPage.tsx';
import MyCasesPage from './cases/MyCasesPage.tsx';
import CaseReportPage from './cases/ReportPage.tsx';
import BudgetPage from './deliberation/BudgetPage.tsx';
import BudgetsPage from './deliberation/BudgetsPage.tsx';
import DeliberationHomePage from './deliberation/DeliberationHomePage.tsx';
import MeetingPage from './deliberation/MeetingPage.tsx';
import MeetingsPage from './deliberation/MeetingsPage.tsx';
import NoticesPage from './deliberation/NoticesPage.tsx';
import ProposeProjectPage from './deliberation/ProposeProjectPage.tsx';
import ProposeTopicPage from './deliberation/ProposeTopicPage.tsx';
import TopicPage from './deliberation/TopicPage.tsx';
import VerifyPage from './deliberation/VerifyPage.tsx';
import VotePage from './deliberation/VotePage.tsx';
import { ResidentShell } from './layout.tsx';
import ClaimFormPage from './pages/ClaimFormPage.tsx';
import ClaimsPage from './pages/ClaimsPage.tsx';
import HomePage from './pages/HomePage.tsx';
import MePage from './pages/MePage.tsx';
import OrdersPage from './pages/OrdersPage.tsx';
import PartyPage from './pages/PartyPage.tsx';
import PublicationPage from './pages/PublicationPage.tsx';
import RankingsPage from './pages/RankingsPage.tsx';
import StorePage from './pages/StorePage.tsx';
import './resident.css';
import { ResidentSession } from './session.tsx';

export default function ResidentApp() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <div className="gzr-app">
        <ResidentSession>
          <Routes>
            <Route element={<ResidentShell />}>
              <Route index element={<HomePage />} />
              <Route path="claims" element={<ClaimsPage />} />
              <Route path="claims/new" element={<ClaimFormPage />} />
              <Route path="store" element={<StorePage />} />
              <Route path="orders" element={<OrdersPage />} />
              <Route path="rankings" element={<RankingsPage />} />
              <Route path="publications/:id" element={<PublicationPage />} />
              <Route path="party" element={<PartyPage />} />
              <Route path="cases" element={<MyCasesPage />} />
              <Route path="cases/new" element={<CaseReportPage />} />
              <Route path="cases/:uid" element={<CaseDetailPage />} />
              <Route path="deliberation" element={<DeliberationHomePage />} />
              <Route path="deliberation/topics/new" element={<ProposeTopicPage />} />
              <Route path="deliberation/topics/:uid" element={<TopicPage />} />
              <Route path="deliberation/votes/:uid" element={<VotePage />} />
              <Route path="deliberation/votes/:uid/verify" element={<VerifyPage />} />
              <Route path="deliberation/meetings" element={<MeetingsPage />} />
              <Route path="deliberation/meetings/:uid" element={<MeetingPage />} />
              <Route path="deliberation/budgets" element={<BudgetsPage />} />
              <Route path="deliberation/budgets/:uid" element={<BudgetPage />} />
              <Route path="deliberation/budgets/:uid/propose" element={<ProposeProjectPage />} />
              <Route path="notices" element={<NoticesPage />} />
              <Route path="me" element={<MePage />} />
              <Route path="*" element={<Navigate to="/r" replace />} />
            </Route>
          </Routes>
        </ResidentSession>
      </div>
    </ConfigProvider>
  );
}
