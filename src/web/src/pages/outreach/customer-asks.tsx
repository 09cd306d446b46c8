/**
 * The "Asks" section of a customer's page (issue #15): their consent per channel (an agent may record
 * it; an unsubscribe from a mail's link shows here) and the latest asks — survey invitations, review
 * and referral requests — sent or held back, with the reason.
 */
import { useState } from 'react';
import { outreachApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatDateTime, humanize } from '../../format';
import type { ContactConsent } from '../../types';
import { useResource } from '../../use-resource';
import { SendLog } from './outreach-page';

const SOURCE: Record<string, string> = {
  unsubscribe_link: 'by the unsubscribe link',
  import: 'by an import',
  agent: 'by an agent',
  api: 'through the API',
};

function Consent({
  customerId,
  consent,
  canWrite,
  onChanged,
}: {
  customerId: string;
  consent: ContactConsent;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const next = consent.status === 'unsubscribed' ? 'granted' : 'unsubscribed';
  return (
    <div
      className="meta-row"
      data-testid="consent"
      data-channel={consent.channel}
      data-status={consent.status ?? 'none'}
    >
      <dt>{consent.channel === 'email' ? 'E-mail' : humanize(consent.channel)}</dt>
      <dd>
        <span
          className={`badge badge-${consent.status === 'unsubscribed' ? 'warning' : consent.status === 'granted' ? 'positive' : 'muted'}`}
        >
          {consent.status === 'unsubscribed'
            ? 'Unsubscribed'
            : consent.status === 'granted'
              ? 'Consented'
              : 'Not recorded'}
        </span>
        {consent.source && (
          <div className="muted small">
            {SOURCE[consent.source] ?? humanize(consent.source)}
            {consent.updatedAt ? `, ${formatDateTime(consent.updatedAt)}` : ''}
          </div>
        )}
        {canWrite && (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={state.busy}
            onClick={() => {
              setState({ busy: true, error: null });
              outreachApi.setConsent(customerId, { channel: consent.channel, status: next }).then(
                () => {
                  setState({ busy: false, error: null });
                  onChanged();
                },
                (error: unknown) => setState({ busy: false, error }),
              );
            }}
            data-testid="consent-toggle"
          >
            {next === 'unsubscribed' ? 'Record an unsubscribe' : 'Record consent'}
          </button>
        )}
        <ErrorBanner error={state.error} />
      </dd>
    </div>
  );
}

export function CustomerAsks({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const consent = useResource(`customer-consent:${customerId}`, () => outreachApi.consent(customerId));
  const consents = consent.data?.consents.length
    ? consent.data.consents
    : [{ channel: 'email', status: null, source: null, updatedAt: null } satisfies ContactConsent];
  return (
    <section className="card" aria-labelledby="asks-title" data-testid="customer-asks">
      <h2 id="asks-title" className="card-title">
        Asks
      </h2>
      <ErrorBanner error={consent.error} />
      {consent.data && (
        <dl className="meta">
          {consents.map((c) => (
            <Consent
              key={c.channel}
              customerId={customerId}
              consent={c}
              canWrite={canWrite}
              onChanged={consent.reload}
            />
          ))}
        </dl>
      )}
      <h3 className="small muted">Latest asks</h3>
      <SendLog filters={{}} customerId={customerId} compact />
    </section>
  );
}
