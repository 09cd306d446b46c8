import { ApiError, errorMessage } from '../api';

/** An inline alert for a failed request; shows the request id so a user can quote it in a bug report. */
export function ErrorBanner({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  return (
    <div className="alert alert-error" role="alert" data-testid="error">
      {title && <strong>{title} </strong>}
      {errorMessage(error)}
      {requestId && <span className="alert-meta">Request {requestId}</span>}
    </div>
  );
}

/**
 * What a detail page shows about loading its record: "not found" for a 404 (another workspace's id,
 * or a deleted record), else the error banner; and a spinner until the first answer.
 */
export function LoadState({
  error,
  loading,
  loaded,
  what,
  notFoundTestId,
  notFoundNote = 'It may belong to another workspace.',
}: {
  error: unknown;
  loading: boolean;
  loaded: boolean;
  /** `case`, `alert`, `item`: in "Case not found" and "Could not load this case." */
  what: string;
  notFoundTestId: string;
  notFoundNote?: string;
}) {
  return (
    <>
      {error instanceof ApiError && error.status === 404 ? (
        <div className="card empty-state" data-testid={notFoundTestId}>
          <h1>{`${what.charAt(0).toUpperCase()}${what.slice(1)} not found`}</h1>
          <p className="muted">{notFoundNote}</p>
        </div>
      ) : (
        <ErrorBanner error={error} title={`Could not load this ${what}.`} />
      )}
      {loading && !loaded && <span className="spinner" aria-label="Loading" />}
    </>
  );
}
