import type { AppState, Load, Pending, Request, View } from './types.js';

/** The view in front. The stack always holds the list at the bottom. */
export function topView(state: AppState): View {
  const view = state.stack[state.stack.length - 1];
  if (!view) throw new Error('The view stack is never empty');
  return view;
}

export function replaceTop(state: AppState, view: View): AppState {
  return { ...state, stack: [...state.stack.slice(0, -1), view] };
}

export function push(state: AppState, view: View): AppState {
  return { ...state, stack: [...state.stack, view] };
}

/** Requests that go on even when nobody waits for them any more: a confirmed write should finish. */
const WRITES: ReadonlySet<Request['kind']> = new Set(['create', 'update', 'delete']);

/** Closes the top view; the reads it was waiting for are dropped (and so aborted). */
export function pop(state: AppState): AppState {
  if (state.stack.length <= 1) return state;
  const closed = topView(state);
  const orphan = 'load' in closed && closed.load.status === 'loading' ? closed.load.seq : undefined;
  return {
    ...state,
    stack: state.stack.slice(0, -1),
    requests:
      orphan === undefined
        ? state.requests
        : state.requests.filter((pending) => pending.seq !== orphan || WRITES.has(pending.kind)),
  };
}

/** Records a new request; returns the state and the request's seq. */
export function startRequest(state: AppState, request: Request): [AppState, number] {
  const seq = state.seq + 1;
  const pending: Pending = { ...request, seq, attempt: 0 };
  return [{ ...state, seq, requests: [...state.requests, pending] }, seq];
}

/** Drops requests (they are aborted if they run). */
export function dropRequests(state: AppState, drop: (pending: Pending) => boolean): AppState {
  const requests = state.requests.filter((pending) => !drop(pending));
  return requests.length === state.requests.length ? state : { ...state, requests };
}

/** A new request for a view's data, and its load in the loading state. */
export function startLoad<T>(state: AppState, request: Request): [AppState, Load<T>] {
  const [next, seq] = startRequest(state, request);
  return [next, { status: 'loading', seq }];
}

/**
 * A view's data again (r): the request it waited for, or a retry scheduled for it, is dropped and a
 * new one starts at once.
 */
export function restartLoad<T>(
  state: AppState,
  current: Load<unknown>,
  request: Request,
): [AppState, Load<T>] {
  const cleared =
    current.status === 'ready' ? state : dropRequests(state, (pending) => pending.seq === current.seq);
  return startLoad<T>(cleared, request);
}

/** The request with that seq, if the app still waits for it. */
export function pendingOf(state: AppState, seq: number): Pending | undefined {
  return state.requests.find((pending) => pending.seq === seq);
}
