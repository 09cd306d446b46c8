import { ErrorBanner } from '../components/error-banner';
import { href } from '../router';
import type { JourneyStage } from '../types';
import { useWorkspaceMeta } from '../workspace-meta';
import { useUrlQuery } from './metrics/analytics-parts';
import { HeatmapView } from './metrics/heatmap-page';

function Stage({ stage, number }: { stage: JourneyStage; number: number }) {
  return (
    <section
      className="card stage"
      id={`stage-${stage.key}`}
      aria-labelledby={`stage-${stage.key}-name`}
      data-testid="journey-stage"
      data-key={stage.key}
    >
      <h2 className="stage-head" id={`stage-${stage.key}-name`}>
        <span className="stage-number" aria-hidden="true">
          {number}
        </span>
        <span data-testid="stage-name">{stage.name}</span>
      </h2>
      {stage.touchpoints.length === 0 ? (
        <p className="muted">No touchpoints in this stage.</p>
      ) : (
        <ul className="touchpoints">
          {stage.touchpoints.map((tp) => (
            <li key={tp.id} className="touchpoint" data-testid="touchpoint" data-key={tp.key}>
              <div className="touchpoint-head">
                <span className="touchpoint-name" data-testid="touchpoint-name">
                  {tp.name}
                </span>
                <a className="small" href={href('/feedback', { touchpoint: tp.key })}>
                  View feedback
                </a>
              </div>
              <ul className="examples" aria-label={`Example phrases for ${tp.name}`}>
                {tp.examples.map((example) => (
                  <li key={example} className="tag" data-testid="touchpoint-example">
                    {example}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const TABS = [
  { value: 'heatmap', label: 'Heatmap' },
  { value: 'taxonomy', label: 'Stages & touchpoints' },
] as const;

/**
 * The workspace's customer journey: first the heatmap of how each stage and touchpoint is doing
 * (issue #13), then, on the second tab, its stages in order with their touchpoints and example phrases.
 */
export function JourneyPage() {
  const url = useUrlQuery();
  const tab = url.params.get('tab') === 'taxonomy' ? 'taxonomy' : 'heatmap';
  return (
    <div className={`page${tab === 'heatmap' ? ' page-wide' : ''}`}>
      <div className="page-header">
        <div>
          <h1>Journey</h1>
          <p className="page-sub">
            {tab === 'heatmap'
              ? 'How customers feel at each stage and touchpoint: the sentiment index ((positive − negative) / all mentions) with its 95 % interval and sample. Grey cells have too little data to trust; click a cell for its feedback.'
              : 'The stages a customer goes through. Feedback that mentions a touchpoint’s example phrases, in any of its languages, is tagged with that touchpoint and the sentiment of what was said about it; the explorer’s Touchpoint filter finds feedback by these tags.'}
          </p>
        </div>
      </div>
      <div className="tabs" role="tablist" aria-label="Journey views">
        {TABS.map((t) => (
          <a
            key={t.value}
            role="tab"
            aria-selected={tab === t.value}
            className={`tab${tab === t.value ? ' is-active' : ''}`}
            href={`#/journey${t.value === 'heatmap' ? '' : `?tab=${t.value}`}`}
            data-testid={`journey-tab-${t.value}`}
          >
            {t.label}
          </a>
        ))}
      </div>
      {tab === 'heatmap' ? <HeatmapView /> : <Taxonomy />}
    </div>
  );
}

/** The taxonomy: the stages in order, their touchpoints and example phrases. */
function Taxonomy() {
  const { stages, loaded, error } = useWorkspaceMeta();
  return (
    <>
      <ErrorBanner error={error} />
      {!loaded && !error ? (
        <div className="list-empty">
          <span className="spinner" aria-label="Loading" />
        </div>
      ) : (
        <>
          <ol className="stage-rail" aria-label="Stages">
            {stages.map((stage) => (
              <li key={stage.id}>
                <button type="button" className="stage-link" onClick={() => jumpTo(stage.key)}>
                  {stage.name}
                </button>
              </li>
            ))}
          </ol>
          {stages.map((stage, i) => (
            <Stage key={stage.id} stage={stage} number={i + 1} />
          ))}
        </>
      )}
    </>
  );
}

/** Scrolls to a stage (a button, not a link: the hash holds the route). */
function jumpTo(key: string) {
  document.getElementById(`stage-${key}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}
