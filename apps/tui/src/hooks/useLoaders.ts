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

/** What the top view waits for, as primitives, so the effect re-runs exactly when it changes. */
interface ViewRequest {
  kind: View['kind'];
  seq: number;
  id: string;
  schemaName: string;
  tableName: string;
}

function pendingRequest(view: View): ViewRequest | undefined {
  if (!('load' in view) || view.load.status !== 'loading') return undefined;
  const sample = view.kind === 'sample' ? view : undefined;
  return {
    kind: view.kind,
    seq: view.load.seq,
    id: view.id,
    schemaName: sample?.schemaName ?? '',
    tableName: sample?.tableName ?? '',
  };
}

function callFor(request: ViewRequest, source: DataSource, signal: AbortSignal): Promise<unknown> {
  switch (request.kind) {
    case 'test':
      return source.testConnection(request.id, { signal });
    case 'schema':
      return source.infoSchema(request.id, { signal });
    case 'sample':
      return source.sampleData(
        request.id,
        { schema_name: request.schemaName, table_name: request.tableName, limit: SAMPLE_LIMIT },
        { signal },
      );
    default:
      return source.getConnection(request.id, { signal });
  }
}

/** Every API call the app makes, driven by the requests the reducer records in the state. */
export function useLoaders(state: AppState, dispatch: Dispatch<Action>, source: DataSource): void {
  const { list, engines } = state;
  const listRequest = list.request;
  const search = list.search;
  const sort = SORT_CHOICES[list.sort] ?? SORT_CHOICES[0];
  const sortBy = sort?.by ?? 'last_updated';
  const sortOrder = sort?.order ?? 'desc';

  // The reducer makes a new request object for each request and keeps it otherwise, so this
  // runs once per request; a new one aborts the previous (typing on while a search runs).
  useEffect(() => {
    if (!listRequest) return undefined;
    const { seq, page } = listRequest;
    return run(
      (signal) =>
        source.listConnections(
          {
            page,
            limit: PAGE_SIZE,
            sort_by: sortBy,
            sort_order: sortOrder,
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
  }, [listRequest, search, sortBy, sortOrder, source, dispatch]);

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
  }, [enginesSeq, enginesFailed, source, dispatch]);

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
  const pending = pendingRequest(view);
  const pendingKind = pending?.kind;
  const pendingSeq = pending?.seq;
  const pendingId = pending?.id;
  const pendingSchema = pending?.schemaName;
  const pendingTable = pending?.tableName;
  useEffect(() => {
    if (
      pendingKind === undefined ||
      pendingSeq === undefined ||
      pendingId === undefined ||
      pendingSchema === undefined ||
      pendingTable === undefined
    ) {
      return undefined;
    }
    const request = {
      kind: pendingKind,
      seq: pendingSeq,
      id: pendingId,
      schemaName: pendingSchema,
      tableName: pendingTable,
    };
    return run(
      (signal) => callFor(request, source, signal),
      (data) => {
        dispatch({ type: 'view-loaded', seq: pendingSeq, data });
      },
      (error) => {
        dispatch({ type: 'view-failed', seq: pendingSeq, failure: toFailure(error) });
      },
    );
  }, [pendingKind, pendingSeq, pendingId, pendingSchema, pendingTable, source, dispatch]);

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
  }, [submitting, editedId, source, dispatch]);

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
