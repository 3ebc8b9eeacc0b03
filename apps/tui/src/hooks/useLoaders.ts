import type { Dispatch } from 'react';
import { useEffect } from 'react';
import { toFailure } from '../api/failure.js';
import type { DataSource } from '../api/source.js';
import { isAbort } from '../api/source.js';
import type { Action, AppState, View } from '../state/reducer.js';
import { PAGE_SIZE, SAMPLE_LIMIT, SORT_CHOICES, topView } from '../state/reducer.js';

/** Pause after the last keystroke before the filter goes to the server. */
export const SEARCH_DEBOUNCE_MS = 200;

/**
 * Runs a request and reports its outcome, unless the effect was cleaned up first (the user moved
 * on): then the request is aborted and its result dropped.
 */
function run<T>(
  request: (signal: AbortSignal) => Promise<T>,
  onData: (data: T) => void,
  onError: (error: unknown) => void,
): () => void {
  const controller = new AbortController();
  request(controller.signal).then(
    (data) => {
      if (!controller.signal.aborted) onData(data);
    },
    (error: unknown) => {
      if (!controller.signal.aborted && !isAbort(error)) onError(error);
    },
  );
  return () => {
    controller.abort();
  };
}

/** The request a view is waiting for, as a stable key plus the call that answers it. */
function viewRequest(
  view: View,
  source: DataSource,
): { seq: number; call: (signal: AbortSignal) => Promise<unknown> } | undefined {
  if (!('load' in view) || view.load.status !== 'loading') return undefined;
  const { seq } = view.load;
  switch (view.kind) {
    case 'detail':
      return { seq, call: (signal) => source.getConnection(view.id, { signal }) };
    case 'test':
      return { seq, call: (signal) => source.testConnection(view.id, { signal }) };
    case 'schema':
      return { seq, call: (signal) => source.infoSchema(view.id, { signal }) };
    case 'sample':
      return {
        seq,
        call: (signal) =>
          source.sampleData(
            view.id,
            { schema_name: view.schemaName, table_name: view.tableName, limit: SAMPLE_LIMIT },
            { signal },
          ),
      };
  }
}

/** Every API call the app makes, driven by the requests the reducer records in the state. */
export function useLoaders(state: AppState, dispatch: Dispatch<Action>, source: DataSource): void {
  const { list, engines } = state;
  const listRequest = list.request;
  const search = list.search;
  const sort = SORT_CHOICES[list.sort] ?? SORT_CHOICES[0];

  useEffect(() => {
    if (!listRequest || !sort) return undefined;
    const { seq, page } = listRequest;
    return run(
      (signal) =>
        source.listConnections(
          {
            page,
            limit: PAGE_SIZE,
            sort_by: sort.by,
            sort_order: sort.order,
            ...(search === '' ? {} : { search }),
          },
          { signal },
        ),
      (items) => {
        dispatch({ type: 'list-loaded', seq, page, items });
      },
      (error) => {
        dispatch({ type: 'list-failed', seq, failure: toFailure(error) });
      },
    );
    // The request's seq identifies it; search and sort are read when it starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listRequest?.seq, source, dispatch]);

  const enginesSeq = engines.seq;
  const enginesFailed = engines.failure !== undefined;
  useEffect(() => {
    if (enginesFailed) return undefined;
    return run(
      (signal) => source.listEngines({ signal }),
      (items) => {
        dispatch({ type: 'engines-loaded', seq: enginesSeq, items });
      },
      (error) => {
        dispatch({ type: 'engines-failed', seq: enginesSeq, failure: toFailure(error) });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enginesSeq, source, dispatch]);

  // Filtering as you type: the search goes out once typing pauses; the previous list request is
  // aborted by the list effect above when the new one starts.
  const { filterText } = list;
  useEffect(() => {
    if (filterText === search) return undefined;
    const timer = setTimeout(() => {
      dispatch({ type: 'apply-search' });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [filterText, search, dispatch]);

  const view = topView(state);
  const pending = viewRequest(view, source);
  const pendingSeq = pending?.seq;
  useEffect(() => {
    if (!pending || pendingSeq === undefined) return undefined;
    return run(
      pending.call,
      (data) => {
        dispatch({ type: 'view-loaded', seq: pendingSeq, data });
      },
      (error) => {
        dispatch({ type: 'view-failed', seq: pendingSeq, failure: toFailure(error) });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingSeq, source, dispatch]);

  const submitting = view.kind === 'form' ? view.form.submitting : undefined;
  const editedId = view.kind === 'form' ? view.form.original?.connection_id : undefined;
  useEffect(() => {
    if (!submitting) return undefined;
    const { seq, payload } = submitting;
    return run(
      (signal) =>
        editedId === undefined
          ? source.createConnection(payload as Parameters<DataSource['createConnection']>[0], { signal })
          : source.updateConnection(editedId, payload, { signal }),
      (result) => {
        dispatch({ type: 'saved', seq, connectionId: result.connection_id });
      },
      (error) => {
        dispatch({ type: 'save-failed', seq, failure: toFailure(error) });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [submitting?.seq, source, dispatch]);

  const deleting = view.kind === 'delete' ? view.deleting : undefined;
  const deletingId = view.kind === 'delete' ? view.id : undefined;
  useEffect(() => {
    if (deleting === undefined || deletingId === undefined) return undefined;
    // A delete is not aborted when the view changes: once confirmed, it should finish.
    let live = true;
    source.deleteConnection(deletingId).then(
      () => {
        if (live) dispatch({ type: 'deleted', seq: deleting });
      },
      (error: unknown) => {
        if (live) dispatch({ type: 'delete-failed', seq: deleting, failure: toFailure(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [deleting, deletingId, source, dispatch]);
}
