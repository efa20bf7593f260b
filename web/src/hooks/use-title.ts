import { useEffect } from 'react';

/** Sets the document title of the page ("<page> · Trailguide"). */
export function useTitle(page: string | undefined): void {
  useEffect(() => {
    document.title = page ? `${page} · Trailguide` : 'Trailguide';
  }, [page]);
}
