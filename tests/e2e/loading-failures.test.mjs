// Part of the widget cannot be fetched: a policy that is not there, a wasm that does not load, a widget.css
// that does not load. The page keeps working, the person gets the notice with the fallback contact (or the
// launcher in its place, styled by the loader), the integrator a `triage-error` event, never an uncaught
// error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from './loading-lib.mjs';
import { POLICY, WASM, startLoading, record, launcher, wasmLauncher } from './loading-lib.mjs';

let server;
let browser;

before(async () => {
  ({ server, browser } = await startLoading());
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const hostPage = (path, attrs, body, page = browser.page) => lib.hostPage(server, page, path, attrs, body);
const fresh = (page, path, rec) => lib.fresh(server, page, path, rec);

test('a policy that cannot be fetched: the notice with the fallback and a triage-error naming the URL and status', async () => {
  const { page } = browser;
  await hostPage('/t/nopolicy.html', 'load="eager"');
  const gone = (r) => r.fulfill({ status: 404, body: 'gone' });
  const isPolicy = (u) => u.pathname === POLICY;
  await page.route(isPolicy, gone);
  const rec = record(page);
  await fresh(page, '/t/nopolicy.html', rec);
  await page.locator('#w').getByRole('status').getByText('Email help@host.example.').waitFor();
  const events = await page.evaluate(() => window.__events);
  assert.equal(events.length, 1, JSON.stringify(events));
  assert.equal(events[0].kind, 'policy');
  assert.match(events[0].message, /could not load the support policy from \/policies\/wati\.compiled\.json: HTTP 404/);
  await page.unroute(isPolicy, gone);
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});

test('a wasm that fails to load: the notice with the fallback, a triage-error event, no uncaught error', async () => {
  const { page } = browser;
  await hostPage('/t/fail.html', 'load="interaction"', '<button type="button" id="mine">Host button</button>');
  const broken = (r) => r.fulfill({ status: 404, body: 'gone' });
  await page.route(WASM, broken);
  const rec = record(page);
  await fresh(page, '/t/fail.html', rec);
  await launcher(page).click();
  await page.locator('#w').getByRole('status').getByText('The support form cannot be shown right now. Email help@host.example.').waitFor();
  assert.equal(await launcher(page).count(), 0, 'no launcher that cannot work');
  const events = await page.evaluate(() => window.__events);
  assert.equal(events.length, 1, JSON.stringify(events));
  assert.equal(events[0].kind, 'load');
  assert.match(events[0].message, /severity-triage-app_bg\.wasm/);
  await page.getByRole('button', { name: 'Host button' }).focus();
  await page.unroute(WASM, broken);
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});

test('widget.css that fails to load: the widget still opens and the launcher keeps its place', async () => {
  const { page } = browser;
  await hostPage('/t/nocss.html', 'load="interaction"');
  const gone = (r) => r.fulfill({ status: 404, body: 'gone' });
  await page.route(/widget\.css$/, gone);
  const rec = record(page);
  await fresh(page, '/t/nocss.html', rec);
  const box = await launcher(page).boundingBox();
  await launcher(page).click();
  await page.getByRole('dialog').getByRole('radio').first().waitFor();
  await page.keyboard.press('Escape');
  await wasmLauncher(page).waitFor();
  assert.deepEqual(await wasmLauncher(page).boundingBox(), box, 'same place and size as the loader\'s button');
  await page.unroute(/widget\.css$/, gone);
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});
