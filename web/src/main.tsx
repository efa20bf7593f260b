import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
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

// The catalog is the first page; the track pages (React Flow, charts, KaTeX) load when opened.
const GraphPage = lazy(() => import('./pages/graph-page'));
const ListPage = lazy(() => import('./pages/list-page'));
const NodePage = lazy(() => import('./pages/node-page'));
const ReviewPage = lazy(() => import('./pages/review-page'));
const ExperimentsPage = lazy(() => import('./pages/experiments-page'));
const JournalPage = lazy(() => import('./pages/journal-page'));

applyStoredTheme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider>
      <BrowserRouter>
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
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ThemeProvider>
  </StrictMode>,
);
