import type {
  Connection,
  ConnectionInput,
  ConnectionTestResult,
  ConnectionUpdate,
  InfoSchema,
  SampleData,
  StorageEngine,
} from '@spartera/types';
import type { Failure } from '../api/failure.js';
import type { FormState } from './form-fields.js';
import type { TerminalSize } from './layout.js';

/**
 * Every request the app makes, by kind. The reducer records what it wants in `AppState.requests`;
 * the loader hook runs exactly those and reports back with the request's `seq`.
 */
export interface RequestMap {
  'list-page': { page: number; search: string; sortBy: SortBy; sortOrder: SortOrder };
  /** Every cloud provider, then each provider's engines, in parallel. */
  engines: { providers: 'all' };
  connection: { id: string };
  test: { id: string };
  schema: { id: string };
  sample: { id: string; schemaName: string; tableName: string };
  create: { input: ConnectionInput; credentialsFile?: string };
  update: { id: string; patch: ConnectionUpdate; credentialsFile?: string };
  delete: { id: string };
  'find-by-name': { name: string };
}

export type RequestKind = keyof RequestMap;

/** One request, typed by its kind. */
export type Request<K extends RequestKind = RequestKind> = { [P in K]: { kind: P } & RequestMap[P] }[K];

/** A request the app waits for: `seq` names it; `notBefore` (epoch ms) delays a scheduled retry. */
export type Pending<K extends RequestKind = RequestKind> = Request<K> & {
  seq: number;
  notBefore?: number;
  /** How many times it has been tried already (automatic retries after a retryable failure). */
  attempt: number;
};

/** What each request answers. */
export interface Responses {
  'list-page': Connection[];
  engines: StorageEngine[];
  connection: Connection;
  test: ConnectionTestResult;
  schema: InfoSchema;
  sample: SampleData;
  create: { connection_id: string };
  update: { connection_id: string };
  delete: undefined;
  'find-by-name': Connection[];
}

/** A successful answer, tagged with its kind so the reducer knows its type without a cast. */
export type Outcome = { [K in RequestKind]: { kind: K; value: Responses[K] } }[RequestKind];

export type SortBy = 'last_updated' | 'name' | 'date_created';
export type SortOrder = 'asc' | 'desc';

/**
 * Data a view fetches; `seq` names the request so a late answer to an old one is dropped. A failure
 * that is retried by itself keeps the seq of the scheduled retry and the time it goes out.
 */
export type Load<T> =
  | { status: 'loading'; seq: number }
  | { status: 'ready'; seq: number; data: T }
  | { status: 'error'; seq: number; failure: Failure; retryAt?: number };

/** When a scheduled retry goes out (epoch ms), and its seq. */
export interface Retry {
  seq: number;
  at: number;
}

export interface DetailView {
  kind: 'detail';
  id: string;
  title: string;
  load: Load<Connection>;
  /** The first line shown: long names and descriptions wrap, and the fields scroll. */
  top: number;
}

/** A `/` search in a view that shows text: what is typed, and whether it is still being typed. */
export interface Find {
  query: string;
  cursor: number;
  typing: boolean;
}

export interface TestView {
  kind: 'test';
  id: string;
  title: string;
  load: Load<ConnectionTestResult>;
}

export interface SchemaView {
  kind: 'schema';
  id: string;
  title: string;
  load: Load<InfoSchema>;
  expanded: ReadonlySet<string>;
  cursor: number;
  top: number;
  filter: string;
  filterCursor: number;
  filtering: boolean;
}

export interface SampleView {
  kind: 'sample';
  id: string;
  title: string;
  schemaName: string;
  tableName: string;
  load: Load<SampleData>;
  row: number;
  column: number;
  find: Find | undefined;
  /** The cell the last search landed on. */
  hit: { row: number; column: number } | undefined;
}

export interface FormView {
  kind: 'form';
  form: FormState;
}

export interface DeleteView {
  kind: 'delete';
  id: string;
  title: string;
  /** The seq of the delete request while it runs (or waits to be retried). */
  deleting: number | undefined;
  failure: Failure | undefined;
  retryAt?: number;
}

export interface HelpView {
  kind: 'help';
  top: number;
  find: Find | undefined;
  /** The line the last search landed on. */
  hit: number | undefined;
}

/** The small menu of `y`: what to copy of the connection. */
export interface CopyView {
  kind: 'copy';
  id: string;
  name: string | undefined;
}

/** Asks before a form with changes is closed. */
export interface DiscardView {
  kind: 'discard';
}

export type View =
  | { kind: 'connections' }
  | DetailView
  | TestView
  | SchemaView
  | SampleView
  | FormView
  | DeleteView
  | HelpView
  | CopyView
  | DiscardView;

export type ViewKind = View['kind'];
export type ViewOf<K extends ViewKind> = Extract<View, { kind: K }>;

export interface ListState {
  items: Connection[];
  nextPage: number;
  /** A page shorter than PAGE_SIZE came back: there is nothing more to load. */
  exhausted: boolean;
  /** The page request in flight, if any. */
  loading: { seq: number; page: number } | undefined;
  /** Why the last page request failed, which page it was, and when it is retried by itself. */
  failure: { failure: Failure; page: number; retryAt?: number } | undefined;
  /** The search the loaded items answer (server-side). */
  search: string;
  /** What is typed in the filter box; applied after a pause (debounce) or on Enter. */
  filterText: string;
  filterCursor: number;
  filtering: boolean;
  sortBy: SortBy;
  sortOrder: SortOrder;
  cursor: number;
  top: number;
  /** G was pressed: pages load one after another until the last, and the cursor follows. */
  toEnd: boolean;
  /**
   * The id of the connection selected when the list was reloaded in place (r, a save): the cursor
   * goes back to it in the new rows, wherever the reload moved it, rather than to its old index.
   */
  follow: string | undefined;
}

export interface EnginesState {
  items: StorageEngine[];
  /** The seq of the engine listing request while it runs (or waits to be retried). */
  loading: number | undefined;
  failure: Failure | undefined;
}

export interface AppState {
  size: TerminalSize;
  stack: View[];
  list: ListState;
  engines: EnginesState;
  /** The requests in flight (or scheduled): the one place the loaders read. */
  requests: readonly Pending[];
  /** Keys typed while the data they act on was loading, applied when it arrives (request `seq`). */
  deferred: { seq: number; keys: KeyPress[] } | undefined;
  /** The last test result of each connection tested this session. */
  tests: Readonly<Record<string, ConnectionTestResult>>;
  /** What the app asks of the terminal and the system: copy, open a URL, suspend, run $EDITOR. */
  effects: readonly Effect[];
  flash: { tone: 'info' | 'error'; text: string } | undefined;
  seq: number;
  quitting: boolean;
}

export type Effect = { id: number } & (
  | { kind: 'copy'; text: string }
  | { kind: 'open-url'; url: string }
  | { kind: 'suspend' }
  | { kind: 'edit-text'; text: string }
);

/** What an effect came to. */
export type EffectResult =
  | { kind: 'copy' }
  | { kind: 'open-url'; opened: boolean; reason?: string }
  | { kind: 'suspend'; reason?: string }
  | { kind: 'edit-text'; text?: string; reason?: string };

/** A key as the input decoder reports it: `name` for the key table, `text` for what it types. */
export interface KeyPress {
  name: string;
  text: string;
}

export type Action =
  | ({ type: 'key' } & KeyPress)
  | { type: 'paste'; text: string }
  | { type: 'resize'; size: TerminalSize }
  | { type: 'apply-search' }
  | { type: 'settled'; seq: number; outcome: Outcome }
  /** `at` is when it failed (epoch ms): a retry is scheduled from then. */
  | { type: 'failed'; seq: number; failure: Failure; at: number }
  | { type: 'mouse'; action: 'press' | 'wheel-up' | 'wheel-down'; x: number; y: number }
  | { type: 'effect-done'; id: number; result: EffectResult };
