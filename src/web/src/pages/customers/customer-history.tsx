/**
 * A customer's history (issue #14): the timeline of everything about them — items from every
 * channel with their versions, cases, replies, notes, survey answers and exceptions — newest first
 * and keyset-paged; and their sentiment over time as a uPlot chart (chart-plot.ts) with a data table.
 * The case page shows the same timeline.
 */
import { useMemo, useRef } from 'react';
import uPlot from 'uplot';
import { customersApi } from '../../api';
import { useUplot } from '../../components/chart-plot';
import { ErrorBanner } from '../../components/error-banner';
import { SentimentBadge } from '../../components/sentiment-badge';
import { Stars } from '../../components/stars';
import { formatDateTime, formatInt, humanize } from '../../format';
import { href } from '../../router';
import type { SentimentBucket, TimelineEntry } from '../../types';
import { useResource } from '../../use-resource';
import { EmptyState, LoadMore, platformName, useMorePages } from './customer-parts';

const KIND_MARK: Record<string, { mark: string; label: string }> = {
  item: { mark: '✉', label: 'Item' },
  version: { mark: '✎', label: 'Edited' },
  case: { mark: 'C', label: 'Case' },
  reply: { mark: '↩', label: 'Reply' },
  note: { mark: 'N', label: 'Note' },
  survey: { mark: '★', label: 'Survey answer' },
  exception: { mark: '€', label: 'Exception' },
};

function entryLink(e: TimelineEntry): string | null {
  if (e.caseId && (e.kind === 'case' || e.kind === 'reply' || e.kind === 'exception'))
    return href(`/cases/${encodeURIComponent(e.caseId)}`);
  if (e.itemId) return href(`/feedback/${encodeURIComponent(e.itemId)}`);
  return null;
}

function isLabel(s: string | null | undefined): s is 'positive' | 'negative' | 'neutral' {
  return s === 'positive' || s === 'negative' || s === 'neutral';
}

function TimelineRow({ entry }: { entry: TimelineEntry }) {
  const kind = KIND_MARK[entry.kind] ?? { mark: '•', label: humanize(entry.kind) };
  const link = entryLink(entry);
  const where = entry.platform
    ? platformName(entry.platform)
    : entry.channel
      ? humanize(entry.channel)
      : null;
  return (
    <li
      data-testid="timeline-entry"
      data-kind={entry.kind}
      data-channel={entry.channel ?? ''}
      data-platform={entry.platform ?? ''}
    >
      <span className={`timeline-icon is-${entry.kind}`} aria-hidden="true">
        {kind.mark}
      </span>
      <div>
        <div className="timeline-meta">
          <strong>{kind.label}</strong>
          {where && <span className="tag">{where}</span>}
          {isLabel(entry.sentiment) && <SentimentBadge label={entry.sentiment} />}
          {entry.rating !== null && entry.rating !== undefined && <Stars rating={entry.rating} />}
          {entry.score && (
            <span className="badge badge-score">
              {entry.score.kind.toUpperCase()} {entry.score.value}
            </span>
          )}
          <span className="muted small">
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </span>
          {link && (
            <a className="small" href={link}>
              Open
            </a>
          )}
        </div>
        {entry.title && <p className="timeline-text">{entry.title}</p>}
        {entry.text && <p className="timeline-text">{entry.text}</p>}
        {entry.detail && <p className="muted small">{entry.detail}</p>}
      </div>
    </li>
  );
}

/** The customer's whole history, newest first, with "Load more". */
export function CustomerTimeline({ customerId, version }: { customerId: string; version?: string | number }) {
  const key = `customer-timeline:${customerId}:${version ?? ''}`;
  const first = useResource(key, () => customersApi.timeline(customerId));
  const more = useMorePages<TimelineEntry>(key);
  const entries = [...(first.data?.entries ?? []), ...more.rows];
  const cursor = more.nextCursor(first.data?.nextCursor);
  const channels = new Set(entries.map((e) => e.channel ?? e.platform).filter(Boolean));
  return (
    <section className="card" aria-labelledby="timeline-title" data-testid="customer-timeline">
      <h2 id="timeline-title" className="card-title">
        Timeline{' '}
        {first.data && (
          <span className="count" data-testid="timeline-channels" data-count={channels.size}>
            {entries.length}
            {cursor ? '+' : ''} · {channels.size} channel{channels.size === 1 ? '' : 's'}
          </span>
        )}
      </h2>
      <ErrorBanner error={first.error} title="Could not load the timeline." />
      {first.data && entries.length === 0 && (
        <EmptyState title="Nothing yet." testId="timeline-empty">
          <p>
            Items, cases, replies, notes and survey answers about this customer appear here as they arrive.
          </p>
        </EmptyState>
      )}
      {!first.data && first.loading && <span className="spinner" aria-label="Loading" />}
      <ol className="customer-timeline">
        {entries.map((e) => (
          <TimelineRow key={`${e.kind}:${e.id}`} entry={e} />
        ))}
      </ol>
      <LoadMore
        cursor={cursor}
        busy={more.busy}
        error={more.error}
        testId="timeline-more"
        onLoad={() =>
          void more.load(async () => {
            const page = await customersApi.timeline(customerId, cursor);
            return { rows: page.entries, nextCursor: page.nextCursor };
          })
        }
      />
    </section>
  );
}

const COLOURS = { positive: '#067647', neutral: '#98a2b3', negative: '#b42318' };
const seconds = (bucket: string) =>
  Date.parse(`${bucket.length === 7 ? `${bucket}-01` : bucket.slice(0, 10)}T00:00:00Z`) / 1000;

/** Positive, neutral and negative items per month as stacked bars. */
export function SentimentOverTime({
  customerId,
  version,
}: {
  customerId: string;
  version?: string | number;
}) {
  const answer = useResource(`customer-sentiment:${customerId}:${version ?? ''}`, () =>
    customersApi.sentiment(customerId),
  );
  const buckets: SentimentBucket[] = useMemo(() => answer.data?.buckets ?? [], [answer.data]);
  const target = useRef<HTMLDivElement | null>(null);
  const data = useMemo<uPlot.AlignedData | null>(() => {
    if (buckets.length === 0) return null;
    // Stacked: each series is drawn to the sum of itself and those under it.
    const neg = buckets.map((b) => b.negative);
    const neu = buckets.map((b) => b.negative + b.neutral);
    const pos = buckets.map((b) => b.negative + b.neutral + b.positive);
    return [buckets.map((b) => seconds(b.bucket)), pos, neu, neg];
  }, [buckets]);
  useUplot(
    target,
    (width) => ({
      width,
      height: 200,
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{}, { label: 'Items', size: 44 }],
      legend: { live: false },
      series: [
        { label: 'Month' },
        ...(['positive', 'neutral', 'negative'] as const).map((k) => ({
          label: humanize(k),
          stroke: COLOURS[k],
          fill: COLOURS[k],
          width: 0,
          paths: uPlot.paths.bars?.({ size: [0.6, 40] }),
          points: { show: false },
        })),
      ],
    }),
    data,
    [buckets.length],
  );
  const total = buckets.reduce(
    (s, b) => ({
      positive: s.positive + b.positive,
      neutral: s.neutral + b.neutral,
      negative: s.negative + b.negative,
    }),
    { positive: 0, neutral: 0, negative: 0 },
  );
  return (
    <section className="card" aria-labelledby="sentiment-title" data-testid="customer-sentiment">
      <h2 id="sentiment-title" className="card-title">
        Sentiment over time
      </h2>
      <ErrorBanner error={answer.error} title="Could not load the sentiment." />
      {answer.data && buckets.length === 0 ? (
        <p className="muted">No analysed items yet.</p>
      ) : (
        <figure className="series-chart">
          <div
            ref={target}
            className="sentiment-plot"
            data-testid="sentiment-plot"
            role="img"
            aria-label="Sentiment per month"
          />
          <figcaption className="muted small">
            {formatInt(total.positive)} positive, {formatInt(total.neutral)} neutral and{' '}
            {formatInt(total.negative)} negative items over {buckets.length} month
            {buckets.length === 1 ? '' : 's'}.
          </figcaption>
          <details className="chart-data">
            <summary>Data</summary>
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">
                    Positive
                  </th>
                  <th scope="col" className="num">
                    Neutral
                  </th>
                  <th scope="col" className="num">
                    Negative
                  </th>
                </tr>
              </thead>
              <tbody>
                {buckets.map((b) => (
                  <tr key={b.bucket}>
                    <td>{b.bucket}</td>
                    <td className="num">{b.positive}</td>
                    <td className="num">{b.neutral}</td>
                    <td className="num">{b.negative}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </figure>
      )}
    </section>
  );
}
