// What a hostile link, a hostile policy and a hostile host page can make the widget do: nothing. The
// reproductions of issue 20 (script through frame.html's query, a link that drains the tickets queued for
// the vendor to another endpoint, an endpoint a browser reads as another host) and issue 21's "no
// policy, no promises", against the release build served by `triage serve`; and the hostile corpus
// (tests/e2e/fixtures/hostile-policy.json and hostile-host.json) walked through every step of the flow
// to a filed ticket, checking after each step that no script ran and no element was injected.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, startBrowser } from './harness.mjs';
import { compiled } from './flow-lib.mjs';

const HOSTILE_POLICY = 'tests/e2e/fixtures/hostile-policy.json';
const HOST = JSON.parse(readFileSync('tests/e2e/fixtures/hostile-host.json', 'utf8'));
/// A policy whose vendor endpoint is this receiver: tickets are filed through the docs example's policy.
const POLICY = '/policies/stakater.compiled.json';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  await browser.context.addInitScript(() => {
    window.__events = [];
    document.addEventListener('triage-error', (e) => window.__events.push(e.detail));
  });
  const hostile = compiled(HOSTILE_POLICY);
  await browser.context.route(`${server.base}/t/hostile.compiled.json`, (r) =>
    r.fulfill({ body: hostile, contentType: 'application/json' }),
  );
  await browser.context.route(`${server.base}/t/blank.html`, (r) =>
    r.fulfill({ body: '<!DOCTYPE html><title>blank</title>', contentType: 'text/html' }),
  );
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/// Serves a host page at `path` on the receiver's origin with one widget carrying `attrs`.
async function hostPage(path, attrs) {
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>host</title>
    <link rel="icon" href="data:,"><script type="module" src="/severity-triage.js"></script></head>
    <body><main><h1>Host page</h1><severity-triage id="w" ${attrs}></severity-triage></main></body></html>`;
  await browser.page.route(`${server.base}${path}`, (r) => r.fulfill({ body: html, contentType: 'text/html' }));
}

const attr = (v) => String(v).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

async function fresh(path) {
  const { page } = browser;
  await page.goto(`${server.base}/t/blank.html`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${server.base}${path}`);
}

/// Whatever a hostile text could have done: a global set by script, or elements and handlers in the
/// page or in any widget's shadow root.
async function assertNothingInjected(page, where) {
  const found = await page.evaluate(() => {
    const roots = [document];
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    const out = [];
    for (const root of roots) {
      for (const el of root.querySelectorAll('script, img, iframe, object, embed, x-injected, b')) {
        if (el.tagName === 'SCRIPT' && el.closest('head')) continue;
        out.push(`<${el.tagName.toLowerCase()}>`);
      }
      for (const el of root.querySelectorAll('*')) {
        for (const name of el.getAttributeNames()) if (name.startsWith('on')) out.push(`${el.tagName.toLowerCase()}[${name}]`);
      }
      for (const a of root.querySelectorAll('a[href]')) {
        if (!/^(https:|mailto:|tel:|#)/.test(a.getAttribute('href')) && !a.href.startsWith(location.origin)) out.push(`a[href=${a.getAttribute('href')}]`);
      }
    }
    return { pwned: window.__pwned ?? null, out };
  });
  assert.deepEqual(found, { pwned: null, out: [] }, `after ${where}`);
}

const widgetText = (page) => page.locator('#w').evaluate((el) => el.shadowRoot.textContent);
const outbox = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('severity-triage:outbox:')));

test('frame.html copies no event handler or unknown attribute from its query: no script on the widget origin', async () => {
  const { page, errors } = browser;
  errors.length = 0;
  const query = new URLSearchParams({
    policy: `${server.base}${POLICY}`,
    endpoint: `${server.base}/api/tickets`,
    tabindex: '0',
    autofocus: '',
    onfocus: "window.__pwned='onfocus'",
    onclick: "window.__pwned='onclick'",
    onmouseover: "window.__pwned='onmouseover'",
    style: 'outline: 9px solid red',
    theme: 'javascript:alert(1)',
  });
  await page.goto(`${server.base}/t/blank.html`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${server.base}/frame.html?${query}`);
  const el = page.locator('severity-triage');
  await page.getByRole('radio').first().waitFor();
  // What the probe did: focus (autofocus would have), a pointer over it, a click.
  await el.evaluate((e) => e.focus());
  await el.hover({ position: { x: 2, y: 2 } });
  await el.click({ position: { x: 2, y: 2 } });
  await assertNothingInjected(page, 'focus, hover and click on the frame page');
  const names = await el.evaluate((e) => e.getAttributeNames());
  assert.deepEqual(names.sort(), ['endpoint', 'mode', 'policy'], 'only the allowed attributes are set');
  for (const name of ['tabindex', 'autofocus', 'onfocus', 'onclick', 'onmouseover', 'style', 'theme']) {
    assert.ok(errors.some((e) => e.includes(`ignored the query parameter "${name}"`)), `a console note names ${name}: ${errors}`);
  }
});

test('a link to frame.html with another endpoint does not drain the tickets queued for the vendor', async () => {
  const { page } = browser;
  await fresh('/examples/docs.html');
  // The vendor's receiver is down: the ticket waits in the outbox (no retry for an hour).
  const down = (r) =>
    r.request().method() === 'POST'
      ? r.fulfill({ status: 503, headers: { 'Retry-After': '3600' }, contentType: 'application/problem+json', body: '{"title":"down"}' })
      : r.continue();
  await page.route(`${server.base}/api/tickets`, down);
  const panel = page.locator('severity-triage');
  await panel.getByRole('radio', { name: 'An information request' }).check();
  for (let i = 0; i < 3 && !(await panel.getByRole('textbox', { name: 'Summary' }).isVisible()); i++) {
    await panel.getByRole('button', { name: 'Next' }).click();
  }
  await panel.getByRole('textbox', { name: 'Summary' }).fill('Queued for the vendor');
  const required = panel.locator('[aria-required="true"]');
  for (let i = 0; i < (await required.count()); i++) {
    const input = required.nth(i);
    if ((await input.inputValue()) !== '') continue;
    await input.fill((await input.getAttribute('type')) === 'email' ? 'person@example.com' : 'e2e');
  }
  await panel.getByRole('button', { name: 'Next' }).click();
  await panel.getByRole('button', { name: 'Send ticket' }).click();
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('severity-triage:outbox:stakater:')));
  await page.waitForTimeout(300);
  await page.unroute(`${server.base}/api/tickets`, down);
  const queued = await outbox(page);
  assert.equal(queued.length, 1, `one ticket queued: ${queued}`);

  // The attacker's link: the vendor's own frame page, the vendor's policy, the attacker's endpoint.
  const stolen = [];
  await page.route(`${server.base}/collect`, (r) => {
    stolen.push(r.request().postData());
    r.fulfill({ status: 201, contentType: 'application/json', body: '{"reference":"STOLEN"}' });
  });
  const query = new URLSearchParams({ policy: `${server.base}${POLICY}`, endpoint: `${server.base}/collect` });
  await page.goto(`${server.base}/frame.html?${query}`);
  await page.getByRole('radio').first().waitFor();
  await page.waitForTimeout(3000);
  assert.deepEqual(stolen, [], 'nothing was posted to the link\'s endpoint');
  assert.deepEqual(await outbox(page), queued, 'the ticket is still queued');

  // Back on the vendor's page, the ticket goes where it was filed for.
  await page.goto(`${server.base}/examples/docs.html`);
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('severity-triage:outbox:stakater:')), null, { timeout: 10_000 });
  assert.ok(server.tickets().some((r) => r.ticket.summary === 'Queued for the vendor'), 'the vendor has it');
  assert.deepEqual(stolen, []);
  await page.unroute(`${server.base}/collect`);
});

test('an endpoint a browser reads as another host is refused: the notice, an endpoint error, no POST', async () => {
  const { page } = browser;
  for (const endpoint of ['/\\evil.example/collect', '/\t/evil.example/collect', 'http://evil.example/collect']) {
    await hostPage('/t/lookalike.html', `policy="${POLICY}" endpoint="${attr(endpoint)}" mode="inline" fallback="Email help@host.example."`);
    const posts = [];
    const onRequest = (r) => r.method() === 'POST' && posts.push(r.url());
    page.on('request', onRequest);
    await fresh('/t/lookalike.html');
    await page.locator('#w').getByRole('status').getByText('Email help@host.example.').waitFor();
    const events = await page.evaluate(() => window.__events);
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0].kind, 'endpoint');
    assert.match(events[0].message, /the `endpoint` attribute .* is refused/);
    assert.equal(await page.locator('#w').getByRole('radio').count(), 0, `no form that would post to ${JSON.stringify(endpoint)}`);
    page.off('request', onRequest);
    assert.deepEqual(posts, []);
  }
});

test('no policy, or one that cannot be fetched: the host\'s fallback only, never another vendor\'s levels or times', async () => {
  const { page } = browser;
  const cases = [
    ['no policy attribute', 'mode="inline"', /no `policy` attribute/],
    ['a mistyped policy attribute', 'polcy="/policies/wati.compiled.json" mode="inline"', /no `policy` attribute/],
    ['a policy that is not there', 'policy="/policies/nope.compiled.json" mode="inline"', /\/policies\/nope\.compiled\.json: HTTP 404/],
    ['launcher without a policy', 'mode="launcher" load="eager"', /no `policy` attribute/],
  ];
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  for (const [what, attrs, message] of cases) {
    await hostPage('/t/nopolicy.html', `${attrs} endpoint="/api/tickets" fallback="Email help@host.example."`);
    requests.length = 0;
    await fresh('/t/nopolicy.html');
    await page.locator('#w').getByRole('status').getByText('Email help@host.example.').waitFor();
    const events = await page.evaluate(() => window.__events);
    assert.equal(events.length, 1, `${what}: ${JSON.stringify(events)}`);
    assert.equal(events[0].kind, 'policy', what);
    assert.match(events[0].message, message, what);
    const text = await widgetText(page);
    assert.doesNotMatch(text, /\bP[1-4]\b|Urgent|Critical|hours?\b|business day/i, `${what}: no level or response time in ${JSON.stringify(text)}`);
    assert.ok(!requests.some((p) => p.startsWith('/policies/') && !p.includes('nope')), `${what}: no other policy fetched: ${requests}`);
  }
});

test('the hostile corpus through every step: policy and host texts shown as text, nothing runs, the ticket keeps them', async () => {
  const { page, errors } = browser;
  errors.length = 0;
  const attrs = [
    'policy="/t/hostile.compiled.json" endpoint="/api/tickets" mode="launcher" load="eager"',
    ...['fallback', 'plan', 'context-user-name', 'context-account-id', 'context', 'prefill'].map((k) => `${k}="${attr(HOST[k])}"`),
  ].join(' ');
  await hostPage('/t/hostile.html', attrs);
  await fresh('/t/hostile.html');
  const launcher = page.getByRole('button', { name: /^Get help/ });
  await page.locator('#w').evaluate((el) => new Promise((resolve) => {
    const check = () => (el.shadowRoot.querySelector('.st-launcher[aria-controls]') ? resolve() : setTimeout(check, 50));
    check();
  }));
  await assertNothingInjected(page, 'the launcher');
  await launcher.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await assertNothingInjected(page, 'opening');
  await dialog.getByRole('radio', { name: /^Something is broken/ }).check();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('radio', { name: /^All down/ }).check();
  await dialog.getByText('Down means urgent <img src=x onerror=', { exact: false }).first().waitFor();
  await assertNothingInjected(page, 'the severity step');
  const shown = await widgetText(page);
  for (const literal of ['<script>window.top.__pwned=', '"><svg onload=', 'javascript:window.top.__pwned=\'channel\'', '<x-injected>']) {
    assert.ok(shown.includes(literal), `shown as text: ${literal}`);
  }
  assert.ok(!shown.includes('\u202e'), 'no right-to-left override reaches the page');
  // The required phone channel is an instruction ("The number in your contract"): text, never a tel: link.
  assert.ok(shown.includes('The number in your contract evil'), 'the instruction is shown as text');
  assert.equal(await page.locator('#w').evaluate((el) => el.shadowRoot.querySelectorAll('a[href^="tel:"]').length), 0, 'no tel: link');
  await dialog.getByRole('button', { name: 'Next' }).click();
  const summary = dialog.getByRole('textbox', { name: 'Summary' });
  await summary.fill(HOST.summary);
  await dialog.getByRole('textbox', { name: /^Logs/ }).fill(HOST.log);
  await assertNothingInjected(page, 'the details step');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('button', { name: 'Send ticket' }).waitFor();
  await assertNothingInjected(page, 'the review');
  await dialog.getByRole('button', { name: 'Send ticket' }).click();
  const done = dialog.getByText(/^Ticket filed: ST-\d{6}/);
  await done.waitFor();
  await assertNothingInjected(page, 'the confirmation');
  const reference = (await done.textContent()).match(/ST-\d{6}/)[0];
  const t = server.tickets().find((r) => r.reference === reference).ticket;
  assert.equal(t.summary, HOST.summary, 'the person\'s text is kept as typed');
  assert.equal(t.details.where, JSON.parse(HOST.prefill).details.where);
  assert.equal(t.context.user_name, HOST['context-user-name']);
  assert.ok(!t.details.logs.includes('hunter2'), 'the password in the pasted log is hidden');
  assert.deepEqual(errors.filter((e) => !e.includes('severity-triage')), []);
});
