// Two-stage loading as a person meets it: the loader draws the launcher at once and fetches the wasm,
// its glue, widget.css and the policy only on idle (default), on the first hover/focus/click
// (load="interaction") or at once (inline, load="eager"), the policy together with the wasm; a click or
// Enter before the wasm is ready shows a busy button and then the dialog with focus inside; the wasm's
// launcher replaces the loader's without a visible change (screenshots before and after, pixel diff,
// light/dark, 1280/360). What a page sees when part of the widget cannot be fetched:
// loading-failures.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { startBrowser } from './harness.mjs';
import { ARTIFACTS } from './flow-lib.mjs';
import * as lib from './loading-lib.mjs';
import { POLICY, WASM, startLoading, record, slowWasm, launcher, wasmLauncher, focusInDialog } from './loading-lib.mjs';

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

test('load="interaction": nothing but the loader until the person hovers; hover fetches the rest', async () => {
  const { page } = browser;
  await hostPage('/t/interaction.html', 'load="interaction"');
  const rec = record(page);
  await fresh(page, '/t/interaction.html', rec);
  await launcher(page).waitFor();
  // Idle comes and goes (an idle callback fires within a few hundred ms of load on this page).
  await page.waitForTimeout(1500);
  assert.deepEqual(rec.second(), [], `fetched before any interaction: ${rec.requests.join(' ')}`);
  assert.ok(rec.requests.includes('/severity-triage.js'));
  const wasm = page.waitForRequest(WASM);
  const policy = page.waitForRequest((r) => r.url().endsWith(POLICY));
  await launcher(page).hover();
  await wasm;
  await policy;
  await wasmLauncher(page).waitFor();
  assert.equal(await launcher(page).count(), 1, 'one launcher after the handoff');
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});

test('the default fetches the wasm, its glue, widget.css and the policy on idle, with no interaction', async () => {
  const { page } = browser;
  await hostPage('/t/idle.html');
  const rec = record(page);
  const wasm = page.waitForRequest(WASM);
  const policy = page.waitForRequest((r) => r.url().endsWith(POLICY));
  await fresh(page, '/t/idle.html', rec);
  await wasm;
  await policy;
  await wasmLauncher(page).waitFor();
  for (const f of ['/severity-triage-app.js', '/widget.css']) assert.ok(rec.requests.includes(f), f);
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});

test('a click while the wasm is held back: busy button, same name, then the dialog with focus inside', async () => {
  const { page } = browser;
  await hostPage('/t/click.html', 'load="interaction"');
  const release = await slowWasm(page, 600);
  const rec = record(page);
  await fresh(page, '/t/click.html', rec);
  const clicked = Date.now();
  await launcher(page).click();
  // After 100 ms the button says it is busy; its name stays "Get help" (the locator is by that name).
  await launcher(page).and(page.locator('[aria-busy="true"]')).waitFor({ timeout: 500 });
  assert.ok(Date.now() - clicked < 600, 'busy before the wasm arrived');
  await page.getByRole('status').getByText('Loading the support form…').waitFor();
  // The busy state, to look at: the spinner sits in the button, which keeps its place and size.
  const box = await launcher(page).boundingBox();
  await page.screenshot({ path: `${ARTIFACTS}/screenshots/loading-busy.png`, clip: { x: box.x - 24, y: box.y - 24, width: box.width + 48, height: box.height + 48 } });
  assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog before the wasm');
  await page.getByRole('dialog').getByRole('radio').first().waitFor();
  assert.ok(Date.now() - clicked >= 600, 'the dialog came after the held-back wasm');
  assert.ok(await focusInDialog(page), 'focus inside the dialog');
  // Escape closes it and focus returns to the launcher, the wasm's now.
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => window.deepActive()?.getAttribute('aria-controls') ? 'wasm' : 'other'), 'wasm');
  assert.equal(await launcher(page).count(), 1);
  assert.equal(await launcher(page).getAttribute('aria-busy'), null, 'not busy any more');
  await release();
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});

test('keyboard only: Tab to the launcher, Enter before the wasm is ready, the dialog opens focused', async () => {
  const { page } = browser;
  await hostPage('/t/keys.html', 'load="interaction"');
  const release = await slowWasm(page, 600);
  const rec = record(page);
  await fresh(page, '/t/keys.html', rec);
  await launcher(page).waitFor();
  assert.deepEqual(rec.second(), []);
  // Focus alone starts the load: listen before the Tab, since the request can go out before the next
  // round trip to the page (it did, 1 run in a busy fresh-clone CI).
  const wasm = page.waitForRequest(WASM);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => window.deepActive()?.textContent), 'Get help', 'Tab reaches the launcher');
  await wasm;
  await page.keyboard.press('Enter');
  await launcher(page).and(page.locator('[aria-busy="true"]')).waitFor();
  await page.getByRole('dialog').getByRole('radio').first().waitFor();
  assert.ok(await focusInDialog(page), 'focus inside the dialog');
  await release();
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});

test('focus on the loader\'s button moves to the wasm\'s launcher when it takes over', async () => {
  const { page } = browser;
  await hostPage('/t/focus.html', 'load="interaction"');
  const release = await slowWasm(page, 300);
  await fresh(page, '/t/focus.html');
  await page.keyboard.press('Tab');
  await wasmLauncher(page).waitFor();
  assert.equal(await page.evaluate(() => window.deepActive()?.getAttribute('aria-controls') ? 'wasm' : 'other'), 'wasm');
  // Enter now opens the dialog straight away.
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByRole('radio').first().waitFor();
  assert.ok(await focusInDialog(page));
  await release();
});

test('inline mode fetches everything at once, even with load="interaction"', async () => {
  const { page } = browser;
  await hostPage('/t/inline.html', 'mode="inline" load="interaction"');
  const rec = record(page);
  const wasm = page.waitForRequest(WASM);
  await fresh(page, '/t/inline.html', rec);
  await wasm;
  await page.locator('#w').getByRole('radio').first().waitFor();
  assert.equal(await launcher(page).count(), 0, 'no launcher inline');
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});

test('open() from the host page fetches at once and opens the dialog', async () => {
  const { page } = browser;
  await hostPage('/t/open.html', 'load="interaction"');
  await fresh(page, '/t/open.html');
  await launcher(page).waitFor();
  await page.evaluate(() => document.getElementById('w').open({ level: 'p3' }));
  await page.getByRole('dialog').getByRole('radio').first().waitFor();
  assert.ok(await focusInDialog(page));
});

test('the policy is fetched with the wasm, not after it: one request, made while the wasm is on its way', async () => {
  const { page } = browser;
  await hostPage('/t/together.html', 'load="interaction"');
  const release = await slowWasm(page, 800);
  const rec = record(page);
  await fresh(page, '/t/together.html', rec);
  let wasmArrived = 0;
  const onFinished = (r) => {
    if (WASM.test(r.url())) wasmArrived = Date.now();
  };
  page.on('requestfinished', onFinished);
  const policy = page.waitForRequest((r) => r.url().endsWith(POLICY));
  await launcher(page).hover();
  await policy;
  const policyAt = Date.now();
  await wasmLauncher(page).waitFor();
  page.off('requestfinished', onFinished);
  assert.ok(wasmArrived > 0, 'the wasm arrived');
  assert.ok(policyAt < wasmArrived - 400, `the policy was requested ${wasmArrived - policyAt} ms before the wasm arrived`);
  // The widget used the loader's fetch: it did not fetch the policy again, and it works.
  await launcher(page).click();
  await page.getByRole('dialog').getByRole('radio').first().waitFor();
  assert.deepEqual(rec.requests.filter((p) => p === POLICY), [POLICY], rec.requests.join(' '));
  await release();
  rec.stop();
  assert.deepEqual(rec.uncaught, []);
});

/// The whole page, as a PNG.
const snap = async (page) => PNG.sync.read(await page.screenshot());

test('the wasm\'s launcher replaces the loader\'s without a visible change (light/dark, 1280/360; untouched, focused, hovered)', async () => {
  const { page } = browser;
  const cases = [
    { name: 'light-1280', scheme: 'light', width: 1280, attrs: '' },
    { name: 'dark-1280', scheme: 'dark', width: 1280, attrs: '' },
    { name: 'light-360', scheme: 'light', width: 360, attrs: '' },
    { name: 'themed-dark-360', scheme: 'light', width: 360, attrs: 'theme="dark"' },
  ];
  try {
    for (const c of cases) {
      await page.setViewportSize({ width: c.width, height: 640 });
      await page.emulateMedia({ colorScheme: c.scheme });
      for (const start of ['eager', 'focused', 'hovered']) {
        // eager: load="eager" starts at once, nothing touched; focused: Tab focuses the button, which
        // starts the load (focus ring); hovered: the pointer over the button starts it (hover shade).
        const path = `/t/shot-${c.name}-${start}.html`;
        await hostPage(path, `load="${start === 'eager' ? 'eager' : 'interaction'}" ${c.attrs}`);
        await page.mouse.move(0, 0);
        const release = await slowWasm(page, 700);
        const requested = page.waitForRequest(WASM);
        await fresh(page, path);
        await page.evaluate(() => {
          window.__shift = 0;
          new PerformanceObserver((list) => list.getEntries().forEach((e) => { window.__shift += e.value; }))
            .observe({ type: 'layout-shift', buffered: true });
        });
        await launcher(page).waitFor();
        if (start === 'focused') await page.keyboard.press('Tab');
        if (start === 'hovered') await launcher(page).hover();
        await requested;
        const beforeShot = await snap(page);
        assert.equal(await wasmLauncher(page).count(), 0, 'the first shot shows the loader\'s button');
        await wasmLauncher(page).waitFor();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const afterShot = await snap(page);
        const tag = `${c.name}-${start}`;
        writeFileSync(`${ARTIFACTS}/screenshots/handoff-${tag}-before.png`, PNG.sync.write(beforeShot));
        writeFileSync(`${ARTIFACTS}/screenshots/handoff-${tag}-after.png`, PNG.sync.write(afterShot));
        const { width, height } = beforeShot;
        const diff = pixelmatch(beforeShot.data, afterShot.data, null, width, height, { threshold: 0.05 });
        console.log(`handoff ${tag}: ${diff} of ${width * height} pixels differ`);
        assert.equal(diff, 0, `${tag}: ${diff} pixels differ`);
        const shift = await page.evaluate(() => window.__shift);
        assert.equal(shift, 0, `${tag}: layout shift`);
        await release();
      }
    }
  } finally {
    await page.emulateMedia({ colorScheme: null });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test('a closed dialog does no timed work; once it is shown, the suggestion\'s times follow the clock again', async () => {
  // Its own browser: the page's timers run on Playwright's clock, moved on by hand.
  const own = await startBrowser();
  try {
    const { page, context } = own;
    await context.clock.install();
    await hostPage('/t/clock.html', '', '', page);
    await page.goto(`${server.base}/t/clock.html`);
    await launcher(page).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Something is broken or degraded' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    const q = (text) => dialog.getByRole('group', { name: text, exact: true });
    await q('Can you use the service at all?').getByRole('radio', { name: 'No: it is completely down or unavailable' }).check();
    await q('Is data corrupted or lost, needing a restore from backup?').getByRole('radio', { name: 'No', exact: true }).check();
    await q('Is there a workaround?').getByRole('radio', { name: 'No workaround exists' }).check();
    await dialog.getByText('Suggested: Urgent (P1)', { exact: true }).waitFor();
    await page.evaluate(() => {
      window.__mutations = 0;
      const d = document.querySelector('severity-triage').shadowRoot.querySelector('dialog');
      new MutationObserver((m) => (window.__mutations += m.length)).observe(d, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Closed, the panel is rebuilt from the saved draft, suggestion and all, and kept hidden. That rebuild
    // comes after the `close` event, at a time of the browser's choosing: let it settle (a second of the
    // page's clock at most, so the suggestion's 20 s clock cannot tick here) before counting.
    let before = -1;
    for (let quiet = 0, waited = 0; quiet < 3; waited += 100) {
      assert.ok(waited < 10_000, 'the closed dialog settles within 10 s');
      await context.clock.runFor(100);
      await page.waitForTimeout(100);
      const now = await page.evaluate(() => window.__mutations);
      quiet = now === before ? quiet + 1 : 0;
      before = now;
    }
    const closed = page.locator('severity-triage dialog:not([open])');
    await closed.getByText('Suggested: Urgent (P1)', { exact: true }).waitFor({ state: 'attached' });
    await page.evaluate(() => (window.__mutations = 0));
    for (let i = 0; i < 3; i++) await context.clock.fastForward('00:30');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__mutations), 0, 'the closed dialog changed while nobody could see it');
    await launcher(page).click();
    await dialog.getByText('Suggested: Urgent (P1)', { exact: true }).waitFor();
    const shown = await page.evaluate(() => window.__mutations);
    await context.clock.fastForward('00:25');
    await page.waitForFunction((n) => window.__mutations > n, shown);
  } finally {
    await own.close();
  }
});

test('a click before the browser is idle: the panel built for it is the one kept, its step reported once', async () => {
  // Its own browser: idle callbacks come 1 s late, so the click builds the panel before the idle prebuild
  // would (a busy page, or a person quicker than idle). The idle callback must not build a second one
  // under the person's fingers.
  const own = await startBrowser();
  try {
    const { page, context } = own;
    await context.addInitScript(() => {
      window.__steps = [];
      document.addEventListener('triage-step', (e) => window.__steps.push(e.detail.step));
      const ric = window.requestIdleCallback.bind(window);
      window.__idleFired = 0;
      window.requestIdleCallback = (f, o) => ric(() => setTimeout(() => (window.__idleFired++, f()), 1000), o);
    });
    await hostPage('/t/early.html', 'load="interaction"', '', page);
    await page.goto(`${server.base}/t/early.html`);
    await launcher(page).click();
    const dialog = page.getByRole('dialog');
    const first = dialog.getByRole('radio').first();
    await first.waitFor();
    await page.evaluate(() => {
      const d = document.querySelector('severity-triage').shadowRoot.querySelector('dialog');
      window.__panel = d.firstElementChild;
    });
    await first.check();
    await page.waitForFunction(() => window.__idleFired > 0);
    await page.waitForTimeout(200);
    assert.ok(await page.evaluate(() => window.__panel.isConnected), 'the idle callback replaced the open panel');
    assert.ok(await first.isChecked(), 'the answer given before idle is still on screen');
    assert.deepEqual(await page.evaluate(() => window.__steps), ['type'], 'the first step is reported once');
  } finally {
    await own.close();
  }
});
