#!/usr/bin/env node
// Startup of spartera-tui --mock in a real terminal (tmux): from the moment the terminal is asked
// to run it until the first frame that shows connections has been drawn, median of several runs.
// Anchor, measured the same way in the same run: a bare `node` that only writes its ready mark.
// Budget: first frame with data in under 600 ms.
import { writeResult } from './lib/results.mjs';
import { median } from './lib/stats.mjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CLI,
  Terminal,
  hasTmux,
  now,
  firstDataFrame,
  readTrace,
  requireBuiltCli,
  sleep,
  waitForTrace,
} from '../scripts/tui-tmux.mjs';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const runs = values.quick ? 3 : 10;
const BUDGET_MS = 600;

if (!hasTmux()) {
  console.error('tui-startup: tmux is not installed; it is needed to give the app a real terminal.');
  process.exit(1);
}
requireBuiltCli();
const scratch = await mkdtemp(path.join(tmpdir(), 'tui-startup-'));

/** Spawns `command` with SPARTERA_TUI_TRACE set; returns spawn→ready and process-start→ready. */
async function measure(command, traceFile, { quit }) {
  const terminal = new Terminal({ columns: 100, rows: 30 });
  try {
    const spawnedAt = now();
    terminal.start(`SPARTERA_TUI_TRACE=${traceFile} ${command}`);
    await waitForTrace(traceFile, (events) => events.ready !== undefined, 'the ready mark');
    // Give a throttled data frame the time to be drawn and traced.
    await sleep(60);
    const trace = readTrace(traceFile);
    const shownAt = firstDataFrame(trace);
    const fromSpawn = shownAt - spawnedAt;
    const fromProcessStart = shownAt - trace.start;
    if (quit) {
      // Proof that the data frame is what the terminal shows, not only what the app believes.
      await terminal.waitFor((screen) => /row 1 of \d+/.test(screen), 'the table on screen');
      terminal.send('q');
    }
    return { fromSpawn, fromProcessStart };
  } finally {
    terminal.kill();
  }
}

const anchorScript = path.join(scratch, 'anchor.mjs');
await writeFile(
  anchorScript,
  "import { appendFileSync } from 'node:fs';\n" +
    'const at = () => (performance.timeOrigin + performance.now()).toFixed(3);\n' +
    'appendFileSync(process.env.SPARTERA_TUI_TRACE, `start ${performance.timeOrigin} pid=${process.pid}\\nready ${at()}\\n`);\n',
);

const app = { fromSpawn: [], fromProcessStart: [] };
const anchor = { fromSpawn: [], fromProcessStart: [] };
// Warm the file-system cache once so that every measured run starts alike.
await measure(`${CLI} --mock`, path.join(scratch, 'warm.trace'), { quit: true });
for (let run = 0; run < runs; run += 1) {
  const a = await measure(`node ${anchorScript}`, path.join(scratch, `anchor-${run}.trace`), { quit: false });
  anchor.fromSpawn.push(a.fromSpawn);
  anchor.fromProcessStart.push(a.fromProcessStart);
  const m = await measure(`${CLI} --mock`, path.join(scratch, `app-${run}.trace`), { quit: true });
  app.fromSpawn.push(m.fromSpawn);
  app.fromProcessStart.push(m.fromProcessStart);
}
await rm(scratch, { recursive: true, force: true });

const spread = (list) => `${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)} ms`;
const appMedian = median(app.fromSpawn);
const anchorMedian = median(anchor.fromSpawn);
const rows = [
  {
    name: 'spartera-tui --mock: spawn → first frame with data',
    median: appMedian,
    unit: 'ms',
    spread: spread(app.fromSpawn),
    ratio: appMedian / anchorMedian,
    anchor: 'bare node in the same terminal',
    budget: `< ${BUDGET_MS} ms`,
    pass: appMedian < BUDGET_MS,
  },
  {
    name: 'spartera-tui --mock: node process start → first frame with data',
    median: median(app.fromProcessStart),
    unit: 'ms',
    spread: spread(app.fromProcessStart),
  },
  {
    name: 'anchor: bare node, spawn → ready',
    median: anchorMedian,
    unit: 'ms',
    spread: spread(anchor.fromSpawn),
  },
];
const result = {
  title: 'spartera-tui startup (--mock, 100x30 tmux terminal)',
  rows,
  notes: [
    `Load average when the run ended: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} (2 cores, shared with other work).`,
    `${runs} runs each, alternating anchor and app, after one warm-up run.`,
    'The app traces (SPARTERA_TUI_TRACE) every frame Ink renders and marks when connections are first on screen; since Ink throttles frames, the data frame drawn just after that mark counts when there is one. The bench also checks the table is on the tmux screen.',
    'spawn = just before `tmux new-session` runs the command, so tmux and node start-up are included.',
    'The mock server (@spartera/testing) runs in the same process, so its start-up counts too.',
  ],
};
await writeResult('tui-startup', result);
console.table(
  rows.map(({ name, median: m, spread: s, ratio, budget, pass }) => ({
    name,
    median: `${m.toFixed(0)} ms`,
    spread: s,
    ratio: ratio?.toFixed(1),
    budget,
    pass,
  })),
);
