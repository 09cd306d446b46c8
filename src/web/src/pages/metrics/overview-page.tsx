/** The manager's home (issue #13): headline metrics with their intervals, trends, movers, cases and alerts. */
export function OverviewPage() {
  return (
    <div className="page" data-testid="overview">
      <h1>Overview</h1>
    </div>
  );
}
