/**
 * A survey's results (`#/surveys/:id/results`, issue #15): answers, response rate and the score with
 * their 95 % intervals and n (greyed below 30, like every metric), the distribution of scores, the
 * weekly trend with its interval band, the touchpoints low and high scorers talk about, and the
 * latest follow-up texts with their analysis.
 */
import { surveysApi } from '../../api';
import { ErrorBanner, LoadState } from '../../components/error-banner';
import { MetricCard, unitFormat } from '../../components/metric-card';
import { SentimentBadge } from '../../components/sentiment-badge';
import { FilterSelect } from '../../components/filter-select';
import { TrendChart, type TrendPoint } from '../../components/trend-chart';
import { formatDateTime, formatInt, formatRecentOrDate, humanize } from '../../format';
import type { Estimate, QuestionKind, SentimentLabel, Survey, SurveyResults, SurveyTheme } from '../../types';
import { href, navigate, useLocation } from '../../router';
import { useResource } from '../../use-resource';
import { useWorkspaceMeta } from '../../workspace-meta';
import { EmptyState } from '../customers/customer-parts';
import { AskSection, groupOf, KINDS, surveyHref, SurveyStatusBadge, SurveyTabs } from './survey-parts';

/** The headline score's unit and words by question kind. */
const SCORE: Record<QuestionKind, { label: string; unit: string; hint: string }> = {
  nps: { label: 'NPS', unit: 'nps', hint: '% promoters (9–10) − % detractors (0–6)' },
  csat: { label: 'CSAT', unit: 'ratio', hint: 'share of answers 4 or 5' },
  ces: { label: 'CES', unit: 'ces', hint: 'mean effort score, 1–7' },
  stars: { label: 'Stars', unit: 'stars', hint: 'mean rating, 1–5' },
};

const sentimentOf = (s: string | null): SentimentLabel | null =>
  s === 'positive' || s === 'neutral' || s === 'negative' ? s : null;

/** Answers listed on the page; the explorer has them all. */
const LATEST = 10;

const EMPTY: Estimate = { value: null, low: null, high: null, n: 0, enough: false };
const WEEK = 7 * 86_400_000;

/** Monday 00:00 UTC of the week of `ms`, as `YYYY-MM-DD`. */
function mondayOf(ms: number): string {
  const d = new Date(ms);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back))
    .toISOString()
    .slice(0, 10);
}

/**
 * Every week from the first with answers (at least the last 8) to this one, empty weeks included:
 * a single week of answers would otherwise stretch the chart's time axis over years.
 */
export function weeklyPoints(trend: SurveyResults['trend'], now: number = Date.now()): TrendPoint[] {
  const by = new Map(trend.map((p) => [p.week.slice(0, 10), p.score]));
  const last = Date.parse(`${mondayOf(now)}T00:00:00Z`);
  const firstAnswer = trend.length
    ? Date.parse(`${mondayOf(Date.parse(trend[0]?.week ?? ''))}T00:00:00Z`)
    : last;
  const first = Math.min(firstAnswer, last - 7 * WEEK);
  const points: TrendPoint[] = [];
  for (let t = first; t <= last; t += WEEK) {
    const week = new Date(t).toISOString().slice(0, 10);
    points.push({ t: week, estimate: by.get(week) ?? EMPTY });
  }
  return points;
}

function Distribution({ kind, rows }: { kind: QuestionKind; rows: SurveyResults['distribution'] }) {
  const info = KINDS[kind];
  const by = new Map(rows.map((r) => [r.score, r.n]));
  const max = Math.max(1, ...rows.map((r) => r.n));
  return (
    <section className="card" aria-labelledby="distribution-title" data-testid="survey-distribution">
      <h2 id="distribution-title" className="card-title">
        Scores
      </h2>
      <ol className="score-bars">
        {info.scale.map((v) => {
          const n = by.get(v) ?? 0;
          return (
            <li
              key={v}
              className={`score-bar is-${groupOf(kind, v)}`}
              data-testid="score-bar"
              data-score={v}
              data-count={n}
            >
              <span className="score-bar-label">{v}</span>
              <span className="score-bar-track" aria-hidden="true">
                <span className="score-bar-fill" style={{ width: `${(n / max) * 100}%` }} />
              </span>
              <span className="score-bar-n">{formatInt(n)}</span>
            </li>
          );
        })}
      </ol>
      <p className="small muted">{info.groups.map((g) => g.label).join(' · ')}</p>
    </section>
  );
}

function Themes({
  title,
  rows,
  intents,
  side,
  testId,
}: {
  title: string;
  rows: SurveyTheme[];
  /** The intents shown among the same answers (complaints, praise, questions …). */
  intents: SurveyTheme[];
  side: 'low' | 'high';
  testId: string;
}) {
  const { touchpointName } = useWorkspaceMeta();
  const shown = rows.filter((r) => r[side] > 0).sort((a, b) => b[side] - a[side]);
  const shownIntents = intents.filter((r) => r[side] > 0).sort((a, b) => b[side] - a[side]);
  return (
    <div data-testid={testId}>
      <h3>{title}</h3>
      {shown.length === 0 ? (
        <p className="muted small">Nothing yet.</p>
      ) : (
        <ul className="lean-list">
          {shown.map((r) => (
            <li key={r.key} data-testid="survey-theme" data-touchpoint={r.key}>
              <span>{touchpointName(r.key)}</span>
              <span className="small muted">
                {formatInt(r[side])} answer{r[side] === 1 ? '' : 's'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {shownIntents.length > 0 && (
        <div className="chips survey-intents" data-testid="survey-intents">
          {shownIntents.map((r) => (
            <span key={r.key} className="chip chip-static" data-intent={r.key}>
              {humanize(r.key)} <span className="chip-count">{formatInt(r[side])}</span>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

function Results({ survey, results }: { survey: Survey; results: SurveyResults }) {
  const kind = survey.questionKind;
  const score = SCORE[kind];
  const format = unitFormat(score.unit);
  const [lowGroup, , highGroup] = KINDS[kind].groups;
  return (
    <>
      <div className="metric-cards" data-testid="survey-figures">
        <MetricCard
          metricKey="score"
          label={score.label}
          unit={score.unit}
          estimate={results.score}
          change={null}
        />
        <article className="metric-card" data-testid="survey-answers" data-count={results.responses}>
          <h3 className="metric-label">Answers</h3>
          <p className="metric-value">{formatInt(results.responses)}</p>
          <p className="metric-detail small">
            {formatInt(results.complete)} complete · {formatInt(results.partial)} score only
          </p>
          <p className="small muted">A score without its text yet is kept; the text may still come.</p>
        </article>
        {results.sent > 0 ? (
          <MetricCard
            metricKey="response-rate"
            label="Response rate (e-mail)"
            unit="ratio"
            estimate={results.responseRate}
            change={null}
          />
        ) : (
          <article className="metric-card is-thin" data-testid="survey-no-invitations">
            <h3 className="metric-label">Response rate (e-mail)</h3>
            <p className="metric-value">—</p>
            <p className="small muted">
              No invitation sent yet: <a href={surveyHref(survey.id, '/share')}>invite customers</a> to
              measure how many answer.
            </p>
          </article>
        )}
      </div>
      <p className="small muted" data-testid="survey-completion">
        {score.label}: {score.hint}, with its 95 % interval; below 30 answers it is greyed, not to be trusted
        on its own. {formatInt(results.invited)} invited by e-mail.
      </p>
      {results.responses === 0 ? (
        <section className="card">
          <EmptyState title="No answers yet." testId="survey-results-empty">
            <p>
              {survey.status === 'active'
                ? 'Share the link or QR code, embed the widget or invite customers from Distribution; answers show here as they come.'
                : 'Activate the survey on its Questions tab, then share it from Distribution.'}
            </p>
          </EmptyState>
        </section>
      ) : (
        <>
          <div className="survey-results-grid">
            <Distribution kind={kind} rows={results.distribution} />
            <section className="card" aria-labelledby="themes-title" data-testid="survey-themes">
              <h2 id="themes-title" className="card-title">
                What they talk about
              </h2>
              {results.themes.answers < results.distribution.reduce((sum, d) => sum + d.n, 0) && (
                <p className="muted small" data-testid="themes-sample">
                  From the latest {results.themes.answers.toLocaleString()} answers of the period.
                </p>
              )}
              <div className="leans">
                <Themes
                  title={lowGroup?.label ?? 'Low scores'}
                  rows={results.themes.touchpoints}
                  intents={results.themes.intents}
                  side="low"
                  testId="themes-low"
                />
                <Themes
                  title={highGroup?.label ?? 'High scores'}
                  rows={results.themes.touchpoints}
                  intents={results.themes.intents}
                  side="high"
                  testId="themes-high"
                />
              </div>
            </section>
          </div>
          <section className="card" aria-labelledby="trend-title">
            <h2 id="trend-title" className="card-title">
              {score.label} by week
            </h2>
            <TrendChart
              title={score.label}
              points={weeklyPoints(results.trend)}
              format={format.value}
              {...(format.domain ? { domain: format.domain } : {})}
              testId="survey-trend"
            />
          </section>
          <section className="card list-card" aria-labelledby="latest-title" data-testid="survey-latest">
            <h2 id="latest-title" className="card-title card-title-pad">
              Latest answers
            </h2>
            <table className="table table-cards">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col">Why</th>
                  <th scope="col">Sentiment</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {results.latest.slice(0, LATEST).map((r) => (
                  <tr key={r.responseId} data-testid="survey-answer" data-score={r.score ?? ''}>
                    <td className="num">
                      <span className={`score-pill is-${r.score === null ? 'none' : groupOf(kind, r.score)}`}>
                        {r.score ?? '—'}
                      </span>
                    </td>
                    <td className="cell-text">
                      {r.itemId ? (
                        <a href={`#/feedback/${encodeURIComponent(r.itemId)}`} className="item-link">
                          {r.text || <span className="muted">No text (yet)</span>}
                        </a>
                      ) : (
                        r.text || <span className="muted">No text (yet)</span>
                      )}
                    </td>
                    <td>
                      {r.text ? (
                        <SentimentBadge label={sentimentOf(r.sentiment)} />
                      ) : (
                        <span className="muted small">—</span>
                      )}
                    </td>
                    <td className="small muted nowrap">
                      <time dateTime={r.at} title={formatDateTime(r.at)}>
                        {formatRecentOrDate(r.at)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small card-title-pad">
              <a href="#/feedback?channel=survey" data-testid="survey-all-answers">
                Every survey answer in the explorer
              </a>{' '}
              <span className="muted">— filter, search and open cases there.</span>
            </p>
          </section>
        </>
      )}
    </>
  );
}

/** The periods the results can be read over, in days (empty: since the survey began). */
const PERIODS = [
  { value: '', label: 'All answers' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: '365', label: 'Last 12 months' },
] as const;

export function SurveyResultsPage({ id }: { id: string }) {
  const { query } = useLocation();
  const period = PERIODS.find((p) => p.value === (query.get('period') ?? ''))?.value ?? '';
  const survey = useResource(`survey:${id}`, () => surveysApi.get(id));
  const results = useResource(`survey-results:${id}:${period}`, () =>
    surveysApi.results(
      id,
      period ? { from: new Date(Date.now() - Number(period) * 86_400_000).toISOString() } : {},
    ),
  );
  const s = survey.data;
  return (
    <AskSection
      title={s ? s.name : 'Survey results'}
      testId="survey-results"
      busy={results.loading}
      actions={
        s && (
          <>
            <FilterSelect
              testId="survey-period"
              label="Period"
              value={period}
              anyLabel={null}
              options={PERIODS}
              onChange={(v) =>
                navigate(href(`/surveys/${encodeURIComponent(id)}/results`, { period: v }), { replace: true })
              }
            />
            <SurveyStatusBadge status={s.status} />
          </>
        )
      }
    >
      <LoadState
        error={survey.error}
        loading={survey.loading}
        loaded={Boolean(s)}
        what="survey"
        notFoundTestId="survey-not-found"
      />
      {s && <SurveyTabs id={s.id} current="results" />}
      <ErrorBanner error={results.error} title="Could not load the results." />
      {s && results.data && <Results survey={s} results={results.data} />}
    </AskSection>
  );
}
