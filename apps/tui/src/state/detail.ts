import type { Connection, ConnectionTestResult } from '@spartera/types';
import type { Command } from '../keys.js';
import { connectionCommand } from './commands.js';
import { detailLines } from './detail-lines.js';
import type { Context, ViewHandler } from './handler.js';
import { layout } from './layout.js';
import { clamp } from './scroll.js';
import { engineName } from './selectors.js';
import { pop, replaceTop, restartLoad } from './stack.js';
import type { AppState, DetailView } from './types.js';

/** How many lines the detail has at this size (long values wrap). */
function lineCount(state: AppState, view: DetailView): number {
  if (view.load.status !== 'ready') return 0;
  const connection = view.load.data;
  const width = state.size.columns - 2;
  return detailLines(
    connection,
    engineName(state, connection.engine_id),
    state.tests[view.id],
    new Date(0),
    width,
  ).length;
}

function scroll(state: AppState, view: DetailView, command: Command): AppState | undefined {
  const { bodyHeight } = layout(state.size);
  const lastTop = Math.max(0, lineCount(state, view) - bodyHeight);
  const to = (top: number) => replaceTop(state, { ...view, top: clamp(top, 0, lastTop) });
  switch (command) {
    case 'up':
      return to(view.top - 1);
    case 'down':
      return to(view.top + 1);
    case 'page-up':
      return to(view.top - bodyHeight);
    case 'page-down':
      return to(view.top + bodyHeight);
    case 'home':
      return to(0);
    case 'end':
      return to(lastTop);
    default:
      return undefined;
  }
}

/** One connection's fields: they scroll; Esc/q back, r reloads, and the connection commands act on it. */
export const detailHandler: ViewHandler<'detail'> = {
  scopes: () => ['detail'],
  key: (state, view, command, _press, context: Context) => {
    if (command === undefined) return state;
    if (command === 'back') return pop(state);
    if (command === 'refresh') {
      const [next, load] = restartLoad<Connection>(state, view.load, { kind: 'connection', id: view.id });
      return replaceTop(next, { ...view, load });
    }
    return scroll(state, view, command) ?? connectionCommand(state, command, context);
  },
  mouse: (state, view, event) =>
    event.action === 'press'
      ? state
      : (scroll(state, view, event.action === 'wheel-up' ? 'up' : 'down') ?? state),
};

/** The outcome of testing a connection: Esc/q back, r runs the test again. */
export const testHandler: ViewHandler<'test'> = {
  scopes: () => ['test'],
  key: (state, view, command) => {
    if (command === 'back') return pop(state);
    if (command === 'retry') {
      const [next, load] = restartLoad<ConnectionTestResult>(state, view.load, { kind: 'test', id: view.id });
      return replaceTop(next, { ...view, load });
    }
    return state;
  },
};
