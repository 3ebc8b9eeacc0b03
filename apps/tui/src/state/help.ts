import type { Command } from '../keys.js';
import { helpLines } from '../keys.js';
import { findKey, matches, newFind, nextHit, pasteIntoSearch } from './find.js';
import type { ViewHandler } from './handler.js';
import { flash } from './handler.js';
import { layout } from './layout.js';
import { clamp } from './scroll.js';
import { pop, replaceTop } from './stack.js';
import type { AppState, HelpView } from './types.js';

function scrollTo(state: AppState, view: HelpView, top: number): AppState {
  const lastTop = Math.max(0, helpLines().length - layout(state.size).bodyHeight);
  return replaceTop(state, { ...view, top: clamp(top, 0, lastTop) });
}

/** The next line holding the query after `from` (or before it, step -1); it scrolls to the top. */
function jump(state: AppState, view: HelpView, query: string, from: number, step: 1 | -1): AppState {
  const lines = helpLines();
  const hit = nextHit(lines.length, from, step, (index) => matches(lines[index]?.text ?? '', query));
  if (hit === undefined)
    return flash(replaceTop(state, { ...view, hit: undefined }), 'error', `No key matches “${query}”.`);
  return scrollTo(state, { ...view, hit }, hit);
}

function helpCommand(state: AppState, view: HelpView, command: Command | undefined): AppState {
  const { bodyHeight } = layout(state.size);
  switch (command) {
    case 'up':
      return scrollTo(state, view, view.top - 1);
    case 'down':
      return scrollTo(state, view, view.top + 1);
    case 'page-up':
      return scrollTo(state, view, view.top - bodyHeight);
    case 'page-down':
      return scrollTo(state, view, view.top + bodyHeight);
    case 'home':
      return scrollTo(state, view, 0);
    case 'end':
      return scrollTo(state, view, Number.MAX_SAFE_INTEGER);
    case 'find':
      return replaceTop(state, { ...view, find: newFind() });
    case 'find-next':
    case 'find-previous': {
      if (!view.find || view.find.query === '') return flash(state, 'info', 'Press / to search first.');
      const step = command === 'find-next' ? 1 : -1;
      return jump(state, view, view.find.query, view.hit ?? view.top - (step === 1 ? 1 : 0), step);
    }
    case 'back':
    case 'help':
      return pop(state);
    default:
      return state;
  }
}

/** Every key of the app, scrolled and searched (`/`, `n`, `N`); ? or Esc/q closes it. */
export const helpHandler: ViewHandler<'help'> = {
  scopes: (_state, view) => (view.find?.typing ? ['find'] : ['help']),
  key: (state, view, command, press) => {
    if (!view.find?.typing) return helpCommand(state, view, command);
    const step = findKey(view.find, command, press);
    switch (step.kind) {
      case 'typing':
        return replaceTop(state, { ...view, find: step.find });
      case 'search':
        return jump(state, { ...view, find: step.find }, step.find.query, view.top - 1, 1);
      case 'cancel':
        return replaceTop(state, { ...view, find: undefined, hit: undefined });
      case 'none':
        return state;
    }
  },
  paste: pasteIntoSearch,
  mouse: (state, view, event) =>
    event.action === 'press' ? state : helpCommand(state, view, event.action === 'wheel-up' ? 'up' : 'down'),
};
