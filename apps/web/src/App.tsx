/**
 * Routes of the 工作台. Every page is its own lazily loaded chunk, so the login screen does
 * not download the org tree or the audit table.
 */
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Route, Routes } from 'react-router-dom';
import { onSessionLost, onSessionRestricted } from './api/client.ts';
import { meKey } from './features/auth/hooks.ts';
import { FullPageSpin, RequirePermission, RequireSession } from './features/auth/session.tsx';
import { noteSessionLost } from './features/auth/sessionExit.ts';
import { Workbench } from './layout/Workbench.tsx';

const LoginPage = lazy(() => import('./features/auth/LoginPage.tsx'));
const TotpEnrolmentPage = lazy(() => import('./features/auth/TotpEnrolmentPage.tsx'));
const PasswordChangePage = lazy(() => import('./features/auth/PasswordChangePage.tsx'));
const HomePage = lazy(() => import('./pages/HomePage.tsx'));
const OrgPage = lazy(() => import('./features/org/OrgPage.tsx'));
const UsersPage = lazy(() => import('./features/users/UsersPage.tsx'));
const AuditPage = lazy(() => import('./features/audit/AuditPage.tsx'));
const RegistrySearchPage = lazy(() => import('./features/registry/SearchPage.tsx'));
const PersonPage = lazy(() => import('./features/registry/PersonPage.tsx'));
const HouseholdPage = lazy(() => import('./features/registry/HouseholdPage.tsx'));
const BuildingsPage = lazy(() => import('./features/registry/BuildingsPage.tsx'));
const BuildingPage = lazy(() => import('./features/registry/BuildingPage.tsx'));
const RegistryMapPage = lazy(() => import('./features/registry/MapPage.tsx'));
const RegistryImportPage = lazy(() => import('./features/registry/ImportPage.tsx'));
const RegistryTagsPage = lazy(() => import('./features/registry/TagsPage.tsx'));
const VisitCoveragePage = lazy(() => import('./features/visits/CoveragePage.tsx'));
const VisitOverduePage = lazy(() => import('./features/visits/OverduePage.tsx'));
const VisitDiaryPage = lazy(() => import('./features/visits/DiaryPage.tsx'));
const VisitPage = lazy(() => import('./features/visits/VisitPage.tsx'));
const VisitRulesPage = lazy(() => import('./features/visits/RulesPage.tsx'));
const PointsAccountsPage = lazy(() => import('./features/points/AccountsPage.tsx'));
const PointsAccountPage = lazy(() => import('./features/points/AccountPage.tsx'));
const PointsRulesPage = lazy(() => import('./features/points/RulesPage.tsx'));
const PointsReviewPage = lazy(() => import('./features/points/ReviewPage.tsx'));
const PointsStorePage = lazy(() => import('./features/points/StorePage.tsx'));
const PointsDeskPage = lazy(() => import('./features/points/DeskPage.tsx'));
const PointsRankingsPage = lazy(() => import('./features/points/RankingsPage.tsx'));
const PointsPartyPage = lazy(() => import('./features/points/PartyPage.tsx'));
const CasesConsolePage = lazy(() => import('./features/cases/ConsolePage.tsx'));
const CasesInboxPage = lazy(() => import('./features/cases/InboxPage.tsx'));
const CaseDetailPage = lazy(() => import('./features/cases/CaseDetailPage.tsx'));
const CasesSatisfactionPage = lazy(() => import('./features/cases/SatisfactionPage.tsx'));
const CasesAdminPage = lazy(() => import('./features/cases/AdminPage.tsx'));
const DeliberationOverviewPage = lazy(() => import('./features/deliberation/OverviewPage.tsx'));
const DeliberationTopicPage = lazy(() => import('./features/deliberation/TopicDetailPage.tsx'));
const DeliberationCouncilsPage = lazy(() => import('./features/deliberation/CouncilsPage.tsx'));
const DeliberationCouncilPage = lazy(() => import('./features/deliberation/CouncilPage.tsx'));
const DeliberationMeetingsPage = lazy(() => import('./features/deliberation/MeetingsPage.tsx'));
const DeliberationMeetingPage = lazy(() => import('./features/deliberation/MeetingPage.tsx'));
const DeliberationVotesPage = lazy(() => import('./features/deliberation/VotesPage.tsx'));
const DeliberationVotePage = lazy(() => import('./features/deliberation/VotePage.tsx'));
const DeliberationDrawsPage = lazy(() => import('./features/deliberation/DrawsPage.tsx'));
const DeliberationBudgetsPage = lazy(() => import('./features/deliberation/BudgetsPage.tsx'));
const DeliberationBudgetPage = lazy(() => import('./features/deliberation/BudgetPage.tsx'));
const DeliberationProceduresPage = lazy(() => import('./features/deliberation/ProceduresPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx'));
// 共治·网格通: the grid worker's phone app, its own frame and session gate (works offline).
const MobileApp = lazy(() => import('./mobile/MobileApp.tsx'));
// 共治·居民: residents' phone pages (points); the public 公示 board needs no sign-in.
const ResidentApp = lazy(() => import('./resident/ResidentApp.tsx'));
const PublicPublicationPage = lazy(() => import('./resident/PublicPublicationPage.tsx'));
// 办结公示: a community's resolved cases and a case by its receipt number, no sign-in.
const PublicCasesPage = lazy(() => import('./resident/cases/PublicBoardPage.tsx'));
const PublicCasePage = lazy(() => import('./resident/cases/PublicCasePage.tsx'));
// 议事公开栏 (决议公开, 实施结果公开), a published topic, a 民生微实事 budget, a draw re-run in the
// browser, a closed vote's ballot board: no sign-in.
const PublicDeliberationPage = lazy(() => import('./resident/deliberation/PublicBoardPage.tsx'));
const PublicTopicPage = lazy(() => import('./resident/deliberation/PublicTopicPage.tsx'));
const PublicBudgetPage = lazy(() => import('./resident/deliberation/PublicBudgetPage.tsx'));
const PublicDrawPage = lazy(() => import('./resident/deliberation/PublicDrawPage.tsx'));
const PublicBallotsPage = lazy(() => import('./resident/deliberation/PublicBallotsPage.tsx'));

/**
 * Reacts to the API client's session signals. A lost session clears the cached user; the
 * guard then sends the visitor to /login, which shows why.
 */
function SessionSignals() {
  const queryClient = useQueryClient();

  useEffect(() => {
    onSessionLost((err) => {
      noteSessionLost(err.message);
      queryClient.setQueryData(meKey, null);
    });
    // The guard reads Me again and sends the user to the step the session still owes.
    onSessionRestricted(() => void queryClient.invalidateQueries({ queryKey: meKey }));
  }, [queryClient]);
  return null;
}

export function App() {
  return (
    <>
      <SessionSignals />
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/m/*" element={<MobileApp />} />
          <Route path="/r/*" element={<ResidentApp />} />
          <Route path="/public/points/:uid" element={<PublicPublicationPage />} />
          <Route path="/public/cases" element={<PublicCasesPage />} />
          <Route path="/public/cases/:receiptNo" element={<PublicCasePage />} />
          <Route path="/public/deliberation" element={<PublicDeliberationPage />} />
          <Route path="/public/deliberation/topics/:uid" element={<PublicTopicPage />} />
          <Route path="/public/deliberation/budgets/:uid" element={<PublicBudgetPage />} />
          <Route path="/public/deliberation/draws/:uid" element={<PublicDrawPage />} />
          <Route path="/public/deliberation/votes/:uid" element={<PublicBallotsPage />} />
          <Route element={<RequireSession />}>
            <Route element={<Workbench />}>
              <Route index element={<HomePage />} />
              <Route path="security/totp" element={<TotpEnrolmentPage />} />
              <Route path="security/password" element={<PasswordChangePage />} />
              <Route
                path="org"
                element={
                  <RequirePermission permission="org:read">
                    <OrgPage />
                  </RequirePermission>
                }
              />
              <Route
                path="admin/users"
                element={
                  <RequirePermission permission="users:manage">
                    <UsersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="audit"
                element={
                  <RequirePermission permission="audit:read">
                    <AuditPage />
                  </RequirePermission>
                }
              />
              <Route path="registry">
                <Route
                  index
                  element={
                    <RequirePermission permission="registry:read">
                      <RegistrySearchPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="persons/:id"
                  element={
                    <RequirePermission permission="registry:read">
                      <PersonPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="households/:id"
                  element={
                    <RequirePermission permission="registry:read">
                      <HouseholdPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="buildings"
                  element={
                    <RequirePermission permission="registry:read">
                      <BuildingsPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="buildings/:id"
                  element={
                    <RequirePermission permission="registry:read">
                      <BuildingPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="map"
                  element={
                    <RequirePermission permission="registry:read">
                      <RegistryMapPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="import"
                  element={
                    <RequirePermission permission="registry:write">
                      <RegistryImportPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="tags"
                  element={
                    <RequirePermission permission="registry:admin">
                      <RegistryTagsPage />
                    </RequirePermission>
                  }
                />
              </Route>
              <Route path="visits">
                <Route
                  path="coverage"
                  element={
                    <RequirePermission permission="visits:read">
                      <VisitCoveragePage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="overdue"
                  element={
                    <RequirePermission permission="visits:read">
                      <VisitOverduePage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="diary"
                  element={
                    <RequirePermission permission="visits:read">
                      <VisitDiaryPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="diary/:id"
                  element={
                    <RequirePermission permission="visits:read">
                      <VisitPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="rules"
                  element={
                    <RequirePermission permission="visits:read">
                      <VisitRulesPage />
                    </RequirePermission>
                  }
                />
              </Route>
              <Route path="points">
                <Route
                  path="accounts"
                  element={
                    <RequirePermission permission="points:read">
                      <PointsAccountsPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="accounts/:id"
                  element={
                    <RequirePermission permission="points:read">
                      <PointsAccountPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="rules"
                  element={
                    <RequirePermission permission="points:read">
                      <PointsRulesPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="review"
                  element={
                    <RequirePermission permission="points:review">
                      <PointsReviewPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="store"
                  element={
                    <RequirePermission permission="points:read">
                      <PointsStorePage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="desk"
                  element={
                    <RequirePermission permission="points:review">
                      <PointsDeskPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="rankings"
                  element={
                    <RequirePermission permission="points:read">
                      <PointsRankingsPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="party"
                  element={
                    <RequirePermission permission="points:read">
                      <PointsPartyPage />
                    </RequirePermission>
                  }
                />
              </Route>
              <Route path="cases">
                <Route
                  index
                  element={
                    <RequirePermission permission="cases:read">
                      <CasesConsolePage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="inbox"
                  element={
                    <RequirePermission permission="cases:handle">
                      <CasesInboxPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="satisfaction"
                  element={
                    <RequirePermission permission="cases:read">
                      <CasesSatisfactionPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="admin"
                  element={
                    <RequirePermission permission="cases:admin">
                      <CasesAdminPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path=":uid"
                  element={
                    <RequirePermission permission="cases:read">
                      <CaseDetailPage />
                    </RequirePermission>
                  }
                />
              </Route>
              {/* 议事协商: topics and their procedures, councils (7+X), meetings, votes, draws, 民生微实事. */}
              <Route path="deliberation">
                <Route
                  index
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationOverviewPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="topics/:uid"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationTopicPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="councils"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationCouncilsPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="councils/:uid"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationCouncilPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="meetings"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationMeetingsPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="meetings/:uid"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationMeetingPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="votes"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationVotesPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="votes/:uid"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationVotePage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="draws"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationDrawsPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="budgets"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationBudgetsPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="budgets/:uid"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationBudgetPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="procedures"
                  element={
                    <RequirePermission permission="deliberation:read">
                      <DeliberationProceduresPage />
                    </RequirePermission>
                  }
                />
              </Route>
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </>
  );
}
