import type { Dispatch } from 'react';
import { useEffect, useRef } from 'react';
import { isAbort, toFailure } from '../api/failure.js';
import { perform } from '../api/perform.js';
import type { DataSource } from '../api/source.js';
import type { Action, AppState } from '../state/types.js';

/** Pause after the last keystroke before the filter goes to the server. */
export const SEARCH_DEBOUNCE_MS = 200;

/**
 * Runs exactly the requests the state lists: each new one once (after its `notBefore`, for a
 * scheduled retry), reporting back with its seq; one that leaves the list before it answers is
 * aborted and its answer never reported.
 */
export function useRequests(state: AppState, dispatch: Dispatch<Action>, source: DataSource): void {
  const running = useRef(new Map<number, () => void>());
  const { requests } = state;

  useEffect(() => {
    const live = new Set(requests.map((pending) => pending.seq));
    for (const [seq, stop] of running.current) {
      if (!live.has(seq)) {
        stop();
        running.current.delete(seq);
      }
    }
    for (const pending of requests) {
      if (running.current.has(pending.seq)) continue;
      const { seq } = pending;
      const controller = new AbortController();
      const start = () => {
        perform(source, pending, controller.signal).then(
          (outcome) => {
            if (!controller.signal.aborted) dispatch({ type: 'settled', seq, outcome });
          },
          (error: unknown) => {
            if (!controller.signal.aborted && !isAbort(error))
              dispatch({ type: 'failed', seq, failure: toFailure(error), at: Date.now() });
          },
        );
      };
      const wait = pending.notBefore === undefined ? 0 : pending.notBefore - Date.now();
      const timer = wait > 0 ? setTimeout(start, wait) : undefined;
      if (!timer) start();
      running.current.set(seq, () => {
        clearTimeout(timer);
        controller.abort();
      });
    }
  }, [requests, source, dispatch]);

  // Leaving the app aborts whatever still runs.
  useEffect(() => {
    const map = running.current;
    return () => {
      for (const stop of map.values()) stop();
      map.clear();
    };
  }, []);

  // Filtering as you type: the search goes out once typing pauses.
  const { filterText, search } = state.list;
  useEffect(() => {
    if (filterText === search) return undefined;
    const timer = setTimeout(() => {
      dispatch({ type: 'apply-search' });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [filterText, search, dispatch]);
}
