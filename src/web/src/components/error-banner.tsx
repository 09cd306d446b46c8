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
