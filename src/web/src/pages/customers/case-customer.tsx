/**
 * The case page's "Customer" panel (issue #14): who wrote in, their lifecycle stage and value (shown,
 * never used for the case's priority), their moments — a birthday this week, a recovered complaint
 * last month — and the same timeline as their customer page.
 */
import { customersApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatInt } from '../../format';
import { useResource } from '../../use-resource';
import { CustomerTimeline } from './customer-history';
import { CustomerLink, formatDay, formatMoney, LifecycleBadge } from './customer-parts';
import { upcomingDates } from './moments-parts';

export function CaseCustomer({ customerId, version }: { customerId: string; version?: string }) {
  const profile = useResource(`customer:${customerId}`, () => customersApi.profile(customerId));
  const p = profile.data;
  const soon = p ? upcomingDates(p, 14) : [];
  return (
    <div className="customer-panel" data-testid="case-customer" data-customer={customerId}>
      <section className="card" aria-labelledby="case-customer-title">
        <h2 id="case-customer-title" className="card-title">
          Customer
        </h2>
        <ErrorBanner error={profile.error} title="Could not load the customer." />
        {p && (
          <>
            <p>
              <CustomerLink id={p.mergedInto ?? p.id} name={p.name} /> <LifecycleBadge stage={p.lifecycle} />
              {p.stats?.promoter && <span className="badge badge-positive">Promoter</span>}
            </p>
            <dl className="meta">
              <div className="meta-row">
                <dt>Value</dt>
                <dd data-testid="case-customer-value">
                  {formatMoney(p.lifetimeValue, p.currency)}
                  <div className="muted small">Shown for context; the priority ignores it.</div>
                </dd>
              </div>
              <div className="meta-row">
                <dt>Visits</dt>
                <dd>{formatInt(p.stats?.visits ?? 0)}</dd>
              </div>
            </dl>
            {soon.length > 0 && (
              <ul className="plain-list" data-testid="case-customer-moments">
                {soon.map((d) => (
                  <li key={d.kind}>
                    <strong>{d.label}</strong> {d.inDays === 0 ? 'today' : `in ${d.inDays} days`} (
                    {formatDay(d.date)})
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <CustomerTimeline customerId={customerId} version={version} />
    </div>
  );
}
