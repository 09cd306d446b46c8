/**
 * Contact rules and the send log (`#/outreach`, issue #15): how often a customer may be asked (any
 * survey or review request), whether an open case or a missing consent holds an ask back, the quiet
 * hours in the workspace's time zone; and every send with its status and, when one was held back,
 * the reason.
 */
import { useState, type FormEvent } from 'react';
import { outreachApi, type SendFilters } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { FilterSelect } from '../../components/filter-select';
import { formatDateTime, formatInt, humanize } from '../../format';
import { navigate, useLocation, href } from '../../router';
import type { ContactSend, ContactSettings, Role } from '../../types';
import { useResource } from '../../use-resource';
import { CustomerLink, EmptyState, LoadMore, useMorePages } from '../customers/customer-parts';
import { AskSection } from '../surveys/survey-parts';

/** Why an ask was held back, in words. */
export const REASONS: Record<string, string> = {
  frequency_cap: 'Asked recently (frequency cap)',
  open_case: 'Has an open case',
  unsubscribed: 'Unsubscribed',
  no_consent: 'No consent on record',
  no_address: 'No e-mail address',
  platform_forbids: 'The platform forbids asking',
  erased: 'Customer erased',
  not_found: 'Invitation or request gone',
  expired: 'Link expired before sending',
  answered: 'Already answered',
  not_configured: 'No mail server or public URL configured',
  smtp_error: 'The mail server refused it',
};
export const reasonText = (reason: string | null) => (reason ? (REASONS[reason] ?? humanize(reason)) : '');

export const SEND_TONE: Record<string, string> = {
  scheduled: 'info',
  sent: 'positive',
  suppressed: 'warning',
  failed: 'negative',
};

const KIND_LABEL: Record<string, string> = {
  survey: 'Survey',
  review_request: 'Review request',
  referral: 'Referral',
};

function zones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

function SettingsForm({
  settings,
  canEdit,
  onSaved,
}: {
  settings: ContactSettings;
  canEdit: boolean;
  onSaved: (s: ContactSettings) => void;
}) {
  const [draft, setDraft] = useState(settings);
  const [state, setState] = useState<{ busy: boolean; error: unknown; saved: boolean }>({
    busy: false,
    error: null,
    saved: false,
  });
  const set = (patch: Partial<ContactSettings>) => {
    setDraft({ ...draft, ...patch });
    setState((s) => ({ ...s, saved: false }));
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true, error: null, saved: false });
    try {
      const { updatedAt: _ignored, ...body } = draft;
      const saved = await outreachApi.saveSettings(body);
      setState({ busy: false, error: null, saved: true });
      onSaved(saved);
    } catch (error) {
      setState({ busy: false, error, saved: false });
    }
  }
  return (
    <form
      className="card form-card"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="rules-title"
      data-testid="contact-rules"
    >
      <h2 id="rules-title" className="card-title">
        Contact rules
      </h2>
      <p className="muted small">
        They hold for every ask — survey invitations and review requests alike — and are checked again at send
        time.
      </p>
      <fieldset disabled={!canEdit} className="plain-fieldset">
        <label className="field">
          <span>Ask a customer at most once every</span>
          <input
            type="number"
            min={0}
            max={365}
            value={draft.capDays}
            onChange={(e) => set({ capDays: Math.max(0, Number(e.target.value) || 0) })}
            className="input-narrow"
            data-testid="rules-cap-days"
          />
          <span className="muted small">
            days (0: no cap). A customer asked yesterday is not asked today.
          </span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.suppressOpenCase}
            onChange={(e) => set({ suppressOpenCase: e.target.checked })}
            data-testid="rules-open-case"
          />
          Do not send surveys or referral invitations while the customer has an open case
        </label>
        <p className="muted small">
          Review requests go out all the same: cases open for unhappy customers, so holding them back would
          invite only the happy ones, which Google, Tripadvisor and Trustpilot forbid.
        </p>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.requireConsent}
            onChange={(e) => set({ requireConsent: e.target.checked })}
            data-testid="rules-consent"
          />
          Ask only customers who have given consent (otherwise: everyone who has not unsubscribed)
        </label>
        <div className="form-grid">
          <label className="field">
            <span>Quiet from</span>
            <input
              type="time"
              value={draft.quietStart}
              onChange={(e) => set({ quietStart: e.target.value })}
              data-testid="rules-quiet-start"
            />
          </label>
          <label className="field">
            <span>until</span>
            <input
              type="time"
              value={draft.quietEnd}
              onChange={(e) => set({ quietEnd: e.target.value })}
              data-testid="rules-quiet-end"
            />
          </label>
          <label className="field">
            <span>Time zone</span>
            <select
              value={draft.timeZone}
              onChange={(e) => set({ timeZone: e.target.value })}
              data-testid="rules-time-zone"
            >
              {[...new Set([draft.timeZone, 'UTC', ...zones()])].map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted small">An ask due in quiet hours waits until they end; it is not dropped.</p>
      </fieldset>
      <ErrorBanner error={state.error} title="The rules were not saved." />
      {canEdit ? (
        <div className="form-actions">
          {state.saved && (
            <span className="muted small" role="status" data-testid="rules-saved">
              Saved.
            </span>
          )}
          <button type="submit" className="btn btn-primary" disabled={state.busy} data-testid="rules-save">
            {state.busy ? 'Saving…' : 'Save rules'}
          </button>
        </div>
      ) : (
        <p className="muted small">Admins can change these.</p>
      )}
    </form>
  );
}

export function SendLog({
  filters,
  customerId,
  compact = false,
}: {
  filters: SendFilters;
  customerId?: string;
  compact?: boolean;
}) {
  const query = { ...filters, ...(customerId ? { customerId } : {}) };
  const key = `outreach-sends:${JSON.stringify(query)}`;
  const first = useResource(key, () => outreachApi.sends(query, null, compact ? 10 : 50));
  const more = useMorePages<ContactSend>(key);
  const rows = [...(first.data?.sends ?? []), ...more.rows];
  const cursor = more.nextCursor(first.data?.nextCursor);
  return (
    <>
      <ErrorBanner error={first.error} title="Could not load the send log." />
      {!first.data ? null : rows.length === 0 ? (
        customerId ? (
          <p className="muted small" data-testid="sends-empty">
            Not asked yet for a survey answer or a review.
          </p>
        ) : (
          <EmptyState title="Nothing sent yet." testId="sends-empty">
            <p>
              Invite customers to a survey or send review requests; every send, and every ask held back with
              its reason, is listed here.
            </p>
          </EmptyState>
        )
      ) : (
        <table className="table table-cards" data-testid="send-log">
          <thead>
            <tr>
              {!customerId && <th scope="col">Customer</th>}
              <th scope="col">Ask</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr
                key={s.id}
                data-testid="send-row"
                data-status={s.status}
                data-reason={s.reason ?? ''}
                data-kind={s.kind}
              >
                {!customerId && (
                  <td>
                    {s.customerId ? (
                      <CustomerLink id={s.customerId} name={s.customerName} />
                    ) : (
                      <span className="muted">Erased customer</span>
                    )}
                  </td>
                )}
                <td>
                  {KIND_LABEL[s.kind] ?? humanize(s.kind)} <span className="muted small">by {s.channel}</span>
                </td>
                <td>
                  <span className={`badge badge-${SEND_TONE[s.status] ?? 'muted'}`}>
                    {humanize(s.status)}
                  </span>
                  {s.reason && (
                    <span className="small muted" data-testid="send-reason">
                      {' '}
                      {reasonText(s.reason)}
                    </span>
                  )}
                </td>
                <td className="small muted">
                  {s.sentAt
                    ? formatDateTime(s.sentAt)
                    : s.status === 'scheduled' && s.sendAfter
                      ? `due ${formatDateTime(s.sendAfter)}`
                      : formatDateTime(s.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore
        cursor={cursor}
        busy={more.busy}
        error={more.error}
        onLoad={() =>
          void more.load(async () => {
            const page = await outreachApi.sends(query, cursor);
            return { rows: page.sends, nextCursor: page.nextCursor };
          })
        }
      />
    </>
  );
}

/** The last 30 days of asks in figures: sent, scheduled, held back and failed, and why. */
function Summary() {
  const summary = useResource('outreach-summary', () => outreachApi.summary());
  const d = summary.data;
  if (!d) return <ErrorBanner error={summary.error} />;
  const held = Object.entries(d.byReason).sort((a, b) => b[1] - a[1]);
  return (
    <section className="card" aria-labelledby="summary-title" data-testid="outreach-summary">
      <h2 id="summary-title" className="card-title">
        Last 30 days
      </h2>
      {d.total === 0 ? (
        <p className="muted">No asks yet.</p>
      ) : (
        <>
          <dl className="customer-facts">
            {Object.keys(SEND_TONE).map((status) => (
              <div key={status} className="customer-fact" data-testid="summary-status" data-status={status}>
                <dt>{humanize(status)}</dt>
                <dd>{formatInt(d.byStatus[status] ?? 0)}</dd>
              </div>
            ))}
          </dl>
          {held.length > 0 && (
            <p className="small">
              Held back or failed:{' '}
              {held.map(([reason, n], i) => (
                <span key={reason}>
                  {i > 0 && ' · '}
                  <a href={href('/outreach', { reason })}>{reasonText(reason)}</a> {formatInt(n)}
                </span>
              ))}
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function OutreachPage({ role }: { role: Role }) {
  const settings = useResource('outreach-settings', () => outreachApi.settings());
  const { query } = useLocation();
  const filters: SendFilters = {
    kind: query.get('kind') ?? undefined,
    status: query.get('status') ?? undefined,
    reason: query.get('reason') ?? undefined,
  };
  const setFilter = (name: keyof SendFilters, value: string) =>
    navigate(href('/outreach', { ...filters, [name]: value || undefined }), { replace: true });
  const canEdit = role === 'admin' || role === 'owner';
  return (
    <AskSection
      title="Contact rules & send log"
      sub="How often customers may be asked, and every ask: sent, scheduled, or held back and why."
      testId="outreach-page"
      busy={settings.loading}
    >
      <ErrorBanner error={settings.error} title="Could not load the contact rules." />
      {settings.data && (
        <SettingsForm settings={settings.data} canEdit={canEdit} onSaved={(s) => settings.mutate(() => s)} />
      )}
      <Summary />
      <section className="card list-card" aria-labelledby="log-title" data-testid="send-log-card">
        <h2 id="log-title" className="card-title card-title-pad">
          Send log
        </h2>
        <div className="filters-row card-title-pad send-filters">
          <FilterSelect
            label="Kind"
            value={filters.kind ?? ''}
            onChange={(v) => setFilter('kind', v)}
            options={Object.entries(KIND_LABEL).map(([value, label]) => ({ value, label }))}
            testId="send-filter-kind"
          />
          <FilterSelect
            label="Status"
            value={filters.status ?? ''}
            onChange={(v) => setFilter('status', v)}
            options={Object.keys(SEND_TONE).map((value) => ({ value, label: humanize(value) }))}
            testId="send-filter-status"
          />
          <FilterSelect
            label="Reason"
            value={filters.reason ?? ''}
            onChange={(v) => setFilter('reason', v)}
            options={Object.entries(REASONS).map(([value, label]) => ({ value, label }))}
            testId="send-filter-reason"
          />
        </div>
        <SendLog filters={filters} />
      </section>
    </AskSection>
  );
}
