import { useCallback, useEffect, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again with the same key (after a mutation). */
  reload: () => void;
  /** Changes the loaded data in place (an optimistic update, or its rollback); no request is sent. */
  mutate: (update: (data: T) => T) => void;
}

interface State<T> {
  key: string;
  data: T | undefined;
  error: unknown;
}

/**
 * Loads `load()` whenever `key` changes and keeps the last answer while the next one loads.
 * Answers that arrive for a key that is no longer current are dropped, so a slow response to an
 * old filter never overwrites a newer one.
 */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<State<T>>({ key: '', data: undefined, error: undefined });
  const [generation, setGeneration] = useState(0);
  const fullKey = key === null ? null : `${key}#${generation}`;

  useEffect(() => {
    if (fullKey === null) return;
    let current = true;
    load().then(
      (data) => current && setState({ key: fullKey, data, error: undefined }),
      (error: unknown) => current && setState((s) => ({ key: fullKey, data: s.data, error })),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure on every render; `key` names everything it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullKey]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const mutate = useCallback(
    (update: (data: T) => T) => setState((s) => (s.data === undefined ? s : { ...s, data: update(s.data) })),
    [],
  );
  return {
    data: state.data,
    error: state.key === fullKey ? state.error : undefined,
    loading: fullKey !== null && state.key !== fullKey,
    reload,
    mutate,
  };
}
