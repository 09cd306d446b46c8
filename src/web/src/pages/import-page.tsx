import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { ProgressBar } from '../components/progress-bar';
import { formatBytes, formatDateTime, formatInt } from '../format';
import { useImportUpload } from '../use-import-upload';
import { useResource } from '../use-resource';
import { useWorkspaceMeta } from '../workspace-meta';
import { ImportSummary, StatusBadge } from './import-summary';
import { PLATFORMS } from './feedback-filters';

const FORMATS = [
  { value: '', label: 'Detect from the file' },
  { value: 'csv', label: 'CSV' },
  { value: 'jsonl', label: 'JSON lines' },
  { value: 'json', label: 'JSON array' },
  { value: 'yelp-jsonl', label: 'Yelp reviews (JSON lines)' },
  { value: 'amazon-jsonl', label: 'Amazon reviews (JSON lines)' },
  { value: 'airline-csv', label: 'Airline tweets (CSV)' },
  { value: 'semeval-xml', label: 'SemEval ABSA (XML)' },
];

/** Encodings offered; any label iconv-lite knows is accepted by the API. */
const ENCODINGS = [
  { value: '', label: 'Detect from the file' },
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Latin-1 / Windows-1252 (Western Europe)' },
  { value: 'iso-8859-2', label: 'Latin-2 (Central Europe)' },
  { value: 'utf-16le', label: 'UTF-16 (Excel “Unicode text”)' },
  { value: 'shift_jis', label: 'Shift_JIS (Japanese)' },
  { value: 'gb18030', label: 'GB18030 (Chinese)' },
  { value: 'big5', label: 'Big5 (Traditional Chinese)' },
  { value: 'euc-kr', label: 'EUC-KR (Korean)' },
];

/** Upload an export file, watch it stream in, and see what was created, updated and rejected. */
export function ImportPage() {
  const { brands, reloadBrands } = useWorkspaceMeta();
  const recent = useResource('imports', () => api.imports());
  const [file, setFile] = useState<File | null>(null);
  const [brand, setBrand] = useState('');
  const [ownBrand, setOwnBrand] = useState('');
  const [labels, setLabels] = useState(false);
  const [platform, setPlatform] = useState('');
  const [format, setFormat] = useState('');
  const [map, setMap] = useState('');
  const [encoding, setEncoding] = useState('');
  const upload = useImportUpload(api);
  const { run, error, busy, progress } = upload;
  const [fileInputKey, setFileInputKey] = useState(0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    const read = await upload.start(file, () =>
      api.createImport({
        filename: file.name,
        size: file.size,
        brand: brand.trim() || undefined,
        ownBrand: ownBrand.trim() || undefined,
        labels: labels || undefined,
        platform: platform.trim() || undefined,
        format: format || undefined,
        map: map.trim() || undefined,
        encoding: encoding || undefined,
      }),
    );
    if (read) {
      setFile(null);
      setFileInputKey((k) => k + 1);
      reloadBrands();
    }
    recent.reload();
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Import</h1>
          <p className="page-sub">
            CSV, JSON or JSON lines exports, and the Yelp, Amazon, airline-tweet and SemEval data sets. Items
            are matched by their id, so importing a file twice creates nothing new.
          </p>
        </div>
      </div>

      <form className="card form-card" onSubmit={(e) => void submit(e)} data-testid="import-form">
        <label className="field">
          <span>File</span>
          <input
            key={fileInputKey}
            type="file"
            required
            accept=".csv,.tsv,.json,.jsonl,.ndjson,.xml,.txt"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
          {file && (
            <small className="muted">
              {file.name} · {formatBytes(file.size)}
            </small>
          )}
        </label>
        <div className="form-grid">
          <label className="field">
            <span>
              Brand <span className="muted">(optional)</span>
            </span>
            <input
              list="import-brands"
              placeholder="The brand of every row"
              value={brand}
              onChange={(e) => setBrand(e.target.value)}
              data-testid="import-brand"
            />
            <datalist id="import-brands">
              {brands.map((b) => (
                <option key={b.id} value={b.name} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span>
              Your brand <span className="muted">(when the file names several)</span>
            </span>
            <input
              list="import-brands"
              placeholder="e.g. Virgin America"
              value={ownBrand}
              onChange={(e) => setOwnBrand(e.target.value)}
              data-testid="import-own-brand"
            />
            <small className="muted">The file&apos;s other brands are added as competitors.</small>
          </label>
          <label className="field">
            <span>
              Platform <span className="muted">(optional)</span>
            </span>
            <input
              list="import-platforms"
              placeholder="e.g. google, yelp, survey"
              value={platform}
              onChange={(e) => setPlatform(e.target.value)}
              data-testid="import-platform"
            />
            <datalist id="import-platforms">
              {PLATFORMS.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span>Format</span>
            <select value={format} onChange={(e) => setFormat(e.target.value)} data-testid="import-format">
              {FORMATS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Encoding</span>
            <select
              value={encoding}
              onChange={(e) => setEncoding(e.target.value)}
              data-testid="import-encoding"
            >
              {ENCODINGS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="field">
          <span>
            Column mapping <span className="muted">(optional)</span>
          </span>
          <input
            placeholder="e.g. text=body,rating=stars,postedAt=created"
            value={map}
            onChange={(e) => setMap(e.target.value)}
            aria-describedby="import-map-hint"
            data-testid="import-map"
          />
          <small id="import-map-hint" className="muted">
            Columns named like text, review, rating, stars, date, author, id or title are recognised without a
            mapping.
          </small>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={labels}
            onChange={(e) => setLabels(e.target.checked)}
            data-testid="import-labels"
          />
          Import the file&apos;s sentiment labels (the airline file&apos;s airline_sentiment) as corrections
          the model learns from
        </label>
        <div className="form-actions">
          <button
            className="btn btn-primary"
            type="submit"
            disabled={!file || busy}
            data-testid="import-submit"
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
            {/* The job says "waiting" until the server has read the first bytes; the upload has begun. */}
            <StatusBadge status={run.job.status === 'waiting' && run.upload ? 'running' : run.job.status} />
          </div>
          <ProgressBar value={progress.value} label={`Import of ${run.job.filename}`} />
          <p className="muted small" data-testid="import-progress-text">
            {progress.text}
          </p>
          {run.finished && <ImportSummary job={run.job} />}
        </section>
      )}

      <section className="card list-card" aria-labelledby="recent-title">
        <h2 id="recent-title" className="card-title card-title-pad">
          Recent imports
        </h2>
        <ErrorBanner error={recent.error} />
        {recent.data && recent.data.imports.length === 0 ? (
          <p className="list-empty muted">No imports yet.</p>
        ) : (
          <table className="table" data-testid="recent-imports">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Created
                </th>
                <th scope="col" className="num">
                  Updated
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
                  <td>
                    {job.filename}
                    {job.format && <span className="muted small"> · {job.format}</span>}
                  </td>
                  <td>
                    <StatusBadge status={job.status} />
                  </td>
                  <td className="num">{formatInt(job.rows)}</td>
                  <td className="num">{formatInt(job.created)}</td>
                  <td className="num">{formatInt(job.updated)}</td>
                  <td className="num">{job.rejected > 0 ? <strong>{formatInt(job.rejected)}</strong> : 0}</td>
                  <td className="nowrap">{formatDateTime(job.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
