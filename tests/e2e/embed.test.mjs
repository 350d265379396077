// The embed as integrators use it: the three example pages (and iframe mode) each file a ticket; the
// host API (prefill, context, events, open/close) seen from the host page; style isolation against a
// hostile stylesheet (pixel diff); zero CSP violations under a strict policy; two widgets on one page;
// an invalid policy contained. Test-only host pages are served by routing, on the receiver's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, startBrowser } from './harness.mjs';
import { ARTIFACTS } from './flow-lib.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  // Every page records CSP violations and widget events from the start (init scripts are not subject to CSP).
  await browser.context.addInitScript(() => {
    window.__violations = [];
    window.__events = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
    for (const n of ['triage-open', 'triage-step', 'triage-submitted', 'triage-error']) {
      document.addEventListener(n, (e) => window.__events.push({ name: n, target: e.target.id, detail: e.detail }));
    }
  });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/// Serves `html` at `path` on the receiver's origin (a host page that exists only for this test).
async function hostPage(path, html) {
  await browser.page.route(`${server.base}${path}`, (route) => route.fulfill({ body: html, contentType: 'text/html' }));
}

async function fresh(path) {
  const { page } = browser;
  await page.goto(`${server.base}${path}`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
}

/// Fills the details the policy requires that are still empty (an address for email fields).
async function fillRequired(scope) {
  const required = scope.locator('[aria-required="true"]');
  for (let i = 0; i < (await required.count()); i++) {
    const input = required.nth(i);
    if (!(await input.isVisible()) || (await input.inputValue()) !== '') continue;
    const tag = await input.evaluate((el) => el.tagName);
    if (tag === 'SELECT') {
      await input.selectOption({ index: 1 });
    } else {
      await input.fill((await input.getAttribute('type')) === 'email' ? 'person@example.com' : 'e2e');
    }
  }
}

/// Files a ticket through the flow in `scope` with a request type that skips the questions.
async function file(scope, type, summary) {
  await scope.getByRole('radio', { name: type }).check();
  await scope.getByRole('button', { name: 'Next' }).click();
  const box = scope.getByRole('textbox', { name: 'Summary' });
  for (let i = 0; i < 3 && !(await box.isVisible()); i++) {
    await scope.getByRole('button', { name: 'Next' }).click();
  }
  if (summary !== undefined) await box.fill(summary);
  await fillRequired(scope);
  // Details, then the review of the whole ticket, where it is sent.
  await scope.getByRole('button', { name: 'Next' }).click();
  await scope.getByRole('button', { name: 'Send ticket' }).click();
  const done = scope.getByText(/^Ticket filed: ST-\d{6}/);
  await done.waitFor();
  return (await done.textContent()).match(/ST-\d{6}/)[0];
}

const ticket = (reference) => server.tickets().find((r) => r.reference === reference)?.ticket;
const events = () => browser.page.evaluate(() => window.__events);

test('product example: the host button opens with a prefill; context and events reach the host page', async () => {
  const { page, errors } = browser;
  await fresh('/examples/product.html');
  await page.getByRole('button', { name: 'Report a problem with checkout' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const reference = await file(dialog, 'A usage question, training or documentation request');
  const t = ticket(reference);
  assert.equal(t.summary, 'Checkout fails for every customer', 'prefilled summary sent');
  assert.equal(t.context.product_version, '4.2.1', 'open({ context }) replaces the attribute value');
  assert.equal(t.context.account_id, 'ACME-1042');
  assert.equal(t.context.user_email, 'dana@acme.example');
  assert.equal(t.context.user_name, 'Dana Scully');
  assert.equal(t.context.page_url, `${server.base}/examples/product.html`, 'gathered by the widget');
  const seen = await events();
  assert.deepEqual(seen.map((e) => e.name).filter((n, i, a) => a.indexOf(n) === i), ['triage-open', 'triage-step', 'triage-submitted']);
  assert.deepEqual(seen.filter((e) => e.name === 'triage-step').map((e) => e.detail.step), ['type', 'severity', 'details', 'review']);
  const submitted = seen.find((e) => e.name === 'triage-submitted').detail;
  assert.equal(submitted.reference, reference);
  assert.equal(submitted.id, t.id);
  // The page's own list shows the events too (its own script, no test hooks).
  await page.getByRole('list', { name: 'Widget events' }).getByText(/^triage-submitted/).waitFor();
  // close() from the host closes the dialog; open() reopens it.
  await page.evaluate(() => document.querySelector('severity-triage').close());
  await dialog.waitFor({ state: 'hidden' });
  await page.evaluate(() => window.severityTriage.open({ level: 'p2' }));
  await dialog.waitFor();
  assert.deepEqual(errors, []);
});

test('docs example: the inline panel files a ticket', async () => {
  const { page, errors } = browser;
  await fresh('/examples/docs.html');
  const panel = page.getByRole('region', { name: 'Get support' }).or(page.locator('severity-triage'));
  const reference = await file(panel.first(), 'An information request', 'Where are the audit logs?');
  assert.equal(ticket(reference).summary, 'Where are the audit logs?');
  assert.equal(ticket(reference).plan, 'premium');
  assert.deepEqual(errors, []);
});

test('strict-CSP example: served with the header, files a ticket, zero violations', async () => {
  const { page, errors } = browser;
  const res = await page.goto(`${server.base}/examples/strict-csp.html`);
  assert.match(res.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole('button', { name: 'Get help' }).click();
  const dialog = page.getByRole('dialog');
  const reference = await file(dialog, 'A product question', 'How do I resize a filesystem?');
  assert.equal(ticket(reference).summary, 'How do I resize a filesystem?');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.getByText('CSP violations on this page: 0').waitFor();
  assert.deepEqual(errors, []);
});

test('iframe mode: a host without wasm-unsafe-eval files a ticket through the frame', async () => {
  const { page, errors } = browser;
  await page.goto(`${server.base}/examples/iframe.html`);
  const frame = page.frameLocator('severity-triage iframe');
  const reference = await file(frame.locator('body'), 'A usage question, training or documentation request', 'Asked through the frame');
  assert.equal(ticket(reference).summary, 'Asked through the frame');
  const seen = await events();
  assert.ok(seen.some((e) => e.name === 'triage-submitted' && e.detail.reference === reference), JSON.stringify(seen));
  // The frame grew to its content (the loader sets the height the frame reports).
  const h = await page.locator('severity-triage').evaluate((el) => el.shadowRoot.querySelector('iframe').getBoundingClientRect().height);
  assert.ok(h > 200, `frame height ${h}`);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
});

const inlinePage = (extraHead) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>host</title>
  <link rel="icon" href="data:,"><style>body { margin: 0 }</style>${extraHead}<script type="module" src="/severity-triage.js"></script></head>
  <body><p>Host text</p><severity-triage id="w" mode="inline" policy="/policies/wati.compiled.json" endpoint="/api/tickets"></severity-triage></body></html>`;

async function shot(path) {
  const { page } = browser;
  await page.goto(`${server.base}${path}`);
  const w = page.locator('#w');
  await w.getByRole('radio').first().waitFor();
  await page.waitForTimeout(300);
  // The widget's own box (the host element's box is the host page's business: `all: unset` makes it inline).
  return PNG.sync.read(await w.locator('.st-root').screenshot());
}

test('a hostile host stylesheet changes nothing inside the widget (pixel diff)', async () => {
  const hostile = `<style>* { all: unset !important; } button { display: none !important; }
    html, body, p, div { font-size: 48px !important; font-family: "Comic Sans MS", fantasy !important; color: red !important;
    letter-spacing: 4px !important; line-height: 3 !important; text-transform: uppercase !important; }</style>`;
  await hostPage('/t/plain.html', inlinePage(''));
  await hostPage('/t/hostile.html', inlinePage(hostile));
  const plain = await shot('/t/plain.html');
  const bad = await shot('/t/hostile.html');
  mkdirSync(`${ARTIFACTS}/screenshots`, { recursive: true });
  writeFileSync(`${ARTIFACTS}/screenshots/embed-plain.png`, PNG.sync.write(plain));
  writeFileSync(`${ARTIFACTS}/screenshots/embed-hostile.png`, PNG.sync.write(bad));
  assert.equal(`${bad.width}x${bad.height}`, `${plain.width}x${plain.height}`, 'same size');
  const diff = pixelmatch(plain.data, bad.data, null, plain.width, plain.height, { threshold: 0.1 });
  const share = diff / (plain.width * plain.height);
  console.log(`hostile CSS: ${diff} of ${plain.width * plain.height} pixels differ (${(share * 100).toFixed(3)}%)`);
  assert.ok(share < 0.005, `${diff} pixels differ`);
  // The launcher and its dialog too, though the host hides every button it can reach.
  await hostPage('/t/hostile-launcher.html', inlinePage(hostile).replace('mode="inline"', 'mode="launcher"'));
  await browser.page.goto(`${server.base}/t/hostile-launcher.html`);
  await browser.page.getByRole('button', { name: 'Get help' }).click();
  await browser.page.getByRole('dialog').getByRole('radio').first().waitFor();
  // And the widget's CSS never reaches the host: the host's paragraph keeps the page's own styles.
  await browser.page.goto(`${server.base}/t/plain.html`);
  const font = await browser.page.locator('p').first().evaluate((p) => getComputedStyle(p).fontFamily);
  assert.ok(!/system-ui/.test(font), font);
});

test('two widgets on one page keep separate state and file separately', async () => {
  const { page, errors } = browser;
  await hostPage('/t/two.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>two</title>
    <link rel="icon" href="data:,"><script type="module" src="/severity-triage.js"></script></head><body>
    <severity-triage id="a" mode="inline" policy="/policies/wati.compiled.json" endpoint="/api/tickets"></severity-triage>
    <severity-triage id="b" mode="inline" policy="/policies/weka.compiled.json" endpoint="/api/tickets"></severity-triage></body></html>`);
  await fresh('/t/two.html');
  const a = page.locator('#a');
  const b = page.locator('#b');
  await a.getByRole('radio', { name: 'A usage question, training or documentation request' }).check();
  await b.getByRole('radio', { name: 'A feature request' }).check();
  const ra = await file(a, 'A usage question, training or documentation request', 'from widget A');
  assert.equal(await b.getByRole('radio', { name: 'A feature request' }).isChecked(), true, 'B untouched by A');
  const rb = await file(b, 'A feature request', 'from widget B');
  assert.notEqual(ra, rb);
  assert.equal(ticket(ra).policy, 'wati');
  assert.equal(ticket(rb).policy, 'weka');
  const sub = (await events()).filter((e) => e.name === 'triage-submitted').map((e) => [e.target, e.detail.reference]);
  assert.deepEqual(sub, [['a', ra], ['b', rb]]);
  assert.deepEqual(errors, []);
});

test('prefill through attributes, and a policy inline in the element', async () => {
  const { page } = browser;
  const policy = (await (await fetch(`${server.base}/policies/wati.compiled.json`)).text()).replaceAll('</', '<\\/');
  await hostPage('/t/prefill.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>p</title>
    <link rel="icon" href="data:,"><script type="module" src="/severity-triage.js"></script></head><body>
    <severity-triage id="p" mode="inline" endpoint="/api/tickets" context-account-id="A-9"
      prefill='{"request_type":"incident","answers":{"service":"down"},"summary":"Prefilled by attribute"}'>
      <script type="application/json">${policy}</script></severity-triage></body></html>`);
  await fresh('/t/prefill.html');
  const w = page.locator('#p');
  assert.equal(await w.getByRole('radio', { name: 'Something is broken or degraded' }).isChecked(), true);
  await w.getByRole('button', { name: 'Next' }).click();
  assert.equal(await w.getByRole('radio', { name: 'No: it is completely down or unavailable' }).isChecked(), true);
});

test('an invalid policy shows the notice; the host page and its own button keep working', async () => {
  const { page, errors } = browser;
  await hostPage('/t/bad.json', '{"id": "bad", "levels": 3}');
  await hostPage('/t/invalid.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>i</title>
    <link rel="icon" href="data:,"><script type="module" src="/severity-triage.js"></script>
    <script type="module" src="/t/host.js"></script></head><body>
    <button type="button" id="mine">Host button</button><output id="out"></output>
    <severity-triage id="x" policy="/t/bad.json" fallback="Email help@host.example."></severity-triage></body></html>`);
  await page.route(`${server.base}/t/host.js`, (r) => r.fulfill({ contentType: 'text/javascript',
    body: "document.getElementById('mine').addEventListener('click', () => { document.getElementById('out').textContent = 'clicked'; });" }));
  await page.goto(`${server.base}/t/invalid.html`);
  await page.locator('#x').getByRole('status').getByText('Email help@host.example.').waitFor();
  await page.getByRole('button', { name: 'Host button' }).click();
  await page.locator('#out').getByText('clicked').waitFor();
  const err = (await events()).find((e) => e.name === 'triage-error');
  assert.equal(err.detail.kind, 'policy');
  assert.match(err.detail.message, /not valid/);
  assert.ok(errors.some((e) => e.includes('severity-triage: the support policy at /t/bad.json is not valid')), errors.join('\n'));
});

test('wasm that fails to load, and a trap reported by the browser, leave a notice and the host working', async () => {
  const { page } = browser;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>f</title>
    <link rel="icon" href="data:,"><script type="module" src="/severity-triage.js"></script>
    <script type="module" src="/t/host.js"></script></head><body>
    <button type="button" id="mine">Host button</button><output id="out"></output>
    <severity-triage id="x" policy="/policies/wati.compiled.json" fallback="Email help@host.example."></severity-triage></body></html>`;
  await hostPage('/t/broken-wasm.html', html);
  await page.route(`${server.base}/t/host.js`, (r) => r.fulfill({ contentType: 'text/javascript',
    body: "document.getElementById('mine').addEventListener('click', () => { document.getElementById('out').textContent = 'clicked'; });" }));
  await hostPage('/t/trap.html', html);
  // A wasm file that is not wasm: instantiation fails inside the loader's promise.
  await page.route(`${server.base}/severity-triage-app_bg.wasm`, (r) => r.fulfill({ contentType: 'application/wasm', body: 'not wasm' }));
  await page.goto(`${server.base}/t/broken-wasm.html`);
  await page.locator('#x').getByRole('status').getByText('The support form cannot be shown right now. Email help@host.example.').waitFor();
  assert.equal((await events()).find((e) => e.name === 'triage-error')?.detail.kind, 'load');
  await page.getByRole('button', { name: 'Host button' }).click();
  await page.locator('#out').getByText('clicked').waitFor();
  await page.unroute(`${server.base}/severity-triage-app_bg.wasm`);
  // A trap (what a panic is in the release build) as the browser reports it: an uncaught RuntimeError.
  await page.goto(`${server.base}/t/trap.html`);
  // The wasm is running once the dialog opens (the loader draws the button before the wasm loads).
  await page.locator('#x').getByRole('button', { name: 'Get help' }).click();
  await page.getByRole('dialog').getByRole('radio').first().waitFor();
  await page.keyboard.press('Escape');
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
  await page.locator('#x').getByRole('status').getByText(/cannot be shown right now/).waitFor();
  assert.equal((await events()).find((e) => e.name === 'triage-error')?.detail.kind, 'crash');
  await page.getByRole('button', { name: 'Host button' }).click();
  await page.locator('#out').getByText('clicked').waitFor();
});

test('assets from another origin: the loader, wasm and CSS load cross-origin and the ticket is filed', async () => {
  // The host is a real page from its own receiver (a page fulfilled by the test would count as a public
  // address and Chromium would refuse its requests to loopback); the widget's files come from `server`.
  const { page, errors } = browser;
  errors.length = 0; // the failure tests above logged errors on purpose
  const dir = mkdtempSync(join(tmpdir(), 'triage-host-'));
  mkdirSync(join(dir, 'policies'));
  copyFileSync(join(process.env.TRIAGE_DIST ?? 'dist', 'policies/wati.compiled.json'), join(dir, 'policies/wati.compiled.json'));
  writeFileSync(join(dir, 'index.html'), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>c</title>
    <link rel="icon" href="data:,"><script type="module" src="${server.base}/severity-triage.js"></script></head><body>
    <severity-triage id="c" mode="inline" policy="/policies/wati.compiled.json" endpoint="/api/tickets"></severity-triage></body></html>`);
  const host = await startServer({ dist: dir });
  try {
    await page.goto(`${host.base}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const reference = await file(page.locator('#c'), 'A usage question, training or documentation request', 'assets elsewhere');
    const row = host.tickets().find((r) => r.reference === reference);
    assert.equal(row.ticket.summary, 'assets elsewhere', 'filed with the host page\'s receiver');
    const css = await page.locator('#c').evaluate((el) => el.shadowRoot.querySelector('link').href);
    assert.equal(css, `${server.base}/widget.css`);
    assert.deepEqual(errors, []);
  } finally {
    host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('iframe mode across origins: a host page without wasm-unsafe-eval files through the widget origin', async () => {
  const { page, errors } = browser;
  errors.length = 0;
  const dir = mkdtempSync(join(tmpdir(), 'triage-host-'));
  writeFileSync(join(dir, 'index.html'), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>f</title>
    <link rel="icon" href="data:,"><script type="module" src="${server.base}/severity-triage.js"></script></head><body>
    <severity-triage id="f" mode="iframe" policy="${server.base}/policies/wati.compiled.json" endpoint="${server.base}/api/tickets"
      context-account-id="X-1"></severity-triage></body></html>`);
  writeFileSync(join(dir, 'index.html.csp'),
    `default-src 'self'; script-src 'self' ${server.base}; style-src 'self' ${server.base}; frame-src ${server.base}; connect-src 'self'; img-src data:`);
  const host = await startServer({ dist: dir });
  try {
    // The frame keeps its draft in the widget origin's storage: start without one.
    await page.goto(`${server.base}/examples/docs.html`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${host.base}/`);
    const frame = page.frameLocator('#f iframe');
    await frame.getByRole('radio').first().waitFor();
    // The host API crosses the frame boundary: open({ prefill }) reaches the widget inside.
    await page.evaluate(() => document.getElementById('f').open({ prefill: { summary: 'through postMessage' } }));
    const reference = await file(frame.locator('body'), 'A usage question, training or documentation request');
    const t = ticket(reference);
    assert.equal(t.summary, 'through postMessage');
    assert.equal(t.context.account_id, 'X-1');
    const seen = await events();
    assert.ok(seen.some((e) => e.name === 'triage-submitted' && e.detail.reference === reference), JSON.stringify(seen));
    // A message from anyone but the frame is ignored by the host side.
    await page.evaluate(() => window.postMessage({ type: 'event', name: 'triage-error', detail: { forged: true } }, '*'));
    await page.waitForTimeout(200);
    assert.ok(!(await events()).some((e) => e.detail?.forged), 'forged message dispatched');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
  } finally {
    host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a nonce-only style-src: the loader puts the nonce on the widget stylesheet; styled, no violation', async () => {
  const { page, errors } = browser;
  errors.length = 0;
  const dir = mkdtempSync(join(tmpdir(), 'triage-nonce-'));
  mkdirSync(join(dir, 'policies'));
  copyFileSync(join(process.env.TRIAGE_DIST ?? 'dist', 'policies/wati.compiled.json'), join(dir, 'policies/wati.compiled.json'));
  for (const f of ['severity-triage.js', 'severity-triage-app.js', 'severity-triage-app_bg.wasm', 'widget.css']) {
    copyFileSync(join(process.env.TRIAGE_DIST ?? 'dist', f), join(dir, f));
  }
  writeFileSync(join(dir, 'index.html'), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>n</title>
    <link rel="icon" href="data:,"><script nonce="r4nd0m" type="module" src="/severity-triage.js"></script></head><body>
    <severity-triage id="n" mode="inline" policy="/policies/wati.compiled.json"></severity-triage></body></html>`);
  writeFileSync(join(dir, 'index.html.csp'),
    "default-src 'self'; script-src 'nonce-r4nd0m' 'wasm-unsafe-eval'; style-src 'nonce-r4nd0m'; connect-src 'self'; img-src data:");
  const host = await startServer({ dist: dir });
  try {
    await page.goto(`${host.base}/`);
    const next = page.locator('#n').getByRole('button', { name: 'Next' });
    await next.waitFor();
    // Styled: the primary button has the accent background, not the browser's default.
    await page.waitForFunction(() => {
      const b = document.getElementById('n').shadowRoot.querySelector('.st-primary');
      return b && getComputedStyle(b).backgroundColor === 'rgb(31, 95, 191)';
    });
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
  } finally {
    host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an element removed and added again unmounts and mounts cleanly', async () => {
  const { page, errors } = browser;
  errors.length = 0;
  await fresh('/examples/docs.html');
  const w = page.locator('severity-triage');
  await w.getByRole('radio').first().waitFor();
  await page.evaluate(() => {
    const el = document.querySelector('severity-triage');
    const parent = el.parentNode;
    el.remove();
    parent.append(el);
  });
  await w.getByRole('radio').first().waitFor();
  assert.equal(await w.getByRole('button', { name: 'Next' }).count(), 1, 'one panel, not two');
  const reference = await file(w, 'An information request', 'after a remount');
  assert.equal(ticket(reference).summary, 'after a remount');
  assert.deepEqual(errors, []);
});
