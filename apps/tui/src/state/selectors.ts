import type { Connection, StorageEngine } from '@spartera/types';
import type { AppState } from './types.js';

export function selectedConnection(state: AppState): Connection | undefined {
  return state.list.items[state.list.cursor];
}

export function engineName(state: AppState, engineId: number | undefined): string {
  if (engineId === undefined) return '—';
  const engine = state.engines.items.find((item) => item.engine_id === engineId);
  return engine ? engine.service_name : `engine ${engineId}`;
}

/** The engines in the order the form offers them: by name. */
export function enginesByName(state: AppState): StorageEngine[] {
  return [...state.engines.items].sort((a, b) => a.service_name.localeCompare(b.service_name));
}

/** What a connection is called on screen: its name, or its id when it has none. */
export function connectionTitle(connection: Pick<Connection, 'name' | 'connection_id'>): string {
  return connection.name && connection.name !== '' ? connection.name : connection.connection_id;
}
