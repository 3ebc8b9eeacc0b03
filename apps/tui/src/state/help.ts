import { helpLineCount } from '../keys.js';
import type { ViewHandler } from './handler.js';
import { layout } from './layout.js';
import { clamp } from './scroll.js';
import { pop, replaceTop } from './stack.js';

/** Every key of the app, scrolled; ? or Esc closes it. */
export const helpHandler: ViewHandler<'help'> = {
  scopes: () => ['help'],
  key: (state, view, command) => {
    if (command === 'up' || command === 'down') {
      const lastTop = Math.max(0, helpLineCount() - layout(state.size).bodyHeight);
      return replaceTop(state, { ...view, top: clamp(view.top + (command === 'up' ? -1 : 1), 0, lastTop) });
    }
    return command === 'back' || command === 'help' ? pop(state) : state;
  },
};
