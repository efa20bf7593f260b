import { useCallback, useEffect, useEffectEvent, useState } from 'react';
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
  const [generation, setGeneration] = useState(0);
  // What to load: the key, asked for again by each reload. It is loading until this request has answered.
  const request = `${generation}:${key}`;
  const [answered, setAnswered] = useState<string>();
  // `load` is a new closure each render; the request says when what it loads changed.
  const loadNow = useEffectEvent(load);

  useEffect(() => {
    let current = true;
    loadNow().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
        setAnswered(request);
      },
      (reason: unknown) => {
        if (!current) return;
        setError(asApiError(reason));
        setAnswered(request);
      },
    );
    // A stale answer (the user moved on to another key) must not overwrite the new one.
    return () => {
      current = false;
    };
  }, [request]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading: answered !== request, reload };
}

/** Any thrown value as an ApiError, so every error box can show a code and a message. */
export function asApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  return new ApiError(0, 'CLIENT', reason instanceof Error ? reason.message : String(reason));
}
