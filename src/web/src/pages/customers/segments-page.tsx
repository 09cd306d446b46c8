/**
 * Segments by needs (`#/segments`, issue #14): saved rule-based segments defined by what customers
 * express — the touchpoints they care about, praise or criticise, the intents they show — plus
 * lifecycle, promoter, tags, language and platform; suggested clusters of customers by the
 * touchpoints they talk about, each one click from a saved segment. A segment filters the customer
 * list, the explorer, the inbox and the metrics.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { customersApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatDateTime, formatInt, humanize } from '../../format';
import { href } from '../../router';
import type { LifecycleStage, Role, Segment, SegmentRulesInput } from '../../types';
import { useResource } from '../../use-resource';
import { useWorkspaceMeta } from '../../workspace-meta';
import { INTENTS, PLATFORMS } from '../feedback-filters';
import { CustomerSection, EmptyState, STAGES } from './customer-parts';

type TouchpointRule = { key: string; mode: 'mentions' | 'praises' | 'criticises'; min: number };
const MODES: { value: TouchpointRule['mode']; label: string }[] = [
  { value: 'mentions', label: 'talks about' },
  { value: 'praises', label: 'praises' },
  { value: 'criticises', label: 'criticises' },
];

const list = (text: string) =>
  text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);

function RuleBuilder({ onSaved }: { onSaved: () => void }) {
  const { stages } = useWorkspaceMeta();
  const touchpoints = stages.flatMap((s) => s.touchpoints);
  const [name, setName] = useState('');
  const [tps, setTps] = useState<TouchpointRule[]>([]);
  const [intents, setIntents] = useState<string[]>([]);
  const [lifecycle, setLifecycle] = useState<LifecycleStage[]>([]);
  const [promoter, setPromoter] = useState(false);
  const [tags, setTags] = useState('');
  const [languages, setLanguages] = useState('');
  const [platforms, setPlatforms] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });

  const rules: SegmentRulesInput = {
    ...(tps.length ? { touchpoints: tps } : {}),
    ...(intents.length ? { intents: intents.map((intent) => ({ intent })) } : {}),
    ...(lifecycle.length ? { lifecycle } : {}),
    ...(promoter ? { promoter: true } : {}),
    ...(list(tags).length ? { tags: list(tags) } : {}),
    ...(list(languages).length ? { languages: list(languages).map((l) => l.toLowerCase()) } : {}),
    ...(list(platforms).length ? { platforms: list(platforms).map((p) => p.toLowerCase()) } : {}),
  };
  const toggle = <T,>(values: T[], v: T, on: boolean) =>
    on ? [...values, v] : values.filter((x) => x !== v);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true, error: null });
    try {
      await customersApi.createSegment({ name: name.trim(), rules });
      setState({ busy: false, error: null });
      setName('');
      setTps([]);
      setIntents([]);
      setLifecycle([]);
      setPromoter(false);
      setTags('');
      setLanguages('');
      setPlatforms('');
      onSaved();
    } catch (error) {
      setState({ busy: false, error });
    }
  }

  return (
    <form
      className="card form-card"
      onSubmit={(e) => void submit(e)}
      data-testid="segment-form"
      aria-labelledby="new-segment-title"
    >
      <h2 id="new-segment-title" className="card-title">
        New segment
      </h2>
      <label className="field">
        <span>Name</span>
        <input
          required
          maxLength={120}
          placeholder="e.g. Coffee lovers who dislike the wait"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="segment-name"
        />
      </label>
      <fieldset className="field">
        <legend>Touchpoints they care about</legend>
        {tps.map((t, i) => (
          <div key={i} className="rule-row" data-testid="segment-touchpoint-rule">
            <label className="field">
              <span className="visually-hidden">How</span>
              <select
                value={t.mode}
                onChange={(e) =>
                  setTps(
                    tps.map((x, j) =>
                      j === i ? { ...x, mode: e.target.value as TouchpointRule['mode'] } : x,
                    ),
                  )
                }
              >
                {MODES.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="visually-hidden">Touchpoint</span>
              <select
                value={t.key}
                onChange={(e) => setTps(tps.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))}
                data-testid="segment-touchpoint"
              >
                {touchpoints.map((tp) => (
                  <option key={tp.key} value={tp.key}>
                    {tp.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-narrow">
              <span className="small muted">at least</span>
              <input
                type="number"
                min={1}
                max={1000}
                value={t.min}
                onChange={(e) =>
                  setTps(tps.map((x, j) => (j === i ? { ...x, min: Number(e.target.value) || 1 } : x)))
                }
              />
            </label>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => setTps(tps.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          disabled={touchpoints.length === 0}
          onClick={() => setTps([...tps, { key: touchpoints[0]?.key ?? '', mode: 'mentions', min: 1 }])}
          data-testid="segment-add-touchpoint"
        >
          + Touchpoint
        </button>
      </fieldset>
      <fieldset className="field">
        <legend>Intents they show</legend>
        <div className="check-grid">
          {INTENTS.map((i) => (
            <label key={i} className="check">
              <input
                type="checkbox"
                checked={intents.includes(i)}
                onChange={(e) => setIntents(toggle(intents, i, e.target.checked))}
              />
              {humanize(i)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>Lifecycle</legend>
        <div className="check-grid">
          {STAGES.map((s) => (
            <label key={s.value} className="check">
              <input
                type="checkbox"
                checked={lifecycle.includes(s.value)}
                onChange={(e) => setLifecycle(toggle(lifecycle, s.value, e.target.checked))}
              />
              {s.label}
            </label>
          ))}
          <label className="check">
            <input type="checkbox" checked={promoter} onChange={(e) => setPromoter(e.target.checked)} />
            Promoters only
          </label>
        </div>
      </fieldset>
      <div className="form-grid">
        <label className="field">
          <span>Tags</span>
          <input placeholder="vip, wholesale" value={tags} onChange={(e) => setTags(e.target.value)} />
        </label>
        <label className="field">
          <span>Languages</span>
          <input placeholder="en, de" value={languages} onChange={(e) => setLanguages(e.target.value)} />
        </label>
        <label className="field">
          <span>Platforms</span>
          <input
            list="segment-platforms"
            placeholder="google, twitter"
            value={platforms}
            onChange={(e) => setPlatforms(e.target.value)}
          />
          <datalist id="segment-platforms">
            {PLATFORMS.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </label>
      </div>
      <ErrorBanner error={state.error} title="The segment was not saved." />
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={state.busy || !name.trim()}
          data-testid="segment-save"
        >
          {state.busy ? 'Saving…' : 'Save segment'}
        </button>
      </div>
    </form>
  );
}

function SavedSegments({
  segments,
  canEdit,
  onChanged,
}: {
  segments: Segment[];
  canEdit: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card list-card" aria-labelledby="saved-title" data-testid="segment-list">
      <h2 id="saved-title" className="card-title card-title-pad">
        Saved segments <span className="count">{segments.length}</span>
      </h2>
      <ErrorBanner error={error} />
      {segments.length === 0 ? (
        <EmptyState title="No segments yet." testId="segments-empty">
          <p>Build one below from the touchpoints customers care about, or save a suggested group.</p>
        </EmptyState>
      ) : (
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="num">
                Customers
              </th>
              <th scope="col">Use as a filter</th>
              {canEdit && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr key={s.id} data-testid="segment-row" data-id={s.id}>
                <td className="cell-text">
                  <strong>{s.name}</strong>
                  <div className="muted small" data-testid="segment-summary">
                    {s.summary}
                  </div>
                  <div className="muted small">
                    {s.computedAt ? `Members counted ${formatDateTime(s.computedAt)}` : 'Counting members…'}
                  </div>
                </td>
                <td className="num">{s.computedAt ? formatInt(s.size) : '…'}</td>
                <td>
                  <a href={href('/customers', { segment: s.id })}>Customers</a> ·{' '}
                  <a href={href('/feedback', { segment: s.id })}>Feedback</a> ·{' '}
                  <a href={href('/overview', { segment: s.id })}>Metrics</a>
                </td>
                {canEdit && (
                  <td>
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      onClick={() => {
                        setError(null);
                        customersApi.deleteSegment(s.id).then(onChanged, setError);
                      }}
                      aria-label={`Delete ${s.name}`}
                    >
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SuggestedClusters({ canEdit, onSaved }: { canEdit: boolean; onSaved: () => void }) {
  const answer = useResource('segment-suggestions', () => customersApi.segmentSuggestions());
  const [state, setState] = useState<{ busy: string | null; error: unknown }>({ busy: null, error: null });
  const rows = answer.data?.clusters ?? [];
  return (
    <section className="card" aria-labelledby="clusters-title" data-testid="segment-suggestions">
      <h2 id="clusters-title" className="card-title">
        Suggested groups
      </h2>
      <p className="muted small">
        Customers grouped by the touchpoints they talk about (k-means on a sample).
      </p>
      <ErrorBanner error={answer.error ?? state.error} />
      {answer.data && rows.length === 0 && (
        <p className="muted">Not enough customers with analysed feedback to suggest groups yet.</p>
      )}
      <div className="cluster-list">
        {rows.map((c) => (
          <div key={c.name} className="cluster" data-testid="cluster">
            <strong>{c.name}</strong>
            <p className="muted small">
              {formatInt(c.size)} customers ({Math.round(c.share * 100)}% of the sample) ·{' '}
              {c.touchpoints.map((t) => t.name).join(', ')}
            </p>
            {canEdit && (
              <button
                type="button"
                className="btn btn-secondary btn-sm"
                disabled={state.busy !== null}
                onClick={() => {
                  setState({ busy: c.name, error: null });
                  customersApi.createSegment({ name: c.name, rules: c.rules }).then(
                    () => {
                      setState({ busy: null, error: null });
                      onSaved();
                    },
                    (error: unknown) => setState({ busy: null, error }),
                  );
                }}
                data-testid="cluster-save"
              >
                {state.busy === c.name ? 'Saving…' : 'Save as segment'}
              </button>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

export function SegmentsPage({ role }: { role: Role }) {
  const segments = useResource('segments', () => customersApi.segments());
  const canEdit = role !== 'viewer';
  // A saved segment is counted by a background job: look again until every one has been.
  const pending = segments.data?.segments.some((s) => s.computedAt === null) ?? false;
  const { reload } = segments;
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(reload, 2000);
    return () => clearTimeout(t);
  }, [pending, reload, segments.data]);
  return (
    <CustomerSection
      title="Segments"
      sub="Groups by what customers care about, usable as a filter on customers, feedback, the inbox and the metrics."
      testId="segments"
      busy={segments.loading}
    >
      <ErrorBanner error={segments.error} title="Could not load the segments." />
      <SavedSegments segments={segments.data?.segments ?? []} canEdit={canEdit} onChanged={segments.reload} />
      <SuggestedClusters canEdit={canEdit} onSaved={segments.reload} />
      {canEdit && <RuleBuilder onSaved={segments.reload} />}
    </CustomerSection>
  );
}
