/**
 * The dashboard's routing helpers, on React Router's `<HashRouter>` (routes in app.tsx): URLs look
 * like `#/feedback/42?sentiment=negative`. Hash routes need no server fallback, so any static file
 * server can serve the dashboard, and bookmarks from before the router keep working.
 *
 * Pages use these few helpers rather than React Router directly, so the routing library stays an
 * implementation detail of this file, main.tsx and app.tsx.
 */
import { useLayoutEffect, useMemo } from 'react';
import { useLocation as useRouterLocation, useNavigate, type NavigateFunction } from 'react-router';

export interface Location {
  /** Path segments, e.g. `['feedback', '42']`. */
  segments: string[];
  query: URLSearchParams;
  /** The path and query without `#`, e.g. `/feedback?q=late`; usable as a cache key. */
  raw: string;
}

let routerNavigate: NavigateFunction | null = null;

/**
 * Rendered once inside the router (main.tsx): hands the router's navigate function to `navigate`,
 * which event handlers and callbacks outside components call.
 */
export function RouterBinding(): null {
  const next = useNavigate();
  useLayoutEffect(() => {
    routerNavigate = next;
  }, [next]);
  return null;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray `%` in a hand-typed URL
  }
}

/** Splits `/feedback/42?q=late` into segments and query. */
export function parseLocation(raw: string): Location {
  const [path = '', qs = ''] = raw.split('?', 2);
  const segments = path.split('/').filter(Boolean).map(decodeSegment);
  return { segments, query: new URLSearchParams(qs), raw };
}

/** The current location; re-renders on navigation (links, `navigate`, back and forward). */
export function useLocation(): Location {
  const { pathname, search } = useRouterLocation();
  return useMemo(() => parseLocation(`${pathname}${search}`), [pathname, search]);
}

/** Builds an href such as `#/feedback?q=late`. Empty query values are dropped. */
export function href(path: string, query?: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) params.set(k, v);
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

/**
 * Goes to `to` (`#/inbox` or `/inbox`). `replace` swaps the current history entry, for filter
 * changes that should not pile up in the back button's history.
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const path = to.replace(/^#/, '') || '/';
  if (routerNavigate) {
    void routerNavigate(path, { replace: options.replace ?? false });
  } else {
    window.location.hash = `#${path}`;
  }
}

let lastList = '#/feedback';

/** Remembers the explorer's filtered URL so the detail page can link back to the same list. */
export function rememberListHref(raw: string): void {
  lastList = `#${raw || '/feedback'}`;
}

export function listHref(): string {
  return lastList;
}
