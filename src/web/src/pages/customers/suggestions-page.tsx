/**
 * Possible matches (`#/customers/suggestions`, issue #14): records that may be the same person on
 * weaker evidence (same name and city, a handle mentioned in an e-mail, an item naming two
 * customers). Never merged silently: an agent reads both side by side and decides.
 */
import { useState } from 'react';
import { customersApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatDateTime, formatInt, humanize } from '../../format';
import type { MatchSuggestion, Role, SuggestedCustomer } from '../../types';
import { useResource } from '../../use-resource';
import { CustomerLink, CustomerSection, EmptyState, IdentityList } from './customer-parts';

const REASONS: Record<string, string> = {
  shared_item: 'One item carried identities of both',
  name_city: 'Same name and same city',
  handle_in_email: 'An e-mail mentions the other’s handle',
};

function Side({ customer, title }: { customer: SuggestedCustomer; title: string }) {
  return (
    <div data-testid="suggestion-side">
      <h3>{title}</h3>
      <p>
        <CustomerLink id={customer.id} name={customer.name} />{' '}
        <span className="muted small">
          · {formatInt(customer.items)} item{customer.items === 1 ? '' : 's'}
        </span>
      </p>
      {customer.city && <p className="muted small">{customer.city}</p>}
      <IdentityList identities={customer.identities} />
    </div>
  );
}

function Suggestion({
  s,
  canDecide,
  onDecided,
}: {
  s: MatchSuggestion;
  canDecide: boolean;
  onDecided: () => void;
}) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const decide = (decision: 'merge' | 'reject') => {
    setState({ busy: true, error: null });
    customersApi.decideSuggestion(s.id, decision).then(
      () => {
        setState({ busy: false, error: null });
        onDecided();
      },
      (error: unknown) => setState({ busy: false, error }),
    );
  };
  return (
    <li className="card" data-testid="suggestion" data-id={s.id} data-reason={s.reason}>
      <div className="timeline-meta">
        <strong>{REASONS[s.reason] ?? humanize(s.reason)}</strong>
        <span className="muted small">{formatDateTime(s.createdAt)}</span>
      </div>
      {s.evidence && <p className="suggestion-evidence muted">{s.evidence}</p>}
      <div className="side-by-side">
        <Side customer={s.a} title="Record A (kept on a merge)" />
        <Side customer={s.b} title="Record B" />
      </div>
      <ErrorBanner error={state.error} />
      {canDecide && s.status === 'open' && (
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-primary btn-sm"
            disabled={state.busy}
            onClick={() => decide('merge')}
            data-testid="suggestion-merge"
          >
            Same person: merge
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            disabled={state.busy}
            onClick={() => decide('reject')}
            data-testid="suggestion-reject"
          >
            Not the same person
          </button>
        </div>
      )}
    </li>
  );
}

export function SuggestionsPage({ role }: { role: Role }) {
  const answer = useResource('customer-suggestions:open', () => customersApi.suggestions('open'));
  const rows = answer.data?.suggestions ?? [];
  return (
    <CustomerSection
      title="Possible matches"
      sub="Records that may be one person. Nothing is merged without you; every merge can be undone."
      testId="suggestions"
      busy={answer.loading}
    >
      <ErrorBanner error={answer.error} title="Could not load the suggestions." />
      {answer.data && rows.length === 0 && (
        <EmptyState title="No possible matches to review." testId="suggestions-empty">
          <p>
            Customers who share an e-mail, phone or handle are one customer already. Weaker evidence — the
            same name in the same city, a handle in an e-mail — is queued here.
          </p>
        </EmptyState>
      )}
      <ul className="plain-list suggestion-list">
        {rows.map((s) => (
          <Suggestion key={s.id} s={s} canDecide={role !== 'viewer'} onDecided={answer.reload} />
        ))}
      </ul>
    </CustomerSection>
  );
}
