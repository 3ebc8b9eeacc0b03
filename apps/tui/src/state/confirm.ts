import type { Failure } from '../api/failure.js';
import type { ViewHandler } from './handler.js';
import { addEffect, flash } from './handler.js';
import { layout } from './layout.js';
import { scrollTo } from './scroll.js';
import { dropRequests, pop, replaceTop, startRequest, topView } from './stack.js';
import type { AppState, Retry } from './types.js';

/** Asks before deleting: only y sends the delete; n or Esc keeps the connection. */
export const deleteHandler: ViewHandler<'delete'> = {
  scopes: () => ['delete'],
  key: (state, view, command) => {
    // While it runs nothing else may happen; while a retry waits, y sends it now and Esc gives up.
    if (view.deleting !== undefined && view.failure === undefined) return state;
    if (command === 'back') return pop(dropRequests(state, (pending) => pending.seq === view.deleting));
    if (command === 'confirm') {
      const cleared = dropRequests(state, (pending) => pending.seq === view.deleting);
      const [next, seq] = startRequest(cleared, { kind: 'delete', id: view.id });
      return replaceTop(next, { ...view, deleting: seq, failure: undefined, retryAt: undefined });
    }
    return state;
  },
};

/** `y`'s small menu: y or i copies the id, n the name, through the terminal (OSC 52). */
export const copyHandler: ViewHandler<'copy'> = {
  scopes: () => ['copy'],
  key: (state, view, command) => {
    if (command === 'back') return pop(state);
    if (command === 'copy-id' || (command === 'copy-name' && view.name)) {
      const text = command === 'copy-id' ? view.id : (view.name ?? view.id);
      const what = command === 'copy-id' ? 'the id' : 'the name';
      return flash(addEffect(pop(state), { kind: 'copy', text }), 'info', `Copied ${what}: ${text}`);
    }
    if (command === 'copy-name') return flash(pop(state), 'error', 'This connection has no name to copy.');
    return state;
  },
};

/** Asks before a form with changes closes: y throws them away, n or Esc goes back to the form. */
export const discardHandler: ViewHandler<'discard'> = {
  scopes: () => ['discard'],
  key: (state, _view, command) => {
    if (command === 'back') return pop(state);
    if (command === 'confirm') return pop(pop(state));
    return state;
  },
};

/** The delete went through: the confirmation and a detail of that connection close, its row goes. */
export function deleted(state: AppState, seq: number, note?: string): AppState {
  const view = topView(state);
  if (view.kind !== 'delete' || view.deleting !== seq) return state;
  let next = pop(state);
  const below = topView(next);
  if (below.kind === 'detail' && below.id === view.id) next = pop(next);
  const items = next.list.items.filter((item) => item.connection_id !== view.id);
  const { listRows } = layout(next.size);
  const moved = scrollTo(next.list.cursor, next.list.top, listRows, items.length);
  const text = note ? `Deleted ${view.title} (${note}).` : `Deleted ${view.title}.`;
  return flash({ ...next, list: { ...next.list, items, ...moved } }, 'info', text);
}

/**
 * The delete failed. A 404 means the connection is gone, which is what was asked (a retry after a
 * lost answer finds exactly that); a retry scheduled by itself keeps the confirmation waiting.
 */
export function deleteFailed(
  state: AppState,
  seq: number,
  failure: Failure,
  retry: Retry | undefined,
): AppState {
  const view = topView(state);
  if (view.kind !== 'delete' || view.deleting !== seq) return state;
  if (failure.kind === 'not-found') return deleted(state, seq, 'it was already gone');
  if (retry) return replaceTop(state, { ...view, deleting: retry.seq, failure, retryAt: retry.at });
  return replaceTop(state, { ...view, deleting: undefined, failure, retryAt: undefined });
}
