/**
 * Customer import from a CRM export (`#/customers/import`, issue #14): upload a CSV, watch it stream
 * in, see what was created, updated and merged, and every rejected row by its line and field. The
 * same job machinery, progress bar and status badge as the feedback import.
 */
import { useState, type FormEvent } from 'react';
import { customersApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { ProgressBar } from '../../components/progress-bar';
import { formatBytes, formatDateTime, formatInt } from '../../format';
import type { CustomerImportJob as ImportJob } from '../../types';
import { useImportUpload } from '../../use-import-upload';
import { useResource } from '../../use-resource';
import { StatusBadge } from '../import-summary';
import { CustomerSection } from './customer-parts';

/** Columns the import reads (docs/customers.md has the full format). */
const COLUMNS =
  'crm_id, name, email, phone, twitter, instagram, facebook, amazon, google, city, birthday, anniversary, first_purchase, lifetime_value, currency, tags, language, referrals';

/** Rejected rows by line, with the field when the server names one. */
function Rejections({ job }: { job: ImportJob }) {
  if (job.rejections.length === 0) return null;
  return (
    <div className="rejections">
      <h3>Rejected rows</h3>
      <table className="table table-compact" data-testid="import-rejections">
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {job.rejections.map((r, i) => (
            <tr key={`${r.line}-${i}`} data-testid="import-rejection" data-line={r.line}>
              <td className="num">{r.line}</td>
              <td>{r.field ? <code>{r.field}</code> : '—'}</td>
              <td>{r.message}</td>
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
  );
}

export function CustomerImportPage() {
  const recent = useResource('customer-imports', () => customersApi.imports());
  const [file, setFile] = useState<File | null>(null);
  const [region, setRegion] = useState('');
  const upload = useImportUpload(customersApi);
  const { run, error, busy, progress } = upload;
  const [inputKey, setInputKey] = useState(0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    const read = await upload.start(file, () =>
      customersApi.createImport({
        filename: file.name,
        size: file.size,
        region: region.trim().toUpperCase() || undefined,
      }),
    );
    if (read) {
      setFile(null);
      setInputKey((k) => k + 1);
    }
    recent.reload();
  }

  const figures = run
    ? [
        { key: 'rows', label: 'Rows read', value: run.job.rows },
        { key: 'created', label: 'Created', value: run.job.created },
        { key: 'updated', label: 'Updated', value: run.job.updated },
        { key: 'rejected', label: 'Rejected', value: run.job.rejected },
      ]
    : [];

  return (
    <CustomerSection
      title="Import customers"
      sub="A CSV export of your CRM: names, e-mails, phones, handles, personal dates, lifetime value and tags. Rows are matched by crm_id, so importing again updates rather than duplicates."
      testId="customer-import"
    >
      <form className="card form-card" onSubmit={(e) => void submit(e)} data-testid="customer-import-form">
        <label className="field">
          <span>CSV file</span>
          <input
            key={inputKey}
            type="file"
            required
            accept=".csv,.tsv,.txt"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="customer-import-file"
          />
          {file && (
            <small className="muted">
              {file.name} · {formatBytes(file.size)}
            </small>
          )}
        </label>
        <label className="field field-narrow">
          <span>
            Phone region <span className="muted">(for numbers without +country code)</span>
          </span>
          <input
            placeholder="e.g. DE, US"
            maxLength={2}
            value={region}
            onChange={(e) => setRegion(e.target.value)}
            data-testid="customer-import-region"
          />
        </label>
        <p className="muted small">
          Columns: <code>{COLUMNS}</code>. Several e-mails, phones or tags in one cell are separated by “;”.
          Dates are YYYY-MM-DD. A row whose e-mails or handles belong to several existing customers merges
          them (undoably).
        </p>
        <div className="form-actions">
          <button
            className="btn btn-primary"
            type="submit"
            disabled={!file || busy}
            data-testid="customer-import-submit"
          >
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      <ErrorBanner error={error} title="The import failed." />
      {run && progress && (
        <section className="card" aria-live="polite" data-testid="import-run">
          <div className="card-head">
            <h2 className="card-title">{run.job.filename}</h2>
            <StatusBadge status={run.job.status === 'waiting' && run.upload ? 'running' : run.job.status} />
          </div>
          <ProgressBar value={progress.value} label={`Import of ${run.job.filename}`} />
          <p className="muted small" data-testid="import-progress-text">
            {progress.text}
          </p>
          {run.finished && (
            <div className="import-summary" data-testid="import-summary">
              {run.job.error && (
                <div className="alert alert-error" role="alert">
                  {run.job.error}
                </div>
              )}
              <dl className="figures">
                {figures.map((f) => (
                  <div
                    key={f.key}
                    className={`figure${f.key === 'rejected' && f.value > 0 ? ' figure-bad' : ''}`}
                  >
                    <dt>{f.label}</dt>
                    <dd data-testid={`import-${f.key}`}>{formatInt(f.value)}</dd>
                  </div>
                ))}
              </dl>
              {run.job.status === 'done' && run.job.created + run.job.updated > 0 && (
                <p>
                  <a href="#/customers">See the customers →</a>
                </p>
              )}
              <Rejections job={run.job} />
            </div>
          )}
        </section>
      )}
      <section className="card list-card" aria-labelledby="recent-title">
        <h2 id="recent-title" className="card-title card-title-pad">
          Recent customer imports
        </h2>
        <ErrorBanner error={recent.error} />
        {recent.data && recent.data.imports.length === 0 ? (
          <p className="list-empty muted">
            No customer imports yet. Export your CRM as CSV and upload it above.
          </p>
        ) : (
          <table className="table" data-testid="recent-customer-imports">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {(recent.data?.imports ?? []).map((job) => (
                <tr key={job.id}>
                  <td>{job.filename}</td>
                  <td>
                    <StatusBadge status={job.status} />
                  </td>
                  <td className="num">{formatInt(job.rows)}</td>
                  <td className="num">{formatInt(job.rejected)}</td>
                  <td className="nowrap">{formatDateTime(job.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </CustomerSection>
  );
}
