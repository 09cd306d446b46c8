/**
 * Review requests (`#/review-requests`, issue #15): the business's link on each review platform with
 * that platform's rule in one line (no gating — everyone gets the same invitation whatever their
 * score, never asking for stars, no incentives; Yelp forbids asking at all), sending to chosen
 * customers or a segment (a referral invitation may go to promoters), the requests with their
 * status, a name-only match to confirm, and the conversion rate per platform and per touchpoint.
 */
import { useState, type FormEvent } from 'react';
import { reviewRequestsApi, type AskTarget } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { MetricCard } from '../../components/metric-card';
import { formatDateTime, formatInt, humanize, safeHttpUrl } from '../../format';
import type { ReviewConversion, ReviewPlatform, ReviewRequest, Role } from '../../types';
import { useResource } from '../../use-resource';
import { useWorkspaceMeta } from '../../workspace-meta';
import { CustomerLink, EmptyState, LoadMore, useMorePages } from '../customers/customer-parts';
import { reasonText } from '../outreach/outreach-page';
import { AskTargetPicker } from '../surveys/ask-target';
import { AskSection } from '../surveys/survey-parts';

const STATUS_TONE: Record<string, string> = {
  pending: 'info',
  sent: 'info',
  clicked: 'info',
  converted: 'positive',
  suppressed: 'warning',
  failed: 'negative',
  refused: 'negative',
};

function PlatformRow({
  rule,
  canEdit,
  onSaved,
}: {
  rule: ReviewPlatform;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const [url, setUrl] = useState(rule.link?.url ?? '');
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  async function save(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true, error: null });
    try {
      if (url.trim()) await reviewRequestsApi.savePlatform(rule.platform, { url: url.trim(), enabled: true });
      else await reviewRequestsApi.removePlatform(rule.platform);
      setState({ busy: false, error: null });
      onSaved();
    } catch (error) {
      setState({ busy: false, error });
    }
  }
  const policy = safeHttpUrl(rule.policyUrl);
  const isReferral = rule.platform === 'referral';
  return (
    <li
      className="platform-rule"
      data-testid="platform-rule"
      data-platform={rule.platform}
      data-allowed={rule.allowsRequests}
    >
      <div className="platform-rule-head">
        <strong>{rule.label}</strong>
        <span className={`badge badge-${rule.allowsRequests ? 'positive' : 'negative'}`}>
          {isReferral ? 'Referral programme' : rule.allowsRequests ? 'Requests allowed' : 'No requests'}
        </span>
        {rule.link?.enabled && <span className="badge badge-info">Link set</span>}
      </div>
      <p className="small" data-testid="platform-rule-text">
        {rule.explanation}{' '}
        {policy && (
          <a href={policy} target="_blank" rel="noreferrer noopener">
            Policy
          </a>
        )}
      </p>
      {rule.allowsRequests && canEdit && (
        <form className="platform-link-form" onSubmit={(e) => void save(e)}>
          <label className="visually-hidden" htmlFor={`platform-url-${rule.platform}`}>
            Your {rule.label} link
          </label>
          <input
            id={`platform-url-${rule.platform}`}
            type="url"
            placeholder={
              isReferral ? 'https://… your referral page' : `https://… your ${rule.label} review page`
            }
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            data-testid="platform-url"
          />
          <button type="submit" className="btn btn-secondary btn-sm" disabled={state.busy}>
            {state.busy ? 'Saving…' : url.trim() || !rule.link ? 'Save link' : 'Remove link'}
          </button>
        </form>
      )}
      {rule.allowsRequests && !canEdit && rule.link?.url && <p className="small muted">{rule.link.url}</p>}
      <ErrorBanner error={state.error} title="The link was not saved." />
    </li>
  );
}

function SendForm({ platforms, onSent }: { platforms: ReviewPlatform[]; onSent: () => void }) {
  const { stages } = useWorkspaceMeta();
  const [kind, setKind] = useState<'review' | 'referral'>('review');
  const ready = platforms.filter(
    (r) => r.allowsRequests && r.link?.enabled && (r.platform === 'referral') === (kind === 'referral'),
  );
  const [platform, setPlatform] = useState('');
  const [touchpointKey, setTouchpointKey] = useState('');
  const [target, setTarget] = useState<AskTarget | null>(null);
  const [round, setRound] = useState(0);
  const [state, setState] = useState<{ busy: boolean; error: unknown; done: string | null }>({
    busy: false,
    error: null,
    done: null,
  });
  const chosen = ready.some((r) => r.platform === platform) ? platform : (ready[0]?.platform ?? '');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target || !chosen) return;
    setState({ busy: true, error: null, done: null });
    try {
      const answer = await reviewRequestsApi.send({
        ...target,
        platform: chosen,
        kind,
        ...(touchpointKey ? { touchpointKey } : {}),
      });
      setRound((r) => r + 1);
      setTarget(null);
      setState({
        busy: false,
        error: null,
        done: `${formatInt(answer.requested)} request${answer.requested === 1 ? '' : 's'} made${
          answer.alreadyAsked
            ? `; ${formatInt(answer.alreadyAsked)} already asked for ${answer.platform} in the last 30 days`
            : ''
        }${answer.unknown ? `; ${formatInt(answer.unknown)} unknown` : ''}. The contact rules decide each send: see the list below and the send log.`,
      });
      onSent();
    } catch (error) {
      setState({ busy: false, error, done: null });
    }
  }
  return (
    <form
      className="card form-card"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="send-title"
      data-testid="review-send"
    >
      <h2 id="send-title" className="card-title">
        Send review requests
      </h2>
      <p className="muted small">
        Everyone gets the same neutral invitation (“Would you share your experience on Google?”), whatever
        score they gave — the request never reads it. A referral invitation may go to promoters only.
      </p>
      <label className="field">
        <span>Kind</span>
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as 'review' | 'referral')}
          data-testid="review-kind"
        >
          <option value="review">A review on a platform</option>
          <option value="referral">The referral programme</option>
        </select>
      </label>
      {ready.length === 0 ? (
        <p className="muted" data-testid="review-send-empty">
          {kind === 'referral'
            ? 'Set your referral programme’s link above first.'
            : 'Set your review link on a platform above first.'}
        </p>
      ) : (
        <>
          <div className="form-grid">
            <label className="field">
              <span>Platform</span>
              <select
                value={chosen}
                onChange={(e) => setPlatform(e.target.value)}
                data-testid="review-platform"
              >
                {ready.map((r) => (
                  <option key={r.platform} value={r.platform}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>About (for the conversion by touchpoint)</span>
              <select value={touchpointKey} onChange={(e) => setTouchpointKey(e.target.value)}>
                <option value="">No touchpoint</option>
                {stages.map((s) => (
                  <optgroup key={s.key} label={s.name}>
                    {s.touchpoints.map((t) => (
                      <option key={t.key} value={t.key}>
                        {t.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </label>
          </div>
          <AskTargetPicker key={round} onChange={setTarget} />
        </>
      )}
      <ErrorBanner error={state.error} title="No requests were sent." />
      {state.done && (
        <p className="alert alert-info" role="status" data-testid="review-send-done">
          {state.done}
        </p>
      )}
      {ready.length > 0 && (
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!target || state.busy}
            data-testid="review-send-submit"
          >
            {state.busy ? 'Sending…' : 'Send'}
          </button>
        </div>
      )}
    </form>
  );
}

function Conversion({
  rows,
  testId,
}: {
  rows: (ReviewConversion & { key: string; label: string })[];
  testId: string;
}) {
  if (rows.length === 0) return <p className="muted small">No requests sent yet.</p>;
  return (
    <div className="metric-cards" data-testid={testId}>
      {rows.map((r) => (
        <MetricCard
          key={r.key}
          metricKey={r.key}
          label={`${r.label}: ${formatInt(r.converted)} reviewed of ${formatInt(r.delivered)} delivered`}
          unit="ratio"
          estimate={r.conversion}
          change={null}
        />
      ))}
    </div>
  );
}

function RequestList({
  version,
  canWrite,
  names,
}: {
  version: number;
  canWrite: boolean;
  names: (p: string) => string;
}) {
  const key = `review-requests:${version}`;
  const first = useResource(key, () => reviewRequestsApi.list({}));
  const more = useMorePages<ReviewRequest>(key);
  const rows = [...(first.data?.requests ?? []), ...more.rows];
  const cursor = more.nextCursor(first.data?.nextCursor);
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card list-card" aria-labelledby="requests-title" data-testid="review-requests">
      <h2 id="requests-title" className="card-title card-title-pad">
        Requests
      </h2>
      <ErrorBanner error={first.error ?? error} />
      {!first.data ? null : rows.length === 0 ? (
        <EmptyState title="No review requests yet." testId="review-requests-empty">
          <p>Set a platform link, then send requests to chosen customers or a segment.</p>
        </EmptyState>
      ) : (
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Platform</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                data-testid="review-request-row"
                data-status={r.status}
                data-platform={r.platform}
              >
                <td>
                  {r.customerId ? (
                    <CustomerLink id={r.customerId} name={r.customerName ?? 'Customer'} />
                  ) : (
                    <span className="muted">Erased customer</span>
                  )}
                </td>
                <td>
                  {names(r.platform)}
                  {r.kind === 'referral' && <span className="muted small"> referral</span>}
                </td>
                <td>
                  <span className={`badge badge-${STATUS_TONE[r.status] ?? 'muted'}`}>
                    {humanize(r.status)}
                  </span>
                  {r.reason && <span className="muted small"> {reasonText(r.reason)}</span>}
                  {r.convertedItemId && (
                    <>
                      {' '}
                      <a href={`#/feedback/${encodeURIComponent(r.convertedItemId)}`}>their review</a>
                    </>
                  )}
                  {r.suggestedItemId && !r.convertedItemId && (
                    <div className="small">
                      A review by the same name arrived:{' '}
                      <a href={`#/feedback/${encodeURIComponent(r.suggestedItemId)}`}>check it</a>
                      {canWrite && (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="btn btn-secondary btn-sm"
                            onClick={() => {
                              setError(null);
                              reviewRequestsApi.confirm(r.id).then(first.reload, setError);
                            }}
                            data-testid="review-confirm"
                          >
                            It is theirs
                          </button>
                        </>
                      )}
                    </div>
                  )}
                </td>
                <td className="small muted">
                  {r.convertedAt
                    ? `reviewed ${formatDateTime(r.convertedAt)}`
                    : r.clickedAt
                      ? `clicked ${formatDateTime(r.clickedAt)}`
                      : r.sentAt
                        ? `sent ${formatDateTime(r.sentAt)}`
                        : formatDateTime(r.createdAt)}
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
            const page = await reviewRequestsApi.list({}, cursor);
            return { rows: page.requests, nextCursor: page.nextCursor };
          })
        }
      />
    </section>
  );
}

export function ReviewRequestsPage({ role }: { role: Role }) {
  const platforms = useResource('review-platforms', () => reviewRequestsApi.platforms());
  const [version, setVersion] = useState(0);
  const summary = useResource(`review-summary:${version}`, () => reviewRequestsApi.summary());
  const { touchpointName } = useWorkspaceMeta();
  const canEdit = role === 'admin' || role === 'owner';
  const canWrite = role !== 'viewer';
  const rules = platforms.data?.platforms ?? [];
  const names = (p: string) => rules.find((r) => r.platform === p)?.label ?? humanize(p);
  return (
    <AskSection
      title="Review requests"
      sub="Invite customers to tell others — everyone alike, within each platform's rules."
      testId="review-requests-page"
      busy={platforms.loading}
    >
      <ErrorBanner error={platforms.error} title="Could not load the platforms." />
      <div className="survey-share-grid">
        <section className="card" aria-labelledby="platforms-title" data-testid="review-platforms">
          <h2 id="platforms-title" className="card-title">
            Platforms and their rules
          </h2>
          <ul className="platform-rules">
            {rules.map((r) => (
              <PlatformRow
                key={`${r.platform}:${r.link?.updatedAt ?? ''}`}
                rule={r}
                canEdit={canEdit}
                onSaved={platforms.reload}
              />
            ))}
          </ul>
        </section>
        {canWrite && <SendForm platforms={rules} onSent={() => setVersion((v) => v + 1)} />}
      </div>
      <section className="card" aria-labelledby="conversion-title" data-testid="review-conversion">
        <h2 id="conversion-title" className="card-title">
          Conversion
        </h2>
        <p className="muted small">
          A request converts when a review by the same customer (an identity they are known by) arrives on
          that platform within 30 days; a review by the same name only is a suggestion to confirm below.
        </p>
        <ErrorBanner error={summary.error} />
        <h3>By platform</h3>
        <Conversion
          rows={(summary.data?.platforms ?? []).map((r) => ({ ...r, key: r.platform }))}
          testId="conversion-platforms"
        />
        <h3>By touchpoint</h3>
        <Conversion
          rows={(summary.data?.touchpoints ?? []).map((r) => ({
            ...r,
            key: r.touchpointKey ?? 'none',
            label: r.touchpointKey ? touchpointName(r.touchpointKey) : 'No touchpoint',
          }))}
          testId="conversion-touchpoints"
        />
      </section>
      <RequestList version={version} canWrite={canWrite} names={names} />
    </AskSection>
  );
}
