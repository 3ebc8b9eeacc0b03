import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, Terminal } from '../../../../scripts/tui-tmux.mjs';

/**
 * The tmux driver every end-to-end test and benchmark reads the screen through: what it reads
 * must be what the program left, however the program ended.
 */
let terminal: Terminal | undefined;

afterEach(() => {
  terminal?.kill();
  terminal = undefined;
});

describe.skipIf(!hasTmux())('the tmux driver (scripts/tui-tmux.mjs)', () => {
  it('keeps every line of the last screen of a program that exited with its cursor on the last row', async () => {
    const tui = new Terminal({ columns: 40, rows: 5 });
    terminal = tui;
    // Four lines and a line break: the cursor ends on the fifth and last row.
    tui.start(`printf 'first line\\nsecond\\nthird\\nfourth\\n'`);
    const deadline = Date.now() + 30_000;
    while (!tui.exited()) {
      if (Date.now() > deadline) throw new Error('printf did not exit');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const screen = tui.capture();
    expect(screen.split('\n').slice(0, 4)).toEqual(['first line', 'second', 'third', 'fourth']);
    expect(screen).not.toContain('Pane is dead');
  });
});
