import { formatInt } from '../format';
import type { ImportJob } from '../types';

const STATUS: Record<ImportJob['status'], { label: string; tone: string }> = {
  waiting: { label: 'Waiting', tone: 'muted' },
  running: { label: 'Running', tone: 'info' },
  done: { label: 'Done', tone: 'positive' },
  failed: { label: 'Failed', tone: 'negative' },
};

export function StatusBadge({ status }: { status: ImportJob['status'] }) {
  const s = STATUS[status] ?? { label: status, tone: 'muted' };
  return (
    <span className={`badge badge-${s.tone}`} data-testid="import-status" data-status={status}>
      {s.label}
    </span>
  );
}

/** The outcome of an import: counts, the error if it failed, its warnings, and every rejected row with its line. */
export function ImportSummary({ job }: { job: ImportJob }) {
  const figures = [
    { key: 'rows', label: 'Rows read', value: job.rows },
    { key: 'created', label: 'Created', value: job.created },
    { key: 'updated', label: 'Updated', value: job.updated },
    { key: 'unchanged', label: 'Unchanged', value: job.unchanged },
    { key: 'rejected', label: 'Rejected', value: job.rejected },
  ];
  return (
    <div className="import-summary" data-testid="import-summary">
      {job.error && (
        <div className="alert alert-error" role="alert">
          {job.error}
        </div>
      )}
      {job.warnings.length > 0 && (
        <div className="alert alert-warning" role="status" data-testid="import-warnings">
          {job.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
      <dl className="figures">
        {figures.map((f) => (
          <div key={f.key} className={`figure${f.key === 'rejected' && f.value > 0 ? ' figure-bad' : ''}`}>
            <dt>{f.label}</dt>
            <dd data-testid={`import-${f.key}`}>{formatInt(f.value)}</dd>
          </div>
        ))}
      </dl>
      {job.status === 'done' && job.created > 0 && (
        <p>
          <a href="#/feedback?sort=-postedAt">See the imported feedback →</a>
        </p>
      )}
      {job.rejections.length > 0 && (
        <div className="rejections">
          <h3>Rejected rows</h3>
          <table className="table table-compact" data-testid="import-rejections">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {job.rejections.map((r, i) => (
                <tr key={`${r.line}-${i}`}>
                  <td className="num">{r.line}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {job.rejected > job.rejections.length && (
            <p className="muted small">
              Showing the first {job.rejections.length} of {job.rejected} rejected rows.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
