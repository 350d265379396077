// Starts a real `triage serve` on a free loopback port over the release build, and a real Chromium.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BIN = process.env.TRIAGE_BIN ?? 'target/debug/triage';
const DIST = process.env.TRIAGE_DIST ?? 'dist';

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
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
