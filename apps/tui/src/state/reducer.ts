import type { Connection } from '@spartera/types';
import type { Failure } from '../api/failure.js';
import type { Scope } from '../keys.js';
import { resolveKey } from '../keys.js';
import { copyHandler, deleted, deleteFailed, deleteHandler, discardHandler } from './confirm.js';
import { detailHandler, testHandler } from './detail.js';
import { credentialsEdited, formHandler, lookedUp, lookUpFailed, saved, saveFailed } from './form.js';
import type { Context, Handlers, MouseEvent } from './handler.js';
import { addEffect, flash } from './handler.js';
import { helpHandler } from './help.js';
import type { TerminalSize } from './layout.js';
import { isTooSmall, layout } from './layout.js';
import {
  applySearch,
  connectionsHandler,
  initialList,
  listPageFailed,
  listPageLoaded,
  requestPage,
} from './list.js';
import { sampleHandler } from './sample.js';
import { schemaHandler } from './schema.js';
import { scrollTo } from './scroll.js';
import { pendingOf, startRequest, topView } from './stack.js';
import { openHelp } from './views.js';
import { retryDelay, scheduleRetry } from './retry.js';
import type {
  Action,
  AppState,
  EffectResult,
  KeyPress,
  Outcome,
  Pending,
  Retry,
  View,
  ViewKind,
  ViewOf,
} from './types.js';

/** Each kind of view and how it reacts: the one place a key or a paste is routed from. */
export const HANDLERS: Handlers = {
  connections: connectionsHandler,
  detail: detailHandler,
  test: testHandler,
  schema: schemaHandler,
  sample: sampleHandler,
  form: formHandler,
  delete: deleteHandler,
  help: helpHandler,
  copy: copyHandler,
  discard: discardHandler,
};

/**
 * The state at start: the list asks for page 1 and the engine listing is asked for. `firstPage`,
 * when the first page of `firstPageQuery()` already arrived, is shown at once instead.
 */
export function initialState(size: TerminalSize, firstPage?: Connection[]): AppState {
  let state: AppState = {
    size,
    stack: [{ kind: 'connections' }],
    list: initialList(firstPage),
    engines: { items: [], loading: undefined, failure: undefined },
    requests: [],
    effects: [],
    deferred: undefined,
    tests: {},
    flash: undefined,
    seq: 0,
    quitting: false,
  };
  if (!firstPage) state = requestPage(state, 1);
  const [next, seq] = startRequest(state, { kind: 'engines', providers: 'all' });
  return { ...next, engines: { ...next.engines, loading: seq } };
}

function scopesOf<K extends ViewKind>(kind: K, state: AppState, view: ViewOf<K>): Scope[] {
  return HANDLERS[kind].scopes(state, view);
}

/** The key scopes in force, most specific first: what the top view is and whether it takes text. */
export function activeScopes(state: AppState): Scope[] {
  const view = topView(state);
  return scopesOf(view.kind, state, view);
}

function handleKey<K extends ViewKind>(
  kind: K,
  state: AppState,
  view: ViewOf<K>,
  press: KeyPress,
  context: Context,
): AppState {
  const handler = HANDLERS[kind];
  const command = resolveKey(handler.scopes(state, view), press.name);
  if (command === 'force-quit') return { ...state, quitting: true };
  if (command === 'suspend') return addEffect(state, { kind: 'suspend' });
  if (command === 'help' && kind !== 'help')
    return openHelp(state, handler.scopes(state, view)[0] ?? 'connections');
  const awaited = command === undefined ? undefined : handler.awaits?.(state, view, command);
  if (awaited !== undefined && pendingOf(state, awaited)) return defer(state, awaited, press);
  return handler.key(state, view, command, press, context);
}

/** Keys kept for the answer of request `seq`; a few hundred at most (a held key). */
const MAX_DEFERRED = 500;

function defer(state: AppState, seq: number, press: KeyPress): AppState {
  const keys = state.deferred ? state.deferred.keys : [];
  if (keys.length >= MAX_DEFERRED) return state;
  return { ...state, deferred: { seq, keys: [...keys, press] } };
}

/** The keys that waited for request `seq`, applied now that its answer is in, in the order typed. */
function replayDeferred(state: AppState, seq: number, context: Context): AppState {
  if (state.deferred?.seq !== seq) return state;
  const { keys } = state.deferred;
  let next: AppState = { ...state, deferred: undefined };
  for (const press of keys) next = key(next, press, context);
  return next;
}

function handleMouse<K extends ViewKind>(
  kind: K,
  state: AppState,
  view: ViewOf<K>,
  event: MouseEvent,
): AppState {
  const mouse = HANDLERS[kind].mouse;
  return mouse ? mouse(state, view, event) : state;
}

/** What an effect came to: a message, or the credentials $EDITOR left. */
function effectDone(state: AppState, id: number, result: EffectResult): AppState {
  const next = { ...state, effects: state.effects.filter((effect) => effect.id !== id) };
  switch (result.kind) {
    case 'open-url':
      return result.opened ? next : flash(next, 'error', result.reason ?? 'Could not open a browser.');
    case 'edit-text':
      return credentialsEdited(next, result.text, result.reason);
    case 'suspend':
      // A message also makes the frame differ, so the whole screen is drawn again after fg.
      return flash(next, result.reason ? 'error' : 'info', result.reason ?? 'Back from the shell.');
    case 'copy':
      return next;
  }
}

function handlePaste<K extends ViewKind>(kind: K, state: AppState, view: ViewOf<K>, text: string): AppState {
  const paste = HANDLERS[kind].paste;
  return paste
    ? paste(state, view, text)
    : flash(state, 'error', 'Nothing pasted: no text field has focus here.');
}

function key(current: AppState, press: KeyPress, context: Context): AppState {
  if (current.quitting) return current;
  // Keys kept for an answer that will never come (its view closed) are forgotten.
  const state =
    current.deferred && !pendingOf(current, current.deferred.seq)
      ? { ...current, deferred: undefined }
      : current;
  // Below the minimum size the view is hidden: no key may act on it unseen.
  if (isTooSmall(state.size)) {
    return press.name === 'q' || press.name === 'ctrl+c' ? { ...state, quitting: true } : state;
  }
  // ESC then a key in one read looks like Alt+key. Unless Alt+key means something here, it is
  // the Esc the user pressed, then the key.
  if (press.name.startsWith('meta+') && resolveKey(activeScopes(state), press.name) === undefined) {
    const rest = press.name.slice('meta+'.length);
    const escaped = key(state, { name: 'esc', text: '' }, context);
    // Named keys (enter, backspace, ctrl+x) type nothing; a character types itself.
    const text = rest === 'space' ? ' ' : /^[a-z][a-z+]+$/.test(rest) ? '' : rest;
    return key(escaped, { name: rest, text }, context);
  }
  // A flash message lasts until the next key. A key that changes nothing returns the same
  // object, so React skips the render.
  const base = state.flash ? { ...state, flash: undefined } : state;
  const view = topView(base);
  return handleKey(view.kind, base, view, press, context);
}

/** A view's data arrived: the view that waits for exactly that request takes it. */
function viewLoaded(state: AppState, seq: number, outcome: Outcome): AppState {
  const settle = (view: View): View => {
    if (!('load' in view) || view.load.seq !== seq || view.load.status === 'ready') return view;
    switch (outcome.kind) {
      case 'connection':
        return view.kind === 'detail'
          ? { ...view, load: { status: 'ready', seq, data: outcome.value } }
          : view;
      case 'test':
        return view.kind === 'test' ? { ...view, load: { status: 'ready', seq, data: outcome.value } } : view;
      case 'schema':
        return view.kind === 'schema'
          ? { ...view, load: { status: 'ready', seq, data: outcome.value } }
          : view;
      case 'sample':
        return view.kind === 'sample'
          ? { ...view, load: { status: 'ready', seq, data: outcome.value } }
          : view;
      default:
        return view;
    }
  };
  return { ...state, stack: state.stack.map(settle) };
}

function viewFailed(state: AppState, seq: number, failure: Failure, retry: Retry | undefined): AppState {
  const load = retry
    ? { status: 'error' as const, seq: retry.seq, failure, retryAt: retry.at }
    : { status: 'error' as const, seq, failure };
  const settle = (view: View): View =>
    'load' in view && view.load.seq === seq && view.load.status !== 'ready' ? { ...view, load } : view;
  return { ...state, stack: state.stack.map(settle) };
}

function settled(state: AppState, pending: Pending, outcome: Outcome): AppState {
  const { seq } = pending;
  switch (outcome.kind) {
    case 'list-page':
      return listPageLoaded(state, seq, outcome.value);
    case 'engines':
      if (state.engines.loading !== seq) return state;
      return { ...state, engines: { items: outcome.value, loading: undefined, failure: undefined } };
    case 'test': {
      const id = pending.kind === 'test' ? pending.id : outcome.value.connection_id;
      return viewLoaded({ ...state, tests: { ...state.tests, [id]: outcome.value } }, seq, outcome);
    }
    case 'connection':
    case 'schema':
    case 'sample':
      return viewLoaded(state, seq, outcome);
    case 'create':
    case 'update':
      return saved(state, seq, outcome.value.connection_id);
    case 'delete':
      return deleted(state, seq);
    case 'find-by-name':
      return lookedUp(state, seq, outcome.value);
  }
}

function failed(state: AppState, pending: Pending, failure: Failure, retry: Retry | undefined): AppState {
  const { seq } = pending;
  switch (pending.kind) {
    case 'list-page':
      return listPageFailed(state, seq, failure, retry);
    case 'engines':
      if (state.engines.loading !== seq) return state;
      return { ...state, engines: { ...state.engines, loading: retry?.seq, failure } };
    case 'connection':
    case 'test':
    case 'schema':
    case 'sample':
      return viewFailed(state, seq, failure, retry);
    case 'create':
    case 'update':
      return saveFailed(state, seq, failure);
    case 'delete':
      return deleteFailed(state, seq, failure, retry);
    case 'find-by-name':
      return lookUpFailed(state, seq, failure);
  }
}

/** The request is over: it leaves the list of requests whatever happened. */
function finish(state: AppState, seq: number): AppState {
  return { ...state, requests: state.requests.filter((pending) => pending.seq !== seq) };
}

export function createReducer(context: Context) {
  return function reducer(state: AppState, action: Action): AppState {
    switch (action.type) {
      case 'key':
        return key(state, { name: action.name, text: action.text }, context);
      case 'paste': {
        if (state.quitting || isTooSmall(state.size)) return state;
        const base = state.flash ? { ...state, flash: undefined } : state;
        const view = topView(base);
        return handlePaste(view.kind, base, view, action.text);
      }
      case 'resize': {
        if (action.size.columns === state.size.columns && action.size.rows === state.size.rows) return state;
        const { listRows } = layout(action.size);
        const moved = scrollTo(state.list.cursor, state.list.top, listRows, state.list.items.length);
        return { ...state, size: action.size, list: { ...state.list, ...moved } };
      }
      case 'apply-search':
        return applySearch(state);
      case 'mouse': {
        if (state.quitting || isTooSmall(state.size)) return state;
        const view = topView(state);
        return handleMouse(view.kind, state, view, action);
      }
      case 'effect-done':
        return effectDone(state, action.id, action.result);
      case 'settled': {
        // An answer nobody waits for any more (the view closed, a newer search) is dropped.
        const pending = pendingOf(state, action.seq);
        if (!pending) return state;
        return replayDeferred(
          settled(finish(state, action.seq), pending, action.outcome),
          action.seq,
          context,
        );
      }
      case 'failed': {
        const pending = pendingOf(state, action.seq);
        if (!pending) return state;
        let next = finish(state, action.seq);
        let retry: Retry | undefined;
        const delay = retryDelay(pending, action.failure);
        if (delay !== undefined) [next, retry] = scheduleRetry(next, pending, action.at, delay);
        // Keys waiting for this answer wait for the retry, or are dropped with the request.
        if (next.deferred?.seq === action.seq)
          next = { ...next, deferred: retry ? { seq: retry.seq, keys: next.deferred.keys } : undefined };
        return failed(next, pending, action.failure, retry);
      }
    }
  };
}
