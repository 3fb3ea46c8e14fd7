import {
  createBrowserRouter,
  createRoutesFromElements,
  Navigate,
  Route,
  RouterProvider,
  useRouteError,
} from "react-router-dom";

import { ErrorBoundary } from "./components/ErrorBoundary";
import { ErrorMessage } from "./components/ErrorMessage";
import { ToastProvider } from "./components/Toasts";
import { WorkflowEditorPage } from "./editor/WorkflowEditorPage";
import { Layout } from "./Layout";
import { OperationEditorPage } from "./operations/OperationEditorPage";
import { DashboardPage } from "./pages/DashboardPage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OperationsPage } from "./pages/OperationsPage";
import { RunsPage } from "./pages/RunsPage";
import { SettingsPage } from "./pages/SettingsPage";
import { UsersPage } from "./pages/UsersPage";
import { WorkflowsPage } from "./pages/WorkflowsPage";
import { ComparePage } from "./runs/ComparePage";
import { RunPage } from "./runs/RunPage";
import { SessionProvider } from "./session";

/** Signing in, then the frame of every page. */
function SessionRoot() {
  return (
    <SessionProvider
      login={(onLogin) => <LoginPage onLogin={onLogin} />}
      failed={(error, retry) => (
        <div className="page">
          <ErrorMessage error={error} title="PLynx could not start" />
          <button className="btn" style={{ marginTop: 12 }} onClick={retry}>
            Try again
          </button>
        </div>
      )}
    >
      <Layout />
    </SessionProvider>
  );
}

/** What a page that failed to render shows instead. */
function RouteError() {
  return (
    <div className="page">
      <ErrorMessage error={useRouteError()} title="This page failed" />
    </div>
  );
}

// A data router, so that pages with unsaved changes can block any navigation (useBlocker),
// the browser's Back and Forward included.
const router = createBrowserRouter(
  createRoutesFromElements(
    <Route element={<SessionRoot />} errorElement={<RouteError />}>
      <Route index element={<Navigate to="/workflows" replace />} />
      <Route path="workflows" element={<WorkflowsPage />} />
      <Route path="workflows/new" element={<WorkflowEditorPage />} />
      <Route path="workflows/:workflowId" element={<WorkflowEditorPage />} />
      <Route path="operations" element={<OperationsPage />} />
      <Route path="operations/new" element={<OperationEditorPage />} />
      <Route path="operations/:operationId" element={<OperationEditorPage />} />
      <Route path="runs" element={<RunsPage />} />
      <Route path="runs/compare" element={<ComparePage />} />
      <Route path="runs/:runId" element={<RunPage />} />
      <Route path="dashboard" element={<DashboardPage />} />
      <Route path="settings" element={<SettingsPage />} />
      <Route path="users" element={<UsersPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Route>,
  ),
);

export default function App() {
  return (
    <ErrorBoundary>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </ErrorBoundary>
  );
}
