import { useState } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { formatInt, formatMinutes, formatPercent } from '../format';
import type { MeasureFigures } from '../types';
import { useResource } from '../use-resource';

const share = (n: number | null) => (n === null ? '—' : formatPercent(n));

/**
 * How many cases a figure stands on: "SLA kept 100 % · 1 case" reads differently from 100 % of 200
 * (issue #12).
 */
function Sample({ n, testId }: { n: number; testId: string }) {
  return (
    <span className="figure-sample" data-testid={testId}>
      {' '}
      · {formatInt(n)} case{n === 1 ? '' : 's'}
    </span>
  );
}

/** The figures of one row of the measures tables. */
function FigureCells({ m }: { m: MeasureFigures }) {
  return (
    <>
      <td className="num">{formatInt(m.cases)}</td>
      <td className="num">{formatInt(m.open)}</td>
      <td className="num">{formatMinutes(m.firstResponseMinutes?.median)}</td>
      <td className="num">{formatMinutes(m.resolutionMinutes?.median)}</td>
      <td className="num">{share(m.slaAttainment)}</td>
      <td className="num">{formatInt(m.resolved)}</td>
      <td className="num">{formatInt(m.recovered)}</td>
      <td className="num">{formatInt(m.lost)}</td>
      <td className="num" data-testid="recovery-rate">
        {share(m.recoveryRate)}
      </td>
    </>
  );
}

function FigureHead({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" className="num">
          Cases
        </th>
        <th scope="col" className="num">
          Open
        </th>
        <th scope="col" className="num" title="Median">
          First response
        </th>
        <th scope="col" className="num" title="Median">
          Resolution
        </th>
        <th scope="col" className="num">
          SLA kept
        </th>
        <th scope="col" className="num">
          Resolved
        </th>
        <th scope="col" className="num">
          Recovered
        </th>
        <th scope="col" className="num">
          Lost
        </th>
        <th scope="col" className="num">
          Recovery rate
        </th>
      </tr>
    </thead>
  );
}

const RANGES = [
  { value: '', label: 'All time' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
];

/**
 * How well the workspace answers: first-response and resolution time, SLA attainment and recovery
 * rate per team and per agent, and the leaderboard of the people who helped customers most.
 */
export function MeasuresPage() {
  const [{ days, from }, setRange] = useState<{ days: string; from?: string }>({ days: '' });
  const measures = useResource(`measures:${days}`, () => api.measures({ from }));
  const board = useResource(`leaderboard:${days}`, () => api.leaderboard({ from }));
  const m = measures.data;

  return (
    <div className="page page-wide" data-testid="measures-page">
      <div className="page-header">
        <div>
          <h1>Measures</h1>
          <p className="page-sub muted">Of cases opened in the period. Times are medians.</p>
        </div>
        <label className="filter">
          <span className="filter-label">Period</span>
          <select
            value={days}
            onChange={(e) => {
              const d = e.target.value;
              const since = new Date(Date.now() - Number(d) * 86_400_000).toISOString().slice(0, 10);
              setRange(d ? { days: d, from: since } : { days: '' });
            }}
            data-testid="measures-range"
          >
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={measures.error ?? board.error} title="Could not load the measures." />
      {m && (
        <dl className="figures measures-figures" data-testid="measures-total">
          <div className="figure">
            <dt>Cases</dt>
            <dd>{formatInt(m.total.cases)}</dd>
          </div>
          <div className="figure">
            <dt>First response</dt>
            <dd>
              {formatMinutes(m.total.firstResponseMinutes?.median)}
              <Sample n={m.total.answered} testId="total-first-response-sample" />
            </dd>
          </div>
          <div className="figure">
            <dt>Resolution</dt>
            <dd>
              {formatMinutes(m.total.resolutionMinutes?.median)}
              <Sample n={m.total.closed} testId="total-resolution-sample" />
            </dd>
          </div>
          <div className="figure">
            <dt>SLA kept</dt>
            <dd data-testid="total-sla">
              {share(m.total.slaAttainment)}
              <Sample n={m.total.slaDecided} testId="total-sla-sample" />
            </dd>
          </div>
          <div className="figure">
            <dt>Recovery rate</dt>
            <dd>
              <span data-testid="total-recovery-rate">{share(m.total.recoveryRate)}</span>
              <Sample n={m.total.closed} testId="total-recovery-sample" />
            </dd>
          </div>
        </dl>
      )}

      <section className="card list-card" aria-labelledby="leaderboard-title" data-testid="leaderboard">
        <h2 id="leaderboard-title" className="card-title card-title-pad">
          Leaderboard
        </h2>
        <p className="muted small card-title-pad">
          Customers helped: resolved + 2 × recovered, then SLA kept — never speed alone.
        </p>
        {board.data && board.data.entries.length === 0 ? (
          <p className="list-empty muted">No one has closed a case in this period yet.</p>
        ) : (
          <table className="table measures-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Agent</th>
                <th scope="col" className="num">
                  Points
                </th>
                <th scope="col" className="num">
                  Resolved
                </th>
                <th scope="col" className="num">
                  Recovered
                </th>
                <th scope="col" className="num">
                  SLA kept
                </th>
                <th scope="col" className="num">
                  First response
                </th>
              </tr>
            </thead>
            <tbody>
              {board.data?.entries.map((e) => (
                <tr key={e.userId} data-testid="leaderboard-row" data-user={e.userId}>
                  <td className="num">{e.rank}</td>
                  <td data-testid="leaderboard-name">{e.name ?? e.userId}</td>
                  <td className="num" data-testid="leaderboard-points">
                    {formatInt(e.points)}
                  </td>
                  <td className="num" data-testid="leaderboard-resolved">
                    {formatInt(e.resolved)}
                  </td>
                  <td className="num">{formatInt(e.recovered)}</td>
                  <td className="num">{share(e.slaAttainment)}</td>
                  <td className="num">{formatMinutes(e.firstResponseMinutes?.median)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {m && (
        <>
          <section className="card list-card" aria-labelledby="by-team-title">
            <h2 id="by-team-title" className="card-title card-title-pad">
              By team
            </h2>
            <table className="table measures-table" data-testid="measures-teams">
              <FigureHead first="Team" />
              <tbody>
                {m.teams.map((t) => (
                  <tr key={t.teamId ?? 'none'}>
                    <th scope="row">{t.teamName ?? <span className="muted">No team</span>}</th>
                    <FigureCells m={t} />
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card list-card" aria-labelledby="by-agent-title">
            <h2 id="by-agent-title" className="card-title card-title-pad">
              By agent
            </h2>
            <table className="table measures-table" data-testid="measures-agents">
              <FigureHead first="Agent" />
              <tbody>
                {m.agents.map((a) => (
                  <tr key={a.userId}>
                    <th scope="row">{a.name ?? a.userId}</th>
                    <FigureCells m={a} />
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
