// The widget reads compiled policies only (`triage compile`). Pointed at a policy source file it shows
// the usual notice with the policy's own fallback contact, and tells the integrator, in the console and
// the error event, exactly what to run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser } from './harness.mjs';
import { compiled, policyJson } from './flow-lib.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a policy source file says which triage compile command to run', async () => {
  const { page, errors } = browser;
  errors.length = 0;
  await page.goto(`${server.base}/?policy=policies/wati.json&mode=inline`);
  const fallback = policyJson('wati').fallback_contact;
  await page.locator('severity-triage').getByRole('status').getByText(`The support form cannot be shown right now. ${fallback}`).waitFor();
  const want = 'run `triage compile wati.json > wati.compiled.json` and point the widget at wati.compiled.json';
  assert.ok(
    errors.some((e) => e.includes('the support policy at policies/wati.json') && e.includes(want)),
    errors.join('\n'),
  );
});

test('the compiled file next to it is what the widget reads, and it is what `triage compile` prints', async () => {
  const { page } = browser;
  const served = await (await fetch(`${server.base}/policies/wati.compiled.json`)).text();
  assert.equal(served, compiled('public/policies/wati.json'));
  assert.ok(!served.includes('<'), 'safe to inline in a script element');
  await page.goto(`${server.base}/?policy=policies/wati.compiled.json&mode=inline`);
  await page.locator('severity-triage').getByRole('radio').first().waitFor();
});
