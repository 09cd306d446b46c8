import { SentimentBadge } from '../components/sentiment-badge';
import { formatPercent, formatScore, humanize, languageName, modelLabel } from '../format';
import type { Evidence, FeedbackDetail } from '../types';
import { useWorkspaceMeta } from '../workspace-meta';
import { CorrectedBy, SentimentCorrection } from './sentiment-correction';

function Quotes({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return null;
  return (
    <ul className="quotes">
      {evidence.map((e, i) => (
        <li key={`${e.start}-${i}`}>
          <q>{e.text}</q>
        </li>
      ))}
    </ul>
  );
}

/** A 0…1 value as a small bar with its percentage. */
function Meter({ value, label, tone = 'accent' }: { value: number; label: string; tone?: string }) {
  return (
    <span className="meter" title={`${label}: ${formatPercent(value)}`}>
      <span className="meter-track" aria-hidden="true">
        <span
          className={`meter-fill meter-${tone}`}
          style={{ width: formatPercent(Math.max(0, Math.min(1, value))) }}
        />
      </span>
      <span className="meter-value">
        <span className="visually-hidden">{label} </span>
        {formatPercent(value)}
      </span>
    </span>
  );
}

/**
 * What the analysis found: language, sentiment, touchpoints with evidence, intents and urgency. A
 * person's correction of the sentiment is shown in its place, with what the model said beside it.
 */
export function AnalysisPanel({
  item,
  canCorrect = false,
  onCorrected,
  onWithdrawn,
}: {
  item: FeedbackDetail;
  canCorrect?: boolean;
  onCorrected?: (item: FeedbackDetail) => void;
  onWithdrawn?: () => void;
}) {
  const { touchpointName } = useWorkspaceMeta();
  const a = item.analysis;
  const sc = item.corrections.sentiment;
  const corrected = sc && sc.version === item.version ? sc : null;
  if (!a) {
    return (
      <section className="card" data-testid="analysis-missing">
        <h2 className="card-title">Analysis</h2>
        <p className="muted">
          {item.analysisStatus === 'failed'
            ? 'The analysis of this item failed; it will be retried.'
            : 'This item is waiting for analysis.'}
        </p>
      </section>
    );
  }
  const urgencyTone = a.urgency.score >= 0.7 ? 'negative' : a.urgency.score >= 0.4 ? 'warning' : 'positive';

  return (
    <section className="card" aria-labelledby="analysis-title" data-testid="analysis">
      <div className="card-head">
        <h2 id="analysis-title" className="card-title">
          Analysis
        </h2>
        <span className="muted small" title={`Analysed by ${a.model}`} data-testid="analysis-model">
          {a.model.includes('workspace-sentiment@') ? (
            <a href="#/model">{modelLabel(a.model)}</a>
          ) : (
            modelLabel(a.model)
          )}
        </span>
      </div>

      <div className="stats">
        <div className="stat" data-testid="analysis-sentiment" data-corrected={corrected ? 'true' : 'false'}>
          <div className="stat-label">Sentiment</div>
          {corrected ? (
            <>
              <div className="stat-value">
                <SentimentBadge label={corrected.label} />
              </div>
              <CorrectedBy correction={corrected} />
              <div className="model-said" data-testid="model-said">
                <span className="nowrap">Model said</span>{' '}
                <SentimentBadge label={a.sentiment.label} score={a.sentiment.score} />
              </div>
            </>
          ) : (
            <>
              <div className="stat-value">
                <SentimentBadge label={a.sentiment.label} />
                <span className="stat-number">{formatScore(a.sentiment.score)}</span>
              </div>
              <Meter value={a.sentiment.confidence} label="Confidence" />
            </>
          )}
        </div>
        <div className="stat" data-testid="analysis-language">
          <div className="stat-label">Language</div>
          <div className="stat-value">{languageName(a.language)}</div>
          <Meter value={a.languageConfidence} label="Confidence" />
        </div>
        <div className="stat" data-testid="analysis-urgency">
          <div className="stat-label">Urgency</div>
          <div className="stat-value">
            <span className="stat-number">{a.urgency.score.toFixed(2)}</span>
          </div>
          <Meter value={a.urgency.score} label="Urgency" tone={urgencyTone} />
        </div>
      </div>

      {canCorrect && onCorrected && onWithdrawn && (
        <SentimentCorrection item={item} onCorrected={onCorrected} onWithdrawn={onWithdrawn} />
      )}

      {a.urgency.reasons.length > 0 && (
        <div className="analysis-block">
          <h3>Urgency reasons</h3>
          <ul className="reasons" data-testid="urgency-reasons">
            {a.urgency.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
      )}

      <div className="analysis-block">
        <h3>Touchpoints</h3>
        {a.touchpoints.length === 0 ? (
          <p className="muted">No touchpoint of the journey was recognised.</p>
        ) : (
          <ul className="mentions" data-testid="analysis-touchpoints">
            {a.touchpoints.map((tp) => (
              <li key={tp.key} className="mention">
                <div className="mention-head">
                  <strong>{touchpointName(tp.key)}</strong>
                  <SentimentBadge label={tp.sentiment.label} score={tp.sentiment.score} />
                  <span className="muted small">confidence {formatPercent(tp.sentiment.confidence)}</span>
                </div>
                <Quotes evidence={tp.evidence} />
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="analysis-block">
        <h3>Intents</h3>
        {a.intents.length === 0 ? (
          <p className="muted">No intent recognised.</p>
        ) : (
          <ul className="mentions" data-testid="analysis-intents">
            {a.intents.map((intent) => (
              <li key={intent.intent} className="mention">
                <div className="mention-head">
                  <strong>{humanize(intent.intent)}</strong>
                  <span className="muted small">confidence {formatPercent(intent.confidence)}</span>
                </div>
                <Quotes evidence={intent.evidence} />
              </li>
            ))}
          </ul>
        )}
      </div>

      {a.sentences.length > 1 && (
        <div className="analysis-block">
          <h3>Sentences</h3>
          <table className="table table-compact" data-testid="analysis-sentences">
            <thead>
              <tr>
                <th scope="col">Sentence</th>
                <th scope="col">Sentiment</th>
                <th scope="col">Confidence</th>
              </tr>
            </thead>
            <tbody>
              {a.sentences.map((s) => (
                <tr key={`${s.start}-${s.end}`}>
                  <td>{s.text}</td>
                  <td>
                    <SentimentBadge label={s.label} score={s.score} />
                  </td>
                  <td>{formatPercent(s.confidence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
