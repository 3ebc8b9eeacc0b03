import type { Failure } from '../api/failure.js';
import type { ViewHandler } from './handler.js';
import { flash } from './handler.js';
import { layout } from './layout.js';
import { scrollTo } from './scroll.js';
import { pop, replaceTop, startRequest, topView } from './stack.js';
import type { AppState } from './types.js';

/** Asks before deleting: only y sends the delete; n or Esc keeps the connection. */
export const deleteHandler: ViewHandler<'delete'> = {
  scopes: () => ['delete'],
  key: (state, view, command) => {
    if (view.deleting !== undefined) return state;
    if (command === 'back') return pop(state);
    if (command === 'confirm') {
      const [next, seq] = startRequest(state, { kind: 'delete', id: view.id });
      return replaceTop(next, { ...view, deleting: seq, failure: undefined });
    }
    return state;
  },
};

/** The delete went through: the confirmation and a detail of that connection close, its row goes. */
export function deleted(state: AppState, seq: number): AppState {
  const view = topView(state);
  if (view.kind !== 'delete' || view.deleting !== seq) return state;
  let next = pop(state);
  const below = topView(next);
  if (below.kind === 'detail' && below.id === view.id) next = pop(next);
  const items = next.list.items.filter((item) => item.connection_id !== view.id);
  const { listRows } = layout(next.size);
  const moved = scrollTo(next.list.cursor, next.list.top, listRows, items.length);
  return flash({ ...next, list: { ...next.list, items, ...moved } }, 'info', `Deleted ${view.title}.`);
}

export function deleteFailed(state: AppState, seq: number, failure: Failure): AppState {
  const view = topView(state);
  if (view.kind !== 'delete' || view.deleting !== seq) return state;
  return replaceTop(state, { ...view, deleting: undefined, failure });
}
