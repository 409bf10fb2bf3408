import { useSearchParams } from 'react-router-dom';

/**
 * A list page's filters live in the URL, so a filtered list can be bookmarked and shared.
 * `update` sets the named filters (an empty value removes one) and, unless the page itself is
 * among them, goes back to the first page: new filters, new results. `setParams` replaces them all.
 */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const update = (change: Record<string, string | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(change)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!('page' in change)) next.delete('page');
      return next;
    });
  return [params, update, setParams] as const;
}
