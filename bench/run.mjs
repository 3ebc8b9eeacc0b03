#!/usr/bin/env node
// `pnpm bench`: runs every bench/*.mjs one after another (never in parallel: they compare timings on a
// 2-core machine), then writes bench/RESULTS.md and bench/ratios.svg from their JSON results.
// `--quick` is CI's smoke run: short runs, and the report goes to bench/.smoke/ so that it never
// overwrites the measured figures.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    // Rewrites RESULTS.md and the chart from the results already in bench/results, running nothing.
    'report-only': { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const outDir = quick ? path.join(benchDir, '.smoke') : benchDir;
// A smoke run's figures go beside its report; bench/lib/results.mjs reads this variable.
const resultsDir = quick ? path.join(outDir, 'results') : path.join(benchDir, 'results');

const scripts = (await readdir(benchDir))
  .filter((name) => name.endsWith('.mjs') && name !== 'run.mjs')
  .filter((name) => !values.only || values.only.some((only) => name.includes(only)))
  .sort();

const failures = [];
const ran = [];
for (const script of values['report-only'] ? [] : scripts) {
  const name = script.replace(/\.mjs$/, '');
  await rm(path.join(resultsDir, `${name}.json`), { force: true });
  console.log(`\n▶ ${script}${quick ? ' --quick' : ''}`);
  const started = Date.now();
  const child = spawnSync(process.execPath, [path.join(benchDir, script), ...(quick ? ['--quick'] : [])], {
    cwd: path.dirname(benchDir),
    env: { ...process.env, SPARTERA_BENCH_RESULTS_DIR: resultsDir },
    stdio: 'inherit',
    timeout: quick ? 120_000 : 15 * 60_000,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (child.status !== 0) {
    failures.push(`${script} exited ${child.status ?? child.signal} after ${seconds} s`);
    continue;
  }
  try {
    ran.push({ name, ...JSON.parse(await readFile(path.join(resultsDir, `${name}.json`), 'utf8')) });
  } catch {
    failures.push(`${script} wrote no bench/results/${name}.json`);
  }
}

// The reliability suite (tests/reliability, part of `pnpm test`) leaves its figures here.
const reliabilityDir = path.join(path.dirname(benchDir), 'tests/reliability/.reports');
const reliability = [];
for (const name of (await readdir(reliabilityDir).catch(() => []))
  .filter((file) => file.endsWith('.json'))
  .sort()) {
  reliability.push({
    name: `reliability/${name}`,
    ...JSON.parse(await readFile(path.join(reliabilityDir, name), 'utf8')),
  });
}

if (values['report-only']) {
  for (const script of scripts) {
    const name = script.replace(/\.mjs$/, '');
    const file = path.join(resultsDir, `${name}.json`);
    ran.push({ name, ...JSON.parse(await readFile(file, 'utf8')) });
  }
}

const escape = (text) => String(text).replaceAll('|', '\\|');
const format = (value) =>
  typeof value !== 'number'
    ? ''
    : Number.isInteger(value) || Math.abs(value) >= 100
      ? value.toFixed(0)
      : value.toPrecision(3);

const machine = [
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  `- Node ${process.version}${quick ? ' (quick smoke run: figures are indicative only)' : ''}`,
];
const renderSection = (result, level, source) => {
  const header = '| measure | median | unit | spread | ratio | anchor | budget | within budget |';
  const rows = result.rows.map((row) =>
    [
      escape(row.name),
      format(row.median),
      escape(row.unit),
      escape(row.spread ?? ''),
      row.ratio === undefined ? '' : `${format(row.ratio)}x`,
      escape(row.anchor ?? ''),
      escape(row.budget ?? ''),
      row.pass === undefined ? '' : row.pass ? 'yes' : '**no**',
    ].join(' | '),
  );
  const notes = (result.notes ?? []).map((note) => `- ${note}`);
  return [
    `${level} ${result.title}`,
    '',
    `Source: \`${source}\``,
    '',
    header,
    '|---|---:|---|---|---:|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    ...notes,
  ].join('\n');
};
const sections = ran.map((result) => renderSection(result, '##', `bench/${result.name}.mjs`));
const reliabilitySections = reliability.map((result) =>
  renderSection(
    result,
    '###',
    `tests/reliability/test/${result.name.slice('reliability/'.length, -'.json'.length)}.test.ts`,
  ),
);
const report = [
  '# Benchmark results',
  '',
  'Written by `pnpm bench` (`bench/run.mjs`). Every figure is compared with its anchor measured in the same run;',
  'medians over many iterations, spread as p25–p75 unless a row says otherwise.',
  '',
  ...machine,
  '',
  '![Main ratios](./ratios.svg)',
  '',
  ...sections.flatMap((section) => [section, '']),
  '## Reliability suite',
  '',
  reliability.length > 0
    ? 'Figures from the last `pnpm test` run of `tests/reliability` (a part of the test suite, bounded in time).'
    : 'No figures: run `pnpm test` first; the reliability suite writes them to `tests/reliability/.reports/`.',
  '',
  ...reliabilitySections.flatMap((section) => [section, '']),
  ...(failures.length > 0
    ? ['## Benchmarks that did not finish', '', ...failures.map((f) => `- ${f}`), '']
    : []),
].join('\n');

await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, 'RESULTS.md'), report);
await writeFile(path.join(outDir, 'ratios.svg'), renderRatioChart(ran));
console.log(`\nwrote ${path.relative(process.cwd(), path.join(outDir, 'RESULTS.md'))}`);
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exitCode = 1;
}

/**
 * A horizontal bar per row that has a ratio, on a log scale centred on 1x, so that a 12x next to a
 * 1.1x stays readable; ratios below 1 extend left. Red where the row misses its budget.
 */
function renderRatioChart(results) {
  const bars = results.flatMap((result) => result.rows.filter((row) => typeof row.ratio === 'number'));
  const width = 900;
  const labelWidth = 400;
  const rowHeight = 26;
  const height = 40 + bars.length * rowHeight + 24;
  const oneX = labelWidth + 60;
  const maxLog = Math.log(Math.max(2, ...bars.map((bar) => bar.ratio)));
  const scale = (ratio) => oneX + ((width - oneX - 230) * Math.log(ratio)) / maxLog;
  const xml = (text) => String(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const rows = bars.map((bar, index) => {
    const y = 40 + index * rowHeight;
    const colour = bar.pass === false ? '#d9534f' : '#3c8dbc';
    const end = scale(bar.ratio);
    const left = Math.min(oneX, end);
    const label = `${format(bar.ratio)}x${bar.anchor ? ` vs ${clip(bar.anchor, 28)}` : ''}`;
    return [
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${xml(clip(bar.name, 58))}</text>`,
      `<rect x="${left.toFixed(1)}" y="${y + 4}" width="${Math.max(1, Math.abs(end - oneX)).toFixed(1)}" height="16" fill="${colour}"/>`,
      `<text x="${(Math.max(oneX, end) + 6).toFixed(1)}" y="${y + 16}">${xml(label)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">Spartera toolkit: ratios to their anchors, measured in the same run (log scale)</text>`,
    `<line x1="${oneX}" y1="32" x2="${oneX}" y2="${height - 16}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<text x="${oneX}" y="${height - 4}" fill="#666" text-anchor="middle">1x</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
