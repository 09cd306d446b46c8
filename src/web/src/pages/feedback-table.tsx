import { BrandKindBadge } from '../components/brand-kind-badge';
import { SentimentBadge } from '../components/sentiment-badge';
import { Stars } from '../components/stars';
import { formatDate, humanize } from '../format';
import { href, navigate } from '../router';
import type { FeedbackItem } from '../types';
import { useWorkspaceMeta } from '../workspace-meta';

const URGENT = 0.7;

function Score({ item }: { item: FeedbackItem }) {
  if (item.rating !== null) return <Stars rating={item.rating} />;
  if (item.score) {
    return (
      <span className="score-pill" title={`${item.score.kind.toUpperCase()} score`}>
        {item.score.kind.toUpperCase()} {item.score.value}
      </span>
    );
  }
  return <span className="muted">—</span>;
}

/** The list of feedback items; each row opens the item's detail page. */
export function FeedbackTable({ items }: { items: FeedbackItem[] }) {
  const { touchpointName } = useWorkspaceMeta();
  return (
    <table className="table table-cards feedback-table" data-testid="feedback-table">
      <thead>
        <tr>
          <th scope="col" className="col-sentiment">
            Sentiment
          </th>
          <th scope="col" className="col-rating">
            Rating
          </th>
          <th scope="col">Feedback</th>
          <th scope="col" className="col-brand">
            Brand
          </th>
          <th scope="col" className="col-platform">
            Platform
          </th>
          <th scope="col" className="col-date">
            Posted
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const link = href(`/feedback/${encodeURIComponent(item.id)}`);
          return (
            <tr
              key={item.id}
              className="row-link"
              data-testid="feedback-row"
              data-id={item.id}
              onClick={(e) => {
                // Let real links (and text selection) behave normally.
                if ((e.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
                navigate(link);
              }}
            >
              <td>
                <SentimentBadge label={item.sentiment?.label} status={item.analysisStatus} />
              </td>
              <td>
                <Score item={item} />
              </td>
              <td className="cell-text">
                <a href={link} className="item-link" data-testid="feedback-link">
                  {item.title && <span className="item-title">{item.title}</span>}
                  <span className="item-snippet" data-testid="feedback-snippet">
                    {item.text || <span className="muted">Score only, no text (yet)</span>}
                  </span>
                </a>
                <div className="item-tags">
                  {item.urgency !== null && item.urgency >= URGENT && (
                    <span className="tag tag-urgent">Urgent</span>
                  )}
                  {item.intents.slice(0, 2).map((intent) => (
                    <span key={intent} className="tag">
                      {humanize(intent)}
                    </span>
                  ))}
                  {item.touchpoints.slice(0, 3).map((tp) => (
                    <span key={tp.key} className={`tag tag-${tp.label}`}>
                      {touchpointName(tp.key)}
                    </span>
                  ))}
                  {(item.author.name || item.author.handle) && (
                    <span className="item-author">— {item.author.name || item.author.handle}</span>
                  )}
                </div>
              </td>
              <td>
                <span className="brand-name">{item.brand.name}</span>
                <BrandKindBadge kind={item.brand.kind} />
              </td>
              <td>{humanize(item.platform)}</td>
              <td className="nowrap">
                <time dateTime={item.postedAt}>{formatDate(item.postedAt)}</time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
