import { useState } from 'react';
import { api, setWorkspaceId } from '../api';
import { ErrorBanner } from '../components/error-banner';

/**
 * What an empty workspace offers: the demo (a workspace of its own, opened when it is ready) or an
 * import of the user's own file. `next` is where the demo opens (the explorer unless said).
 */
export function FirstSteps({ next = '#/feedback' }: { next?: string } = {}) {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const loadDemo = async () => {
    setLoading(true);
    setError(null);
    try {
      const { workspace } = await api.loadDemo();
      // The session is read again on reload, with the demo workspace in it, and that one opened.
      setWorkspaceId(workspace.id);
      window.location.hash = next;
      window.location.reload();
    } catch (e) {
      setError(e);
      setLoading(false);
    }
  };

  return (
    <div className="first-steps" data-testid="first-steps">
      <p className="muted">
        Nothing here yet. See Touchpoint at work on an invented bistro first, or bring your own feedback (a
        file, or items sent to the API).
      </p>
      <p className="actions">
        <button type="button" className="btn" onClick={() => void loadDemo()} disabled={loading}>
          {loading ? 'Loading the demo…' : 'Load the demo'}
        </button>{' '}
        <a className="btn btn-secondary" href="#/import">
          Import a file
        </a>
      </p>
      <ErrorBanner error={error} title="Could not load the demo." />
    </div>
  );
}
