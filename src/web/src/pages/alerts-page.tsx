import { useCallback, useEffect, useState } from 'react';
import { api, type AlertFilters } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { formatDateTime, formatInt, formatRecentOrDate, humanize } from '../format';
import { href, navigate, useLocation } from '../router';
import { ALERT_KINDS, type AlertKind, type AlertSummary, type Role } from '../types';
import { useResource } from '../use-resource';
import { useWorkspaceMeta } from '../workspace-meta';
import {
  AlertActions,
  AlertStatusText,
  announceAlertsChanged,
  KIND_TEXT,
  KindBadge,
  SeverityBadge,
  useWhileVisible,
} from './alert-parts';

// Active (the default) keeps an acknowledged alert in view with who took it; the others narrow down.
const TABS = [
  { value: 'active', label: 'Active' },
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
] as const;
type Tab = (typeof TABS)[number]['value'];

// Severity first (issue #12): the alert that matters most is at the top, whatever its age.
const SORTS = [
  { value: 'severity', label: 'Severity' },
  { value: 'time', label: 'Time' },
] as const;
type Sort = (typeof SORTS)[number]['value'];

/** Most severe first, newest first among equals; or newest first by data time. */
function sortAlerts(alerts: readonly AlertSummary[], sort: Sort): AlertSummary[] {
  const time = (a: AlertSummary) => Date.parse(a.openedAt);
  return [...alerts].sort((a, b) =>
    sort === 'severity' ? b.severity - a.severity || time(b) - time(a) : time(b) - time(a),
  );
}

/** How often the list is fetched again while the tab is visible. */
const POLL_MS = 5_000;

interface Notice {
  text: string;
  error?: boolean;
}

/**
 * The alerts of the workspace, live: spikes, competitor storms and risky single items, most severe
 * first (or newest first), with acknowledge, resolve and snooze. Fetched again every few seconds while visible, so a
 * new alert appears without a reload.
 */
export function AlertsPage({ role }: { role: Role }) {
  const location = useLocation();
  const { brands, touchpointName } = useWorkspaceMeta();
  const canWork = role !== 'viewer';
  const tab: Tab = TABS.find((t) => t.value === location.query.get('status'))?.value ?? 'active';
  const kind = ALERT_KINDS.find((k) => k === location.query.get('kind'));
  const brandId = location.query.get('brand') ?? undefined;
  const minSeverity = Number(location.query.get('severity')) || undefined;
  const sort: Sort = SORTS.find((o) => o.value === location.query.get('sort'))?.value ?? 'severity';

  const filters: AlertFilters = { status: tab, kind, brandId, minSeverity };
  const key = `alerts:${JSON.stringify(filters)}`;
  const list = useResource(key, () => api.alerts(filters, null, 100));
  const [now, setNow] = useState(() => Date.now());
  const [notice, setNotice] = useState<Notice | null>(null);

  const { reload } = list;
  const tick = useCallback(() => {
    setNow(Date.now());
    reload();
  }, [reload]);
  useWhileVisible(tick, POLL_MS);

  const setFilter = (patch: Record<string, string | undefined>) => {
    const q = {
      status: tab === 'active' ? undefined : tab,
      kind,
      brand: brandId,
      severity: minSeverity ? String(minSeverity) : undefined,
      sort: sort === 'severity' ? undefined : sort,
      ...patch,
    };
    navigate(href('/alerts', q), { replace: true });
  };

  const alerts = sortAlerts(list.data?.alerts ?? [], sort);
  // A new alert (or one that changed status) arrived with a poll: the navigation's count follows now.
  const fingerprint = alerts.map((a) => `${a.id}:${a.status}`).join(',');
  useEffect(() => {
    if (fingerprint) announceAlertsChanged();
  }, [fingerprint]);

  return (
    <div className="page page-wide" data-testid="alerts-page">
      <div className="page-header">
        <div>
          <h1>Alerts</h1>
          <p className="page-sub muted">
            Negative spikes by touchpoint and platform, storms at competitors and single items likely to
            spread. Live: this list refreshes every few seconds. Times are data times — when the customers
            posted.
          </p>
        </div>
        <a
          className="btn btn-secondary btn-sm"
          href="#/settings/notifications"
          data-testid="alerts-settings-link"
        >
          Notification settings
        </a>
      </div>

      <div className="filters filters-row alerts-filters">
        <div className="segmented" role="group" aria-label="Status">
          {TABS.map((t) => (
            <button
              key={t.value}
              type="button"
              className={`segment${tab === t.value ? ' is-active' : ''}`}
              aria-pressed={tab === t.value}
              onClick={() => setFilter({ status: t.value === 'active' ? undefined : t.value })}
              data-testid={`alerts-tab-${t.value}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        <label className="filter">
          <span className="filter-label">Kind</span>
          <select
            value={kind ?? ''}
            onChange={(e) => setFilter({ kind: e.target.value || undefined })}
            data-testid="alerts-kind"
          >
            <option value="">All kinds</option>
            {ALERT_KINDS.map((k: AlertKind) => (
              <option key={k} value={k}>
                {KIND_TEXT[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">Brand</span>
          <select
            value={brandId ?? ''}
            onChange={(e) => setFilter({ brand: e.target.value || undefined })}
            data-testid="alerts-brand"
          >
            <option value="">All brands</option>
            {brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
                {b.kind === 'competitor' ? ' (competitor)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">Min severity</span>
          <select
            value={minSeverity ?? ''}
            onChange={(e) => setFilter({ severity: e.target.value || undefined })}
            data-testid="alerts-severity"
          >
            <option value="">Any</option>
            {[2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => (
              <option key={n} value={n}>
                {n}+
              </option>
            ))}
          </select>
        </label>
        <div className="filter">
          <span className="filter-label" id="alerts-sort-label">
            Sort by
          </span>
          <div className="segmented" role="group" aria-labelledby="alerts-sort-label">
            {SORTS.map((o) => (
              <button
                key={o.value}
                type="button"
                className={`segment${sort === o.value ? ' is-active' : ''}`}
                aria-pressed={sort === o.value}
                onClick={() => setFilter({ sort: o.value === 'severity' ? undefined : o.value })}
                data-testid={`alerts-sort-${o.value}`}
              >
                {o.label}
              </button>
            ))}
          </div>
        </div>
      </div>

      <ErrorBanner error={list.error} title="Could not load the alerts." />
      <div aria-live="polite" className="inbox-notice-slot">
        {notice && (
          <div className={`alert ${notice.error ? 'alert-error' : 'alert-info'}`} data-testid="alerts-notice">
            {notice.text}
          </div>
        )}
      </div>

      <section className="card list-card" aria-busy={list.loading && !list.data}>
        {list.loading && !list.data && <span className="spinner" aria-label="Loading" />}
        {list.data && alerts.length === 0 && (
          <div className="list-empty" data-testid="alerts-empty">
            <p>
              <strong>{tab === 'active' || tab === 'open' ? 'All quiet.' : `No ${tab} alerts.`}</strong>
            </p>
            <p className="muted">
              An alert opens when negative items on a touchpoint or platform clearly exceed their usual level,
              or when a single item looks likely to spread. New ones appear here without a reload.
            </p>
          </div>
        )}
        {alerts.length > 0 && (
          <table className="table table-cards alerts-table" aria-label="Alerts" data-testid="alerts-table">
            <thead>
              <tr>
                <th scope="col" className="col-severity">
                  Severity
                </th>
                <th scope="col">Alert</th>
                <th scope="col">Touchpoints and platforms</th>
                <th scope="col" className="col-date">
                  Opened
                </th>
                <th scope="col">Status</th>
                {canWork && (
                  <th scope="col" className="actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <AlertRow
                  key={a.id}
                  alert={a}
                  now={now}
                  canWork={canWork}
                  touchpointName={touchpointName}
                  onDone={(text) => {
                    setNotice({ text: `${text} ${a.title}` });
                    announceAlertsChanged();
                    reload();
                  }}
                  onError={(text) => setNotice({ text, error: true })}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function AlertRow({
  alert: a,
  now,
  canWork,
  touchpointName,
  onDone,
  onError,
}: {
  alert: AlertSummary;
  now: number;
  canWork: boolean;
  touchpointName: (key: string) => string;
  onDone: (text: string) => void;
  onError: (text: string) => void;
}) {
  const link = href(`/alerts/${encodeURIComponent(a.id)}`);
  return (
    <tr
      className={`alert-row kind-row-${a.kind}${a.snoozed ? ' is-snoozed' : ''}`}
      data-testid="alert-row"
      data-id={a.id}
      data-kind={a.kind}
      data-status={a.status}
    >
      <td>
        <SeverityBadge severity={a.severity} />
      </td>
      <td className="cell-text">
        <div className="alert-row-head">
          <KindBadge kind={a.kind} />
          <span className={a.brand.kind === 'competitor' ? 'tag tag-competitor' : 'tag tag-own'}>
            {a.brand.name}
            {a.brand.kind === 'competitor' ? ' · competitor' : ''}
          </span>
        </div>
        <a href={link} className="item-link alert-title" data-testid="alert-link">
          {a.title}
        </a>
        <div className="small muted" data-testid="alert-size">
          <AlertSize alert={a} />
          {a.risk !== null && <> · risk {Math.round(a.risk * 100)}%</>}
          {a.reasons.length > 0 && <> · {a.reasons.join(', ')}</>}
        </div>
      </td>
      <td>
        <div data-testid="alert-touchpoints">
          {a.touchpoints.length > 0 ? (
            a.touchpoints.map(touchpointName).join(', ')
          ) : (
            <span className="muted">Whole brand</span>
          )}
        </div>
        <div className="small muted" data-testid="alert-platforms">
          {a.platforms.length > 0 ? a.platforms.map(humanize).join(', ') : 'All platforms'}
        </div>
      </td>
      <td className="nowrap">
        <time
          dateTime={a.openedAt}
          title={`${formatDateTime(a.openedAt)} (data time)`}
          data-testid="alert-opened"
        >
          {formatRecentOrDate(a.openedAt, now)}
        </time>
      </td>
      <td>
        <AlertStatusText alert={a} now={now} />
      </td>
      {canWork && (
        <td className="actions">
          <AlertActions alert={a} onDone={onDone} onError={onError} />
        </td>
      )}
    </tr>
  );
}

/**
 * How big it is: a spike's negative items in the detector's window (issue #12: the count of
 * sample items linked to it said "20 items" for a storm of hundreds); a single item's count otherwise.
 */
function AlertSize({ alert: a }: { alert: AlertSummary }) {
  if (a.windowItems === null || a.windowMinutes === null)
    return (
      <>
        {formatInt(a.itemCount)} item{a.itemCount === 1 ? '' : 's'}
      </>
    );
  return (
    <>
      {formatInt(a.windowItems)} negative item{a.windowItems === 1 ? '' : 's'} in{' '}
      {formatWindow(a.windowMinutes)}
    </>
  );
}

function formatWindow(minutes: number): string {
  if (minutes < 120) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}
