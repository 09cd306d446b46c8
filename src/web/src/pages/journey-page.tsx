import { ErrorBanner } from '../components/error-banner';
import { href } from '../router';
import type { JourneyStage } from '../types';
import { useWorkspaceMeta } from '../workspace-meta';

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

/** The workspace's customer journey: its stages in order, their touchpoints and example phrases. */
export function JourneyPage() {
  const { stages, loaded, error } = useWorkspaceMeta();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Journey</h1>
          <p className="page-sub">
            The stages a customer goes through. Feedback that mentions a touchpoint’s example phrases, in any
            of its languages, is tagged with that touchpoint and the sentiment of what was said about it; the
            explorer’s Touchpoint filter finds feedback by these tags.
          </p>
        </div>
      </div>
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
    </div>
  );
}

/** Scrolls to a stage (a button, not a link: the hash holds the route). */
function jumpTo(key: string) {
  document.getElementById(`stage-${key}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}
