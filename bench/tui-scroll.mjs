#!/usr/bin/env node
// Scrolling spartera-tui with 10,000 connections (--mock --mock-connections): for each `j`, the time
// from the key leaving tmux to the app's next frame, median and p95; and the process's memory.
// Anchor, same run, same keys: a store just large enough for the scroll (so any cost that grows
// with the number of rows shows as a ratio above 1).
// Budgets: keypress → updated frame < 50 ms; resident memory < 200 MB.
import { writeResult } from './lib/results.mjs';
import { median, percentile } from './lib/stats.mjs';
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
const LATENCY_BUDGET_MS = 50;
const RSS_BUDGET_MB = 200;

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

async function scroll(connections, label) {
  const traceFile = path.join(scratch, `${label}.trace`);
  const terminal = new Terminal({ columns: 100, rows: 30 });
  try {
    terminal.start(`SPARTERA_TUI_TRACE=${traceFile} ${CLI} --mock --mock-connections ${connections}`);
    const ready = await waitForTrace(traceFile, (trace) => trace.ready !== undefined, 'the first data frame');
    await sleep(300);
    const sentAt = [];
    for (let index = 0; index < KEYS; index += 1) {
      sentAt.push(now());
      terminal.sendFast('j');
      await sleep(INTERVAL_MS);
    }
    const trace = await waitForTrace(traceFile, (events) => events.keys.length >= KEYS, `${KEYS} keys`);
    await sleep(200);
    const screen = terminal.capture();
    if (!screen.includes(`row ${KEYS + 1} of`))
      throw new Error(`The cursor did not reach row ${KEYS + 1}:\n${screen}`);
    const peakRss = await peakRssBytes(ready.pid);
    const final = readTrace(traceFile);
    const keyToFrame = [];
    const sendToFrame = [];
    trace.keys.slice(0, KEYS).forEach((keyAt, index) => {
      const frame = final.frames.find((candidate) => candidate.at >= keyAt);
      if (!frame) throw new Error(`No frame after key ${index + 1}`);
      keyToFrame.push(frame.at - keyAt);
      sendToFrame.push(frame.at - sentAt[index]);
    });
    terminal.send('q');
    return {
      keyToFrame,
      sendToFrame,
      peakRss,
      maxFrameRss: Math.max(...final.frames.map((frame) => frame.rss)),
    };
  } finally {
    terminal.kill();
  }
}

const anchorCount = KEYS + 50;
const anchor = await scroll(anchorCount, 'anchor');
const large = await scroll(10_000, 'large');
await rm(scratch, { recursive: true, force: true });

const p95 = (list) => percentile(list, 95);
const mb = (bytes) => bytes / 2 ** 20;
const rows = [
  {
    name: '10,000 connections: key sent → next frame, median',
    median: median(large.sendToFrame),
    unit: 'ms',
    spread: `p95 ${p95(large.sendToFrame).toFixed(1)} ms, max ${Math.max(...large.sendToFrame).toFixed(1)} ms`,
    ratio: median(large.sendToFrame) / median(anchor.sendToFrame),
    anchor: `${anchorCount} connections, same keys`,
    budget: `< ${LATENCY_BUDGET_MS} ms`,
    pass: median(large.sendToFrame) < LATENCY_BUDGET_MS,
  },
  {
    name: '10,000 connections: key sent → next frame, p95',
    median: p95(large.sendToFrame),
    unit: 'ms',
    ratio: p95(large.sendToFrame) / p95(anchor.sendToFrame),
    anchor: `${anchorCount} connections, same keys`,
    budget: `< ${LATENCY_BUDGET_MS} ms`,
    pass: p95(large.sendToFrame) < LATENCY_BUDGET_MS,
  },
  {
    name: '10,000 connections: key received by the app → frame, median',
    median: median(large.keyToFrame),
    unit: 'ms',
    spread: `p95 ${p95(large.keyToFrame).toFixed(1)} ms`,
  },
  {
    name: `${anchorCount} connections: key sent → next frame, median`,
    median: median(anchor.sendToFrame),
    unit: 'ms',
    spread: `p95 ${p95(anchor.sendToFrame).toFixed(1)} ms`,
  },
  {
    name: '10,000 connections: peak resident memory (VmHWM)',
    median: mb(large.peakRss),
    unit: 'MB',
    ratio: large.peakRss / anchor.peakRss,
    anchor: `${anchorCount} connections`,
    budget: `< ${RSS_BUDGET_MB} MB`,
    pass: mb(large.peakRss) < RSS_BUDGET_MB,
  },
];
const result = {
  title: 'spartera-tui scrolling (10,000 connections, 100x30 tmux terminal)',
  rows,
  notes: [
    `Load average when the run ended: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} (2 cores, shared with other work).`,
    `${KEYS} presses of j, one every ${INTERVAL_MS} ms, sent through one tmux control-mode client; pages of 100 load on demand while scrolling.`,
    'Frame times come from the app (SPARTERA_TUI_TRACE, the moment Ink renders); the bench checks the cursor really reached the last row on the tmux screen.',
    'The process holds the in-process mock server and its 10,000 connections too, so the memory figure includes them.',
  ],
};
await writeResult('tui-scroll', result);
console.table(
  rows.map(({ name, median: m, unit, spread: s, ratio, budget, pass }) => ({
    name,
    median: `${m.toFixed(1)} ${unit}`,
    spread: s,
    ratio: ratio?.toFixed(2),
    budget,
    pass,
  })),
);
