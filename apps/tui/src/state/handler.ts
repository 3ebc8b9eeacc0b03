import type { Command, Scope } from '../keys.js';
import type { AppState, Effect, KeyPress, ViewKind, ViewOf } from './types.js';

/** What the views' keys may need beyond the state. */
export interface Context {
  /** The company new connections belong to. */
  companyId: string;
  /** Where `o` opens a connection: the web console's base URL, or why there is none. */
  console: { base: string } | { missing: string };
}

/** A mouse event at a cell of the screen (0-based). */
export interface MouseEvent {
  action: 'press' | 'wheel-up' | 'wheel-down';
  x: number;
  y: number;
}

/** How one kind of view reacts: its key scopes, its keys, and pasted text. */
export interface ViewHandler<K extends ViewKind> {
  /** The key scopes in force, most specific first (`global` is always added after them). */
  scopes: (state: AppState, view: ViewOf<K>) => Scope[];
  /** A key press: the command it means in those scopes, if any, and the press itself. */
  key: (
    state: AppState,
    view: ViewOf<K>,
    command: Command | undefined,
    press: KeyPress,
    context: Context,
  ) => AppState;
  /** Pasted text; without this, a paste has nowhere to go. */
  paste?: (state: AppState, view: ViewOf<K>, text: string) => AppState;
  /**
   * The request whose answer a command needs, while it loads: the key then waits for it rather
   * than acting on missing rows (j held through a page load, Enter pressed before the list is in).
   */
  awaits?: (state: AppState, view: ViewOf<K>, command: Command) => number | undefined;
  /** A click or a turn of the wheel; without this, the mouse does nothing here. */
  mouse?: (state: AppState, view: ViewOf<K>, event: MouseEvent) => AppState;
}

/** Asks the host for something outside the screen (copy, open a URL, suspend, run $EDITOR). */
export function addEffect(state: AppState, effect: EffectRequest): AppState {
  const id = state.seq + 1;
  return { ...state, seq: id, effects: [...state.effects, { ...effect, id }] };
}

type EffectRequest = Effect extends infer E ? (E extends Effect ? Omit<E, 'id'> : never) : never;

/** Commands that act on loaded rows, so they wait for rows that are on the way. */
export const DEFERRABLE: ReadonlySet<Command> = new Set<Command>([
  'up',
  'down',
  'page-up',
  'page-down',
  'home',
  'end',
  'open',
  'left',
  'right',
  'toggle',
  'test',
  'schema',
  'edit',
  'delete',
]);

/** A view whose data is not in yet waits for it. */
export function awaitsLoad(view: { load: { status: string; seq: number } }): number | undefined {
  return view.load.status === 'ready' ? undefined : view.load.seq;
}

export type Handlers = { [K in ViewKind]: ViewHandler<K> };

/** A message on the status line until the next key. */
export function flash(state: AppState, tone: 'info' | 'error', text: string): AppState {
  return { ...state, flash: { tone, text } };
}

/** Line breaks, tabs and other control characters: a one-line field refuses a paste holding them. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function refusePaste(state: AppState, where: string): AppState {
  return flash(
    state,
    'error',
    `Nothing pasted: ${where} takes one line, and the pasted text has line breaks or control characters.`,
  );
}
