import { helpLineCount } from '../keys.js';
import type { ViewHandler } from './handler.js';
import { layout } from './layout.js';
import { clamp } from './scroll.js';
import { pop, replaceTop } from './stack.js';

/** Every key of the app, scrolled; ? or Esc closes it. */
export const helpHandler: ViewHandler<'help'> = {
  scopes: () => ['help'],
  key: (state, view, command) => {
    const { bodyHeight } = layout(state.size);
    const lastTop = Math.max(0, helpLineCount() - bodyHeight);
    const scroll = (top: number) => replaceTop(state, { ...view, top: clamp(top, 0, lastTop) });
    switch (command) {
      case 'up':
        return scroll(view.top - 1);
      case 'down':
        return scroll(view.top + 1);
      case 'page-up':
        return scroll(view.top - bodyHeight);
      case 'page-down':
        return scroll(view.top + bodyHeight);
      case 'home':
        return scroll(0);
      case 'end':
        return scroll(lastTop);
      case 'back':
      case 'help':
        return pop(state);
      default:
        return state;
    }
  },
};
