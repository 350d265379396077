// Figures to a markdown table (median and min–max, ratio to the plain form), the targets checked
// against the medians, and the table written into docs/performance.md between its own markers so a
// re-run replaces only that part.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const KINDS = ['plain', 'triage', 'sentry'];
const NAMES = { plain: 'plain form', triage: 'severity-triage', sentry: 'Sentry feedback' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function stats(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length ? { median: median(v), min: Math.min(...v), max: Math.max(...v), n: v.length } : null;
}

const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const kib = (x) => (x / 1024).toFixed(0);

/// Rows: [label, key, unit formatter, N/A note per kind].
const ROWS = [
  ['(a) navigation start → launcher clickable (ms)', 'launcherWarm', ms],
  ['(a) … on the cold page (ours: load="interaction") (ms)', 'launcher', ms],
  ['(b) click → first question focusable, cold (ms)', 'cold', ms],
  ['(b) click → first question focusable, warm (ms)', 'warm', ms],
  ['(c) answer change → suggestion and deadline updated, next frame (ms)', 'change', ms],
  ['(c) … to the DOM mutation only (ms)', 'changeMutation', ms],
  ['(d) submit click → receiver has the POST (ms)', 'post', ms],
  ['(e) JS heap + wasm memory, dialog open (KiB)', 'total', kib],
  ['(e) … JS heap (KiB)', 'heap', kib],
  ['(e) … wasm memory (KiB)', 'wasm', kib],
];

function cell(s, floor, fmt) {
  if (!s) return 'N/A (no such step)';
  const range = `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
  if (!floor) return range;
  if (floor.median === 0) return range;
  return `${range}, ${(s.median / floor.median).toFixed(2)}×`;
}

/// results: { kind: { key: [numbers] } }
export function table(results) {
  const lines = [
    `| metric | ${NAMES.plain} | ${NAMES.triage} (× plain) | ${NAMES.sentry} (× plain) |`,
    '|---|---|---|---|',
  ];
  for (const [label, key, fmt] of ROWS) {
    const s = Object.fromEntries(KINDS.map((k) => [k, stats(results[k][key] ?? [])]));
    lines.push(`| ${label} | ${cell(s.plain, null, fmt)} | ${cell(s.triage, s.plain, fmt)} | ${cell(s.sentry, s.plain, fmt)} |`);
  }
  return lines.join('\n');
}

/// The targets, on the medians of one run: [description, pass, figures].
export function targets(results) {
  const m = (k, key) => stats(results[k][key] ?? [])?.median ?? NaN;
  const f = (x) => `${ms(x)}`;
  const a = [m('triage', 'launcherWarm'), m('plain', 'launcherWarm'), m('sentry', 'launcherWarm')];
  const bw = [m('triage', 'warm'), m('plain', 'warm')];
  const bc = m('triage', 'cold');
  const c = m('triage', 'change');
  const d = [m('triage', 'post'), m('sentry', 'post')];
  const e = [m('triage', 'total'), m('sentry', 'total')];
  return [
    ['(a) launcher within 1.1× of the plain form', a[0] <= 1.1 * a[1], `${f(a[0])} ms vs ${f(a[1])} ms (${(a[0] / a[1]).toFixed(2)}×)`],
    ['(a) launcher ahead of Sentry', a[0] < a[2], `${f(a[0])} ms vs ${f(a[2])} ms`],
    ['(b) warm at most 1.5× the plain form', bw[0] <= 1.5 * bw[1], `${f(bw[0])} ms vs ${f(bw[1])} ms (${(bw[0] / bw[1]).toFixed(2)}×)`],
    ['(b) cold at most 250 ms', bc <= 250, `${f(bc)} ms`],
    ['(c) answer change under 16 ms (to the next frame)', c < 16, `${f(c)} ms`],
    ['(d) submit at most Sentry\'s', d[0] <= d[1], `${f(d[0])} ms vs ${f(d[1])} ms`],
    ['(e) memory at most Sentry\'s', e[0] <= e[1], `${kib(e[0])} KiB vs ${kib(e[1])} KiB`],
  ];
}

export const targetLines = (t) => t.map(([what, pass, fig]) => `- ${pass ? 'PASS' : 'FAIL'} ${what}: ${fig}`).join('\n');

const HEADER = `# Performance

<!-- The sections between bench markers are written by \`node bench/run.mjs\`; re-running replaces only them. -->

## Side by side in Chromium (\`bench/\`)

\`npm --prefix bench ci && node bench/run.mjs\` (options: \`--runs N\`, \`--cpu-throttle 4\`) loads three host
pages from one loopback origin, served by one static handler: our widget (launcher mode, the Wati seed policy,
posting to a real \`triage serve\` behind the bench server), Sentry's feedback widget (\`@sentry/browser\` with
\`feedbackIntegration\` and its default integrations, bundled by esbuild into one local file, the DSN pointed at an
envelope stub on the same origin) and a hand-written plain form (a button, a \`<dialog>\` with a textarea and a
select, JSON posted with \`fetch\`) — the floor. Each run loads every page twice, each time in a fresh browser
context (own cache, storage and code cache), the three widgets in rotating order. Times are taken inside the
page on its own clock by an init script (\`bench/probe.js\`), never by a Playwright round trip:

- (a) from navigation start (the document's time origin) to the launcher being clickable: the button exists,
  is laid out, visible, enabled and a click at its centre lands on it — tested on every DOM mutation (shadow roots
  included) and every animation frame. The first row is the default page (the warm one below), the second the
  cold one.
- (b) from the launcher's trusted \`click\` event to the first question being focusable (ours: the first option of
  the first step; Sentry: its first form field; plain: the textarea) — laid out, visible, enabled, not inert.
  Cold: ours with \`load="interaction"\` (nothing fetched before hover, focus or click), clicked as soon as it is
  clickable; the others clicked as soon as clickable. The pointer moves onto the button just before the click, so
  a hover gives no head start. Warm: the default page (ours: \`load="idle"\`), after the load
  event, the \`.wasm\` resource entry (ours) and two idle periods.
- (c) ours only: from the \`input\` event of changing one answer (Urgent → a minor issue) until the suggestion's
  level and its response-time line have both changed (a mutation), and to the next animation frame after it.
- (d) from the submit button's \`click\` event to the bench server having the whole POST body. The server stamps
  arrivals with \`performance.timeOrigin + performance.now()\` in its own process; the page measures its offset
  to that clock just before (the fastest of 7 \`/bench/clock\` round trips to the response headers, NTP style,
  with the CPU throttle lifted for those few milliseconds; the uncertainty is half that round trip, its largest
  value printed with each table). Our POST is then forwarded to \`triage serve\`, and
  the run waits for each widget to show that it was accepted.
- (e) after two forced garbage collections (CDP \`HeapProfiler.collectGarbage\`) with the dialog open: the JS heap
  in use (\`Runtime.getHeapUsage\`) plus the bytes of every \`WebAssembly.Memory\` in the page (found with
  \`Runtime.queryObjects\` on its prototype).

\`--cpu-throttle 4\` applies CDP \`Emulation.setCPUThrottlingRate\` to every page (a slow phone). Figures from a
shared machine are noisy; compare the ratios within one run.

### Unthrottled

<!-- bench:start -->
<!-- bench:end -->

### CPU throttled 4×

<!-- bench-throttled:start -->
<!-- bench-throttled:end -->
`;

/// Writes `text` between the markers for `throttle` (1: bench, else bench-throttled), creating the file if needed.
export function writeDoc(file, throttle, text) {
  const tag = throttle > 1 ? 'bench-throttled' : 'bench';
  const start = `<!-- ${tag}:start -->`;
  const end = `<!-- ${tag}:end -->`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  if (!doc.includes(start) || !doc.includes(end)) doc = `${doc.trimEnd()}\n\n${start}\n${end}\n`;
  const i = doc.indexOf(start) + start.length;
  const j = doc.indexOf(end);
  writeFileSync(file, `${doc.slice(0, i)}\n${text.trim()}\n${doc.slice(j)}`);
}
