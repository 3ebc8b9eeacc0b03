#!/usr/bin/env node
// Renders real screenshots of spartera-tui for the READMEs: runs the built app with --mock in a
// 100x30 tmux terminal, walks to each view with real key presses, captures the screen with its
// colours (capture-pane -e), keeps the capture as docs/<name>.ansi and draws it as docs/<name>.svg
// (scripts/terminal-svg.mjs). Usage:
//   node scripts/tui-screenshot.mjs                  run the app (build it first) and write both
//   node scripts/tui-screenshot.mjs --from-captures  redraw the SVGs from the kept captures
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSvg } from './terminal-svg.mjs';
import { CLI, ROOT, Terminal, hasTmux, requireBuiltCli, sleep } from './tui-tmux.mjs';

export const COLUMNS = 100;
export const ROWS = 30;

/** The pictures, in the order the walk through the app takes them. */
export const SHOTS = [
  { name: 'tui-connections', title: 'spartera-tui: the connections table' },
  { name: 'tui-detail', title: 'spartera-tui: a connection in detail' },
  { name: 'tui-schema', title: 'spartera-tui: the information schema' },
  { name: 'tui-sample', title: 'spartera-tui: sample rows of a table' },
  { name: 'tui-form', title: 'spartera-tui: the new-connection form' },
];

export const DOCS = path.join(ROOT, 'docs');
/** Where a picture's capture is kept: the terminal it was drawn from (`cat` it to see it). */
export const capturePath = (name) => path.join(DOCS, `${name}.ansi`);
export const svgPath = (name) => path.join(DOCS, `${name}.svg`);

/** A picture's SVG, drawn from its capture. */
export const drawShot = (shot, capture) =>
  renderSvg(capture, { columns: COLUMNS, rows: ROWS, title: shot.title });

/**
 * The screen once it has stopped changing for 400 ms (frames are throttled, data arrives in
 * steps), with its colours.
 */
async function settled(terminal, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let screen = terminal.capture({ colors: true });
  let since = Date.now();
  while (Date.now() - since < 400) {
    if (Date.now() > deadline) throw new Error(`the screen kept changing for ${timeoutMs} ms:\n${screen}`);
    await sleep(50);
    const next = terminal.capture({ colors: true });
    if (next !== screen) {
      screen = next;
      since = Date.now();
    }
  }
  return screen;
}

/** Runs the app in tmux and walks to each view; returns the colour capture of each, by name. */
async function captureShots() {
  if (!hasTmux()) throw new Error('tmux is needed to run the app in a real terminal');
  requireBuiltCli();
  const terminal = new Terminal({ columns: COLUMNS, rows: ROWS });
  const captures = new Map();
  const shoot = async (name, ready) => {
    await terminal.waitFor(ready, name);
    captures.set(name, await settled(terminal));
  };
  try {
    terminal.start(`node ${CLI} --mock`);
    // One key per send: a terminal cannot tell Esc followed by a letter from Alt+letter.
    const press = async (...keys) => {
      for (const key of keys) {
        terminal.send(key);
        await sleep(60);
      }
    };
    // Engine names arrive after the list; until then a row shows "engine <id>".
    await shoot(
      'tui-connections',
      (screen) => screen.includes('row 1 of') && !/\bengine \d+\b/u.test(screen),
    );
    await press('j', 'Enter');
    await shoot('tui-detail', (screen) => screen.includes('Connection id'));
    await press('i');
    await terminal.waitFor((screen) => screen.includes('▸ '), 'the schema tree');
    await press('Enter', 'j', 'l');
    await shoot('tui-schema', (screen) => screen.includes('NOT NULL'));
    await press('Enter');
    await shoot('tui-sample', (screen) => / rows?, showing/.test(screen));
    await press('Escape', 'Escape', 'Escape', 'n');
    await shoot('tui-form', (screen) => screen.includes('New connection'));
    await press('Escape', 'q');
  } finally {
    terminal.kill();
  }
  return captures;
}

async function main(args) {
  const fromCaptures = args.includes('--from-captures');
  const unknown = args.filter((arg) => arg !== '--from-captures');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')} (known: --from-captures)`);
  await mkdir(DOCS, { recursive: true });
  const captures = fromCaptures ? new Map() : await captureShots();
  for (const shot of SHOTS) {
    let capture = captures.get(shot.name);
    if (capture === undefined) capture = await readFile(capturePath(shot.name), 'utf8');
    else await writeFile(capturePath(shot.name), capture);
    await writeFile(svgPath(shot.name), drawShot(shot, capture));
    console.log(`wrote ${path.relative(ROOT, svgPath(shot.name))}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
