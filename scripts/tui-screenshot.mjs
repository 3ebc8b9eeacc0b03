#!/usr/bin/env node
// Renders real screenshots of spartera-tui for the READMEs: runs the built app with --mock in a
// 100x30 tmux terminal, walks to each view with real key presses, captures the screen with its
// colours (capture-pane -e) and converts the ANSI text to SVG. Usage, after a build:
//   node scripts/tui-screenshot.mjs            writes docs/tui-*.svg
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLI, ROOT, Terminal, hasTmux, requireBuiltCli, sleep } from './tui-tmux.mjs';

const COLUMNS = 100;
const ROWS = 30;
const CELL_WIDTH = 8.4;
const LINE_HEIGHT = 18;
const PADDING = 14;
const FOREGROUND = '#d4d4d4';
const BACKGROUND = '#1e1e1e';
// The 16 ANSI colours (a dark theme close to common terminal defaults).
const PALETTE = [
  '#1e1e1e',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#e5e5e5',
  '#767676',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];

function color256(index) {
  if (index < 16) return PALETTE[index];
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return `rgb(${level},${level},${level})`;
  }
  const cube = index - 16;
  const step = (value) => (value === 0 ? 0 : 55 + value * 40);
  return `rgb(${step(Math.floor(cube / 36))},${step(Math.floor(cube / 6) % 6)},${step(cube % 6)})`;
}

/** Applies one SGR sequence's parameters to the current style. */
function applySgr(style, parameters) {
  const codes = parameters === '' ? [0] : parameters.split(';').map(Number);
  for (let index = 0; index < codes.length; index += 1) {
    const code = codes[index];
    if (code === 0)
      Object.assign(style, {
        fg: undefined,
        bg: undefined,
        bold: false,
        dim: false,
        inverse: false,
        underline: false,
      });
    else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 4) style.underline = true;
    else if (code === 7) style.inverse = true;
    else if (code === 22) Object.assign(style, { bold: false, dim: false });
    else if (code === 24) style.underline = false;
    else if (code === 27) style.inverse = false;
    else if (code >= 30 && code <= 37) style.fg = PALETTE[code - 30];
    else if (code >= 90 && code <= 97) style.fg = PALETTE[code - 90 + 8];
    else if (code >= 40 && code <= 47) style.bg = PALETTE[code - 40];
    else if (code >= 100 && code <= 107) style.bg = PALETTE[code - 100 + 8];
    else if (code === 39) style.fg = undefined;
    else if (code === 49) style.bg = undefined;
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'fg' : 'bg';
      if (codes[index + 1] === 5) {
        style[key] = color256(codes[index + 2]);
        index += 2;
      } else if (codes[index + 1] === 2) {
        style[key] = `rgb(${codes[index + 2]},${codes[index + 3]},${codes[index + 4]})`;
        index += 4;
      }
    }
  }
}

const ESC = String.fromCharCode(27);

/** Splits captured lines into runs of equally styled cells. */
export function parseAnsi(text) {
  const style = { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false, underline: false };
  return text.split('\n').map((line) => {
    const runs = [];
    let column = 0;
    const pattern = new RegExp(`${ESC}\\[([0-9;]*)m|([^${ESC}]+)|${ESC}[^a-zA-Z]*[a-zA-Z]`, 'g');
    for (const match of line.matchAll(pattern)) {
      if (match[1] !== undefined) applySgr(style, match[1]);
      else if (match[2] !== undefined) {
        const chars = [...match[2]];
        runs.push({ column, text: match[2], ...style });
        column += chars.length;
      }
    }
    return runs;
  });
}

const escapeXml = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function toSvg(lines, title) {
  const width = Math.ceil(COLUMNS * CELL_WIDTH + PADDING * 2);
  const height = Math.ceil(ROWS * LINE_HEIGHT + PADDING * 2 + 22);
  const top = PADDING + 22;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" rx="8" fill="${BACKGROUND}"/>`,
    '<circle cx="20" cy="17" r="6" fill="#ff5f56"/><circle cx="40" cy="17" r="6" fill="#ffbd2e"/><circle cx="60" cy="17" r="6" fill="#27c93f"/>',
    `<g font-family="'DejaVu Sans Mono','Menlo','Consolas',monospace" font-size="14" xml:space="preserve">`,
  ];
  lines.slice(0, ROWS).forEach((runs, row) => {
    const y = top + row * LINE_HEIGHT;
    for (const run of runs) {
      const cells = [...run.text].length;
      const fg = run.inverse ? (run.bg ?? BACKGROUND) : (run.fg ?? FOREGROUND);
      const bg = run.inverse ? (run.fg ?? FOREGROUND) : run.bg;
      const x = PADDING + run.column * CELL_WIDTH;
      if (bg) {
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y}" width="${(cells * CELL_WIDTH).toFixed(1)}" height="${LINE_HEIGHT}" fill="${bg}"/>`,
        );
      }
      if (run.text.trim() === '') continue;
      const attributes = [
        `x="${x.toFixed(1)}"`,
        `y="${y + 13}"`,
        `fill="${fg}"`,
        `textLength="${(cells * CELL_WIDTH).toFixed(1)}"`,
        run.bold ? 'font-weight="bold"' : '',
        run.dim ? 'opacity="0.7"' : '',
        run.underline ? 'text-decoration="underline"' : '',
      ].filter(Boolean);
      parts.push(`<text ${attributes.join(' ')}>${escapeXml(run.text)}</text>`);
    }
  });
  parts.push('</g>', '</svg>');
  return `${parts.join('\n')}\n`;
}

async function main() {
  if (!hasTmux()) throw new Error('tmux is needed to run the app in a real terminal');
  requireBuiltCli();
  const terminal = new Terminal({ columns: COLUMNS, rows: ROWS });
  const shots = [];
  const shoot = async (name, title, ready) => {
    await terminal.waitFor(ready, name);
    // Let spinners and throttled frames settle before the picture.
    await sleep(300);
    shots.push({ name, title, screen: terminal.capture({ colors: true }) });
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
    await shoot('tui-connections', 'spartera-tui: the connections table', (screen) =>
      screen.includes('row 1 of'),
    );
    await press('j', 'Enter');
    await shoot('tui-detail', 'spartera-tui: a connection in detail', (screen) =>
      screen.includes('Connection id'),
    );
    await press('i');
    await terminal.waitFor((screen) => screen.includes('▸ '), 'the schema tree');
    await press('Enter', 'j', 'l');
    await shoot('tui-schema', 'spartera-tui: the information schema', (screen) =>
      screen.includes('NOT NULL'),
    );
    await press('Enter');
    await shoot('tui-sample', 'spartera-tui: sample rows of a table', (screen) =>
      / rows?, showing/.test(screen),
    );
    await press('Escape', 'Escape', 'Escape', 'n');
    await shoot('tui-form', 'spartera-tui: the new-connection form', (screen) =>
      screen.includes('New connection'),
    );
    await press('Escape', 'q');
  } finally {
    terminal.kill();
  }
  const docs = path.join(ROOT, 'docs');
  await mkdir(docs, { recursive: true });
  for (const shot of shots) {
    const file = path.join(docs, `${shot.name}.svg`);
    await writeFile(file, toSvg(parseAnsi(shot.screen), shot.title));
    console.log(`wrote ${path.relative(ROOT, file)}`);
  }
}

await main();
