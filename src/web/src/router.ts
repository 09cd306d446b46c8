/**
 * A hash router small enough not to install one: `#/feedback/42?sentiment=negative`.
 * Hash routes need no server fallback, so any static file server can serve the dashboard.
 */
import { useSyncExternalStore } from 'react';

export interface Location {
  /** Path segments, e.g. `['feedback', '42']`. */
  segments: string[];
  query: URLSearchParams;
  /** The raw hash without `#`, usable as a cache key. */
  raw: string;
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

function snapshot(): string {
  return window.location.hash.replace(/^#/, '');
}

export function parseLocation(raw: string): Location {
  const [path = '', qs = ''] = raw.split('?', 2);
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  return { segments, query: new URLSearchParams(qs), raw };
}

/** The current hash location; re-renders on navigation. */
export function useLocation(): Location {
  const raw = useSyncExternalStore(subscribe, snapshot);
  return parseLocation(raw);
}

/** Builds an href such as `#/feedback?q=late`. Empty query values are dropped. */
export function href(path: string, query?: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) params.set(k, v);
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = to.startsWith('#') ? to : `#${to}`;
  if (options.replace) {
    window.history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
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
