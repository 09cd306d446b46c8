/**
 * A customer's moment as the pages show it: a date coming up or a recent notable event, with the
 * suggested message in their language, ready to copy.
 */
import { useState } from 'react';
import { customersApi } from '../../api';
import { CopyButton } from '../../components/copy-button';
import { ErrorBanner } from '../../components/error-banner';
import { humanize, languageName } from '../../format';
import type { CustomerMoment } from '../../types';
import { CustomerLink, formatDay } from './customer-parts';

/** A stable key: an event's id, else the date's customer, kind and day. */
export const momentKey = (m: CustomerMoment) => m.id ?? `${m.customerId}:${m.kind}:${m.date}`;

/** One moment: who, the occasion, when, and the suggested message in their language. */
export function MomentCard({
  moment,
  showCustomer = true,
  onDismissed,
}: {
  moment: CustomerMoment;
  showCustomer?: boolean;
  /** Offers "Done" on an event (dates come back every year and are not dismissed). */
  onDismissed?: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const id = moment.id;
  return (
    <li className="moment" data-testid="moment" data-kind={moment.kind} data-customer={moment.customerId}>
      <div className="timeline-meta">
        {showCustomer && <CustomerLink id={moment.customerId} name={moment.name} />}
        <span className="tag">{humanize(moment.kind)}</span>
        <span className="muted small">
          {formatDay(moment.date)}
          {moment.daysUntil !== null &&
            ` · ${moment.daysUntil === 0 ? 'today' : `in ${moment.daysUntil} day${moment.daysUntil === 1 ? '' : 's'}`}`}
        </span>
        {id && onDismissed && (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => {
              setError(null);
              customersApi.dismissMoment(id).then(onDismissed, setError);
            }}
            data-testid="moment-dismiss"
          >
            Done
          </button>
        )}
      </div>
      <ErrorBanner error={error} />
      <p className="small">{moment.occasion}</p>
      {moment.message && (
        <>
          <p className="moment-message" data-testid="moment-message" lang={moment.language}>
            {moment.message}
          </p>
          <p className="muted small">
            Suggested in {languageName(moment.language)}. <CopyButton text={moment.message} />
          </p>
        </>
      )}
    </li>
  );
}
