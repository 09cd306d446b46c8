/**
 * A customer's moments as the pages show them: the personal dates coming up (from the profile's
 * dates, wrapping the year end) and a moment with its suggested message, ready to copy.
 */
import { CopyButton } from '../../components/copy-button';
import { humanize, languageName } from '../../format';
import type { CustomerMoment, CustomerProfile } from '../../types';
import { CustomerLink, formatDay } from './customer-parts';

const DAY = 86_400_000;

export interface UpcomingDate {
  kind: 'birthday' | 'anniversary' | 'first_purchase';
  label: string;
  /** The next occurrence, `YYYY-MM-DD`. */
  date: string;
  inDays: number;
}

const LABELS: Record<UpcomingDate['kind'], string> = {
  birthday: 'Birthday',
  anniversary: 'Anniversary',
  first_purchase: 'Anniversary of the first purchase',
};

/** The next occurrence of a date's month and day on or after `today` (29 Feb → 28 Feb in other years). */
export function nextOccurrence(iso: string, today: Date): { date: string; inDays: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const month = Number(m[2]) - 1;
  const day = Number(m[3]);
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (const year of [today.getUTCFullYear(), today.getUTCFullYear() + 1]) {
    const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
    const at = Date.UTC(year, month, month === 1 && day === 29 && !leap ? 28 : day);
    if (at >= start)
      return { date: new Date(at).toISOString().slice(0, 10), inDays: Math.round((at - start) / DAY) };
  }
  return null;
}

/** The profile's personal dates within `days`, soonest first. */
export function upcomingDates(
  profile: Pick<CustomerProfile, 'birthday' | 'anniversary' | 'firstPurchase'>,
  days: number,
  today = new Date(),
): UpcomingDate[] {
  const dates: [UpcomingDate['kind'], string | null][] = [
    ['birthday', profile.birthday],
    ['anniversary', profile.anniversary],
    ['first_purchase', profile.firstPurchase],
  ];
  const out: UpcomingDate[] = [];
  for (const [kind, iso] of dates) {
    if (!iso) continue;
    const next = nextOccurrence(iso, today);
    // A first purchase made today is not its own anniversary.
    if (next && next.inDays <= days && !(kind === 'first_purchase' && iso.slice(0, 10) === next.date))
      out.push({ kind, label: LABELS[kind], ...next });
  }
  return out.sort((a, b) => a.inDays - b.inDays);
}

/** One moment: who, the occasion, when, and the suggested message in their language. */
export function MomentCard({
  moment,
  showCustomer = true,
}: {
  moment: CustomerMoment;
  showCustomer?: boolean;
}) {
  return (
    <li className="moment" data-testid="moment" data-kind={moment.kind} data-customer={moment.customerId}>
      <div className="timeline-meta">
        {showCustomer && <CustomerLink id={moment.customerId} name={moment.name} />}
        <span className="tag">{humanize(moment.kind)}</span>
        <span className="muted small">{formatDay(moment.date)}</span>
      </div>
      <p className="small">{moment.occasion}</p>
      {moment.message && (
        <>
          <p className="moment-message" data-testid="moment-message" lang={moment.language ?? undefined}>
            {moment.message}
          </p>
          <p className="muted small">
            {moment.language ? `Suggested in ${languageName(moment.language)}. ` : 'Suggested message. '}
            <CopyButton text={moment.message} />
          </p>
        </>
      )}
    </li>
  );
}
