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
import { CustomerLink, formatMoney, LifecycleBadge } from './customer-parts';
import { MomentCard, momentKey } from './moments-parts';

export function CaseCustomer({ customerId, version }: { customerId: string; version?: string }) {
  const profile = useResource(`customer:${customerId}`, () => customersApi.profile(customerId));
  const p = profile.data;
  const moments = useResource(`customer-moments:14:${customerId}`, () =>
    customersApi.moments(14, customerId),
  );
  const all = [...(moments.data?.upcoming ?? []), ...(moments.data?.recent ?? [])];
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
          </>
        )}
        {all.length > 0 && (
          <>
            <h3>Moments</h3>
            <ul className="moment-list" data-testid="case-customer-moments">
              {all.map((m) => (
                <MomentCard key={momentKey(m)} moment={m} showCustomer={false} onDismissed={moments.reload} />
              ))}
            </ul>
          </>
        )}
      </section>
      <CustomerTimeline customerId={customerId} version={version} />
    </div>
  );
}
