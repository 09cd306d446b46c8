/**
 * Key drivers (issue #13): which touchpoints' sentiment explains the star rating or NPS, by
 * Johnson's relative weights, and where each stands on importance × performance.
 */
import { analyticsApi, getWorkspaceId } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatInt } from '../../format';
import type { DriverTarget } from '../../types';
import { useResource } from '../../use-resource';
import {
  AnalyticsEmpty,
  analyticsQueryOf,
  CsvButton,
  NoDataHint,
  PeriodFilterBar,
  periodLabel,
  periodOf,
  queryKey,
  useUrlQuery,
} from './analytics-parts';
import { DriversTable, QuadrantChart, TARGETS, ThinWarning, WeightBars } from './drivers-parts';
import { useWorkspaceMeta } from '../../workspace-meta';

export function DriversPage() {
  const url = useUrlQuery();
  const query = analyticsQueryOf(url.params);
  const target: DriverTarget = url.params.get('target') === 'nps' ? 'nps' : 'stars';
  const key = `drivers:${getWorkspaceId() ?? ''}:${queryKey(query, `&target=${target}`)}`;
  const drivers = useResource(key, () => analyticsApi.drivers(query, target));
  const data = drivers.data;
  const period = periodOf(query, data?.period);
  const targetLabel = TARGETS.find((t) => t.value === target)?.label ?? target;
  const { stages } = useWorkspaceMeta();
  const stageLabel = (key: string) => stages.find((s) => s.key === key)?.name ?? key;

  return (
    <div className="page page-wide analytics" data-testid="drivers-page" aria-busy={drivers.loading}>
      <div className="page-header">
        <div>
          <h1>Key drivers</h1>
          <p className="page-sub">
            Which touchpoints’ sentiment explains the {targetLabel.toLowerCase()}: Johnson’s relative weights
            split the variance the touchpoints explain together (R²) between them, so correlated touchpoints
            share credit fairly.
          </p>
        </div>
      </div>
      <PeriodFilterBar query={query} onChange={url.set} />
      <div className="segmented" role="group" aria-label="Explain" data-testid="driver-target">
        {TARGETS.map((t) => (
          <button
            key={t.value}
            type="button"
            className={`segment${t.value === target ? ' is-active' : ''}`}
            aria-pressed={t.value === target}
            onClick={() => url.set({ target: t.value === 'stars' ? undefined : t.value })}
            data-testid={`driver-target-${t.value}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <ErrorBanner error={drivers.error} title="Could not load the key drivers." />
      {!data && !drivers.error && (
        <div className="list-empty">
          <span className="spinner" aria-label="Loading" />
        </div>
      )}
      {data && (
        <>
          <p className="muted small" data-testid="drivers-fit" data-enough={data.enough}>
            {periodLabel(query, period)} · explaining {targetLabel.toLowerCase()} · R² ={' '}
            {data.r2 === null ? '—' : data.r2.toFixed(2)} · n = {formatInt(data.n)} rated items
          </p>
          {!data.enough && <ThinWarning drivers={data} />}
          {data.drivers.length === 0 ? (
            <section className="card">
              <AnalyticsEmpty
                title={`No ${targetLabel.toLowerCase()} with touchpoint mentions in this period.`}
                testId="drivers-empty"
              >
                {target === 'nps' ? (
                  <p>
                    NPS needs survey answers with a 0–10 score. Import a survey export, or switch to{' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => url.set({ target: undefined })}
                    >
                      star rating
                    </button>
                    .
                  </p>
                ) : (
                  <>
                    <p>
                      Key drivers need rated feedback (1–5 stars) that mentions touchpoints; tweets and
                      e-mails have no rating.
                    </p>
                    <NoDataHint query={query} onChange={url.set} />
                  </>
                )}
              </AnalyticsEmpty>
            </section>
          ) : (
            <div
              className={`analytics-two${data.enough ? '' : ' is-thin'}${drivers.loading ? ' is-stale' : ''}`}
            >
              <section className="card" aria-labelledby="weights-title" data-testid="drivers-weights">
                <div className="card-head">
                  <h2 className="card-title" id="weights-title">
                    Relative weights
                  </h2>
                </div>
                <p className="muted small">
                  Share of the explained variance (R² = {data.r2 === null ? '—' : data.r2.toFixed(2)}).
                </p>
                <WeightBars drivers={data.drivers} />
              </section>
              <section className="card" aria-labelledby="quadrant-title">
                <h2 className="card-title" id="quadrant-title">
                  Importance × performance
                </h2>
                <QuadrantChart drivers={data.drivers} />
              </section>
            </div>
          )}
          {data.drivers.length > 0 && (
            <section className="card list-card" aria-labelledby="drivers-table-title">
              <div className="card-head card-title-pad">
                <h2 className="card-title" id="drivers-table-title">
                  Every driver
                </h2>
                <CsvButton
                  path="/drivers"
                  query={{ ...query, target }}
                  filename={`key-drivers-${target}.csv`}
                  testId="drivers-csv"
                />
              </div>
              <DriversTable drivers={data.drivers} stageLabel={stageLabel} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
