import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AuthProvider } from './auth';
import { AppLayout } from './components/app-layout';
import { CatalogPage } from './pages/catalog-page';
import { NotFoundPage } from './pages/not-found-page';
import { applyStoredTheme, ThemeProvider } from './theme';
import './styles/theme.css';
import './styles/base.css';
import './styles/top-bar.css';
import './styles/components.css';
import './styles/node.css';
import './styles/content.css';
import './styles/team.css';

// The catalog is the first page; the track pages (React Flow, charts, KaTeX) load when opened.
const GraphPage = lazy(() => import('./pages/graph-page'));
const ListPage = lazy(() => import('./pages/list-page'));
const NodePage = lazy(() => import('./pages/node-page'));
const ReviewPage = lazy(() => import('./pages/review-page'));
const ExperimentsPage = lazy(() => import('./pages/experiments-page'));
const JournalPage = lazy(() => import('./pages/journal-page'));
// Team mode's pages: only a team server's users open them.
const SignInPage = lazy(() => import('./pages/sign-in-page'));
const TeamPage = lazy(() => import('./pages/team-page'));
const CohortPage = lazy(() => import('./pages/cohort-page'));
const LearnerPage = lazy(() => import('./pages/learner-page'));

applyStoredTheme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider>
      <BrowserRouter>
        <AuthProvider>
          <Routes>
            <Route element={<AppLayout />}>
              <Route index element={<CatalogPage />} />
              <Route path="t/:track">
                <Route index element={<GraphPage />} />
                <Route path="list" element={<ListPage />} />
                <Route path="n/:node" element={<NodePage />} />
                <Route path="review" element={<ReviewPage />} />
                <Route path="experiments" element={<ExperimentsPage />} />
                <Route path="journal" element={<JournalPage />} />
              </Route>
              <Route path="sign-in" element={<SignInPage />} />
              <Route path="team">
                <Route index element={<TeamPage />} />
                <Route path=":cohort" element={<CohortPage />} />
                <Route path=":cohort/:learner" element={<LearnerPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </AuthProvider>
      </BrowserRouter>
    </ThemeProvider>
  </StrictMode>,
);
