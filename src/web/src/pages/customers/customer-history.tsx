/**
 * A customer's history (issue #14): the timeline of everything about them — items from every
 * channel with their versions, cases, replies, notes, survey answers and exceptions — newest first
 * and keyset-paged; and their sentiment over time as a uPlot chart (chart-plot.ts) with a data table.
 * The case page shows the same timeline.
 */
import { useMemo, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import { customersApi } from '../../api';
import { useUplot } from '../../components/chart-plot';
import { formatMoney } from '../../components/grant-exception';
import { ErrorBanner } from '../../components/error-banner';
import { SentimentBadge } from '../../components/sentiment-badge';
import { Stars } from '../../components/stars';
import { formatDateTime, formatInt, humanize } from '../../format';
import { href } from '../../router';
import type { SentimentBucket, TimelineEntry } from '../../types';
import { useResource } from '../../use-resource';
import { EmptyState, LoadMore, platformName, useMorePages } from './customer-parts';

const KIND_MARK: Record<TimelineEntry['kind'], string> = {
  item: '✉',
  survey: '★',
  case: 'C',
  reply: '↩',
  note: 'N',
  exception: '€',
};

const caseLink = (id: string) => href(`/cases/${encodeURIComponent(id)}`);
const itemLink = (id: string) => href(`/feedback/${encodeURIComponent(id)}`);

function isLabel(s: string | null | undefined): s is 'positive' | 'negative' | 'neutral' {
  return s === 'positive' || s === 'negative' || s === 'neutral';
}

/** What an entry says: its label, where, badges, the link and the text. */
function describe(e: TimelineEntry): {
  label: string;
  where: string | null;
  link: string | null;
  body: ReactNode;
} {
  switch (e.kind) {
    case 'item':
    case 'survey':
      return {
        label:
          e.kind === 'survey'
            ? 'Survey answer'
            : e.version > 1
              ? `Item · edited (version ${e.version})`
              : 'Item',
        where: platformName(e.platform),
        link: itemLink(e.itemId),
        body: (
          <>
            <div className="timeline-meta">
              {isLabel(e.sentiment) && <SentimentBadge label={e.sentiment} />}
              {e.rating !== null && <Stars rating={e.rating} />}
              {e.score && (
                <span className="badge badge-score" data-testid="timeline-score">
                  {e.score.kind.toUpperCase()} {e.score.value}
                </span>
              )}
              {(e.authorName || e.authorHandle) && (
                <span className="muted small">
                  {[e.authorName, e.authorHandle && `@${e.authorHandle.replace(/^@/, '')}`]
                    .filter(Boolean)
                    .join(' ')}
                </span>
              )}
            </div>
            {e.title && (
              <p className="timeline-text">
                <strong>{e.title}</strong>
              </p>
            )}
            <p className="timeline-text">{e.text}</p>
            {e.versions.length > 1 && (
              <details className="small">
                <summary>{e.versions.length} versions</summary>
                <ol className="versions">
                  {e.versions.map((v) => (
                    <li key={v.version} className="version">
                      <span className="muted">
                        Version {v.version} · {formatDateTime(v.receivedAt)}
                      </span>
                      <p className="timeline-text">{v.text}</p>
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </>
        ),
      };
    case 'case':
      return {
        label:
          e.event === 'opened' ? 'Case opened' : `Case closed${e.outcome ? `: ${humanize(e.outcome)}` : ''}`,
        where: e.touchpoint ? humanize(e.touchpoint) : null,
        link: caseLink(e.caseId),
        body: (
          <p className="muted small">
            Priority {e.priorityLabel} · {humanize(e.status)}
          </p>
        ),
      };
    case 'reply':
      return {
        label: 'Reply',
        where: humanize(e.channelKind),
        link: caseLink(e.caseId),
        body: <p className="timeline-text">{e.text}</p>,
      };
    case 'note':
      return { label: 'Note', where: null, link: null, body: <p className="timeline-text">{e.text}</p> };
    case 'exception':
      return {
        label: `Exception: ${humanize(e.type)}`,
        where: null,
        link: e.caseId ? caseLink(e.caseId) : null,
        body: (
          <p className="timeline-text">
            {formatMoney(e.amount, e.currency)} · {humanize(e.status)}
            {e.reason ? ` · ${e.reason}` : ''}
          </p>
        ),
      };
  }
}

function TimelineRow({ entry }: { entry: TimelineEntry }) {
  const { label, where, link, body } = describe(entry);
  const channel = entry.kind === 'item' || entry.kind === 'survey' ? entry.channel : '';
  return (
    <li data-testid="timeline-entry" data-kind={entry.kind} data-channel={channel} data-key={entry.key}>
      <span className={`timeline-icon is-${entry.kind}`} aria-hidden="true">
        {KIND_MARK[entry.kind]}
      </span>
      <div>
        <div className="timeline-meta">
          <strong>{label}</strong>
          {where && <span className="tag">{where}</span>}
          <span className="muted small">
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </span>
          {link && (
            <a className="small" href={link}>
              Open
            </a>
          )}
        </div>
        {body}
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
  const channels = new Set(
    entries.flatMap((e) => (e.kind === 'item' || e.kind === 'survey' ? [e.channel] : [])),
  );
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
          <TimelineRow key={e.key} entry={e} />
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
  const pad = ((answer.data?.bucket === 'week' ? 7 : answer.data?.bucket === 'year' ? 365 : 30) * 86_400) / 2;
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
      // One tick per bucket, labelled by the bucket itself; half a bucket of room at both ends.
      scales: {
        x: { time: true, range: (_u, min, max) => [min - pad, max + pad] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [
        {
          splits: () => buckets.map((b) => seconds(b.bucket)),
          // At most about one label per 70 px, so long histories do not overlap.
          values: (u, splits) => {
            const step = Math.max(1, Math.ceil((splits.length * 70) / Math.max(1, u.width)));
            return splits.map((_t, i) => (i % step === 0 ? (buckets[i]?.bucket ?? '') : ''));
          },
        },
        { label: 'Items', size: 44 },
      ],
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
