/**
 * Ambassadors (`#/customers/ambassadors`, issue #14): promoters (NPS 9–10, or repeated praise) who
 * are heard — reach, public reviews, referrals — ranked, and exportable for a referral programme.
 * Review requests are another matter: they go to every customer alike, never only to promoters.
 */
import { customersApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatCompact, formatInt } from '../../format';
import { useResource } from '../../use-resource';
import { CsvButton } from '../metrics/analytics-parts';
import type { CustomerStatsRow } from '../../types';
import { CustomerLink, CustomerSection, EmptyState, LoadMore, useMorePages } from './customer-parts';

export function AmbassadorsPage() {
  const answer = useResource('customer-ambassadors', () => customersApi.ambassadors());
  const more = useMorePages<CustomerStatsRow>('customer-ambassadors');
  const rows = [...(answer.data?.items ?? []), ...more.rows];
  const cursor = more.nextCursor(answer.data?.nextCursor);
  return (
    <CustomerSection
      title="Ambassadors"
      sub="Promoters who are heard: ranked by reach, public reviews and referrals."
      testId="ambassadors"
      busy={answer.loading}
      actions={
        <CsvButton
          path="/customers/ambassadors"
          query={{}}
          filename="ambassadors.csv"
          testId="ambassadors-csv"
        />
      }
    >
      <div className="alert alert-info" role="note" data-testid="review-request-note">
        This list is for thanking and referral programmes. Ask <strong>every</strong> customer alike for
        reviews, never only your promoters: review platforms forbid selective asking.
      </div>
      <ErrorBanner error={answer.error} title="Could not load the ambassadors." />
      <section className="card list-card" data-testid="ambassador-list">
        {answer.data && rows.length === 0 ? (
          <EmptyState title="No ambassadors yet." testId="ambassadors-empty">
            <p>
              Promoters appear after a 9 or 10 in a survey, or repeated praise. Send NPS survey answers with
              the customer&apos;s e-mail to the API (channel survey) or import them.
            </p>
          </EmptyState>
        ) : (
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col" className="num">
                  Reach
                </th>
                <th scope="col" className="num">
                  Public reviews
                </th>
                <th scope="col" className="num">
                  Referrals
                </th>
                <th scope="col" className="num">
                  Last NPS
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a, i) => (
                <tr key={a.customerId} data-testid="ambassador-row" data-id={a.customerId}>
                  <td className="num muted">{i + 1}</td>
                  <td>
                    <CustomerLink id={a.customerId} name={a.name} />
                  </td>
                  <td className="num">
                    <strong>{a.ambassadorScore.toFixed(1)}</strong>
                  </td>
                  <td className="num">{formatCompact(a.reach)}</td>
                  <td className="num">{formatInt(a.publicReviews)}</td>
                  <td className="num">{formatInt(a.referrals)}</td>
                  <td className="num">{a.lastNps ?? '—'}</td>
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
            const page = await customersApi.ambassadors(cursor);
            return { rows: page.items, nextCursor: page.nextCursor };
          })
        }
      />
    </CustomerSection>
  );
}
