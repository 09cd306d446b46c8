import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { api } from '../api';
import { ErrorBanner, LoadState } from '../components/error-banner';
import { SentimentBadge } from '../components/sentiment-badge';
import type { SeriesPoint } from '../components/series-chart';
import { formatCompact, formatDateTime, formatInt, humanize } from '../format';
import { href } from '../router';
import type { AlertDetail, AlertEvent, AlertFinding, AlertNotification, AlertSeries, Role } from '../types';
import { useResource } from '../use-resource';
import { useWorkspaceMeta } from '../workspace-meta';
import {
  AlertActions,
  AlertStatusText,
  announceAlertsChanged,
  KindBadge,
  kindHint,
  SeverityBadge,
  useWhileVisible,
} from './alert-parts';

// uPlot (~50 kB) loads with the first alert page opened, not with the dashboard.
const SeriesChart = lazy(() =>
  import('../components/series-chart').then((m) => ({ default: m.SeriesChart })),
);

const POLL_MS = 10_000;
const RESOLUTIONS = [
  { value: '5m', label: '5 minutes', minutes: 5 },
  { value: '1h', label: 'Hourly', minutes: 60 },
  { value: 'window', label: 'As tested', minutes: 5 },
] as const;
type Resolution = (typeof RESOLUTIONS)[number]['value'];

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** A p-value people can read: `< 0.000001` rather than `3.2e-9`. */
function formatP(p: number): string {
  if (p < 1e-6) return '< 0.000001';
  if (p < 0.001) return p.toExponential(1);
  return p.toFixed(3);
}

/** One lifecycle event in words. Data from the server stays text (React escapes it). */
function describeEvent(e: AlertEvent): string {
  const d = e.data;
  const channel = str(d.channel) ? humanize(str(d.channel) ?? '') : null;
  const to = str(d.recipient) ?? str(d.target);
  const via = [channel, to && `to ${to}`].filter(Boolean).join(' ');
  switch (e.kind) {
    case 'opened':
      return `Opened${num(d.severity) !== null ? ` with severity ${num(d.severity)}` : ''}`;
    case 'updated':
      return 'Updated: the storm is still going';
    case 'severity_raised':
      return `Severity raised${num(d.from) !== null ? ` from ${num(d.from)}` : ''}${num(d.to) !== null ? ` to ${num(d.to)}` : ''}`;
    case 'acknowledged':
      return 'Acknowledged';
    case 'resolved':
      return 'Resolved';
    case 'snoozed':
      return `Snoozed${str(d.until) ? ` until ${formatDateTime(str(d.until))}` : ''}`;
    case 'reopened':
      return 'Reopened';
    case 'notification_queued':
      return `Notification queued${via ? ` (${via})` : ''}`;
    case 'notification_held':
      return `Notification held for quiet hours${via ? ` (${via})` : ''}`;
    case 'notification_sent':
      return `Notification sent${via ? ` (${via})` : ''}`;
    case 'notification_failed':
      return `Notification failed${via ? ` (${via})` : ''}${str(d.error) ? `: ${str(d.error)}` : ''}`;
  }
}

function seriesTitle(series: AlertSeries, touchpointName: (k: string) => string): string {
  const parts = ['Negative items'];
  if (series.touchpoint) parts.push(touchpointName(series.touchpoint));
  if (series.platform) parts.push(humanize(series.platform));
  if (!series.touchpoint && !series.platform) parts.push('whole brand');
  return parts.join(' · ');
}

/** The chart card: the strongest finding's series with its baseline band, 5-minute or hourly. */
function AlertChart({ detail }: { detail: AlertDetail }) {
  const { touchpointName } = useWorkspaceMeta();
  const [resolution, setResolution] = useState<Resolution>('5m');
  // Fetched again only when the alert changed (a new firing step moves its window).
  const series = useResource(`alert-series:${detail.id}:${resolution}:${detail.updatedAt}`, () =>
    api.alertSeries(detail.id, resolution),
  );
  const points = useMemo<SeriesPoint[]>(
    () =>
      (series.data?.buckets ?? []).map((b) => ({
        at: b.at,
        observed: b.observed,
        expected: b.expected,
        upper: b.upper,
      })),
    [series.data],
  );
  const minutes = RESOLUTIONS.find((r) => r.value === resolution)?.minutes ?? 5;

  return (
    <section className="card" aria-labelledby="chart-title" data-testid="alert-chart-card">
      <div className="card-head">
        <h2 id="chart-title" className="card-title">
          Series and baseline
        </h2>
        <div className="segmented" role="group" aria-label="Bucket size">
          {RESOLUTIONS.map((r) => (
            <button
              key={r.value}
              type="button"
              className={`segment${resolution === r.value ? ' is-active' : ''}`}
              aria-pressed={resolution === r.value}
              onClick={() => setResolution(r.value)}
              data-testid={`alert-resolution-${r.value}`}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <ErrorBanner error={series.error} title="Could not load the series." />
      {series.loading && !series.data && <span className="spinner" aria-label="Loading" />}
      {series.data && (
        <Suspense fallback={<span className="spinner" aria-label="Loading the chart" />}>
          <SeriesChart
            points={points}
            window={series.data.alertWindow}
            bucketMinutes={minutes}
            slidingMinutes={series.data.windowMinutes}
            title={seriesTitle(series.data, touchpointName)}
          />
        </Suspense>
      )}
    </section>
  );
}

function FindingsTable({
  findings,
  strongest,
}: {
  findings: AlertFinding[];
  strongest: AlertFinding | null;
}) {
  const { touchpointName } = useWorkspaceMeta();
  if (findings.length === 0) return null;
  return (
    <section className="card list-card" aria-labelledby="findings-title" data-testid="alert-findings">
      <h2 id="findings-title" className="card-title card-title-pad">
        Findings <span className="count">{findings.length}</span>
      </h2>
      <p className="muted small card-title-pad">
        Every series that broke out: negative items in the window against what its baseline expected.
      </p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col" className="num">
              Window
            </th>
            <th scope="col" className="num">
              Observed
            </th>
            <th scope="col" className="num">
              Expected
            </th>
            <th scope="col" className="num">
              p-value
            </th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={f.key} data-testid="alert-finding">
              <th scope="row">
                {[f.touchpoint && touchpointName(f.touchpoint), f.platform && humanize(f.platform)]
                  .filter(Boolean)
                  .join(' · ') || 'Whole brand'}
                {strongest?.key === f.key && <span className="tag">Strongest</span>}
              </th>
              <td className="num">{f.windowMinutes} min</td>
              <td className="num">{formatInt(f.observed)}</td>
              <td className="num">{f.expected.toFixed(1)}</td>
              <td className="num">{formatP(f.pValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The top example items: text only (customer markup is never HTML), linking to the item page. */
function TopItems({ detail }: { detail: AlertDetail }) {
  const { touchpointName } = useWorkspaceMeta();
  return (
    <section className="card" aria-labelledby="items-title" data-testid="alert-items">
      <h2 id="items-title" className="card-title">
        Top items <span className="count">{detail.items.length}</span>
        {detail.itemCount > detail.items.length && (
          <span className="muted small"> of {formatInt(detail.itemCount)}</span>
        )}
      </h2>
      {detail.items.length === 0 ? (
        <p className="muted">No items stored with this alert.</p>
      ) : (
        <ol className="history">
          {detail.items.map((item) => (
            <li key={item.id} className="history-item" data-testid="alert-item" data-id={item.id}>
              <div className="history-head">
                {(item.sentiment === 'negative' ||
                  item.sentiment === 'neutral' ||
                  item.sentiment === 'positive') && <SentimentBadge label={item.sentiment} />}
                <span className="muted small">
                  {item.authorHandle ? `@${item.authorHandle.replace(/^@/, '')} · ` : ''}
                  {item.reach !== null ? `${formatCompact(item.reach)} followers · ` : ''}
                  {humanize(item.platform)} ·{' '}
                  <time dateTime={item.postedAt}>{formatDateTime(item.postedAt)}</time>
                </span>
                {item.touchpoints.map((t) => (
                  <span key={t} className="tag">
                    {touchpointName(t)}
                  </span>
                ))}
                {item.intents.map((i) => (
                  <span key={i} className="tag tag-urgent">
                    {humanize(i)}
                  </span>
                ))}
              </div>
              <a
                className="history-text"
                href={href(`/feedback/${encodeURIComponent(item.id)}`)}
                data-testid="alert-item-text"
              >
                {item.text}
              </a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const NOTIFICATION_TONE: Record<AlertNotification['status'], string> = {
  queued: 'info',
  sending: 'info',
  sent: 'positive',
  failed: 'negative',
  cancelled: 'muted',
};

function Notifications({ notifications }: { notifications: AlertNotification[] }) {
  return (
    <section className="card" aria-labelledby="notifications-title" data-testid="alert-notifications">
      <h2 id="notifications-title" className="card-title">
        Notifications <span className="count">{notifications.length}</span>
      </h2>
      {notifications.length === 0 ? (
        <p className="muted small">
          Nobody was notified: no member or shared target asks for this kind, brand and severity.{' '}
          <a href="#/settings/notifications">Notification settings</a>
        </p>
      ) : (
        <ol className="replies">
          {notifications.map((n) => (
            <li key={n.id} className="reply" data-testid="alert-notification" data-status={n.status}>
              <div className="reply-head">
                <span className={`badge badge-${NOTIFICATION_TONE[n.status]}`}>{humanize(n.status)}</span>
                <span className="muted small">
                  {humanize(n.channel)} to {n.recipient} ·{' '}
                  <time dateTime={n.sentAt ?? n.createdAt}>{formatDateTime(n.sentAt ?? n.createdAt)}</time>
                  {n.attempts > 1 && <> · {n.attempts} tries</>}
                </span>
              </div>
              {n.status === 'failed' && n.lastError && (
                <p className="reply-error" role="alert" data-testid="alert-notification-error">
                  Not delivered: {n.lastError}
                </p>
              )}
              {n.status === 'cancelled' && n.lastError && <p className="muted small">{n.lastError}.</p>}
              {n.status === 'queued' && n.nextAttemptAt && (
                <p className="muted small">
                  {n.lastError ? `Last try failed (${n.lastError}); next try` : 'Held until'}{' '}
                  {formatDateTime(n.nextAttemptAt)}.
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Timeline({ events }: { events: AlertEvent[] }) {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="card-title">
        Lifecycle
      </h2>
      <ol className="timeline" data-testid="alert-timeline">
        {sorted.map((e) => (
          <li
            key={e.id}
            className={`timeline-event alert-event-${e.kind}`}
            data-testid="alert-event"
            data-kind={e.kind}
          >
            <div className="timeline-head">
              <strong>{describeEvent(e)}</strong>
              <span className="muted small">
                {e.actor ? (e.actor.name ?? 'a member') : 'Touchpoint'} ·{' '}
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </span>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * One alert: its series with the baseline band, the findings, the top items and the cases they
 * opened, the lifecycle and the notifications. Live while open.
 */
export function AlertPage({ id, role }: { id: string; role: Role }) {
  const { data: detail, error, loading, reload } = useResource(`alert:${id}`, () => api.alert(id));
  const [now, setNow] = useState(() => Date.now());
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const tick = useCallback(() => {
    setNow(Date.now());
    reload();
  }, [reload]);
  useWhileVisible(tick, POLL_MS);

  return (
    <div className="page page-wide">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href="#/alerts" data-testid="back-to-alerts">
          ← Alerts
        </a>
      </nav>
      <LoadState
        error={error}
        loading={loading}
        loaded={Boolean(detail)}
        what="alert"
        notFoundTestId="alert-not-found"
      />

      {detail && (
        <div className="detail" data-testid="alert" data-status={detail.status} data-kind={detail.kind}>
          <div className="detail-main">
            <header className="case-header">
              <div className="case-title-row">
                <SeverityBadge severity={detail.severity} />
                <KindBadge kind={detail.kind} />
                <h1 className="case-title" data-testid="alert-title">
                  {detail.title}
                </h1>
              </div>
              <p className="muted">{kindHint(detail.kind)}.</p>
              <div className="alert-header-status">
                <AlertStatusText alert={detail} now={now} />
                {role !== 'viewer' && (
                  <AlertActions
                    alert={detail}
                    onDone={(text) => {
                      setNotice({ text });
                      announceAlertsChanged();
                      reload();
                    }}
                    onError={(text) => setNotice({ text, error: true })}
                  />
                )}
              </div>
              <div aria-live="polite">
                {notice && (
                  <div
                    className={`alert ${notice.error ? 'alert-error' : 'alert-info'}`}
                    data-testid="alert-notice"
                  >
                    {notice.text}
                  </div>
                )}
              </div>
            </header>
            {detail.kind !== 'risky_item' && <AlertChart detail={detail} />}
            {detail.kind === 'risky_item' && detail.risk !== null && (
              <section className="card" data-testid="alert-risk">
                <h2 className="card-title">Virality risk {Math.round(detail.risk * 100)}%</h2>
                <ul className="reasons">
                  {detail.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </section>
            )}
            <FindingsTable findings={detail.findings} strongest={detail.strongest} />
            <TopItems detail={detail} />
          </div>
          <aside className="detail-side case-side">
            <section className="card">
              <h2 className="card-title">Alert</h2>
              <dl className="meta">
                <div className="meta-row">
                  <dt>Brand</dt>
                  <dd>
                    {detail.brand.name}
                    {detail.brand.kind === 'competitor' && <span className="muted"> · competitor</span>}
                  </dd>
                </div>
                <div className="meta-row">
                  <dt>Window</dt>
                  <dd>
                    <time dateTime={detail.startedAt}>{formatDateTime(detail.startedAt)}</time> –{' '}
                    <time dateTime={detail.lastFiringAt}>{formatDateTime(detail.lastFiringAt)}</time>
                    <div className="muted small">data time</div>
                  </dd>
                </div>
                <div className="meta-row">
                  <dt>Opened</dt>
                  <dd>
                    <time dateTime={detail.openedAt}>{formatDateTime(detail.openedAt)}</time>
                    <div className="muted small">stored {formatDateTime(detail.createdAt)}</div>
                  </dd>
                </div>
                <div className="meta-row">
                  <dt>Platforms</dt>
                  <dd>
                    {detail.platforms.length > 0
                      ? detail.platforms.map(humanize).join(', ')
                      : 'All platforms'}
                  </dd>
                </div>
              </dl>
            </section>
            <section className="card" aria-labelledby="cases-title" data-testid="alert-cases">
              <h2 id="cases-title" className="card-title">
                Cases opened <span className="count">{detail.cases.length}</span>
              </h2>
              {detail.cases.length === 0 ? (
                <p className="muted small">None of these items opened a case.</p>
              ) : (
                <ul className="plain-list">
                  {detail.cases.map((c) => (
                    <li key={c.id}>
                      <a href={href(`/cases/${encodeURIComponent(c.id)}`)} data-testid="alert-case-link">
                        Case · {c.priority} priority
                      </a>{' '}
                      <span className="muted small">
                        {humanize(c.status)} · {formatDateTime(c.openedAt)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <Notifications notifications={detail.notifications} />
            <Timeline events={detail.events} />
          </aside>
        </div>
      )}
    </div>
  );
}
