import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api';

/** What a page knows about one API read: the data, the error, and whether it is loading. */
export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads `load()` now and whenever `key` changes; a later answer replaces an earlier one. */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (reason: unknown) => {
        if (!current) return;
        setError(asApiError(reason));
        setLoading(false);
      },
    );
    // A stale answer (the user moved on to another key) must not overwrite the new one.
    return () => {
      current = false;
    };
    // `load` is a new closure each render; `key` says when what it loads changed.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** Any thrown value as an ApiError, so every error box can show a code and a message. */
export function asApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  return new ApiError(0, 'CLIENT', reason instanceof Error ? reason.message : String(reason));
}
