import type { Connection } from '@spartera/types';
import type { Command } from '../keys.js';
import { flash } from './handler.js';
import { connectionTitle, selectedConnection } from './selectors.js';
import { topView } from './stack.js';
import type { AppState } from './types.js';
import { openDelete, openForm, openSchema, openTest } from './views.js';

/** The connection the connection commands (t, i, e, d) act on: the detail's, or the selected row. */
function subject(state: AppState): Connection | undefined {
  const view = topView(state);
  if (view.kind === 'detail') {
    if (view.load.status === 'ready') return view.load.data;
    return state.list.items.find((item) => item.connection_id === view.id);
  }
  return selectedConnection(state);
}

/** The commands the list and the detail share: test, schema, new, edit, delete. */
export function connectionCommand(state: AppState, command: Command): AppState {
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
    default:
      return state;
  }
}
