/**
 * One customer (`#/customers/:id`, issue #14): who they are on every channel, their personal dates,
 * what they are worth (shown, never used for priority), their lifecycle stage, sentiment over time,
 * the touchpoints they like and dislike, the timeline of everything about them, notes, merging, and
 * for admins the JSON export and erasure.
 */
import type { ReactNode } from 'react';
import { customersApi } from '../../api';
import { LoadState } from '../../components/error-banner';
import { formatDate, formatInt, languageName } from '../../format';
import type { CustomerProfile, Role, TouchpointLean } from '../../types';
import { useResource } from '../../use-resource';
import { useWorkspaceMeta } from '../../workspace-meta';
import {
  CustomerEdit,
  CustomerIdentities,
  CustomerMerging,
  CustomerNotes,
  CustomerPrivacy,
} from './customer-actions';
import { CustomerTimeline, SentimentOverTime } from './customer-history';
import { CustomerLink, CustomerTabs, formatDay, formatMoney, LifecycleBadge, STAGES } from './customer-parts';
import { MomentCard, momentKey } from './moments-parts';
import { CustomerAsks } from '../outreach/customer-asks';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="customer-fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Leans({
  title,
  rows,
  tone,
  testId,
}: {
  title: string;
  rows: TouchpointLean[];
  tone: string;
  testId: string;
}) {
  const { touchpointName } = useWorkspaceMeta();
  return (
    <div data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted small">Nothing yet.</p>
      ) : (
        <ul className="lean-list">
          {rows.map((r) => (
            <li key={r.touchpoint} data-testid="lean" data-touchpoint={r.touchpoint}>
              <span>{touchpointName(r.touchpoint)}</span>
              <span className={`small ${tone}`}>
                {tone === 'tone-positive'
                  ? `${formatInt(r.positive)} praising`
                  : `${formatInt(r.negative)} critical`}{' '}
                · {formatInt(r.mentions)} mention{r.mentions === 1 ? '' : 's'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Header({ profile, edit }: { profile: CustomerProfile; edit: ReactNode }) {
  const stage = STAGES.find((s) => s.value === profile.lifecycle);
  const stats = profile.stats;
  return (
    <>
      <header className="customer-head">
        <h1 data-testid="customer-name">
          {profile.name?.trim() || (profile.erasedAt ? 'Erased customer' : 'Unnamed customer')}
        </h1>
        <LifecycleBadge stage={profile.lifecycle} />
        {stats?.promoter && (
          <span className="badge badge-positive" data-testid="promoter-badge">
            Promoter
          </span>
        )}
        {profile.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        {edit}
      </header>
      <p className="muted">
        {[
          profile.city,
          profile.language ? languageName(profile.language) : null,
          profile.crmId ? `CRM ${profile.crmId}` : null,
        ]
          .filter(Boolean)
          .join(' · ')}
        {stage && <span className="small"> {stage.hint}</span>}
      </p>
      <dl className="customer-facts">
        <Fact label="Lifetime value" testId="customer-value">
          {formatMoney(profile.lifetimeValue, profile.currency)}
          <div className="muted small">Shown for context; never used to rank cases.</div>
        </Fact>
        <Fact label="First seen">{stats?.firstSeenAt ? formatDate(stats.firstSeenAt) : '—'}</Fact>
        <Fact label="Last seen">{stats?.lastSeenAt ? formatDate(stats.lastSeenAt) : '—'}</Fact>
        <Fact label="Visits">
          {formatInt(stats?.visits ?? 0)}
          {stats?.cadenceDays ? (
            <div className="muted small">about every {Math.round(stats.cadenceDays)} days</div>
          ) : null}
        </Fact>
        <Fact label="Items">{formatInt(stats?.items ?? 0)}</Fact>
        <Fact label="Last NPS">{stats?.lastNps ?? '—'}</Fact>
      </dl>
    </>
  );
}

/** Their dates coming up in the next 30 days and notable events of the last 90, with messages. */
function CustomerMoments({ customerId }: { customerId: string }) {
  const moments = useResource(`customer-moments:30:${customerId}`, () =>
    customersApi.moments(30, customerId),
  );
  const all = [...(moments.data?.upcoming ?? []), ...(moments.data?.recent ?? [])];
  if (all.length === 0) return null;
  return (
    <section className="card" aria-labelledby="moments-title" data-testid="customer-moments">
      <h2 id="moments-title" className="card-title">
        Moments
      </h2>
      <ul className="moment-list">
        {all.map((m) => (
          <MomentCard key={momentKey(m)} moment={m} showCustomer={false} onDismissed={moments.reload} />
        ))}
      </ul>
    </section>
  );
}

export function CustomerPage({ id, role }: { id: string; role: Role }) {
  const profile = useResource(`customer:${id}`, () => customersApi.profile(id));
  const p = profile.data;
  const canWrite = role !== 'viewer';
  const isAdmin = role === 'admin' || role === 'owner';
  return (
    <div className="page page-wide customers" data-testid="customer-page">
      <CustomerTabs />
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href="#/customers">← Customers</a>
      </nav>
      <LoadState
        error={profile.error}
        loading={profile.loading}
        loaded={Boolean(p)}
        what="customer"
        notFoundTestId="customer-not-found"
      />
      {p && (
        <div data-testid="customer" data-id={p.id} data-erased={p.erasedAt ? 'true' : 'false'}>
          {p.mergedInto && (
            <div className="alert alert-warning" role="status" data-testid="customer-merged-into">
              This record was merged into <CustomerLink id={p.mergedInto} name="another customer" />. Open
              that one for the whole history, or undo the merge there.
            </div>
          )}
          {p.erasedAt && (
            <div className="alert alert-info" role="status" data-testid="customer-erased">
              Erased on {formatDate(p.erasedAt)}: nothing personal is kept.
            </div>
          )}
          <Header
            profile={p}
            edit={
              canWrite &&
              !p.mergedInto &&
              !p.erasedAt && <CustomerEdit profile={p} onSaved={profile.reload} />
            }
          />
          <div className="detail">
            <div className="detail-main">
              <SentimentOverTime customerId={p.id} />
              <section className="card" aria-labelledby="leans-title">
                <h2 id="leans-title" className="card-title">
                  Likes and dislikes
                </h2>
                <div className="leans">
                  <Leans title="Praises" rows={p.likes} tone="tone-positive" testId="customer-likes" />
                  <Leans
                    title="Criticises"
                    rows={p.dislikes}
                    tone="tone-negative"
                    testId="customer-dislikes"
                  />
                </div>
              </section>
              <CustomerTimeline customerId={p.id} />
            </div>
            <aside className="detail-side">
              <CustomerIdentities profile={p} canWrite={canWrite} onChanged={profile.reload} />
              <CustomerMoments customerId={p.id} />
              <section className="card" aria-labelledby="dates-title" data-testid="customer-dates">
                <h2 id="dates-title" className="card-title">
                  Personal dates
                </h2>
                <dl className="meta">
                  <div className="meta-row">
                    <dt>Birthday</dt>
                    <dd>{formatDay(p.birthday)}</dd>
                  </div>
                  <div className="meta-row">
                    <dt>Anniversary</dt>
                    <dd>{formatDay(p.anniversary)}</dd>
                  </div>
                  <div className="meta-row">
                    <dt>First purchase</dt>
                    <dd>{formatDay(p.firstPurchase)}</dd>
                  </div>
                </dl>
              </section>
              <CustomerNotes customerId={p.id} canWrite={canWrite && !p.erasedAt} />
              {!p.erasedAt && <CustomerAsks customerId={p.id} canWrite={canWrite} />}
              <CustomerMerging profile={p} canWrite={canWrite} onChanged={profile.reload} />
              {isAdmin && <CustomerPrivacy profile={p} onErased={profile.reload} />}
            </aside>
          </div>
        </div>
      )}
    </div>
  );
}
