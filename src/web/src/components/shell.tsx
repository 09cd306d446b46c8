import { useCallback, useEffect, useRef, useState, type FocusEvent } from 'react';
import { Outlet } from 'react-router';
import { api } from '../api';
import { useLocation } from '../router';
import type { Role, Session, WorkspaceSummary } from '../types';
import { WorkspaceMetaProvider } from '../workspace-meta';
import { ALERTS_CHANGED, useWhileVisible } from '../pages/alert-parts';
import { PendingInvitations } from '../pages/account-page';
import { useDocumentTitle } from './document-title';
import { Logo } from './logo';
import { NewWorkspaceDialog } from './new-workspace-dialog';

/** What the shell hands the page routes (app.tsx reads it in `page(...)`). */
export interface ShellOutlet {
  session: Session;
  workspace: WorkspaceSummary | null;
  onJoined: (session: Session, workspaceId: string) => void;
}

interface ShellProps {
  session: Session;
  workspaceId: string | null;
  onSelectWorkspace: (id: string) => void;
  onWorkspaceCreated: (w: WorkspaceSummary) => void;
  /** Joined a workspace by accepting an invitation. */
  onJoined: (session: Session, workspaceId: string) => void;
  onLogout: () => Promise<void>;
}

const NAV = [
  { path: 'overview', label: 'Overview', icon: 'M4 13h6V4H4zm10 7h6v-9h-6zM4 20h6v-4H4zm10-13h6V4h-6z' },
  { path: 'inbox', label: 'Inbox', icon: 'M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6H3v-6z' },
  {
    path: 'alerts',
    label: 'Alerts',
    icon: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  },
  { path: 'feedback', label: 'Feedback', icon: 'M4 5h16v10H8l-4 4z' },
  {
    path: 'customers',
    label: 'Customers',
    icon: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21v-1a7 7 0 0 1 7-7h2a7 7 0 0 1 7 7v1',
  },
  {
    path: 'surveys',
    label: 'Surveys',
    icon: 'M9 5h10M9 12h10M9 19h10M4 5h.01M4 12h.01M4 19h.01',
  },
  {
    path: 'review-requests',
    label: 'Review requests',
    icon: 'M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8L3.5 9.2l5.9-.9z',
  },
  { path: 'brands', label: 'Brands', icon: 'M3 12V4h8l10 10-8 8zM7.5 8.5h.01' },
  {
    path: 'journey',
    label: 'Journey',
    icon: 'M5 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm14-10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM7 17h6a3 3 0 0 0 0-6h-2a3 3 0 0 1 0-6h6',
  },
  { path: 'drivers', label: 'Key drivers', icon: 'M4 5h14M4 10h10M4 15h6M4 20h3' },
  {
    path: 'benchmark',
    label: 'Benchmark',
    icon: 'M12 4v16M7 20h10M4 8h16M7 8l-3 6a3 3 0 0 0 6 0zm10 0-3 6a3 3 0 0 0 6 0z',
  },
  { path: 'measures', label: 'Measures', icon: 'M4 20V10m6 10V4m6 16v-7m4 7H2' },
  {
    path: 'exceptions',
    label: 'Policies & exceptions',
    icon: 'M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6zM9 12l2 2 4-4',
  },
  { path: 'import', label: 'Import', icon: 'M12 3v12m0 0-4-4m4 4 4-4M4 19h16' },
  {
    path: 'model',
    label: 'Sentiment model',
    icon: 'M10 4.5 11.6 9l4.4 1.6-4.4 1.6L10 16.5l-1.6-4.3L4 10.6 8.4 9zM18 3v4m-2-2h4M17.5 15.5v5M15 18h5',
  },
  {
    path: 'teams',
    label: 'Teams',
    icon: 'M12 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM5 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm14 0a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM7 20v-1a5 5 0 0 1 10 0v1M1 19v-1a4 4 0 0 1 5-3.9M23 19v-1a4 4 0 0 0-5-3.9',
  },
  { path: 'keys', label: 'API keys', icon: 'M15 7a4 4 0 1 1-3.9 5H4v3H2v-5h9.1A4 4 0 0 1 15 7z' },
  {
    path: 'members',
    label: 'Members',
    icon: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1M16 3.5a4 4 0 0 1 0 7M19 14a6 6 0 0 1 3 5.2V21',
  },
] as const;

/** Agents work the inbox; everyone else starts on the overview of how the workspace is doing. */
export function homeSection(role: Role): 'inbox' | 'overview' {
  return role === 'agent' ? 'inbox' : 'overview';
}

/** Titles of the customer section's own pages (issue #14), by their second path segment. */
const CUSTOMER_TITLES: Record<string, string> = {
  moments: 'Moments',
  lifecycle: 'Lifecycle',
  ambassadors: 'Ambassadors',
  suggestions: 'Possible matches',
  import: 'Import customers',
};

/** Titles of the pages that are not in the navigation, by their first path segment. */
const OTHER_TITLES: Record<string, string> = {
  account: 'Your account',
  settings: 'Notification settings',
  outreach: 'Contact rules & send log',
};

/** The browser tab's title for a route: the navigation's label, or what the page is. */
export function pageTitle(segments: string[], hasWorkspace: boolean, home: string = 'overview'): string {
  const [section = home, id] = segments;
  if (section !== 'account' && !hasWorkspace) return 'No workspace yet';
  if (section === 'cases' && id) return 'Case';
  if (section === 'alerts' && id) return 'Alert';
  if (section === 'feedback' && id) return 'Feedback item';
  if (section === 'customers' && id) return CUSTOMER_TITLES[id] ?? 'Customer';
  if (section === 'segments') return 'Segments';
  if (section === 'surveys' && id) return id === 'new' ? 'New survey' : 'Survey';
  const nav = NAV.find((n) => n.path === section);
  return nav ? nav.label : (OTHER_TITLES[section] ?? 'Page not found');
}

/**
 * On narrow screens the sidebar is a drawer the menu button opens: it closes on Escape (focus back
 * on the button), on a click outside, when focus leaves it, and when a link in it navigated.
 */
function useMenu(route: string) {
  const [menu, setMenu] = useState({ open: false, route });
  // Navigating closes it (state adjusted while rendering, as React advises over an effect).
  if (menu.route !== route) setMenu({ open: false, route });
  const open = menu.open && menu.route === route;
  const setOpen = useCallback((next: boolean) => setMenu({ open: next, route }), [route]);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    // Into the drawer: the current page's link, else the first one.
    const drawer = drawerRef.current;
    const target =
      drawer?.querySelector<HTMLElement>('[aria-current="page"]') ?? drawer?.querySelector<HTMLElement>('a');
    target?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, setOpen]);

  const onDrawerBlur = (e: FocusEvent) => {
    const next = e.relatedTarget as Node | null;
    if (next && !drawerRef.current?.contains(next) && next !== buttonRef.current) setOpen(false);
  };
  return { open, setOpen, buttonRef, drawerRef, onDrawerBlur };
}

/** Open (unacknowledged) alerts, for the navigation's badge: polled, and at once when a page changed one. */
function useOpenAlertCount(workspaceId: string | null): number | null {
  const [count, setCount] = useState<{ workspaceId: string | null; n: number | null }>({
    workspaceId,
    n: null,
  });
  const load = useCallback(() => {
    if (!workspaceId) return;
    api.alerts({ status: 'open' }, null, 100).then(
      (page) => setCount({ workspaceId, n: page.alerts.length + (page.nextCursor ? 1 : 0) }),
      () => setCount({ workspaceId, n: null }),
    );
  }, [workspaceId]);
  useEffect(() => {
    load();
    window.addEventListener(ALERTS_CHANGED, load);
    return () => window.removeEventListener(ALERTS_CHANGED, load);
  }, [load]);
  useWhileVisible(load, 15_000);
  return count.workspaceId === workspaceId ? count.n : null;
}

/** The signed-in layout: sidebar navigation, header with the workspace switcher, and the page. */
export function Shell({
  session,
  workspaceId,
  onSelectWorkspace,
  onWorkspaceCreated,
  onJoined,
  onLogout,
}: ShellProps) {
  const location = useLocation();
  const [creating, setCreating] = useState(false);
  const workspace = session.workspaces.find((w) => w.id === workspaceId) ?? null;
  const home = homeSection(workspace?.role ?? 'viewer');
  const segment = location.segments[0] ?? home;
  // A case belongs to the inbox in the navigation, notification settings to the alerts, segments to customers.
  const section =
    segment === 'cases'
      ? 'inbox'
      : segment === 'settings'
        ? 'alerts'
        : segment === 'segments'
          ? 'customers'
          : segment === 'outreach'
            ? 'surveys'
            : segment;
  const openAlerts = useOpenAlertCount(workspace ? workspace.id : null);
  const { open: menuOpen, setOpen: setMenuOpen, buttonRef, drawerRef, onDrawerBlur } = useMenu(location.raw);
  useDocumentTitle(pageTitle(location.segments, workspace !== null, home));

  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      {menuOpen && <div className="menu-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
      <aside className="sidebar" id="main-menu" ref={drawerRef} onBlur={onDrawerBlur}>
        <a className="sidebar-brand" href="#/">
          <Logo />
        </a>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.path}>
                <a
                  href={`#/${item.path}`}
                  className={`nav-link${section === item.path ? ' active' : ''}`}
                  aria-current={section === item.path ? 'page' : undefined}
                  data-testid={`nav-${item.path}`}
                >
                  <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path
                      d={item.icon}
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="1.8"
                      strokeLinecap="round"
                      strokeLinejoin="round"
                    />
                  </svg>
                  {item.label}
                  {item.path === 'alerts' && openAlerts !== null && openAlerts > 0 && (
                    <span className="nav-badge" data-testid="nav-alerts-count">
                      {openAlerts > 100 ? '100+' : openAlerts}
                      <span className="visually-hidden"> open</span>
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <a className="user" href="#/account" title="Your account" data-testid="current-user">
            <span className="avatar" aria-hidden="true">
              {(session.user.name || session.user.email).charAt(0).toUpperCase()}
            </span>
            <span className="user-text">
              <span className="user-name">{session.user.name}</span>
              <span className="user-email">{session.user.email}</span>
            </span>
          </a>
          <button
            className="btn btn-ghost btn-sm"
            type="button"
            onClick={() => void onLogout()}
            data-testid="logout"
          >
            Log out
          </button>
        </div>
      </aside>

      <div className="main">
        <header className="topbar">
          <button
            ref={buttonRef}
            className="btn btn-ghost menu-button"
            type="button"
            aria-expanded={menuOpen}
            aria-controls="main-menu"
            onClick={() => setMenuOpen(!menuOpen)}
            data-testid="menu-button"
          >
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path
                d="M4 6h16M4 12h16M4 18h16"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
              />
            </svg>
            <span className="visually-hidden">Menu</span>
          </button>
          <label className="ws-switcher">
            <span className="visually-hidden">Workspace</span>
            <select
              value={workspaceId ?? ''}
              onChange={(e) => onSelectWorkspace(e.target.value)}
              data-testid="workspace-switcher"
              disabled={session.workspaces.length === 0}
            >
              {session.workspaces.length === 0 && <option value="">No workspace</option>}
              {session.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.isDemo && !/\bdemo\b/i.test(w.name) ? `${w.name} (Demo)` : w.name}
                </option>
              ))}
            </select>
          </label>
          {workspace?.isDemo && (
            <span className="badge badge-demo" data-testid="demo-badge" title="Fictional demo data">
              Sample data
            </span>
          )}
          {workspace && <span className="role-label">{workspace.role}</span>}
          <button
            className="btn btn-secondary btn-sm"
            type="button"
            onClick={() => setCreating(true)}
            data-testid="new-workspace"
            title="New workspace"
          >
            <span aria-hidden="true">+</span>
            <span className="new-workspace-label"> New workspace</span>
          </button>
        </header>

        <main className="content" id="content">
          {segment !== 'account' && <PendingInvitations onJoined={onJoined} compact />}
          {segment === 'account' ? (
            <Outlet context={{ session, workspace, onJoined } satisfies ShellOutlet} />
          ) : workspace ? (
            <WorkspaceMetaProvider key={workspace.id} workspaceId={workspace.id}>
              <Outlet context={{ session, workspace, onJoined } satisfies ShellOutlet} />
            </WorkspaceMetaProvider>
          ) : (
            <div className="page empty-state">
              <h1>No workspace yet</h1>
              <p>Create a workspace to start collecting feedback.</p>
              <button className="btn btn-primary" type="button" onClick={() => setCreating(true)}>
                Create a workspace
              </button>
            </div>
          )}
        </main>
      </div>

      {creating && (
        <NewWorkspaceDialog
          onClose={() => setCreating(false)}
          onCreated={(w) => {
            setCreating(false);
            onWorkspaceCreated(w);
          }}
        />
      )}
    </div>
  );
}
