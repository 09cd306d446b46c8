/**
 * Server state through TanStack Query: one cache for the whole dashboard, so two components asking
 * for the same thing share one request, a page opened again shows its last answer at once while it
 * refreshes, and a filter change keeps the previous answer on screen until the new one arrives.
 */
import { keepPreviousData, QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { getWorkspaceId, setChangeHandler } from './api';

/** The dashboard's query client (main.tsx provides it; logging out clears it). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Answers are fetched again whenever a page mounts (staleTime 0) but not when the window
      // regains focus: a reviewer comparing two tabs should not see lists reshuffle under them.
      refetchOnWindowFocus: false,
      // An API error is an answer (404, 403, a validation problem): show it at once, do not retry.
      retry: false,
      placeholderData: keepPreviousData,
    },
  },
});

// After a change, answers no page is showing are dropped rather than shown stale while they
// refresh: the inbox opened after closing a case must not list it, even for a moment. Pages on
// screen keep theirs and reload (or update in place) as they did.
setChangeHandler(() => queryClient.removeQueries({ type: 'inactive' }));

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again with the same key (after a mutation). */
  reload: () => void;
  /** Changes the loaded data in place (an optimistic update, or its rollback); no request is sent. */
  mutate: (update: (data: T) => T) => void;
}

/**
 * The query key of a resource: its own key, scoped by the selected workspace, because the same
 * names (`members`, `teams`) mean different data in each workspace.
 */
export function resourceKey(key: string): readonly [string, string] {
  return [getWorkspaceId() ?? '', key];
}

/**
 * Loads `load()` under `key` (null: not yet) and keeps the last answer while the next key loads, so
 * a slow answer to an old filter never overwrites a newer one and the list does not flash empty.
 * A thin adapter over `useQuery` that keeps the shape the pages were written against.
 *
 * @example
 * const members = useResource('members', () => api.members());
 * members.mutate((d) => ({ members: d.members.filter((m) => m.user.id !== id) }));
 */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const client = useQueryClient();
  const queryKey = resourceKey(key ?? '');
  const query = useQuery({
    queryKey,
    queryFn: load,
    enabled: key !== null,
  });
  const [workspace, name] = queryKey;
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const mutate = useCallback(
    (update: (data: T) => T) =>
      client.setQueryData<T>([workspace, name], (data) => (data === undefined ? data : update(data))),
    [client, workspace, name],
  );
  return {
    data: query.data,
    error: query.error ?? undefined,
    loading: key !== null && (query.isFetching || query.isPlaceholderData),
    reload,
    mutate,
  };
}
