#!/usr/bin/env node
// Scrolling spartera-tui in a real terminal (tmux), against spartera-mock in its own process (so the
// memory figure is the app's alone): for each key, the time from the key leaving tmux to the app's
// next frame, median and p95; and the app's peak resident memory.
//   - 10,000 connections, j from the top: pages of 100 load on demand while scrolling.
//   - 100,000 connections, all loaded (G), then k from the bottom: the cost of a huge list in memory.
// Anchor, same run, same keys: a list just large enough for the scroll, so any cost that grows with
// the number of rows shows as a ratio above 1.
// Budgets: keypress → frame p95 ≤ 16 ms at 10,000 and at 100,000 rows; peak RSS ≤ 150 MB at 100,000.
import { writeResult } from './lib/results.mjs';
import { startMockProcess } from './lib/mock-process.mjs';
import { median, percentile } from './lib/stats.mjs';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CLI,
  Terminal,
  hasTmux,
  now,
  readTrace,
  requireBuiltCli,
  sleep,
  waitForTrace,
} from '../scripts/tui-tmux.mjs';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const KEYS = values.quick ? 60 : 400;
// 25 keys a second, about a held key's auto-repeat.
const INTERVAL_MS = 40;
const LATENCY_BUDGET_MS = 16;
const RSS_BUDGET_MB = 150;
const HUGE = values.quick ? 20_000 : 100_000;

if (!hasTmux()) {
  console.error('tui-scroll: tmux is not installed; it is needed to give the app a real terminal.');
  process.exit(1);
}
requireBuiltCli();
const scratch = await mkdtemp(path.join(tmpdir(), 'tui-scroll-'));

async function peakRssBytes(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb * 1024;
}

/**
 * Runs the bin (as a user does: its shebang's V8 flags apply) against a mock holding `connections`;
 * `toEnd` first loads every row (G) and then scrolls up with k, else it scrolls down with j.
 */
async function scroll(connections, label, { toEnd }) {
  const mock = await startMockProcess(['--dataset', 'empty', '--extra-connections', String(connections)]);
  const traceFile = path.join(scratch, `${label}.trace`);
  const terminal = new Terminal({ columns: 100, rows: 30 });
  try {
    const env = `SPARTERA_API_KEY=${DEMO_API_KEY} SPARTERA_COMPANY_ID=${DEMO_COMPANY_ID} SPARTERA_API_BASE_URL=${mock.url}`;
    terminal.start(`env ${env} XDG_CONFIG_HOME=${scratch} SPARTERA_TUI_TRACE=${traceFile} ${CLI}`);
    const ready = await waitForTrace(traceFile, (trace) => trace.ready !== undefined, 'the first data frame');
    const total = connections.toLocaleString('en-US');
    if (toEnd) {
      terminal.send('G');
      await terminal.waitFor(
        (screen) => screen.includes(`row ${total} of ${total} `),
        `all ${total} rows`,
        10 * 60_000,
      );
    }
    await sleep(300);
    const key = toEnd ? 'k' : 'j';
    const before = readTrace(traceFile).keys.length;
    const sentAt = [];
    for (let index = 0; index < KEYS; index += 1) {
      sentAt.push(now());
      terminal.sendFast(key);
      await sleep(INTERVAL_MS);
    }
    await waitForTrace(traceFile, (events) => events.keys.length >= before + KEYS, `${KEYS} keys`);
    await sleep(200);
    const screen = terminal.capture();
    const row = toEnd ? connections - KEYS : KEYS + 1;
    if (!screen.includes(`row ${row.toLocaleString('en-US')} of`))
      throw new Error(`The cursor did not reach row ${row}:\n${screen}`);
    const peakRss = await peakRssBytes(ready.pid);
    const final = readTrace(traceFile);
    const sendToFrame = [];
    const keyToFrame = [];
    final.keys.slice(before, before + KEYS).forEach((keyAt, index) => {
      const frame = final.frames.find((candidate) => candidate.at >= keyAt);
      if (!frame) throw new Error(`No frame after key ${index + 1}`);
      keyToFrame.push(frame.at - keyAt);
      sendToFrame.push(frame.at - sentAt[index]);
    });
    terminal.send('q');
    return { keyToFrame, sendToFrame, peakRss };
  } finally {
    terminal.kill();
    await mock.stop();
  }
}

const anchorCount = KEYS + 50;
const anchor = await scroll(anchorCount, 'anchor', { toEnd: false });
const large = await scroll(10_000, 'large', { toEnd: false });
const anchorEnd = await scroll(anchorCount, 'anchor-end', { toEnd: true });
const huge = await scroll(HUGE, 'huge', { toEnd: true });
await rm(scratch, { recursive: true, force: true });

const p95 = (list) => percentile(list, 95);
const mb = (bytes) => bytes / 2 ** 20;
const hugeLabel = HUGE.toLocaleString('en-US');
const rows = [
  {
    name: '10,000 connections (j from the top, pages loading): key sent → next frame, p95',
    median: p95(large.sendToFrame),
    unit: 'ms',
    spread: `median ${median(large.sendToFrame).toFixed(1)} ms, max ${Math.max(...large.sendToFrame).toFixed(1)} ms`,
    ratio: p95(large.sendToFrame) / p95(anchor.sendToFrame),
    anchor: `${anchorCount} connections, same keys`,
    budget: `≤ ${LATENCY_BUDGET_MS} ms`,
    pass: p95(large.sendToFrame) <= LATENCY_BUDGET_MS,
  },
  {
    name: '10,000 connections: key received by the app → frame, p95',
    median: p95(large.keyToFrame),
    unit: 'ms',
    spread: `median ${median(large.keyToFrame).toFixed(1)} ms`,
  },
  {
    name: `${hugeLabel} connections all loaded (k from the bottom): key sent → next frame, p95`,
    median: p95(huge.sendToFrame),
    unit: 'ms',
    spread: `median ${median(huge.sendToFrame).toFixed(1)} ms, max ${Math.max(...huge.sendToFrame).toFixed(1)} ms`,
    ratio: p95(huge.sendToFrame) / p95(anchorEnd.sendToFrame),
    anchor: `${anchorCount} connections all loaded, same keys`,
    budget: `≤ ${LATENCY_BUDGET_MS} ms`,
    pass: p95(huge.sendToFrame) <= LATENCY_BUDGET_MS,
  },
  {
    name: `${hugeLabel} connections: key received by the app → frame, p95`,
    median: p95(huge.keyToFrame),
    unit: 'ms',
    spread: `median ${median(huge.keyToFrame).toFixed(1)} ms`,
  },
  {
    name: `${hugeLabel} connections all loaded: peak resident memory of the app (VmHWM)`,
    median: mb(huge.peakRss),
    unit: 'MB',
    ratio: huge.peakRss / anchorEnd.peakRss,
    anchor: `${anchorCount} connections`,
    budget: `≤ ${RSS_BUDGET_MB} MB`,
    pass: mb(huge.peakRss) <= RSS_BUDGET_MB,
  },
  {
    name: '10,000 connections: peak resident memory of the app (VmHWM)',
    median: mb(large.peakRss),
    unit: 'MB',
    ratio: large.peakRss / anchor.peakRss,
    anchor: `${anchorCount} connections`,
  },
];
const result = {
  title: `spartera-tui scrolling (10,000 and ${hugeLabel} connections, 100x30 tmux terminal)`,
  rows,
  notes: [
    `Load average when the run ended: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} (2 cores, shared with other work).`,
    `${KEYS} presses, one every ${INTERVAL_MS} ms, sent through one tmux control-mode client.`,
    'The bin runs as installed (its shebang starts node with --optimize-for-size --max-semi-space-size=1); spartera-mock serves the rows from its own process, so memory is the app’s alone.',
    'Frame times come from the app (SPARTERA_TUI_TRACE, the moment Ink renders); the bench checks the cursor really reached the expected row on the tmux screen.',
  ],
};
await writeResult('tui-scroll', result);
console.table(
  rows.map(({ name, median: m, unit, spread: s, ratio, budget, pass }) => ({
    name,
    value: `${m.toFixed(1)} ${unit}`,
    spread: s,
    ratio: ratio?.toFixed(2),
    budget,
    pass,
  })),
);
