// The side-by-side benchmark (issue 12, not part of the test command): severity-triage, Sentry's feedback
// widget and a plain form, in real Chromium on loopback, interleaved, N runs; prints the table and the
// targets, and writes the table into docs/performance.md.
//
//   npm --prefix bench ci && node bench/run.mjs [--runs 15] [--cpu-throttle 4] [--dist DIR] [--triage BIN]
//                                                [--chromium PATH] [--no-write]
// DIR defaults to $BENCH_DIST or dist/, BIN to $TRIAGE_BIN or target/debug/triage (both built by
// scripts/demo.sh or scripts/test.sh).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { cold, warm } from './measure.mjs';
import { KINDS, table, targets, targetLines, writeDoc } from './report.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'cpu-throttle': { type: 'string', default: '1' },
    dist: { type: 'string', default: process.env.BENCH_DIST ?? join(ROOT, 'dist') },
    triage: { type: 'string', default: process.env.TRIAGE_BIN ?? join(ROOT, 'target/debug/triage') },
    chromium: { type: 'string', default: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    'no-write': { type: 'boolean', default: false },
  },
});
const RUNS = Number(opt.runs);
const THROTTLE = Number(opt['cpu-throttle']);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, not ${opt.runs}`);
if (!(THROTTLE >= 1)) throw new Error(`--cpu-throttle must be a number ≥ 1, not ${opt['cpu-throttle']}`);

const missing = [];
for (const f of ['severity-triage.js', 'severity-triage-app.js', 'severity-triage-app_bg.wasm', 'policies/wati.compiled.json']) {
  if (!existsSync(join(opt.dist, f))) missing.push(join(opt.dist, f));
}
if (!existsSync(opt.triage)) missing.push(opt.triage);
if (!existsSync(opt.chromium)) missing.push(opt.chromium);
if (missing.length) {
  console.error(`bench: missing ${missing.join(', ')}.
Build the release widget and the receiver first, from the repository root:
  ./scripts/demo.sh          (installs what is missing, runs scripts/build.sh and cargo build -p triage-cli, then serves; stop it with Ctrl-C)
or, with the tools already installed (scripts/install.sh):
  scripts/build.sh && cargo build -p triage-cli --locked
or point the bench elsewhere: --dist DIR (BENCH_DIST), --triage BIN (TRIAGE_BIN), --chromium PATH (CHROMIUM).`);
  process.exit(2);
}

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'triage-bench-'));
const children = [];
const cleanup = () => {
  for (const c of children) c.kill();
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

/// Spawns `cmd`, resolves with the URL it prints on its "listening on" line.
function listen(cmd, args, what) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr.on('data', (c) => (err = (err + c).slice(-4000)));
  return new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolveUrl(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}: ${out}${err}`)));
    setTimeout(() => reject(new Error(`${what} did not start within 15 s`)), 15_000);
  });
}

// Sentry's SDK and feedback widget as one local file, minified as a product would ship it.
const bundle = join(work, 'sentry-feedback.js');
await build({ entryPoints: [join(HERE, 'pages/sentry-entry.js')], bundle: true, minify: true, format: 'esm', target: 'es2020', outfile: bundle, logLevel: 'warning' });
const sizes = (file) => {
  const b = readFileSync(file);
  return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
};

const receiver = await listen(opt.triage, ['serve', '--addr', '127.0.0.1:0', '--dir', opt.dist, '--db', join(work, 'tickets.sqlite3')], 'triage serve');
const base = await listen(process.execPath, [join(HERE, 'server.mjs'), '--dist', opt.dist, '--upstream', receiver, '--sentry-bundle', bundle], 'bench server');
const browser = await chromium.launch({
  executablePath: opt.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

const results = Object.fromEntries(KINDS.map((k) => [k, {}]));
const add = (kind, figures) => {
  for (const [key, v] of Object.entries(figures)) if (v !== null) (results[kind][key] ??= []).push(v);
};
const ORDER = ['triage', 'sentry', 'plain'];
console.log(`bench: ${RUNS} runs, CPU throttle ${THROTTLE}×, pages on ${base}, receiver ${receiver}`);
for (let i = 0; i < RUNS; i++) {
  const order = ORDER.map((_, j) => ORDER[(i + j) % ORDER.length]);
  const line = [];
  for (const kind of order) {
    const c = await cold(browser, base, kind, THROTTLE);
    const w = await warm(browser, base, kind, THROTTLE);
    add(kind, { ...c, ...w });
    line.push(`${kind} a=${w.launcherWarm.toFixed(0)} cold=${c.cold.toFixed(0)} warm=${w.warm.toFixed(0)} post=${w.post.toFixed(1)}`);
  }
  console.log(`run ${i + 1}/${RUNS}: ${line.join(' | ')}`);
}
const chromiumVersion = browser.version();
await browser.close();

const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown';
const sentryVersion = JSON.parse(readFileSync(join(HERE, 'node_modules/@sentry/browser/package.json'), 'utf8')).version;
const fmtSize = (s) => `${s.raw} raw, ${s.gzip} gzip, ${s.brotli} brotli bytes`;
const seconds = ((Date.now() - started) / 1000).toFixed(0);
const t = targets(results);
const rel = relative(ROOT, resolve(opt.dist));
const shownDist = rel.startsWith('..') ? resolve(opt.dist) : `${rel}/`;
const text = `Machine: ${cpuModel}, ${cpus().length} cores (load average ${loadavg()[0].toFixed(2)} at the end, shared with
builders), Chromium ${chromiumVersion} headless; ${new Date().toISOString().slice(0, 10)}; ${RUNS} runs; CPU throttle
${THROTTLE}×; the run took ${seconds} s. Widget build: ${shownDist} (wasm built ${statSync(join(opt.dist, 'severity-triage-app_bg.wasm')).mtime.toISOString().slice(0, 16)}Z). Files: our wasm ${fmtSize(sizes(join(opt.dist, 'severity-triage-app_bg.wasm')))}, loader
${fmtSize(sizes(join(opt.dist, 'severity-triage.js')))}; Sentry bundle (@sentry/browser ${sentryVersion}) ${fmtSize(sizes(bundle))};
plain form script ${fmtSize(sizes(join(HERE, 'pages/plain.js')))}. Cells: median (min–max), and the median's ratio to the plain form.
(d) clock alignment uncertainty (half the calibration round trip): at most ${Math.max(...KINDS.flatMap((k) => results[k].postUncertainty ?? [0])).toFixed(2)} ms.

${table(results)}

Targets (issue 12, on the medians above):
${targetLines(t)}`;

console.log(`\n${text}\n`);
if (!opt['no-write']) {
  writeDoc(join(ROOT, 'docs/performance.md'), THROTTLE, text);
  console.log(`bench: written to docs/performance.md (${THROTTLE > 1 ? 'throttled' : 'unthrottled'} section)`);
}
writeFileSync(join(tmpdir(), `triage-bench-${THROTTLE}x.json`), JSON.stringify({ results, chromiumVersion, cpuModel, runs: RUNS, throttle: THROTTLE }, null, 1));
console.log(`bench: one full run took ${seconds} s; raw figures in ${join(tmpdir(), `triage-bench-${THROTTLE}x.json`)}`);
process.exit(0);
