import { useEffect } from 'react';

/**
 * Sets the browser tab's title to "<page> · Touchpoint" (null: just "Touchpoint"); undefined leaves it
 * to a component inside (the signed-in shell names its pages).
 */
export function useDocumentTitle(page: string | null | undefined): void {
  useEffect(() => {
    if (page !== undefined) document.title = page ? `${page} · Touchpoint` : 'Touchpoint';
  }, [page]);
}
