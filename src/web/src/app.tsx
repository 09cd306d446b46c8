import { useCallback, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { Outlet, useOutletContext, useParams, useRoutes, type Params, type RouteObject } from 'react-router';
import { api, ApiError, getWorkspaceId, setCsrfToken, setUnauthorizedHandler, setWorkspaceId } from './api';
import { useDocumentTitle } from './components/document-title';
import { ErrorBanner } from './components/error-banner';
import { homeSection, Shell, type ShellOutlet } from './components/shell';
import { AccountPage } from './pages/account-page';
import { AlertPage } from './pages/alert-page';
import { AlertsPage } from './pages/alerts-page';
import { BrandsPage } from './pages/brands-page';
import { CasePage } from './pages/case-page';
import { AmbassadorsPage } from './pages/customers/ambassadors-page';
import { CustomerImportPage } from './pages/customers/customer-import-page';
import { CustomerPage } from './pages/customers/customer-page';
import { CustomersPage } from './pages/customers/customers-page';
import { LifecyclePage } from './pages/customers/lifecycle-page';
import { MomentsPage } from './pages/customers/moments-page';
import { SegmentsPage } from './pages/customers/segments-page';
import { SuggestionsPage } from './pages/customers/suggestions-page';
import { OutreachPage } from './pages/outreach/outreach-page';
import { ReviewRequestsPage } from './pages/review-requests/review-requests-page';
import { SurveyBuilderPage } from './pages/surveys/survey-builder-page';
import { SurveyResultsPage } from './pages/surveys/survey-results-page';
import { SurveySharePage } from './pages/surveys/survey-share-page';
import { SurveysPage } from './pages/surveys/surveys-page';
import { ExceptionsPage } from './pages/exceptions-page';
import { FeedbackDetailPage } from './pages/feedback-detail-page';
import { FeedbackPage } from './pages/feedback-page';
import { ImportPage } from './pages/import-page';
import { InboxPage } from './pages/inbox-page';
import { InvitationPage } from './pages/invitation-page';
import { JourneyPage } from './pages/journey-page';
import { KeysPage } from './pages/keys-page';
import { LoginPage } from './pages/login-page';
import { MeasuresPage } from './pages/measures-page';
import { MembersPage } from './pages/members-page';
import { BenchmarkPage } from './pages/metrics/benchmark-page';
import { DriversPage } from './pages/metrics/drivers-page';
import { OverviewPage } from './pages/metrics/overview-page';
import { ModelPage } from './pages/model-page';
import { NotificationSettingsPage } from './pages/notification-settings-page';
import { ResetPasswordPage } from './pages/reset-password-page';
import { SetupPage } from './pages/setup-page';
import { TeamsPage } from './pages/teams-page';
import { navigate, useLocation } from './router';
import type { Role, Session, WorkspaceSummary } from './types';
import { queryClient } from './use-resource';

type AuthState =
  | { phase: 'loading' }
  | { phase: 'failed'; error: unknown }
  | { phase: 'setup' }
  | { phase: 'login'; notice?: string }
  | { phase: 'ready'; session: Session; workspaceId: string | null };

/** The stored workspace when the user still belongs to it, else the first one. */
function pickWorkspace(workspaces: WorkspaceSummary[], preferred: string | null): string | null {
  const id = workspaces.find((w) => w.id === preferred)?.id ?? workspaces[0]?.id ?? null;
  setWorkspaceId(id);
  return id;
}

async function boot(): Promise<AuthState> {
  const { needed } = await api.setupNeeded();
  if (needed) return { phase: 'setup' };
  try {
    const session = await api.me();
    setCsrfToken(session.csrfToken);
    return { phase: 'ready', session, workspaceId: pickWorkspace(session.workspaces, getWorkspaceId()) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { phase: 'login' };
    throw error;
  }
}

/** What the root route hands its children: the session state and what changes it. */
export interface AuthOutlet {
  state: AuthState;
  /** Joined a workspace by an invitation: its session (maybe new) and that workspace. */
  joined: (session: Session, workspaceId: string) => void;
  passwordReset: () => void;
  logout: () => Promise<void>;
  selectWorkspace: (id: string) => void;
  addWorkspace: (workspace: WorkspaceSummary) => void;
}

/** Decides between setup, login and the dashboard, and owns the session and the selected workspace. */
export function App() {
  const [state, setState] = useState<AuthState>({ phase: 'loading' });
  const [section] = useLocation().segments;
  const mailed = SIGNED_OUT.some((r) => r.path === section);

  useEffect(() => {
    boot().then(setState, (error: unknown) => setState({ phase: 'failed', error }));
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      queryClient.clear();
      setState({ phase: 'login', notice: 'Your session has ended. Please log in again.' });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    queryClient.clear(); // nothing cached for whoever used this tab before
    setState({ phase: 'ready', session, workspaceId: pickWorkspace(session.workspaces, getWorkspaceId()) });
  }, []);

  const joined = useCallback((session: Session, workspaceId: string) => {
    setCsrfToken(session.csrfToken);
    setWorkspaceId(workspaceId);
    setState({ phase: 'ready', session, workspaceId });
    navigate('/feedback', { replace: true });
  }, []);

  const passwordReset = useCallback(() => {
    setCsrfToken(null);
    queryClient.clear();
    navigate('/', { replace: true });
    setState({
      phase: 'login',
      notice: 'Your new password is set and every session has ended. Log in with it.',
    });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      setState({ phase: 'login', notice: 'You have logged out.' });
    }
  }, []);

  const selectWorkspace = useCallback((id: string) => {
    setWorkspaceId(id);
    setState((s) => (s.phase === 'ready' ? { ...s, workspaceId: id } : s));
  }, []);

  const addWorkspace = useCallback((workspace: WorkspaceSummary) => {
    setWorkspaceId(workspace.id);
    setState((s) =>
      s.phase === 'ready'
        ? {
            ...s,
            session: { ...s.session, workspaces: [...s.session.workspaces, workspace] },
            workspaceId: workspace.id,
          }
        : s,
    );
  }, []);

  const outlet: AuthOutlet = { state, joined, passwordReset, logout, selectWorkspace, addWorkspace };
  const signedOutPage = mailed && (state.phase === 'login' || state.phase === 'ready');
  useDocumentTitle(
    signedOutPage
      ? undefined
      : { loading: null, failed: 'Not reachable', setup: 'Set up', login: 'Log in', ready: undefined }[
          state.phase
        ],
  );
  if (signedOutPage) return <Outlet context={outlet} />;

  switch (state.phase) {
    case 'loading':
      return (
        <div className="center-screen" aria-busy="true">
          <span className="spinner" aria-label="Loading" />
        </div>
      );
    case 'failed':
      return (
        <div className="center-screen">
          <div className="auth-card">
            <h1 className="auth-title">Touchpoint is not reachable</h1>
            <ErrorBanner error={state.error} />
            <button className="btn btn-primary" type="button" onClick={() => window.location.reload()}>
              Try again
            </button>
          </div>
        </div>
      );
    case 'setup':
      return <SetupPage onDone={signedIn} />;
    case 'login':
      return <LoginPage onLoggedIn={signedIn} notice={state.notice} />;
    case 'ready':
      return <Outlet context={outlet} />;
  }
}

/** The signed-in layout around every page route. */
function SignedIn() {
  const { state, selectWorkspace, addWorkspace, joined, logout } = useOutletContext<AuthOutlet>();
  if (state.phase !== 'ready') return null;
  return (
    <Shell
      session={state.session}
      workspaceId={state.workspaceId}
      onSelectWorkspace={selectWorkspace}
      onWorkspaceCreated={addWorkspace}
      onJoined={joined}
      onLogout={logout}
    />
  );
}

function InvitationRoute() {
  const { state, joined } = useOutletContext<AuthOutlet>();
  const { query } = useLocation();
  useDocumentTitle('Invitation');
  return (
    <InvitationPage
      token={query.get('token') ?? ''}
      session={state.phase === 'ready' ? state.session : null}
      onAccepted={joined}
    />
  );
}

function ResetPasswordRoute() {
  const { passwordReset } = useOutletContext<AuthOutlet>();
  const { query } = useLocation();
  useDocumentTitle('Reset password');
  return <ResetPasswordPage token={query.get('token')} onDone={passwordReset} />;
}

/** What a page route's render function gets: who is signed in, their role here, the URL's params. */
export interface PageContext {
  session: Session;
  role: Role;
  userId: string;
  onJoined: (session: Session, workspaceId: string) => void;
  params: Readonly<Params>;
}

function Routed({ render }: { render: (ctx: PageContext) => ReactNode }) {
  const { session, workspace, onJoined } = useOutletContext<ShellOutlet>();
  const params = useParams();
  // The shell renders workspace pages only with a workspace; the account page needs no role.
  const role = workspace?.role ?? 'viewer';
  return render({ session, role, userId: session.user.id, onJoined, params });
}

/** A page route's element: `render` gets the session, the role and the params. */
export function page(render: (ctx: PageContext) => ReactNode): ReactElement {
  return <Routed render={render} />;
}

const isAdmin = (role: Role) => role === 'admin' || role === 'owner';

function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        <a href="#/">Go to the home page</a>
      </p>
    </div>
  );
}

/**
 * The signed-in pages, by their path under `#/`. Add a page here (and, if it belongs in the
 * navigation, to NAV in components/shell.tsx): `{ path: 'heatmap', element: page(() => <HeatmapPage />) }`.
 */
export const PAGES: RouteObject[] = [
  {
    index: true,
    element: page(({ role, userId }) =>
      homeSection(role) === 'inbox' ? <InboxPage userId={userId} role={role} /> : <OverviewPage />,
    ),
  },
  { path: 'overview', element: page(() => <OverviewPage />) },
  { path: 'inbox', element: page(({ role, userId }) => <InboxPage userId={userId} role={role} />) },
  {
    path: 'cases/:id/*',
    element: page(({ role, userId, params }) => (
      <CasePage key={params.id} id={params.id ?? ''} userId={userId} role={role} />
    )),
  },
  { path: 'alerts', element: page(({ role }) => <AlertsPage role={role} />) },
  {
    path: 'alerts/:id/*',
    element: page(({ role, params }) => <AlertPage key={params.id} id={params.id ?? ''} role={role} />),
  },
  {
    path: 'settings/notifications',
    element: page(({ role }) => <NotificationSettingsPage isAdmin={isAdmin(role)} />),
  },
  { path: 'teams', element: page(({ role }) => <TeamsPage canManage={isAdmin(role)} />) },
  { path: 'measures', element: page(() => <MeasuresPage />) },
  { path: 'exceptions', element: page(({ role, userId }) => <ExceptionsPage role={role} userId={userId} />) },
  { path: 'feedback', element: page(() => <FeedbackPage />) },
  // customers (issue #14): the fixed paths rank above `customers/:id`
  { path: 'customers', element: page(() => <CustomersPage />) },
  { path: 'customers/moments', element: page(() => <MomentsPage />) },
  { path: 'customers/lifecycle', element: page(() => <LifecyclePage />) },
  { path: 'customers/ambassadors', element: page(() => <AmbassadorsPage />) },
  { path: 'customers/suggestions', element: page(({ role }) => <SuggestionsPage role={role} />) },
  { path: 'customers/import', element: page(() => <CustomerImportPage />) },
  {
    path: 'customers/:id/*',
    element: page(({ role, params }) => <CustomerPage key={params.id} id={params.id ?? ''} role={role} />),
  },
  { path: 'segments', element: page(({ role }) => <SegmentsPage role={role} />) },
  // asking (issue #15): surveys, contact rules and the send log, review requests
  { path: 'surveys', element: page(({ role }) => <SurveysPage role={role} />) },
  { path: 'surveys/new', element: page(({ role }) => <SurveyBuilderPage id={null} role={role} />) },
  {
    path: 'surveys/:id',
    element: page(({ role, params }) => (
      <SurveyBuilderPage key={params.id} id={params.id ?? ''} role={role} />
    )),
  },
  {
    path: 'surveys/:id/share',
    element: page(({ role, params }) => <SurveySharePage key={params.id} id={params.id ?? ''} role={role} />),
  },
  {
    path: 'surveys/:id/results',
    element: page(({ params }) => <SurveyResultsPage key={params.id} id={params.id ?? ''} />),
  },
  { path: 'outreach', element: page(({ role }) => <OutreachPage role={role} />) },
  { path: 'review-requests', element: page(({ role }) => <ReviewRequestsPage role={role} />) },
  {
    path: 'feedback/:id/*',
    element: page(({ role, params }) => (
      <FeedbackDetailPage key={params.id} id={params.id ?? ''} canCorrect={role !== 'viewer'} />
    )),
  },
  { path: 'brands', element: page(({ role }) => <BrandsPage canEdit={isAdmin(role)} />) },
  { path: 'journey', element: page(() => <JourneyPage />) },
  { path: 'drivers', element: page(() => <DriversPage />) },
  { path: 'benchmark', element: page(() => <BenchmarkPage />) },
  { path: 'import', element: page(() => <ImportPage />) },
  { path: 'model', element: page(({ role }) => <ModelPage canTrain={isAdmin(role)} />) },
  { path: 'keys', element: page(() => <KeysPage />) },
  { path: 'members', element: page(({ role, userId }) => <MembersPage role={role} userId={userId} />) },
  {
    path: 'account',
    element: page(({ session, onJoined }) => <AccountPage session={session} onJoined={onJoined} />),
  },
  { path: '*', element: <NotFound /> },
];

/** The pages mailed links open (issue #11): shown signed in or not, without the shell. */
const SIGNED_OUT: RouteObject[] = [
  { path: 'invitation', element: <InvitationRoute /> },
  { path: 'reset-password', element: <ResetPasswordRoute /> },
];

/** Every route of the dashboard. */
export const ROUTES: RouteObject[] = [
  {
    path: '/',
    element: <App />,
    children: [...SIGNED_OUT, { element: <SignedIn />, children: PAGES }],
  },
];

/** The dashboard: the route that matches the URL (main.tsx renders it inside the hash router). */
export function AppRoutes() {
  return useRoutes(ROUTES);
}
