import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, Terminal } from '../../../../scripts/tui-tmux.mjs';

/**
 * What the built app (`dist/cli.js --mock`) highlights in a real terminal (tmux): the cells in
 * inverse video must be exactly the ones the screen means, read from tmux's own grid.
 */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ESC = String.fromCharCode(27);
const SGR = new RegExp(`${ESC}\\[([0-9;]*)m`, 'g');

interface Run {
  text: string;
  inverse: boolean;
}

/** One captured line (`capture-pane -e`) as runs of text, each with whether it is in inverse video. */
function runsOf(line: string): Run[] {
  const runs: Run[] = [];
  let inverse = false;
  let last = 0;
  const push = (text: string) => {
    if (text) runs.push({ text, inverse });
  };
  for (const match of line.matchAll(SGR)) {
    push(line.slice(last, match.index));
    last = match.index + match[0].length;
    const codes = (match[1] || '0').split(';').map(Number);
    for (const code of codes) {
      if (code === 7) inverse = true;
      if (code === 27 || code === 0) inverse = false;
    }
  }
  push(line.slice(last));
  return runs;
}

let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.kill();
  terminal = undefined;
});

describe.skipIf(!hasTmux())('highlights of the built app in a real terminal (tmux)', () => {
  it('a sample search highlights the found cell, from its first column, not the gap before it', async () => {
    const tui = new Terminal({ columns: 100, rows: 30 });
    terminal = tui;
    tui.start(`node ${CLI} --mock`);
    await tui.waitFor((screen) => screen.includes('row 1 of'), 'the list');
    tui.send('/');
    tui.send('-l', 'Acme BigQuery');
    tui.send('Enter');
    await tui.waitFor((screen) => /row 1 of 1\b/.test(screen), 'the filtered list');
    tui.send('i');
    await tui.waitFor((screen) => screen.includes('▸ sales'), 'the schema tree');
    tui.send('l');
    await tui.waitFor((screen) => screen.includes('▸ orders'), 'the tables of sales');
    tui.send('j', 'Enter');
    await tui.waitFor((screen) => screen.includes('sales.orders: 100 rows'), 'the sample');
    tui.send('/');
    tui.send('-l', 'EUR');
    tui.send('Enter');
    await tui.waitFor((screen) => screen.includes('search “EUR”'), 'the search');
    const lines = tui.capture({ colors: true }).split('\n');
    const header = lines.find((line) => line.includes('order_id')) ?? '';
    const hits = lines.filter((line) => runsOf(line).some((run) => run.inverse));
    expect(hits).toHaveLength(1);
    const runs = runsOf(hits[0] ?? '');
    const at = runs.findIndex((run) => run.inverse);
    const before = runs
      .slice(0, at)
      .map((run) => run.text)
      .join('');
    const cell = runs[at]?.text ?? '';
    // The cell is the value padded to its column's width: it starts where its heading starts.
    expect(cell.trim()).toBe('EUR');
    expect(cell.startsWith('EUR')).toBe(true);
    const headerText = header.replace(SGR, '');
    expect(before.length).toBe(headerText.indexOf('currency'));
    expect(cell.length).toBe('currency'.length);
  });
});
