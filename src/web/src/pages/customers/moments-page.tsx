/**
 * Moments (`#/customers/moments?days=14`, issue #14): upcoming birthdays, anniversaries and
 * first-purchase anniversaries, and recent notable events (a recovered complaint, a tenth visit),
 * each with a suggested message in the customer's language: opportunities to act, not a mailing list.
 */
import { customersApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { FilterSelect } from '../../components/filter-select';
import { href, navigate, useLocation } from '../../router';
import { useResource } from '../../use-resource';
import { CustomerSection, EmptyState } from './customer-parts';
import { MomentCard, momentKey } from './moments-parts';

const WINDOWS = [
  { value: '7', label: 'Next 7 days' },
  { value: '14', label: 'Next 14 days' },
  { value: '30', label: 'Next 30 days' },
];

export function MomentsPage() {
  const { query } = useLocation();
  const days = WINDOWS.find((w) => w.value === query.get('days'))?.value ?? '14';
  const moments = useResource(`customer-moments:${days}`, () => customersApi.moments(Number(days)));
  const upcoming = moments.data?.upcoming ?? [];
  const recent = moments.data?.recent ?? [];
  return (
    <CustomerSection
      title="Moments"
      sub="Birthdays, anniversaries and notable events: a reason to reach out, with a message to start from."
      testId="moments"
      busy={moments.loading}
      actions={
        <FilterSelect
          testId="moments-days"
          label="Window"
          value={days}
          anyLabel={null}
          options={WINDOWS}
          onChange={(v) => navigate(href('/customers/moments', { days: v }), { replace: true })}
        />
      }
    >
      <ErrorBanner error={moments.error} title="Could not load the moments." />
      <div className="detail">
        <section className="card detail-main" aria-labelledby="upcoming-title" data-testid="moments-upcoming">
          <h2 id="upcoming-title" className="card-title">
            Coming up <span className="count">{upcoming.length}</span>
          </h2>
          {moments.data && upcoming.length === 0 && (
            <EmptyState title="No personal dates coming up." testId="moments-upcoming-empty">
              <p>
                Birthdays and anniversaries come from your CRM: <a href="#/customers/import">import them</a>{' '}
                with the birthday, anniversary and first_purchase columns.
              </p>
            </EmptyState>
          )}
          <ul className="moment-list">
            {upcoming.map((m) => (
              <MomentCard key={momentKey(m)} moment={m} onDismissed={moments.reload} />
            ))}
          </ul>
        </section>
        <section className="card detail-side" aria-labelledby="recent-title" data-testid="moments-recent">
          <h2 id="recent-title" className="card-title">
            Recently <span className="count">{recent.length}</span>
          </h2>
          {moments.data && recent.length === 0 && (
            <EmptyState title="Nothing notable in the last 30 days." testId="moments-recent-empty">
              <p>A recovered complaint, a tenth visit or a first review shows up here.</p>
            </EmptyState>
          )}
          <ul className="moment-list">
            {recent.map((m) => (
              <MomentCard key={momentKey(m)} moment={m} onDismissed={moments.reload} />
            ))}
          </ul>
        </section>
      </div>
    </CustomerSection>
  );
}
