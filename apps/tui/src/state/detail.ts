import type { Connection, ConnectionTestResult } from '@spartera/types';
import { connectionCommand } from './commands.js';
import type { ViewHandler } from './handler.js';
import { pop, replaceTop, restartLoad } from './stack.js';

/** One connection's fields: Esc back, r reloads, and the connection commands act on it. */
export const detailHandler: ViewHandler<'detail'> = {
  scopes: () => ['detail'],
  key: (state, view, command) => {
    if (command === 'back') return pop(state);
    if (command === 'refresh') {
      const [next, load] = restartLoad<Connection>(state, view.load, { kind: 'connection', id: view.id });
      return replaceTop(next, { ...view, load });
    }
    return command === undefined ? state : connectionCommand(state, command);
  },
};

/** The outcome of testing a connection: Esc back, r runs the test again. */
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
