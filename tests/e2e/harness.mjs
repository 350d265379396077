// Starts a real `triage serve` on a free loopback port over the release build, and a real Chromium.
import { spawn, execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BIN = process.env.TRIAGE_BIN ?? 'target/debug/triage';
const DIST = process.env.TRIAGE_DIST ?? 'dist';

/// The shipped wasm's stack size (scripts/release-env.sh): the e2e tests load the release build.
const STACK = Number(/^RELEASE_STACK_SIZE=(\d+)$/m.exec(readFileSync('scripts/release-env.sh', 'utf8'))[1]);
/// The deepest the wasm stack went in any page of this test process, in bytes.
let deepestStack = 0;
process.on('exit', () => console.log(`wasm stack: deepest use ${deepestStack} of ${STACK} bytes in this file's pages`));

/// Options: `args` (extra `triage serve` flags, e.g. ['--faults', 'fail=0.3']), `dist` (the directory to
/// serve), `onLog` (called with each request log line instead of passing them to stderr).
export async function startServer({ args = [], dist = DIST, onLog } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'triage-e2e-'));
  const db = join(dir, 'tickets.sqlite3');
  const child = spawn(BIN, ['serve', '--addr', '127.0.0.1:0', '--dir', dist, '--db', db, ...args], {
    stdio: ['ignore', 'pipe', onLog ? 'pipe' : 'inherit'],
  });
  if (onLog) {
    let rest = '';
    child.stderr.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      lines.forEach(onLog);
    });
  }
  const base = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`triage serve exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error('triage serve did not start within 10 s')), 10_000);
  });
  return {
    base,
    db,
    tickets: () => JSON.parse(execFileSync(BIN, ['tickets', '--db', db], { encoding: 'utf8' })),
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// Options: timezoneId, locale, colorScheme, viewport (Playwright's context options).
/// `options.args` adds Chromium flags to the fixed ones.
export async function startBrowser({ args = [], ...options } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'triage-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    timezoneId: 'Europe/London',
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
    ...options,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', ...args,
    ],
  });
  // Tests read the focused element through `deepActive()`: the widget renders in a shadow root.
  await context.addInitScript(() => {
    window.deepActive = () => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a;
    };
  });
  // Every page keeps the wasm memories it instantiates and reports, when it is left, how deep the stack went:
  // the stack comes first in memory and grows down from STACK, and memory starts zeroed, so the lowest
  // non-zero byte below STACK is the deepest it has been. A stack that overflows traps; one that goes over
  // half its size fails the test at close (below), before a heavier paste or a slower path overflows it.
  const depths = [];
  await context.exposeBinding('__e2eStackDepth', (_source, depth) => depths.push(depth));
  await context.addInitScript((stack) => {
    const memories = [];
    const keep = (result) => {
      const memory = (result.instance ?? result).exports?.memory;
      if (memory instanceof WebAssembly.Memory) memories.push(memory);
      return result;
    };
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const original = WebAssembly[name];
      WebAssembly[name] = function (...args) {
        return original.apply(this, args).then(keep);
      };
    }
    window.__e2eDeepest = () =>
      Math.max(
        0,
        ...memories.map((m) => {
          const bytes = new Uint8Array(m.buffer, 0, Math.min(stack, m.buffer.byteLength));
          let i = 0;
          while (i < bytes.length && bytes[i] === 0) i++;
          return bytes.length - i;
        }),
      );
    addEventListener('pagehide', () => memories.length && window.__e2eStackDepth(window.__e2eDeepest()));
  }, STACK);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return {
    context,
    page,
    errors,
    close: async () => {
      for (const p of context.pages()) {
        for (const frame of p.frames()) depths.push(await frame.evaluate(() => window.__e2eDeepest?.() ?? 0).catch(() => 0));
      }
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      const deepest = Math.max(0, ...depths);
      deepestStack = Math.max(deepestStack, deepest);
      assert.ok(
        deepest <= STACK / 2,
        `the wasm stack went ${deepest} bytes deep, over half of its ${STACK}: raise RELEASE_STACK_SIZE in scripts/release-env.sh or find the deep path`,
      );
    },
  };
}
