/** Pieces the alerts list and the alert page share: severity, kind, status and the lifecycle buttons. */
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import { formatDateTime, formatRelative } from '../format';
import type { AlertKind, AlertSummary } from '../types';

/** 1–3 low, 4–6 medium, 7–8 high, 9–10 critical: the colour says it, and so does the number. */
export function severityLevel(severity: number): 'low' | 'medium' | 'high' | 'critical' {
  if (severity >= 9) return 'critical';
  if (severity >= 7) return 'high';
  if (severity >= 4) return 'medium';
  return 'low';
}

export function SeverityBadge({ severity }: { severity: number }) {
  return (
    <span
      className={`sev sev-${severityLevel(severity)}`}
      data-testid="alert-severity"
      data-severity={severity}
      title={`Severity ${severity} of 10`}
    >
      <span className="visually-hidden">Severity </span>
      {severity}
      <span className="visually-hidden"> of 10</span>
    </span>
  );
}

export const KIND_TEXT: Record<AlertKind, string> = {
  spike: 'Spike',
  competitor_storm: 'Competitor storm',
  risky_item: 'Risky item',
};

/** What the kind means for us, said beside the name: a competitor's storm is an opportunity. */
const KIND_HINT: Record<AlertKind, string> = {
  spike: 'Negative volume broke out of its normal range',
  competitor_storm: 'Opportunity — and a warning of what could happen to us',
  risky_item: 'A single item likely to spread',
};

export function KindBadge({ kind }: { kind: AlertKind }) {
  return (
    <span className={`tag alert-kind kind-${kind}`} title={KIND_HINT[kind]} data-testid="alert-kind">
      {KIND_TEXT[kind]}
    </span>
  );
}

export function kindHint(kind: AlertKind): string {
  return KIND_HINT[kind];
}

/** Status with who and when: `Acknowledged by Ana · 3 min ago`; a snooze is said too. */
export function AlertStatusText({ alert, now }: { alert: AlertSummary; now: number }) {
  const by = (who: AlertSummary['acknowledgedBy']) => (who ? (who.name ?? 'a member') : 'Touchpoint');
  return (
    <span className="alert-status" data-testid="alert-status" data-status={alert.status}>
      {alert.status === 'open' && <span className="badge badge-negative">Open</span>}
      {alert.status === 'acknowledged' && (
        <>
          <span className="badge badge-info">Acknowledged</span>{' '}
          <span className="small" data-testid="alert-acknowledged-by">
            by {by(alert.acknowledgedBy)} ·{' '}
            <time dateTime={alert.acknowledgedAt ?? ''} title={formatDateTime(alert.acknowledgedAt)}>
              {formatRelative(alert.acknowledgedAt, now)}
            </time>
          </span>
        </>
      )}
      {alert.status === 'resolved' && (
        <>
          <span className="badge badge-positive">Resolved</span>{' '}
          <span className="small" data-testid="alert-resolved-by">
            by {by(alert.resolvedBy)} ·{' '}
            <time dateTime={alert.resolvedAt ?? ''} title={formatDateTime(alert.resolvedAt)}>
              {formatRelative(alert.resolvedAt, now)}
            </time>
          </span>
        </>
      )}
      {alert.snoozed && alert.snoozedUntil && (
        <span className="small muted" data-testid="alert-snoozed">
          {' '}
          · snoozed until {formatDateTime(alert.snoozedUntil)}
        </span>
      )}
      {alert.notificationsFailed > 0 && (
        <span className="small alert-failed">
          {' '}
          · {alert.notificationsFailed} notification{alert.notificationsFailed === 1 ? '' : 's'} failed
        </span>
      )}
    </span>
  );
}

const SNOOZES = [
  { hours: 1, label: '1 hour' },
  { hours: 4, label: '4 hours' },
  { hours: 24, label: '1 day' },
  { hours: 24 * 7, label: '1 week' },
];

/**
 * Acknowledge, resolve, snooze and reopen, as real buttons (Tab and Enter work). Every action says
 * which alert it acts on to screen readers; the caller reloads on `onDone`.
 */
export function AlertActions({
  alert,
  onDone,
  onError,
}: {
  alert: AlertSummary;
  onDone: (message: string) => void;
  onError: (message: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);

  async function act(request: () => Promise<unknown>, message: string) {
    setBusy(true);
    setMenuOpen(false);
    try {
      await request();
      onDone(message);
    } catch (e) {
      onError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const label = (verb: string) => `${verb}: ${alert.title}`;
  return (
    <div className="alert-actions" role="group" aria-label={`Actions on ${alert.title}`}>
      {alert.status === 'open' && (
        <button
          type="button"
          className="btn btn-primary btn-sm"
          disabled={busy}
          aria-label={label('Acknowledge')}
          onClick={() => void act(() => api.alertAction(alert.id, 'acknowledge'), 'Acknowledged.')}
          data-testid="alert-acknowledge"
        >
          Acknowledge
        </button>
      )}
      {alert.status !== 'resolved' && (
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          disabled={busy}
          aria-label={label('Resolve')}
          onClick={() => void act(() => api.alertAction(alert.id, 'resolve'), 'Resolved.')}
          data-testid="alert-resolve"
        >
          Resolve
        </button>
      )}
      {alert.status !== 'resolved' && (
        <div className="snooze">
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={busy}
            aria-expanded={menuOpen}
            aria-label={label('Snooze')}
            onClick={() => setMenuOpen((o) => !o)}
            onKeyDown={(e) => e.key === 'Escape' && setMenuOpen(false)}
            data-testid="alert-snooze"
          >
            Snooze ▾
          </button>
          {menuOpen && (
            <ul className="snooze-menu" onKeyDown={(e) => e.key === 'Escape' && setMenuOpen(false)}>
              {SNOOZES.map((s, i) => (
                <li key={s.hours}>
                  <button
                    type="button"
                    // The menu opened from the keyboard: the first choice takes the focus.
                    autoFocus={i === 0}
                    className="btn btn-ghost btn-sm"
                    disabled={busy}
                    onClick={() =>
                      void act(
                        () =>
                          api.snoozeAlert(alert.id, new Date(Date.now() + s.hours * 3_600_000).toISOString()),
                        `Snoozed for ${s.label}.`,
                      )
                    }
                    data-testid={`alert-snooze-${s.hours}h`}
                  >
                    {s.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {alert.status === 'resolved' && (
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          disabled={busy}
          aria-label={label('Reopen')}
          onClick={() => void act(() => api.alertAction(alert.id, 'reopen'), 'Reopened.')}
          data-testid="alert-reopen"
        >
          Reopen
        </button>
      )}
    </div>
  );
}

/**
 * Calls `tick` every `ms` while the tab is visible, and at once when it becomes visible again: the
 * alerts pages are live without a reload and cost nothing in a background tab.
 */
export function useWhileVisible(tick: () => void, ms: number): void {
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') tick();
    }, ms);
    const onVisible = () => document.visibilityState === 'visible' && tick();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(t);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [tick, ms]);
}

/** Told by the alerts pages after they load or change alerts, so the navigation badge follows at once. */
export const ALERTS_CHANGED = 'touchpoint:alerts-changed';
export function announceAlertsChanged(): void {
  window.dispatchEvent(new Event(ALERTS_CHANGED));
}
