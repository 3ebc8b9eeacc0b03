#!/usr/bin/env node
// Startup of spartera-tui in a real terminal (tmux): from the moment the terminal is asked to run
// it until the first frame that shows connections has been drawn, median of several runs.
//   - `--mock`: the demo, its mock's engine in the app's thread (no server, no port).
//   - against spartera-mock in its own process answering after 300 ms: the start must overlap the
//     first request with loading the UI, so the data frame comes one round trip after start-up.
// Anchor, measured the same way in the same run: a bare `node` that only writes its ready mark.
// Budgets: first frame with data ≤ 250 ms; at 300 ms API latency, ≤ 300 ms + one round trip.
import { writeResult } from './lib/results.mjs';
import { startMockProcess } from './lib/mock-process.mjs';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
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
  requireBuiltCli,
  waitForTrace,
} from '../scripts/tui-tmux.mjs';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const runs = values.quick ? 3 : 10;
const BUDGET_MS = 250;
const LATENCY_MS = 300;

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
    const trace = await waitForTrace(
      traceFile,
      (events) => events.readyFrame !== undefined,
      'the data frame',
    );
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
    'const ready = at();\n' +
    'appendFileSync(process.env.SPARTERA_TUI_TRACE, `start ${performance.timeOrigin} pid=${process.pid}\\nready ${ready}\\nready-frame ${ready}\\n`);\n',
);

/** One request's round trip to the slow mock, as the bench process sees it. */
async function roundTrip(url) {
  const started = now();
  const response = await fetch(`${url}/companies/${DEMO_COMPANY_ID}/connections?page=1&limit=100`, {
    headers: { 'x-api-key': DEMO_API_KEY },
  });
  await response.text();
  return now() - started;
}

const app = { fromSpawn: [], fromProcessStart: [] };
const anchor = { fromSpawn: [], fromProcessStart: [] };
const slow = { fromSpawn: [], roundTrips: [] };
const slowMock = await startMockProcess(['--latency', String(LATENCY_MS)]);
const slowCommand = `env SPARTERA_API_KEY=${DEMO_API_KEY} SPARTERA_COMPANY_ID=${DEMO_COMPANY_ID} SPARTERA_API_BASE_URL=${slowMock.url} XDG_CONFIG_HOME=${scratch} ${CLI}`;
// Warm the file-system cache once so that every measured run starts alike.
await measure(`${CLI} --mock`, path.join(scratch, 'warm.trace'), { quit: true });
for (let run = 0; run < runs; run += 1) {
  const a = await measure(`node ${anchorScript}`, path.join(scratch, `anchor-${run}.trace`), { quit: false });
  anchor.fromSpawn.push(a.fromSpawn);
  anchor.fromProcessStart.push(a.fromProcessStart);
  const m = await measure(`${CLI} --mock`, path.join(scratch, `app-${run}.trace`), { quit: true });
  app.fromSpawn.push(m.fromSpawn);
  app.fromProcessStart.push(m.fromProcessStart);
  slow.roundTrips.push(await roundTrip(slowMock.url));
  const s = await measure(slowCommand, path.join(scratch, `slow-${run}.trace`), { quit: true });
  slow.fromSpawn.push(s.fromSpawn);
}
await slowMock.stop();
await rm(scratch, { recursive: true, force: true });

const spread = (list) => `${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)} ms`;
const appMedian = median(app.fromSpawn);
const anchorMedian = median(anchor.fromSpawn);
const slowMedian = median(slow.fromSpawn);
const tripMedian = median(slow.roundTrips);
const slowBudget = LATENCY_MS + tripMedian;
const rows = [
  {
    name: 'spartera-tui --mock: spawn → first frame with data',
    median: appMedian,
    unit: 'ms',
    spread: spread(app.fromSpawn),
    ratio: appMedian / anchorMedian,
    anchor: 'bare node in the same terminal',
    budget: `≤ ${BUDGET_MS} ms`,
    pass: appMedian <= BUDGET_MS,
  },
  {
    name: 'spartera-tui --mock: node process start → first frame with data',
    median: median(app.fromProcessStart),
    unit: 'ms',
    spread: spread(app.fromProcessStart),
  },
  {
    name: `API answering after ${LATENCY_MS} ms (spartera-mock): spawn → first frame with data`,
    median: slowMedian,
    unit: 'ms',
    spread: spread(slow.fromSpawn),
    ratio: slowMedian / (LATENCY_MS + tripMedian),
    anchor: `${LATENCY_MS} ms + one round trip (${tripMedian.toFixed(0)} ms)`,
    budget: `≤ ${slowBudget.toFixed(0)} ms`,
    pass: slowMedian <= slowBudget,
  },
  {
    name: `one round trip to that API (${LATENCY_MS} ms latency)`,
    median: tripMedian,
    unit: 'ms',
    spread: spread(slow.roundTrips),
  },
  {
    name: 'anchor: bare node, spawn → ready',
    median: anchorMedian,
    unit: 'ms',
    spread: spread(anchor.fromSpawn),
  },
];
const result = {
  title: 'spartera-tui startup (--mock, and a 300 ms API; 100x30 tmux terminal)',
  rows,
  notes: [
    `Load average when the run ended: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} (2 cores, shared with other work).`,
    `${runs} runs each, alternating anchor and app, after one warm-up run.`,
    'The app traces (SPARTERA_TUI_TRACE) every frame Ink renders and marks when connections are first on screen; since Ink throttles frames, the data frame drawn just after that mark counts when there is one. The bench also checks the table is on the tmux screen.',
    'spawn = just before `tmux new-session` runs the command, so tmux and node start-up are included.',
    "With --mock, the mock (@spartera/testing, its validators compiled ahead of time) answers the client in the app's thread, without a server: its start-up counts too.",
    'The bin runs as installed: its shebang starts node with --optimize-for-size --max-semi-space-size=1.',
    `The slow API is spartera-mock --latency ${LATENCY_MS} in its own process; its budget is the latency plus one measured round trip (which itself includes the latency).`,
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
