// The flow as a person uses it: keyboard only from the launcher to Send, Escape and focus return, a
// reload mid-flow, Start over, the plan question with "I don't know", filing above the suggestion with a
// justification, and support hours explained for a ticket filed on a Friday evening.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser } from './harness.mjs';
import { openWidget, next, axe, axeBoth, shoot, completeDetails, compiled } from './flow-lib.mjs';

let server;
let browser;
const FRIDAY_EVENING = '2026-11-27T18:00:00Z'; // 19:00 in Berlin, 18:00 in London

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  await browser.page.clock.setFixedTime(new Date(FRIDAY_EVENING));
  await browser.page.route('**/fixtures/business-hours.compiled.json', (route) =>
    route.fulfill({ body: compiled('tests/e2e/fixtures/business-hours.json'), contentType: 'application/json' }),
  );
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function fresh(query) {
  const { page } = browser;
  await page.goto(`${server.base}/?${query}`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
}

const active = (page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    // The widget renders in a shadow root: the document sees the host element focused.
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { tag: a.tagName, id: a.id, text: a.textContent.trim(), label: a.getAttribute('aria-label') ?? a.labels?.[0]?.textContent.trim() ?? '' };
  });

/// Waits until the focused element's text includes `text`, naming what has focus if it never does.
async function focusOn(page, text) {
  try {
    await page.waitForFunction((t) => ((a) => { while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement; return a; })(document.activeElement)?.textContent.includes(t), text, { timeout: 5000 });
  } catch {
    throw new Error(`focus is not on "${text}" but on ${JSON.stringify(await active(page))}`);
  }
}

async function tabUntil(page, want, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const a = await active(page);
    if (want(a)) return a;
  }
  throw new Error(`focus never reached the wanted element; last: ${JSON.stringify(await active(page))}`);
}

test('keyboard only: launcher to Send, Tab wraps inside the dialog, Escape closes and focus returns', async () => {
  const { page, errors } = browser;
  await fresh('policy=policies/wati.compiled.json');
  await tabUntil(page, (a) => a.text === 'Get help');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await focusOn(page, 'Step 1 of 4');
  // The type: Tab into the radio group, Space picks the focused option.
  let a = await tabUntil(page, (x) => x.tag === 'INPUT');
  assert.equal(a.label, 'Something is broken or degraded');
  await page.keyboard.press('Space');
  await tabUntil(page, (x) => x.text === 'Next');
  await page.keyboard.press('Enter');
  await focusOn(page, 'Step 2 of 4');
  // Three questions: the first option of each ("completely down", data lost, no workaround).
  for (const label of ['No: it is completely down or unavailable', 'Yes', 'No workaround exists']) {
    a = await tabUntil(page, (x) => x.tag === 'INPUT' && x.label === label);
    await page.keyboard.press('Space');
  }
  await page.getByRole('dialog').getByText('Suggested: Urgent (P1)', { exact: true }).waitFor();
  await tabUntil(page, (x) => x.text === 'Next');
  // Tab from the last control wraps to the first (Close), Shift+Tab goes back.
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).label, 'Close');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await active(page)).text, 'Next');
  await page.keyboard.press('Enter');
  await focusOn(page, 'Step 3 of 4');
  a = await tabUntil(page, (x) => x.tag === 'INPUT');
  assert.equal(a.label, 'Summary (required)');
  await page.keyboard.type('Checkout is down (keyboard only)');
  // Escape closes; the draft is kept; focus returns to the launcher.
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal((await active(page)).text, 'Get help');
  await page.keyboard.press('Enter');
  await focusOn(page, 'Step 3 of 4');
  await tabUntil(page, (x) => x.tag === 'INPUT');
  assert.equal(await page.getByRole('textbox', { name: 'Summary' }).inputValue(), 'Checkout is down (keyboard only)');
  // Enter tries to move on: focus goes to the first empty required field; fill it, Enter again.
  await page.keyboard.press('Enter');
  for (let i = 0; i < 6; i++) {
    const h = await page
      .waitForFunction(() => {
        const a = deepActive();
        if (a?.getAttribute('aria-invalid') === 'true' && !a.value) return a.tagName === 'TEXTAREA' ? 'textarea' : a.type;
        if (a?.textContent?.includes('Step 4 of 4')) return 'review';
        return null;
      }, null, { timeout: 5000 })
      .catch(async () => {
        throw new Error(`after Enter, focus is neither on an empty invalid field nor on step 4 but on ${JSON.stringify(await active(page))}`);
      });
    const kind = await h.jsonValue();
    if (kind === 'review') break;
    await page.keyboard.type(kind === 'email' ? 'ops@example.com' : 'Inbox');
    // Enter in a multi-line field is a new line: a keyboard user tabs on to Next.
    if (kind === 'textarea') await tabUntil(page, (x) => x.text === 'Next');
    await page.keyboard.press('Enter');
  }
  await tabUntil(page, (x) => x.text === 'Send ticket');
  await page.keyboard.press('Enter');
  const done = page.getByRole('dialog').getByText(/^Ticket filed: ST-\d{6} \(Urgent \(P1\)\)\./);
  await done.waitFor();
  const reference = (await done.textContent()).match(/ST-\d{6}/)[0];
  const row = server.tickets().find((r) => r.reference === reference);
  assert.equal(row.ticket.summary, 'Checkout is down (keyboard only)');
  assert.deepEqual(row.ticket.answers.map((a) => [a.question, a.option]), [['service', 'down'], ['data_loss', 'yes'], ['workaround', 'none']]);
  assert.equal(await page.evaluate(() => localStorage.getItem('severity-triage:draft:wati')), null, 'sent: draft gone');
  assert.deepEqual(errors, []);
});

test('a reload mid-flow keeps the answers; Start over clears them', async () => {
  const { page, errors } = browser;
  await fresh('policy=policies/stakater.compiled.json&plan=premium');
  let dialog = await openWidget(page, server.base, 'policy=policies/stakater.compiled.json&plan=premium');
  await dialog.getByRole('radio', { name: 'Something is broken or degraded' }).check();
  await next(dialog);
  await dialog.getByRole('radio', { name: 'Production outage' }).check();
  await dialog.getByRole('radio', { name: 'No viable workaround' }).check();
  await page.reload();
  dialog = await openWidget(page, server.base, 'policy=policies/stakater.compiled.json&plan=premium');
  await dialog.getByText('Step 2 of 4', { exact: false }).waitFor();
  assert.ok(await dialog.getByRole('radio', { name: 'Production outage' }).isChecked());
  assert.ok(await dialog.getByRole('radio', { name: 'No viable workaround' }).isChecked());
  await dialog.getByText('Suggested: P1 – Critical', { exact: true }).waitFor();
  await dialog.getByRole('button', { name: 'Start over' }).click();
  await dialog.getByText('Step 1 of 4', { exact: false }).waitFor();
  assert.equal(await dialog.getByRole('radio', { name: 'Something is broken or degraded' }).isChecked(), false);
  await next(dialog);
  await dialog.getByRole('radio', { name: 'Something is broken or degraded' }).check();
  await next(dialog);
  assert.equal(await dialog.getByRole('radio', { name: 'Production outage' }).isChecked(), false);
  // A corrupt saved draft is discarded with a warning, never a crash.
  await page.evaluate(() => localStorage.setItem('severity-triage:draft:stakater', '{"v":1,"policy":"stakater","step":"severity","answers":{"impact":"gone"}}'));
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.reload();
  dialog = await openWidget(page, server.base, 'policy=policies/stakater.compiled.json&plan=premium');
  await dialog.getByText('Step 1 of 4', { exact: false }).waitFor();
  assert.ok(warnings.some((w) => w.includes('discarding the saved draft')), warnings.join('\n'));
  // A draft nested as deep as the JSON reader follows is read, a far deeper one discarded: both within the
  // wasm stack (the harness checks how deep it went when the browser closes).
  for (const depth of [125, 20_000]) {
    await page.evaluate((d) => localStorage.setItem('severity-triage:draft:stakater', `{"v":1,"policy":"stakater","x":${'['.repeat(d)}${']'.repeat(d)}}`), depth);
    await page.reload();
    dialog = await openWidget(page, server.base, 'policy=policies/stakater.compiled.json&plan=premium');
    await dialog.getByText('Step 1 of 4', { exact: false }).waitFor();
  }
  assert.deepEqual(errors, []);
});

test('the plan question: "I don\'t know" shows every plan\'s target; a plan shows its own', async () => {
  const { page, errors } = browser;
  await fresh('policy=policies/severalnines.compiled.json');
  const dialog = await openWidget(page, server.base, 'policy=policies/severalnines.compiled.json');
  await dialog.getByRole('radio', { name: 'A problem with the CCX control plane' }).check();
  await next(dialog);
  await dialog.getByRole('radio', { name: 'Yes, no ad-hoc solution was found' }).check();
  await next(dialog);
  const plan = dialog.getByRole('group', { name: 'Your support plan' });
  await plan.getByText('Choose your plan, or "I don\'t know".').waitFor();
  // Focus moves to the first input that needs attention: the plan group's first option.
  await page.waitForFunction(() => ((a) => { while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement; return a; })(document.activeElement)?.labels?.[0]?.textContent.startsWith('CCX Control Plane'));
  await plan.getByRole('radio', { name: "I don't know" }).check();
  const live = dialog.getByRole('status').filter({ hasText: 'Suggested:' });
  await live.getByText('First response by plan:').waitFor();
  await live.getByText(/^CCX Control Plane: First response within 1 hour, 24x7 — by 19:00 today, your time$/).waitFor();
  await live.getByText(/^End User Datastore – Premium Support: First response: See the CCX SLA/).waitFor();
  await axeBoth(page, 'plan unknown');
  await plan.getByRole('radio', { name: /^CCX Control Plane/ }).check();
  await live.getByText('First response within 1 hour, 24x7 — by 19:00 today, your time', { exact: true }).waitFor();
  assert.deepEqual(errors, []);
});

test('filing above the suggestion asks for a one-line justification and records it', async () => {
  const { page, errors } = browser;
  await fresh('policy=policies/wati.compiled.json');
  const dialog = await openWidget(page, server.base, 'policy=policies/wati.compiled.json');
  await dialog.getByRole('radio', { name: 'Something is broken or degraded' }).check();
  await next(dialog);
  await dialog.getByRole('radio', { name: 'Yes: it is a minor issue or small bug' }).check();
  await dialog.getByRole('group', { name: 'Is data corrupted or lost, needing a restore from backup?' }).getByRole('radio', { name: 'No' }).check();
  await dialog.getByText('Suggested: Low (P4)', { exact: true }).waitFor();
  await dialog.getByText('Not right? Choose another level').click();
  const levels = dialog.getByRole('group', { name: 'Severity' });
  await levels.getByRole('radio', { name: /^Low \(P4\) \(suggested\)/ }).waitFor();
  await levels.getByRole('radio', { name: /^Urgent \(P1\)/ }).check();
  await dialog.getByText('Filing as Urgent (P1) (suggested: Low (P4))').waitFor();
  await dialog.getByText('First response within 45 minutes, 24/7', { exact: false }).first().waitFor();
  await next(dialog);
  const why = dialog.getByRole('textbox', { name: 'Why is it more severe than suggested? (one line)' });
  await dialog.getByText('Say in one line why it is more severe than suggested.').waitFor();
  assert.equal(await why.getAttribute('aria-invalid'), 'true');
  await page.waitForFunction(() => ((a) => { while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement; return a; })(document.activeElement)?.id.endsWith('-justification'));
  await axeBoth(page, 'justification error');
  await shoot(page, 'wati-justification-error-1280');
  await why.fill('Our biggest customer is blocked');
  await next(dialog);
  await dialog.getByRole('textbox', { name: 'Summary' }).fill('Template preview broken');
  await completeDetails(dialog, page);
  await dialog.getByRole('button', { name: 'Send ticket' }).click();
  const done = dialog.getByText(/^Ticket filed: ST-\d{6}/);
  await done.waitFor();
  const reference = (await done.textContent()).match(/ST-\d{6}/)[0];
  const t = server.tickets().find((r) => r.reference === reference).ticket;
  assert.equal(t.level.id, 'p1');
  assert.equal(t.level.suggested, 'p4');
  assert.equal(t.level.justification, 'Our biggest customer is blocked');
  assert.deepEqual(errors, []);
});

test('filed on a Friday evening outside support hours: the coverage is explained and the deadline is Monday', async () => {
  const { page, errors } = browser;
  await fresh('policy=fixtures/business-hours.compiled.json');
  const dialog = await openWidget(page, server.base, 'policy=fixtures/business-hours.compiled.json');
  await dialog.getByRole('radio', { name: 'Yes' }).check();
  await dialog.getByText(
    'Support hours are Mon–Fri 09:00–17:00 (Europe/Berlin): your ticket is answered from Monday 09:00, Monday 08:00 your time.',
  ).waitFor();
  const line = dialog.getByText('First response within 4 hours, Mon–Fri 09:00–17:00 (Europe/Berlin) — by Monday 12:00, your time');
  await line.waitFor();
  assert.equal(await line.getAttribute('data-due'), '2026-11-30T12:00:00Z');
  await dialog.getByRole('img', { name: 'Timeline from now to the deadline; shaded parts are support hours.' }).waitFor();
  await axeBoth(page, 'business hours card');
  await shoot(page, 'business-hours-friday-1280');
  assert.deepEqual(errors, []);
});
