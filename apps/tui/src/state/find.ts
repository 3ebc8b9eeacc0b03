import type { Command } from '../keys.js';
import { editLine, insertText } from './line.js';
import { CONTROL, flash, refusePaste } from './handler.js';
import { replaceTop } from './stack.js';
import type { AppState, Find, HelpView, KeyPress, SampleView } from './types.js';

/** Whether `text` holds the query, ignoring case (an empty query matches nothing). */
export function matches(text: string, query: string): boolean {
  return query !== '' && text.toLowerCase().includes(query.toLowerCase());
}

/**
 * The next place (or the previous, `step` -1) after `from` among `count` places, wrapping around,
 * where `hit(index)` holds; undefined when none does.
 */
export function nextHit(
  count: number,
  from: number,
  step: 1 | -1,
  hit: (index: number) => boolean,
): number | undefined {
  for (let offset = 1; offset <= count; offset += 1) {
    const index = (((from + step * offset) % count) + count) % count;
    if (hit(index)) return index;
  }
  return undefined;
}

export type FindStep =
  /** Still typing: the new query. */
  | { kind: 'typing'; find: Find }
  /** Enter: search from where the view is. */
  | { kind: 'search'; find: Find }
  /** Esc: no search any more. */
  | { kind: 'cancel' }
  | { kind: 'none' };

/** A key while the `/` query is typed: a line editor, Enter searches, Esc cancels. */
export function findKey(find: Find, command: Command | undefined, press: KeyPress): FindStep {
  if (command === 'filter-cancel') return { kind: 'cancel' };
  if (command === 'filter-accept') return { kind: 'search', find: { ...find, typing: false } };
  const edited = editLine({ text: find.query, cursor: find.cursor }, command, press);
  if (!edited) return { kind: 'none' };
  return { kind: 'typing', find: { query: edited.text.slice(0, 255), cursor: edited.cursor, typing: true } };
}

export function pasteIntoFind(find: Find, text: string): Find {
  const line = insertText({ text: find.query, cursor: find.cursor }, text);
  return { query: line.text.slice(0, 255), cursor: line.cursor, typing: true };
}

export const newFind = (): Find => ({ query: '', cursor: 0, typing: true });

/**
 * A paste into a view whose only text field is its search line (help, sample data): it goes into
 * the query while `/` is being typed, and is refused with a message otherwise or when it holds
 * control characters such as a newline.
 */
export function pasteIntoSearch(state: AppState, view: HelpView | SampleView, text: string): AppState {
  if (!view.find?.typing) return flash(state, 'error', 'Nothing pasted: press / to search first.');
  if (CONTROL.test(text)) return refusePaste(state, 'the search');
  return replaceTop(state, { ...view, find: pasteIntoFind(view.find, text) });
}
