import { Failure } from '../../src/api/failure.js';
import type { FailureKind } from '../../src/api/failure.js';
import { PAGE_SIZE } from '../../src/state/list.js';
import { createReducer, initialState } from '../../src/state/reducer.js';
import { topView } from '../../src/state/stack.js';
import type {
  Action,
  AppState,
  Pending,
  RequestKind,
  Responses,
  ViewKind,
  ViewOf,
} from '../../src/state/types.js';
import { ENGINES, makeConnection } from '../helpers/fake-source.js';

export const reducer = createReducer({ companyId: 'acme', console: { base: 'https://app.example.com' } });
export const SIZE = { columns: 100, rows: 30 };

/** A key press as the input decoder reports it: a single character types itself, named keys type nothing. */
export const key = (name: string): Action => ({
  type: 'key',
  name,
  text: name === 'space' ? ' ' : Array.from(name).length === 1 ? name : '',
});

export const typed = (text: string): Action[] =>
  Array.from(text).map((char) => key(char === ' ' ? 'space' : char));

export const run = (state: AppState, ...actions: Action[]): AppState => actions.reduce(reducer, state);

/** The latest request of that kind the state waits for. */
export function pending<K extends RequestKind>(state: AppState, kind: K): Pending<K> {
  const found = state.requests.filter((request) => request.kind === kind).at(-1);
  if (!found) throw new Error(`No ${kind} request pending: ${JSON.stringify(state.requests)}`);
  return found as unknown as Pending<K>;
}

/** Answers the latest request of that kind. */
export function answer<K extends RequestKind>(state: AppState, kind: K, value: Responses[K]): AppState {
  const { seq } = pending(state, kind);
  return reducer(state, { type: 'settled', seq, outcome: { kind, value } as never });
}

export function failure(
  kind: FailureKind,
  message: string = kind,
  details: ConstructorParameters<typeof Failure>[2] = {},
) {
  return new Failure(kind, message, details);
}

/** The clock of the failures the tests report. */
export const NOW = Date.UTC(2026, 10, 27, 12);

/** Fails the latest request of that kind, at NOW. */
export function fail(state: AppState, kind: RequestKind, error: Failure): AppState {
  const { seq } = pending(state, kind);
  return reducer(state, { type: 'failed', seq, failure: error, at: NOW });
}

/** A state whose first list request has been answered with `count` connections, engines known. */
export function loaded(count: number): AppState {
  const items = Array.from({ length: Math.min(count, PAGE_SIZE) }, (_, index) => makeConnection(index));
  return answer(answer(initialState(SIZE), 'list-page', items), 'engines', ENGINES);
}

/** The top view, which must be of that kind. */
export function top<K extends ViewKind>(state: AppState, kind: K): ViewOf<K> {
  const view = topView(state);
  if (view.kind !== kind) throw new Error(`Expected the ${kind} view, found ${view.kind}`);
  return view as ViewOf<K>;
}
