/**
 * Lifecycle lists (`#/customers/lifecycle?stage=lapsed`, issue #14): new, active, at-risk and lapsed
 * customers, each judged by their own cadence (a monthly regular silent for three months is lapsed;
 * a once-a-year guest is not), with the counts per stage and the win-back list as CSV.
 */
import { customersApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatDate, formatInt } from '../../format';
import { href } from '../../router';
import { useLocation } from '../../router';
import type { CustomerStatsRow, ListedStage } from '../../types';
import { useResource } from '../../use-resource';
import { CsvButton } from '../metrics/analytics-parts';
import { CustomerLink, CustomerSection, EmptyState, LoadMore, STAGES, useMorePages } from './customer-parts';

const LISTED: ListedStage[] = ['lapsed', 'at_risk', 'new', 'active'];

export function LifecyclePage() {
  const { query } = useLocation();
  const stage: ListedStage = LISTED.find((s) => s === query.get('stage')) ?? 'lapsed';
  const key = `customer-lifecycle:${stage}`;
  const first = useResource(key, () => customersApi.lifecycle(stage));
  const more = useMorePages<CustomerStatsRow>(key);
  const rows = [...(first.data?.items ?? []), ...more.rows];
  const cursor = more.nextCursor(first.data?.nextCursor);
  const counts = useResource('customer-lifecycle-counts', () => customersApi.lifecycleCounts()).data?.counts;
  const info = STAGES.find((s) => s.value === stage);
  const winBack = stage === 'at_risk' || stage === 'lapsed';
  return (
    <CustomerSection
      title="Lifecycle"
      sub="Who is new, who keeps coming, who is drifting away — each by their own rhythm. For a nonprofit, lapsed customers are lapsed donors."
      testId="lifecycle"
      busy={first.loading}
      actions={
        winBack && (
          <CsvButton
            path="/customers/lifecycle"
            query={{ stage }}
            filename={`win-back-${stage}.csv`}
            testId="lifecycle-csv"
          />
        )
      }
    >
      <nav className="stage-counts" aria-label="Stages">
        {LISTED.map((s) => {
          const st = STAGES.find((x) => x.value === s);
          return (
            <a
              key={s}
              href={href('/customers/lifecycle', { stage: s })}
              className={`stage-count${s === stage ? ' is-active' : ''}`}
              aria-current={s === stage ? 'page' : undefined}
              data-testid={`stage-${s}`}
            >
              <span className="muted small">{st?.label}</span>
              <strong data-testid="stage-count">{counts ? formatInt(counts[s]) : '…'}</strong>
            </a>
          );
        })}
      </nav>
      <p className="muted">{info?.hint}</p>
      <ErrorBanner error={first.error} title="Could not load the list." />
      <section className="card list-card" data-testid="lifecycle-list" data-stage={stage}>
        {first.data && rows.length === 0 ? (
          <EmptyState title={`No ${info?.label.toLowerCase() ?? ''} customers.`} testId="lifecycle-empty">
            <p>
              Stages come from each customer&apos;s visits: feedback with an e-mail, phone or handle, or a{' '}
              <a href="#/customers/import">CRM import</a>. A customer needs two visits before they can be at
              risk.
            </p>
          </EmptyState>
        ) : (
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Last seen</th>
                <th scope="col" className="num">
                  Visits
                </th>
                <th scope="col">Usual gap</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.customerId} data-testid="lifecycle-row" data-id={r.customerId}>
                  <td>
                    <CustomerLink id={r.customerId} name={r.name} />
                  </td>
                  <td className="nowrap">{formatDate(r.lastSeenAt)}</td>
                  <td className="num">{formatInt(r.visits)}</td>
                  <td className="muted">{r.cadenceDays ? `${Math.round(r.cadenceDays)} days` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <LoadMore
        cursor={cursor}
        busy={more.busy}
        error={more.error}
        onLoad={() =>
          void more.load(async () => {
            const page = await customersApi.lifecycle(stage, cursor);
            return { rows: page.items, nextCursor: page.nextCursor };
          })
        }
      />
    </CustomerSection>
  );
}
