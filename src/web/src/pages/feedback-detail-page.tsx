import { useState, type ReactNode } from 'react';
import { api, errorMessage } from '../api';
import { BrandKindBadge } from '../components/brand-kind-badge';
import { LoadState } from '../components/error-banner';
import { HighlightedText } from '../components/highlighted-text';
import { SentimentBadge } from '../components/sentiment-badge';
import { Stars } from '../components/stars';
import { formatCompact, formatDateTime, humanize, languageName, safeHttpUrl } from '../format';
import type { FeedbackDetail } from '../types';
import { href, listHref } from '../router';
import { useResource } from '../use-resource';
import { AnalysisPanel } from './analysis-panel';
import { PriorityBadge } from './case-parts';

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ItemMeta({ item }: { item: FeedbackDetail }) {
  const url = safeHttpUrl(item.url);
  const author = [item.author.name, item.author.handle && `@${item.author.handle.replace(/^@/, '')}`]
    .filter(Boolean)
    .join(' ');
  return (
    <dl className="meta" data-testid="detail-meta">
      <Meta label="Author">
        <span data-testid="detail-author">{author || 'Anonymous'}</span>
        {item.author.reach !== null && (
          <span className="muted"> · {formatCompact(item.author.reach)} followers</span>
        )}
      </Meta>
      <Meta label="Brand">
        {item.brand.name}
        <BrandKindBadge kind={item.brand.kind} />
      </Meta>
      <Meta label="Source">
        {humanize(item.platform)} <span className="muted">· {humanize(item.channel)}</span>
      </Meta>
      {item.survey && (
        <Meta label="Survey">
          <a
            href={`#/surveys/${encodeURIComponent(item.survey.id)}/results`}
            data-testid="detail-survey"
            data-id={item.survey.id}
          >
            {item.survey.name}
          </a>
        </Meta>
      )}
      {item.rating !== null && (
        <Meta label="Rating">
          <Stars rating={item.rating} /> <span className="muted">{item.rating} / 5</span>
        </Meta>
      )}
      {item.score && (
        <Meta label={item.score.kind.toUpperCase()}>
          <span className="score-pill">{item.score.value}</span>
        </Meta>
      )}
      <Meta label="Posted">
        <time dateTime={item.postedAt}>{formatDateTime(item.postedAt)}</time>
      </Meta>
      <Meta label="Received">
        <time dateTime={item.receivedAt}>{formatDateTime(item.receivedAt)}</time>
      </Meta>
      <Meta label="External id">
        <code>{item.externalId}</code>
      </Meta>
      {item.url && (
        <Meta label="Link">
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer nofollow" data-testid="detail-url">
              Open original ↗
            </a>
          ) : (
            <span className="muted">{item.url}</span>
          )}
        </Meta>
      )}
    </dl>
  );
}

const STATUS_TEXT: Record<NonNullable<FeedbackDetail['cases']>[number]['status'], string> = {
  open: 'Open',
  waiting: 'Waiting',
  closed: 'Closed',
};

/**
 * The cases the item is in, each a link; agents and above can open one by hand when it is in no
 * active case (issue #12: the empty inbox promised it). Opening is idempotent on the server: an
 * item already in an open case, or whose customer thread has one, joins that case.
 */
function ItemCases({
  item,
  canOpen,
  onOpened,
}: {
  item: FeedbackDetail;
  canOpen: boolean;
  onOpened: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cases = item.cases ?? [];
  const active = cases.some((c) => c.status !== 'closed');
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.openCase(item.id);
      onOpened();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="item-cases-title" data-testid="item-cases">
      <h2 id="item-cases-title" className="card-title">
        Case
      </h2>
      {cases.length === 0 && <p className="muted">Not in a case.</p>}
      {cases.length > 0 && (
        <ul className="item-case-list">
          {cases.map((c) => (
            <li key={c.id}>
              <a
                href={href(`/cases/${encodeURIComponent(c.id)}`)}
                data-testid="item-case-link"
                data-status={c.status}
              >
                {c.status === 'closed' ? 'Closed case' : 'In a case'}
              </a>{' '}
              <PriorityBadge label={c.priority} /> <span className="muted">{STATUS_TEXT[c.status]}</span>
            </li>
          ))}
        </ul>
      )}
      {canOpen && !active && (
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          onClick={() => void open()}
          disabled={busy}
          data-testid="item-open-case"
        >
          {busy ? 'Opening…' : 'Open a case'}
        </button>
      )}
      {error && (
        <div className="alert alert-error" role="alert" data-testid="item-open-case-error">
          {error}
        </div>
      )}
    </section>
  );
}

function Versions({ item }: { item: FeedbackDetail }) {
  if (item.versions.length <= 1) return null;
  const versions = [...item.versions].sort((a, b) => b.version - a.version);
  return (
    <section className="card" aria-labelledby="versions-title" data-testid="detail-versions">
      <h2 id="versions-title" className="card-title">
        Versions <span className="count">{versions.length}</span>
      </h2>
      <ol className="versions">
        {versions.map((v) => (
          <li key={v.version} className="version">
            <div className="version-head">
              <strong>v{v.version}</strong>
              {v.version === item.version && <span className="tag">Current</span>}
              {v.rating !== null && <Stars rating={v.rating} />}
              {v.score && (
                <span className="score-pill">
                  {v.score.kind.toUpperCase()} {v.score.value}
                </span>
              )}
              <time className="muted" dateTime={v.receivedAt}>
                {formatDateTime(v.receivedAt)}
              </time>
            </div>
            {v.title && <div className="version-title">{v.title}</div>}
            <p className="version-text">{v.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * One feedback item: what was said, by whom and where, its versions, and what the analysis found;
 * agents and above can correct its sentiment.
 */
export function FeedbackDetailPage({ id, canCorrect = false }: { id: string; canCorrect?: boolean }) {
  const {
    data: item,
    error,
    loading,
    mutate,
    reload,
  } = useResource(`item:${id}`, () => api.feedbackItem(id));
  const correction = item?.corrections.sentiment;
  const corrected = correction != null && correction.version === item?.version;

  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={listHref()} data-testid="back-to-list">
          ← Feedback
        </a>
      </nav>

      <LoadState
        error={error}
        loading={loading}
        loaded={Boolean(item)}
        what="item"
        notFoundTestId="detail-not-found"
        notFoundNote="It may belong to another workspace, or it was deleted."
      />

      {item && (
        <div className="detail" data-testid="feedback-detail">
          <div className="detail-main">
            <section className="card">
              <div className="detail-badges">
                <SentimentBadge
                  label={item.sentiment?.label}
                  // The score is the model's: beside a person's label it would contradict it.
                  score={corrected ? undefined : item.sentiment?.score}
                  status={item.analysisStatus}
                />
                {corrected && (
                  <span className="tag" data-testid="detail-corrected">
                    Corrected
                  </span>
                )}
                {item.language && <span className="tag">{languageName(item.language)}</span>}
                {item.intents.map((intent) => (
                  <span key={intent} className="tag">
                    {humanize(intent)}
                  </span>
                ))}
              </div>
              <h1 className="detail-title" data-testid="detail-title">
                {item.title || (
                  <span className="detail-title-fallback">
                    {humanize(item.platform)} {item.channel === 'review' ? 'review' : 'message'} from{' '}
                    {item.author.name || item.author.handle || 'an anonymous customer'}
                  </span>
                )}
              </h1>
              {item.text ? (
                <HighlightedText text={item.text} sentences={item.analysis?.sentences ?? null} />
              ) : (
                <p className="muted" data-testid="detail-no-text">
                  A score without text: the respondent has not written why (yet).
                </p>
              )}
              {item.analysis && item.analysis.sentences.length > 0 && (
                <p className="legend muted" aria-hidden="true">
                  <span className="sentence sentence-positive">positive</span>{' '}
                  <span className="sentence sentence-neutral">neutral</span>{' '}
                  <span className="sentence sentence-negative">negative</span> sentences
                </p>
              )}
            </section>
            <AnalysisPanel
              item={item}
              canCorrect={canCorrect}
              onCorrected={(next) => mutate(() => next)}
              onWithdrawn={reload}
            />
            <Versions item={item} />
          </div>
          <aside className="detail-side">
            <section className="card">
              <h2 className="card-title">Details</h2>
              <ItemMeta item={item} />
            </section>
            <ItemCases item={item} canOpen={canCorrect} onOpened={reload} />
          </aside>
        </div>
      )}
    </div>
  );
}
