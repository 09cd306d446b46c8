/**
 * One way to run a recorded import from the browser, for feedback files and CRM exports alike:
 * create the job, stream the file to it (XHR upload progress), poll the job meanwhile, and end with
 * the job as the server recorded it — done, or failed with its error and the rows read so far.
 */
import { useEffect, useRef, useState } from 'react';
import type { UploadProgress } from './api';
import { formatBytes, formatInt } from './format';

const POLL_MS = 400;

/** What the progress needs of a job (feedback and customer import jobs both have it). */
interface JobLike {
  id: string;
  status: string;
  bytesTotal: number | null;
  bytesRead: number;
  rows: number;
}

export interface ImportRun<J extends JobLike> {
  job: J;
  upload: UploadProgress | null;
  finished: boolean;
}

/** The bar's value (null: indeterminate) and the words beside it. */
export function importProgressOf(run: ImportRun<JobLike>): { value: number | null; text: string } {
  const { job, upload } = run;
  if (job.status === 'done') return { value: 1, text: 'Done' };
  if (job.status === 'failed')
    return { value: job.bytesTotal ? job.bytesRead / job.bytesTotal : 0, text: 'Failed' };
  // The server's count of bytes read is the truth (rows are ingested as they stream in);
  // the browser's upload counter moves first, so show whichever is further along.
  const total = job.bytesTotal ?? upload?.total ?? null;
  const read = Math.max(job.bytesRead, upload?.loaded ?? 0);
  if (!total) return { value: null, text: 'Starting…' };
  const value = read / total;
  if (value >= 1) return { value: null, text: `Processing… ${formatInt(job.rows)} rows` };
  return {
    value,
    text: `Uploading ${formatBytes(read)} of ${formatBytes(total)} · ${formatInt(job.rows)} rows`,
  };
}

/**
 * @example
 * const upload = useImportUpload(api);
 * if (await upload.start(file, () => api.createImport({ filename: file.name, size: file.size }))) …
 */
export function useImportUpload<J extends JobLike>(client: {
  importJob(id: string): Promise<J>;
  uploadImportFile(id: string, file: Blob, onProgress: (p: UploadProgress) => void): Promise<J>;
}) {
  const [run, setRun] = useState<ImportRun<J> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const poller = useRef<ReturnType<typeof setInterval> | null>(null);
  const stop = () => {
    if (poller.current) clearInterval(poller.current);
    poller.current = null;
  };
  useEffect(() => stop, []);

  /** Runs one import; true when the server read the whole file. */
  async function start(file: File, create: () => Promise<J>): Promise<boolean> {
    setError(null);
    stop();
    let jobId: string | null = null;
    try {
      const job = await create();
      jobId = job.id;
      setRun({ job, upload: null, finished: false });
      poller.current = setInterval(() => {
        client.importJob(job.id).then(
          (latest) => setRun((r) => (r && r.job.id === latest.id && !r.finished ? { ...r, job: latest } : r)),
          () => undefined, // The upload's own answer reports failures; a missed poll is harmless.
        );
      }, POLL_MS);
      const done = await client.uploadImportFile(job.id, file, (upload) =>
        setRun((r) => (r && r.job.id === job.id && !r.finished ? { ...r, upload } : r)),
      );
      stop();
      setRun((r) => ({ job: done, upload: r?.upload ?? null, finished: true }));
      return true;
    } catch (err) {
      stop();
      setError(err);
      // Show the job as the server recorded it (status failed, its error, the rows read so far).
      const latest = jobId ? await client.importJob(jobId).catch(() => null) : null;
      setRun((r) => (r ? { ...r, job: latest ?? r.job, finished: true } : r));
      return false;
    }
  }

  return {
    run,
    error,
    busy: run !== null && !run.finished,
    progress: run ? importProgressOf(run) : null,
    start,
  };
}
