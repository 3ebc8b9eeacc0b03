import type { Connection } from '@spartera/types';
import type { Command } from '../keys.js';
import type { Context } from './handler.js';
import { addEffect, flash } from './handler.js';
import { connectionTitle, selectedConnection } from './selectors.js';
import { push, topView } from './stack.js';
import type { AppState } from './types.js';
import { openDelete, openForm, openSchema, openTest } from './views.js';

/** The connection the connection commands (t, i, e, d, y, o) act on: the detail's, or the selected row. */
export function subject(state: AppState): Connection | undefined {
  const view = topView(state);
  if (view.kind === 'detail') {
    if (view.load.status === 'ready') return view.load.data;
    return state.list.items.find((item) => item.connection_id === view.id);
  }
  return selectedConnection(state);
}

/** The connection's page in the web console, or why there is none. */
export function consoleUrl(context: Context, id: string): { url: string } | { missing: string } {
  if ('missing' in context.console) return context.console;
  return { url: `${context.console.base.replace(/\/+$/, '')}/connections/${encodeURIComponent(id)}` };
}

/** The commands the list and the detail share: test, schema, new, edit, delete, copy, open. */
export function connectionCommand(state: AppState, command: Command, context?: Context): AppState {
  if (command === 'create') return openForm(state, 'create');
  const connection = subject(state);
  if (!connection) return flash(state, 'error', 'No connection selected.');
  const title = connectionTitle(connection);
  switch (command) {
    case 'test':
      return openTest(state, connection.connection_id, title);
    case 'schema':
      return openSchema(state, connection.connection_id, title);
    case 'edit':
      return openForm(state, 'edit', connection);
    case 'delete':
      return openDelete(state, connection);
    case 'copy':
      return push(state, { kind: 'copy', id: connection.connection_id, name: connection.name });
    case 'open-console': {
      if (!context) return state;
      const target = consoleUrl(context, connection.connection_id);
      if ('missing' in target) return flash(state, 'error', `Cannot open the web console: ${target.missing}`);
      return flash(addEffect(state, { kind: 'open-url', url: target.url }), 'info', `Opening ${target.url}…`);
    }
    default:
      return state;
  }
}
