import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, getWorkspaceId, setCsrfToken, setUnauthorizedHandler, setWorkspaceId } from './api';
import { useDocumentTitle } from './components/document-title';
import { ErrorBanner } from './components/error-banner';
import { Shell } from './components/shell';
import { InvitationPage } from './pages/invitation-page';
import { LoginPage } from './pages/login-page';
import { ResetPasswordPage } from './pages/reset-password-page';
import { SetupPage } from './pages/setup-page';
import { navigate, useLocation } from './router';
import type { Session, WorkspaceSummary } from './types';

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

/** Decides between setup, login and the dashboard, and owns the session and the selected workspace. */
export function App() {
  const [state, setState] = useState<AuthState>({ phase: 'loading' });
  const location = useLocation();

  useEffect(() => {
    boot().then(setState, (error: unknown) => setState({ phase: 'failed', error }));
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setState({ phase: 'login', notice: 'Your session has ended. Please log in again.' });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ phase: 'ready', session, workspaceId: pickWorkspace(session.workspaces, getWorkspaceId()) });
  }, []);

  /** Joined a workspace by an invitation: its session (maybe new) and that workspace. */
  const joined = useCallback((session: Session, workspaceId: string) => {
    setCsrfToken(session.csrfToken);
    setWorkspaceId(workspaceId);
    setState({ phase: 'ready', session, workspaceId });
    navigate('/feedback', { replace: true });
  }, []);

  const passwordReset = useCallback(() => {
    setCsrfToken(null);
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

  // The pages mailed links open (issue #11), signed in or not.
  const [page] = location.segments;
  const mailed = state.phase === 'login' || state.phase === 'ready' ? page : undefined;
  useDocumentTitle(
    mailed === 'invitation'
      ? 'Invitation'
      : mailed === 'reset-password'
        ? 'Reset password'
        : { loading: null, failed: 'Not reachable', setup: 'Set up', login: 'Log in', ready: undefined }[
            state.phase
          ],
  );
  if (state.phase === 'login' || state.phase === 'ready') {
    if (page === 'invitation') {
      return (
        <InvitationPage
          token={location.query.get('token') ?? ''}
          session={state.phase === 'ready' ? state.session : null}
          onAccepted={joined}
        />
      );
    }
    if (page === 'reset-password') {
      return <ResetPasswordPage token={location.query.get('token')} onDone={passwordReset} />;
    }
  }

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
}
