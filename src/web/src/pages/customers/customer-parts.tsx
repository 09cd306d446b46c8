/**
 * Pieces shared by the customer pages (issue #14): the section's tabs, the lifecycle badge, a
 * customer's identities grouped by channel, the link to a customer, and a "Load more" list state.
 * Customer text is untrusted: it is only ever rendered as React text, never as HTML.
 */
import { useState, type ReactNode } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { humanize } from '../../format';
import { href, useLocation } from '../../router';
import type { CustomerIdentity, IdentityKind, LifecycleStage } from '../../types';
import './customers.css';

/** The customer section's pages, as tabs on each of them. */
const TABS = [
  { path: '/customers', label: 'Customers' },
  { path: '/customers/moments', label: 'Moments' },
  { path: '/customers/lifecycle', label: 'Lifecycle' },
  { path: '/customers/ambassadors', label: 'Ambassadors' },
  { path: '/segments', label: 'Segments' },
  { path: '/customers/suggestions', label: 'Possible matches' },
  { path: '/customers/import', label: 'Import' },
] as const;

export function CustomerTabs() {
  const { raw } = useLocation();
  const [path = ''] = raw.split('?', 1);
  return (
    <nav className="customer-tabs" aria-label="Customers">
      {TABS.map((t) => (
        <a
          key={t.path}
          href={`#${t.path}`}
          className={`customer-tab${path === t.path ? ' is-active' : ''}`}
          aria-current={path === t.path ? 'page' : undefined}
          data-testid={`customer-tab-${t.path.split('/').pop() ?? ''}`}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}

/** A page of the customer section: its tabs, then a header and the content. */
export function CustomerSection({
  title,
  sub,
  actions,
  testId,
  busy,
  children,
}: {
  title: string;
  sub?: ReactNode;
  actions?: ReactNode;
  testId: string;
  busy?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="page page-wide customers" data-testid={testId} aria-busy={busy ?? false}>
      <CustomerTabs />
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          {sub && <p className="page-sub">{sub}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </div>
  );
}

/** The words of each lifecycle stage; a nonprofit's lapsed customers are lapsed donors (same logic). */
export const STAGES: { value: LifecycleStage; label: string; tone: string; hint: string }[] = [
  { value: 'new', label: 'New', tone: 'info', hint: 'First came within the last 90 days.' },
  { value: 'active', label: 'Active', tone: 'positive', hint: 'Coming back at their usual pace.' },
  {
    value: 'at_risk',
    label: 'At risk',
    tone: 'warning',
    hint: 'Silent for 1.5 × their own usual gap between visits.',
  },
  {
    value: 'lapsed',
    label: 'Lapsed',
    tone: 'negative',
    hint: 'Silent for 2.5 × their own usual gap: time to win them back.',
  },
  { value: 'one_off', label: 'One visit', tone: 'muted', hint: 'Came once, more than 90 days ago.' },
];

export function LifecycleBadge({ stage }: { stage: LifecycleStage | null | undefined }) {
  if (!stage) return null;
  const s = STAGES.find((x) => x.value === stage);
  return (
    <span
      className={`badge badge-${s?.tone ?? 'muted'}`}
      title={s?.hint}
      data-testid="lifecycle-badge"
      data-stage={stage}
    >
      {s?.label ?? humanize(stage)}
    </span>
  );
}

const KIND_LABEL: Record<IdentityKind, string> = {
  email: 'E-mail',
  phone: 'Phone',
  handle: 'Social',
  marketplace_id: 'Marketplace',
  external_id: 'CRM',
};

/** How one identity reads: `@jess on X`, `jess@example.com`, `Amazon A2…`. */
export function identityText(i: Pick<CustomerIdentity, 'kind' | 'platform' | 'value'>): string {
  if (i.kind === 'handle') return `@${i.value} on ${platformName(i.platform)}`;
  if (i.kind === 'marketplace_id') return `${platformName(i.platform)} ${i.value}`;
  if (i.kind === 'external_id') return `${i.platform ? `${platformName(i.platform)} ` : ''}${i.value}`;
  return i.value;
}

export function platformName(platform: string): string {
  if (platform === 'twitter' || platform === 'x') return 'X';
  if (platform === 'crm') return 'CRM';
  return humanize(platform);
}

/** Identities grouped by channel (e-mail, phone, social, marketplace, CRM). */
export function IdentityList({
  identities,
  onRemove,
}: {
  identities: CustomerIdentity[];
  onRemove?: (identity: CustomerIdentity) => void;
}) {
  if (identities.length === 0) return <p className="muted">No identities: nothing links to this customer.</p>;
  const kinds = (Object.keys(KIND_LABEL) as IdentityKind[]).filter((k) =>
    identities.some((i) => i.kind === k),
  );
  return (
    <dl className="meta identities" data-testid="identities">
      {kinds.map((kind) => (
        <div key={kind} className="meta-row">
          <dt>{KIND_LABEL[kind]}</dt>
          <dd>
            <ul className="plain-list">
              {identities
                .filter((i) => i.kind === kind)
                .map((i) => (
                  <li key={i.id} data-testid="identity" data-kind={i.kind} data-platform={i.platform}>
                    <span className="identity-value">{identityText(i)}</span>
                    {onRemove && (
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        onClick={() => onRemove(i)}
                        aria-label={`Remove ${identityText(i)}`}
                      >
                        ×
                      </button>
                    )}
                  </li>
                ))}
            </ul>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The first identity worth showing in a list row: an e-mail, else a handle, else anything. */
export function primaryIdentity(identities: readonly CustomerIdentity[]): string | null {
  const pick =
    identities.find((i) => i.kind === 'email') ??
    identities.find((i) => i.kind === 'handle') ??
    identities.find((i) => i.kind === 'phone') ??
    identities[0];
  return pick ? identityText(pick) : null;
}

export function customerHref(id: string): string {
  return href(`/customers/${encodeURIComponent(id)}`);
}

/** A customer's name as a link; erased or unnamed customers read so rather than as blank. */
export function CustomerLink({ id, name }: { id: string; name: string | null | undefined }) {
  return (
    <a href={customerHref(id)} className="customer-link" data-testid="customer-link" data-id={id}>
      {name?.trim() || 'Unnamed customer'}
    </a>
  );
}

/** Pages after the first, appended under a key (a filter change starts again). */
export function useMorePages<T>(key: string) {
  const [more, setMore] = useState<{ key: string; rows: T[]; nextCursor: string | null } | null>(null);
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const extra = more?.key === key ? more : null;
  return {
    rows: extra?.rows ?? [],
    nextCursor: (first: string | null | undefined) => (extra ? extra.nextCursor : (first ?? null)),
    busy: state.busy,
    error: state.error,
    async load(fetchPage: () => Promise<{ rows: T[]; nextCursor: string | null }>) {
      setState({ busy: true, error: null });
      try {
        const page = await fetchPage();
        setMore({ key, rows: [...(extra?.rows ?? []), ...page.rows], nextCursor: page.nextCursor });
        setState({ busy: false, error: null });
      } catch (error) {
        setState({ busy: false, error });
      }
    },
  };
}

export function LoadMore({
  cursor,
  busy,
  error,
  onLoad,
  testId = 'load-more',
}: {
  cursor: string | null;
  busy: boolean;
  error: unknown;
  onLoad: () => void;
  testId?: string;
}) {
  return (
    <>
      <ErrorBanner error={error} />
      {cursor && (
        <div className="list-footer">
          <span />
          <button
            className="btn btn-secondary"
            type="button"
            onClick={onLoad}
            disabled={busy}
            data-testid={testId}
          >
            {busy ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </>
  );
}

/** An empty state that says what to do next. */
export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children?: ReactNode;
  testId: string;
}) {
  return (
    <div className="list-empty customers-empty" data-testid={testId}>
      <p>
        <strong>{title}</strong>
      </p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

/** A calendar date (ISO `YYYY-MM-DD`) as words, without a time zone shifting it a day. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** An amount in its currency (`€1,240`), or the bare number when the currency is unknown. */
export function formatMoney(value: number | null | undefined, currency: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  try {
    if (currency) return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
  } catch {
    // An unknown currency code: the bare number with the code.
  }
  return `${new Intl.NumberFormat().format(value)}${currency ? ` ${currency}` : ''}`;
}
