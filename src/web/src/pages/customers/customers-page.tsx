/**
 * Customer search (`#/customers?q=jess&lifecycle=lapsed&segment=…`): one person across channels,
 * found by a name's beginning, an e-mail, a phone or a handle; filtered by lifecycle stage and by a
 * saved segment. Keyset-paged ("Load more"), the filters in the URL.
 */
import { useCallback } from 'react';
import { customersApi, type CustomerFilters } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { FilterSelect } from '../../components/filter-select';
import { SearchBox } from '../../components/search-box';
import { formatDate, formatInt } from '../../format';
import { href, navigate, useLocation } from '../../router';
import type { CustomerSummary } from '../../types';
import { useResource } from '../../use-resource';
import {
  CustomerLink,
  CustomerSection,
  EmptyState,
  LifecycleBadge,
  LoadMore,
  primaryIdentity,
  STAGES,
  useMorePages,
} from './customer-parts';

export function CustomersPage() {
  const { query } = useLocation();
  const filters: CustomerFilters = {
    q: query.get('q') ?? undefined,
    lifecycle: query.get('lifecycle') ?? undefined,
    segment: query.get('segment') ?? undefined,
  };
  const key = `q=${filters.q ?? ''}&lifecycle=${filters.lifecycle ?? ''}&segment=${filters.segment ?? ''}`;
  const first = useResource(`customers:${key}`, () => customersApi.list(filters));
  const segments = useResource('segments', () => customersApi.segments());
  const more = useMorePages<CustomerSummary>(key);
  const rows = [...(first.data?.customers ?? []), ...more.rows];
  const cursor = more.nextCursor(first.data?.nextCursor);
  const filtered = Boolean(filters.q || filters.lifecycle || filters.segment);

  const set = useCallback(
    (patch: Partial<CustomerFilters>) =>
      navigate(href('/customers', { ...filters, ...patch }), { replace: true }),
    // `filters` is rebuilt from the URL each render; `key` is its serialized form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  return (
    <CustomerSection
      title="Customers"
      sub="One person across every channel: their history, what they like and dislike, and their moments."
      testId="customers"
      busy={first.loading}
      actions={
        <a className="btn btn-secondary" href="#/customers/import">
          Import from a CRM
        </a>
      }
    >
      <section className="filters" aria-label="Search and filters">
        <div className="filters-row">
          <SearchBox
            value={filters.q ?? ''}
            onCommit={(q) => set({ q: q || undefined })}
            placeholder="Name, e-mail, phone or @handle"
            testId="customer-search"
          />
          <FilterSelect
            testId="customer-lifecycle"
            label="Lifecycle"
            value={filters.lifecycle}
            options={STAGES.filter((s) => s.value !== 'one_off').map((s) => ({
              value: s.value,
              label: s.label,
            }))}
            onChange={(v) => set({ lifecycle: v || undefined })}
          />
          <FilterSelect
            testId="customer-segment"
            label="Segment"
            value={filters.segment}
            options={(segments.data?.segments ?? []).map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v) => set({ segment: v || undefined })}
          />
        </div>
      </section>
      <ErrorBanner error={first.error} title="Could not load customers." />
      <section
        className={`card list-card${first.loading && first.data ? ' is-stale' : ''}`}
        data-testid="customer-results"
        data-loaded={first.loading ? '' : key}
      >
        {first.data === undefined && first.loading ? (
          <div className="list-empty">
            <span className="spinner" aria-label="Loading" />
          </div>
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No customer matches." testId="customers-empty">
              <p>
                Search by the beginning of a name, a whole e-mail address, a phone number or an @handle; or
                remove a filter.
              </p>
            </EmptyState>
          ) : (
            <EmptyState title="No customers yet." testId="customers-empty">
              <p>
                Customers appear as feedback arrives with an e-mail, phone or handle, or all at once when you{' '}
                <a href="#/customers/import">import your CRM export</a>.
              </p>
            </EmptyState>
          )
        ) : (
          <table className="table table-cards" data-testid="customer-table">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Reached us as</th>
                <th scope="col">Lifecycle</th>
                <th scope="col" className="num">
                  Items
                </th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-testid="customer-row" data-id={c.id}>
                  <td>
                    <CustomerLink id={c.id} name={c.name} />
                    {c.city && <span className="muted small"> · {c.city}</span>}
                  </td>
                  <td className="muted">{primaryIdentity(c.identities) ?? '—'}</td>
                  <td>
                    <LifecycleBadge stage={c.lifecycle} />
                  </td>
                  <td className="num">{formatInt(c.items)}</td>
                  <td className="nowrap muted">{c.lastSeenAt ? formatDate(c.lastSeenAt) : '—'}</td>
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
            const page = await customersApi.list(filters, cursor);
            return { rows: page.customers, nextCursor: page.nextCursor };
          })
        }
      />
    </CustomerSection>
  );
}
