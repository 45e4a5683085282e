//! Loads data from the backend: the latest answer wins, a rejection becomes an `IpcError`,
//! and `reload` asks again (the error banner's "Try again").

import { useCallback, useEffect, useRef, useState, type DependencyList, type Dispatch, type SetStateAction } from "react";
import { toIpcError } from "./ipc/backend";
import type { IpcError } from "./ipc/bindings";

export type Load<T> = {
  data: T | null;
  error: IpcError | null;
  loading: boolean;
  reload: () => void;
  setData: Dispatch<SetStateAction<T | null>>;
};

export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Load<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    setError(null);
    load().then(
      (result) => {
        if (call !== latest.current) return;
        setData(result);
        setLoading(false);
      },
      (reason: unknown) => {
        if (call !== latest.current) return;
        setError(toIpcError(reason));
        setLoading(false);
      },
    );
    // `load` is a fresh closure each render; `deps` say when it really changes.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
