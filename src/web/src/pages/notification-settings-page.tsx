import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { humanize } from '../format';
import {
  ALERT_CHANNELS,
  ALERT_KINDS,
  type AlertChannel,
  type AlertKind,
  type AlertSettings,
  type AlertSettingsInput,
  type NotificationSettings,
  type NotificationSettingsInput,
} from '../types';
import { useResource } from '../use-resource';
import { useWorkspaceMeta } from '../workspace-meta';
import { KIND_TEXT } from './alert-parts';

const SEVERITIES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const CHANNEL_TEXT: Record<AlertChannel, string> = {
  email: 'E-mail',
  slack: 'Slack incoming webhook',
  webhook: 'Webhook (signed with HMAC)',
};

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

const browserZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
})();

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}

function KindChecks({
  kinds,
  onChange,
  name,
}: {
  kinds: readonly AlertKind[];
  onChange: (kinds: AlertKind[]) => void;
  name: string;
}) {
  return (
    <fieldset className="field">
      <legend>Kinds</legend>
      <div className="check-grid">
        {ALERT_KINDS.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={kinds.includes(k)}
              onChange={(e) => onChange(toggle(kinds, k, e.target.checked))}
              data-testid={`${name}-kind-${k}`}
            />
            {KIND_TEXT[k]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

interface ChannelForm {
  on: boolean;
  target: string;
  secret: string;
  hasSecret: boolean;
}

/**
 * The signed-in member's own preferences: where, how bad, which brands and kinds, and when not.
 * Slack and webhooks reach systems outside Touchpoint, so only admins and owners get them (issue #11).
 */
function MySettingsForm({ initial, isAdmin }: { initial: NotificationSettings; isAdmin: boolean }) {
  const shown: readonly AlertChannel[] = isAdmin ? ALERT_CHANNELS : ['email'];
  const { brands } = useWorkspaceMeta();
  const zones = useMemo(() => timeZones(), []);
  const channelOf = (c: AlertChannel): ChannelForm => {
    const found = initial.channels.find((x) => x.channel === c);
    return { on: !!found, target: found?.target ?? '', secret: '', hasSecret: found?.hasSecret ?? false };
  };
  const [enabled, setEnabled] = useState(initial.enabled);
  const [channels, setChannels] = useState<Record<AlertChannel, ChannelForm>>({
    email: channelOf('email'),
    slack: channelOf('slack'),
    webhook: channelOf('webhook'),
  });
  const [minSeverity, setMinSeverity] = useState(initial.minSeverity);
  const [brandIds, setBrandIds] = useState<string[] | null>(initial.brandIds);
  const [kinds, setKinds] = useState<AlertKind[]>(initial.kinds);
  const [quiet, setQuiet] = useState(initial.quietHours !== null);
  const [quietHours, setQuietHours] = useState(
    initial.quietHours ?? { start: '22:00', end: '07:00', timezone: browserZone },
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const setChannel = (c: AlertChannel, patch: Partial<ChannelForm>) =>
    setChannels((all) => ({ ...all, [c]: { ...all[c], ...patch } }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const body: NotificationSettingsInput = {
      enabled,
      channels: shown
        .filter((c) => channels[c].on)
        .map((c) => ({
          channel: c,
          target: channels[c].target.trim() || null,
          ...(channels[c].secret ? { secret: channels[c].secret } : {}),
        })),
      minSeverity,
      brandIds,
      kinds,
      quietHours: quiet ? quietHours : null,
    };
    try {
      await api.saveNotificationSettings(body);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-card" onSubmit={(e) => void submit(e)} data-testid="my-notifications">
      <h2 className="card-title">My notifications</h2>
      <ErrorBanner error={error} title="Could not save your settings." />
      <label className="check">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          data-testid="notify-enabled"
        />
        Notify me of alerts in this workspace
      </label>

      <fieldset className="field" disabled={!enabled}>
        <legend>Where</legend>
        {!isAdmin && (
          <p className="muted" data-testid="notify-channels-note">
            Slack and webhooks reach systems outside Touchpoint: an admin sets them for the workspace.
          </p>
        )}
        {shown.map((c) => (
          <div key={c} className="channel-row">
            <label className="check">
              <input
                type="checkbox"
                checked={channels[c].on}
                onChange={(e) => setChannel(c, { on: e.target.checked })}
                data-testid={`notify-channel-${c}`}
              />
              {CHANNEL_TEXT[c]}
            </label>
            {channels[c].on && (
              <>
                <label className="field">
                  <span>{c === 'email' ? 'Address (empty: my account address)' : 'URL'}</span>
                  <input
                    type={c === 'email' ? 'email' : 'url'}
                    value={channels[c].target}
                    required={c !== 'email'}
                    maxLength={500}
                    placeholder={c === 'email' ? '' : 'https://'}
                    onChange={(e) => setChannel(c, { target: e.target.value })}
                    data-testid={`notify-target-${c}`}
                  />
                </label>
                {c === 'webhook' && (
                  <label className="field">
                    <span>
                      Secret for the signature{' '}
                      {channels[c].hasSecret
                        ? '(set; type a new one to replace it)'
                        : '(16 characters or more)'}
                    </span>
                    <input
                      type="password"
                      autoComplete="new-password"
                      minLength={16}
                      maxLength={200}
                      value={channels[c].secret}
                      onChange={(e) => setChannel(c, { secret: e.target.value })}
                      data-testid="notify-secret-webhook"
                    />
                  </label>
                )}
              </>
            )}
          </div>
        ))}
      </fieldset>

      <div className="form-grid">
        <label className="field field-narrow">
          <span>Minimum severity</span>
          <select
            value={minSeverity}
            disabled={!enabled}
            onChange={(e) => setMinSeverity(Number(e.target.value))}
            data-testid="notify-min-severity"
          >
            {SEVERITIES.map((n) => (
              <option key={n} value={n}>
                {n === 1 ? '1 (every alert)' : `${n} or more`}
              </option>
            ))}
          </select>
        </label>
      </div>

      <fieldset className="field" disabled={!enabled}>
        <legend>Brands</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={brandIds === null}
            onChange={(e) => setBrandIds(e.target.checked ? null : brands.map((b) => b.id))}
            data-testid="notify-all-brands"
          />
          Every brand, including ones added later
        </label>
        {brandIds !== null && (
          <div className="check-grid">
            {brands.map((b) => (
              <label key={b.id} className="check">
                <input
                  type="checkbox"
                  checked={brandIds.includes(b.id)}
                  onChange={(e) => setBrandIds(toggle(brandIds, b.id, e.target.checked))}
                />
                {b.name}
                {b.kind === 'competitor' ? ' (competitor)' : ''}
              </label>
            ))}
          </div>
        )}
      </fieldset>

      <KindChecks kinds={kinds} onChange={setKinds} name="notify" />

      <fieldset className="field" disabled={!enabled}>
        <legend>Quiet hours</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={quiet}
            onChange={(e) => setQuiet(e.target.checked)}
            data-testid="notify-quiet"
          />
          Hold notifications during quiet hours (severity 9 and 10 still come through)
        </label>
        {quiet && (
          <div className="form-grid quiet-hours">
            <label className="field">
              <span>From</span>
              <input
                type="time"
                required
                value={quietHours.start}
                onChange={(e) => setQuietHours((q) => ({ ...q, start: e.target.value }))}
                data-testid="notify-quiet-start"
              />
            </label>
            <label className="field">
              <span>Until</span>
              <input
                type="time"
                required
                value={quietHours.end}
                onChange={(e) => setQuietHours((q) => ({ ...q, end: e.target.value }))}
                data-testid="notify-quiet-end"
              />
            </label>
            <label className="field">
              <span>Time zone</span>
              <select
                value={quietHours.timezone}
                onChange={(e) => setQuietHours((q) => ({ ...q, timezone: e.target.value }))}
                data-testid="notify-quiet-timezone"
              >
                {!zones.includes(quietHours.timezone) && (
                  <option value={quietHours.timezone}>{quietHours.timezone}</option>
                )}
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="notify-save">
          {busy ? 'Saving…' : 'Save my notifications'}
        </button>
        <span aria-live="polite" className="muted small">
          {saved && <span data-testid="notify-saved">Saved.</span>}
        </span>
      </div>
    </form>
  );
}

type TargetForm = AlertSettings['targets'][number] & { secret: string };

/** Admins: the threshold for risky single items, and targets every alert goes to (a team channel). */
function WorkspaceSettingsForm({ initial }: { initial: AlertSettings }) {
  const [riskThreshold, setRiskThreshold] = useState(initial.riskThreshold);
  const [targets, setTargets] = useState<TargetForm[]>(initial.targets.map((t) => ({ ...t, secret: '' })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const setTarget = (i: number, patch: Partial<TargetForm>) =>
    setTargets((all) => all.map((t, j) => (j === i ? { ...t, ...patch } : t)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const body: AlertSettingsInput = {
      riskThreshold,
      targets: targets.map((t) => ({
        channel: t.channel,
        target: t.target.trim(),
        minSeverity: t.minSeverity,
        kinds: t.kinds,
        ...(t.secret ? { secret: t.secret } : {}),
      })),
    };
    try {
      await api.saveAlertSettings(body);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-card" onSubmit={(e) => void submit(e)} data-testid="workspace-alert-settings">
      <h2 className="card-title">Workspace (admins)</h2>
      <ErrorBanner error={error} title="Could not save the workspace settings." />
      <label className="field">
        <span>Risky-item threshold: an item whose virality risk reaches it opens an alert</span>
        <span className="range">
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={riskThreshold}
            onChange={(e) => setRiskThreshold(Number(e.target.value))}
            data-testid="risk-threshold"
          />
          <output>{Math.round(riskThreshold * 100)}%</output>
        </span>
      </label>

      <fieldset className="field">
        <legend>Shared targets: every matching alert goes here, whoever is on duty</legend>
        {targets.length === 0 && <p className="muted small">No shared targets.</p>}
        <ol className="targets">
          {targets.map((t, i) => (
            <li key={i} className="target-row" data-testid="shared-target">
              <label className="field">
                <span>Channel</span>
                <select
                  value={t.channel}
                  onChange={(e) => setTarget(i, { channel: e.target.value as AlertChannel })}
                >
                  {ALERT_CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {CHANNEL_TEXT[c]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t.channel === 'email' ? 'Address' : 'URL'}</span>
                <input
                  type={t.channel === 'email' ? 'email' : 'url'}
                  required
                  minLength={3}
                  maxLength={500}
                  value={t.target}
                  onChange={(e) => setTarget(i, { target: e.target.value })}
                />
              </label>
              {t.channel === 'webhook' && (
                <label className="field">
                  <span>Secret {t.hasSecret ? '(set; type to replace)' : ''}</span>
                  <input
                    type="password"
                    autoComplete="new-password"
                    minLength={16}
                    maxLength={200}
                    value={t.secret}
                    onChange={(e) => setTarget(i, { secret: e.target.value })}
                  />
                </label>
              )}
              <label className="field">
                <span>Min severity</span>
                <select
                  value={t.minSeverity}
                  onChange={(e) => setTarget(i, { minSeverity: Number(e.target.value) })}
                >
                  {SEVERITIES.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <KindChecks
                kinds={t.kinds}
                onChange={(kinds) => setTarget(i, { kinds })}
                name={`target-${i}`}
              />
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => setTargets((all) => all.filter((_, j) => j !== i))}
                aria-label={`Remove the target ${t.target || humanize(t.channel)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="btn btn-secondary btn-sm add-target"
          disabled={targets.length >= 20}
          onClick={() =>
            setTargets((all) => [
              ...all,
              {
                channel: 'slack',
                target: '',
                hasSecret: false,
                minSeverity: 5,
                kinds: [...ALERT_KINDS],
                secret: '',
              },
            ])
          }
          data-testid="add-shared-target"
        >
          Add a target
        </button>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="workspace-alerts-save">
          {busy ? 'Saving…' : 'Save workspace settings'}
        </button>
        <span aria-live="polite" className="muted small">
          {saved && <span data-testid="workspace-alerts-saved">Saved.</span>}
        </span>
      </div>
    </form>
  );
}

/** Who hears about alerts, where and when: the member's own preferences, and the workspace's (admins). */
export function NotificationSettingsPage({ isAdmin }: { isAdmin: boolean }) {
  const mine = useResource('notification-settings', () => api.notificationSettings());
  const workspace = useResource(isAdmin ? 'alert-settings' : null, () => api.alertSettings());
  return (
    <div className="page" data-testid="notification-settings">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href="#/alerts">← Alerts</a>
      </nav>
      <div className="page-header">
        <div>
          <h1>Notification settings</h1>
          <p className="page-sub muted">
            Alerts always show on the alerts page; these settings decide who is told, where and when.
          </p>
        </div>
      </div>
      <ErrorBanner error={mine.error} title="Could not load your notification settings." />
      {mine.loading && !mine.data && <span className="spinner" aria-label="Loading" />}
      {mine.data && <MySettingsForm initial={mine.data} isAdmin={isAdmin} />}
      {isAdmin && (
        <>
          <ErrorBanner error={workspace.error} title="Could not load the workspace settings." />
          {workspace.data && <WorkspaceSettingsForm initial={workspace.data} />}
        </>
      )}
    </div>
  );
}
