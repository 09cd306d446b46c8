import { useEffect } from 'react';

/** Sets the browser tab's title to "<page> · Touchpoint" while the calling component is shown. */
export function useDocumentTitle(page: string | null): void {
  useEffect(() => {
    document.title = page ? `${page} · Touchpoint` : 'Touchpoint';
  }, [page]);
}
