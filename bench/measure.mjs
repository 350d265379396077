// One widget, one page load, in a fresh browser context: what a person does (open the help, answer,
// send), timed inside the page by probe.js and, for the POST, by the bench server's arrival stamps.
// Each function returns plain numbers in milliseconds or bytes.
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./probe.js', import.meta.url));

/// A fresh context (own cache, storage and V8 code cache) with the probe, the CPU throttle and a CDP session.
async function open(browser, base, path, throttle) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  await context.addInitScript({ path: PROBE });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.goto(`${base}${path}`, { waitUntil: 'commit' });
  return { context, page, cdp, errors };
}

/// (a) navigation start (the document's time origin) to the launcher being clickable.
const launcherReady = (page) => page.evaluate(() => window.__bench.launcher.then((r) => r.t));

/// Clicks the launcher with the mouse and times (b): its click event to the first question being focusable.
async function clickToFirstQuestion(page) {
  await page.evaluate(() => {
    window.__benchFirst = window.__bench.firstQuestion();
    window.__bench.events.click = null;
  });
  const box = await page.evaluate(() => {
    const r = window.__bench.launcherElement().getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  return page.evaluate(async () => {
    const r = await window.__benchFirst;
    const click = window.__bench.events.click;
    return { focusable: r.t - click, frame: r.frame - click };
  });
}

/// Settled: the load event; ours: the wasm fetched (the idle prefetch) and mounted (the loader's own button,
/// `.st-pre`, handed over to the wasm's); then two idle periods.
async function settle(page, kind) {
  await page.waitForLoadState('load');
  await page.evaluate(async (hasWasm) => {
    if (hasWasm) {
      await window.__bench.when(() => window.__bench.all('.st-pre').length === 0);
      await new Promise((resolve, reject) => {
        const done = () => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm') && e.responseEnd > 0);
        if (done()) return resolve();
        const po = new PerformanceObserver(() => done() && (po.disconnect(), resolve()));
        po.observe({ type: 'resource' });
        setTimeout(() => reject(new Error('the wasm was not prefetched within 30 s')), 30_000);
      });
    }
    for (let i = 0; i < 2; i++) await new Promise((r) => requestIdleCallback(r, { timeout: 2000 }));
  }, kind === 'triage');
}

/// (e) after a forced GC: the JS heap in use, and the bytes of every WebAssembly.Memory in the page's heap
/// (found through the Memory prototype with Runtime.queryObjects, so nothing in the page must expose it).
async function memory(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const proto = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype', objectGroup: 'bench' });
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup: 'bench' });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId,
    functionDeclaration: 'function () { return this.reduce((s, m) => s + m.buffer.byteLength, 0); }',
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'bench' });
  return { heap: usedSize, wasm: result.value, total: usedSize + result.value };
}

/// (c) our widget: the type, then three answers (down, no data lost, no workaround: Urgent); then one answer
/// changed (the service: "a minor issue", Low),
/// timed from that input event to the suggestion's level and response-time line both changing.
async function answerChange(page) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Something is broken or degraded' }).check();
  await dialog.getByRole('button', { name: 'Next' }).click();
  const q = (text) => dialog.getByRole('group', { name: text, exact: true });
  await q('Can you use the service at all?').getByRole('radio', { name: 'No: it is completely down or unavailable' }).check();
  await q('Is data corrupted or lost, needing a restore from backup?').getByRole('radio', { name: 'No', exact: true }).check();
  await q('Is there a workaround?').getByRole('radio', { name: 'No workaround exists' }).check();
  await dialog.getByText('Suggested: Urgent (P1)', { exact: true }).waitFor();
  await page.evaluate(() => {
    window.__benchChange = window.__bench.suggestionChanged(window.__bench.suggestion());
    window.__bench.events.input = null;
  });
  await q('Can you use the service at all?').getByRole('radio', { name: 'Yes: it is a minor issue or small bug' }).check();
  return page.evaluate(async () => {
    const r = await window.__benchChange;
    const input = window.__bench.events.input;
    return { mutation: r.t - input, frame: r.frame - input };
  });
}

/// Fills what the details step requires (the summary and the policy's required fields), as the e2e tests do.
async function fillRequired(dialog) {
  const summary = dialog.getByRole('textbox', { name: 'Summary' });
  if ((await summary.isVisible()) && (await summary.inputValue()) === '') await summary.fill('Checkout is slow for some customers');
  const required = dialog.locator('[aria-required="true"]');
  for (let i = 0; i < (await required.count()); i++) {
    const input = required.nth(i);
    if (!(await input.isVisible()) || (await input.inputValue()) !== '') continue;
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption({ index: 1 });
    else await input.fill((await input.getAttribute('type')) === 'email' ? 'ops@example.com' : 'bench');
  }
}

/// Walks each widget to its submit button with the minimum required inputs; returns the button.
async function toSubmit(page, kind) {
  const dialog = page.getByRole('dialog');
  if (kind === 'triage') {
    // Details, then (in builds that have one) the review step, where it is sent.
    await dialog.getByRole('button', { name: 'Next' }).click();
    await fillRequired(dialog);
    const send = dialog.getByRole('button', { name: 'Send ticket' });
    for (let i = 0; i < 3 && !(await send.isVisible()); i++) {
      await dialog.getByRole('button', { name: 'Next' }).click();
      await fillRequired(dialog);
    }
    return send;
  }
  if (kind === 'sentry') {
    await dialog.getByRole('textbox', { name: /^Description/ }).fill('Checkout is slow for some customers');
    return dialog.getByRole('button', { name: 'Send Bug Report' });
  }
  await dialog.getByRole('textbox', { name: 'What is happening?' }).fill('Checkout is slow for some customers');
  return dialog.getByRole('button', { name: 'Send' });
}

/// (d) the submit click (its event time, on the page's clock) to the POST's arrival at the receiver (the
/// bench server's stamp, moved to the page's clock by the measured offset). Returns ms and the offset's
/// uncertainty (half the calibration round trip).
async function submitToArrival(page, cdp, throttle, base, kind, submit) {
  await submit.waitFor();
  // The offset is a property of the two clocks, not of the CPU: measured unthrottled, so a slow page's own
  // work does not widen the round trip.
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const clock = await page.evaluate(() => window.__bench.clockOffset());
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const before = (await (await fetch(`${base}/bench/arrivals`)).json()).length;
  await page.evaluate(() => (window.__bench.events.click = null));
  await submit.click();
  const deadline = Date.now() + 15_000;
  let arrival;
  while (!arrival) {
    if (Date.now() > deadline) throw new Error(`${kind}: no POST reached the receiver within 15 s of the click`);
    await new Promise((r) => setTimeout(r, 25));
    arrival = (await (await fetch(`${base}/bench/arrivals`)).json()).slice(before).find((a) => a.kind === kind);
  }
  const click = await page.evaluate(() => performance.timeOrigin + window.__bench.events.click);
  // The widget must show that the receiver took it (our widget: the reference from `triage serve`).
  const done = { triage: /^Ticket filed: ST-\d{6}/, sentry: /Thank you for your report!/, plain: /^Sent: PLAIN-\d+/ }[kind];
  await page.getByText(done).first().waitFor({ timeout: 15_000 });
  return { ms: arrival.t - clock.offset - click, uncertainty: clock.rtt / 2 };
}

/// Cold: the widget as it is before anyone has shown interest (ours with load="interaction": nothing
/// fetched until hover, focus or click); the launcher is clicked as soon as it is clickable.
export async function cold(browser, base, kind, throttle) {
  const path = kind === 'triage' ? '/bench/triage.html?load=interaction' : `/bench/${kind}.html`;
  const s = await open(browser, base, path, throttle);
  try {
    const launcher = await launcherReady(s.page);
    const b = await clickToFirstQuestion(s.page);
    if (s.errors.length) throw new Error(`${kind} (cold): page errors: ${s.errors.join('; ')}`);
    return { launcher, cold: b.focusable, coldFrame: b.frame };
  } finally {
    await s.context.close();
  }
}

/// Warm: the default page (ours: load="idle", the wasm prefetched when idle), settled before the click;
/// then memory with the dialog open, the answer change (ours only) and the submit.
export async function warm(browser, base, kind, throttle) {
  const s = await open(browser, base, `/bench/${kind}.html`, throttle);
  try {
    const launcher = await launcherReady(s.page);
    await settle(s.page, kind);
    let b, mem, change, post;
    try {
      b = await clickToFirstQuestion(s.page);
      mem = await memory(s.cdp);
      change = kind === 'triage' ? await answerChange(s.page) : null;
      post = await submitToArrival(s.page, s.cdp, throttle, base, kind, await toSubmit(s.page, kind));
    } catch (e) {
      const shown = await s.page.evaluate(() => window.__bench.all('dialog[open]').map((d) => d.innerText.slice(0, 800))).catch(() => []);
      e.stack = e.message = `${kind} (warm): ${e.message}\npage errors: ${s.errors.join('; ') || 'none'}\nthe open dialog shows: ${shown.join('\n---\n')}`;
      throw e;
    }
    if (s.errors.length) throw new Error(`${kind} (warm): page errors: ${s.errors.join('; ')}`);
    return {
      launcherWarm: launcher,
      warm: b.focusable,
      warmFrame: b.frame,
      change: change?.frame ?? null,
      changeMutation: change?.mutation ?? null,
      post: post.ms,
      postUncertainty: post.uncertainty,
      ...mem,
    };
  } finally {
    await s.context.close();
  }
}
