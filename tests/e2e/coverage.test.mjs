// Coverage that depends on how the case is raised (docs/policy.md), end to end in the widget: the card shows
// both promises — the plan's, in office hours, and the one that holds if the person calls — each with the
// deadline `triage explain` computes for the same answers and time, the confirmation repeats them, and the
// ticket carries the alternative. An answer-conditional alternative replaces the promise instead. The policy
// is tests/fixtures/coverage-policy.json (Berlin office hours, "P1 is worked 24/7 once escalated by phone",
// "24/7 for Production P1 only"); the filing time is a Friday 16:00 in Berlin, so the two deadlines are
// Monday 12:00 and Friday 20:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, startBrowser } from './harness.mjs';
import { compiled, axe, shootBoth } from './flow-lib.mjs';

const POLICY = 'tests/fixtures/coverage-policy.json';
const BIN = process.env.TRIAGE_BIN ?? 'target/debug/triage';
const NOW = '2026-11-27T15:00:00Z';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  await browser.page.clock.setFixedTime(new Date(NOW));
  const text = compiled(POLICY);
  await browser.context.route(`${server.base}/t/coverage.compiled.json`, (r) => r.fulfill({ body: text, contentType: 'application/json' }));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const explain = (plan, answers) =>
  JSON.parse(
    execFileSync(BIN, ['explain', POLICY, '--plan', plan, '--at', NOW, '--json', ...answers.flatMap((a) => ['--answer', a])], {
      encoding: 'utf8',
    }),
  );

async function open(plan) {
  const { page } = browser;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>coverage</title>
    <link rel="icon" href="data:,"><script type="module" src="/severity-triage.js"></script></head><body><main>
    <h1>Alpenwerk support</h1><severity-triage id="w" policy="/t/coverage.compiled.json" endpoint="/api/tickets"
    mode="inline" plan="${plan}" fallback="Email support@alpenwerk.example."></severity-triage></main></body></html>`;
  await page.route(`${server.base}/t/coverage-${plan}.html`, (r) => r.fulfill({ body: html, contentType: 'text/html' }));
  await page.goto(`${server.base}/t/coverage-${plan}.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const w = page.locator('#w');
  await w.getByRole('radio').first().waitFor();
  return w;
}

async function answer(w, environment, impact) {
  await w.getByRole('group', { name: 'Which environment is affected?' }).getByRole('radio', { name: environment }).check();
  await w.getByRole('group', { name: 'How bad is it?' }).getByRole('radio', { name: impact }).check();
}

async function send(w) {
  await w.getByRole('button', { name: 'Next' }).click();
  await w.getByRole('textbox', { name: 'Summary' }).fill('Cluster down');
  await w.getByRole('textbox', { name: 'Your email' }).fill('ops@example.com');
  await w.getByRole('button', { name: 'Next' }).click();
  await w.getByRole('button', { name: 'Send ticket' }).click();
  const done = w.getByText(/^Ticket filed: ST-\d{6}/);
  await done.waitFor();
  const reference = (await done.textContent()).match(/ST-\d{6}/)[0];
  return { reference, ticket: server.tickets().find((r) => r.reference === reference).ticket };
}

test('by phone: the card shows both promises with explain\'s deadlines, the confirmation and the ticket keep both', async () => {
  const { page, errors } = browser;
  errors.length = 0;
  const w = await open('standard');
  await answer(w, 'Staging or test', 'Down or unusable, no workaround');
  const want = explain('standard', ['environment=staging', 'impact=down']).first_response;
  assert.equal(want.deadline, '2026-11-30T11:00:00Z');
  assert.equal(want.alternative.deadline, '2026-11-27T19:00:00Z');
  const first = w.getByText(`First response within ${want.target}, ${want.coverage} — by`);
  await first.waitFor();
  assert.equal(await first.getAttribute('data-due'), want.deadline);
  assert.match(await first.textContent(), /by Monday 12:00, your time$/);
  const alternative = w.getByText(/^— or within 4 hours, 24\/7, if you call \+49 89 1234 5678: by 20:00 today, your time$/);
  await alternative.waitFor();
  await axe(page, 'coverage card');
  await shootBoth(page, 'coverage-card');
  const { ticket } = await send(w);
  await w.getByText(/if you call \+49 89 1234 5678: by 20:00/).waitFor();
  assert.equal(ticket.first_response.due, want.deadline);
  assert.equal(ticket.first_response.alternative.due, want.alternative.deadline);
  assert.equal(ticket.first_response.alternative.channel, 'phone');
  assert.deepEqual(errors, []);
});

test('by answers: production replaces the office-hours promise with the 24/7 one, staging keeps it', async () => {
  const { errors } = browser;
  errors.length = 0;
  const w = await open('premium');
  await answer(w, 'Production', 'Down or unusable, no workaround');
  const production = explain('premium', ['environment=production', 'impact=down']).first_response;
  assert.equal(production.coverage, '24/7');
  const line = w.getByText(`First response within ${production.target}, 24/7 — by`);
  await line.waitFor();
  assert.equal(await line.getAttribute('data-due'), production.deadline);
  await answer(w, 'Staging or test', 'Down or unusable, no workaround');
  const staging = explain('premium', ['environment=staging', 'impact=down']).first_response;
  assert.notEqual(staging.coverage, '24/7');
  const office = w.getByText(`First response within ${staging.target}, ${staging.coverage} — by`);
  await office.waitFor();
  assert.equal(await office.getAttribute('data-due'), staging.deadline);
  await answer(w, 'Production', 'Down or unusable, no workaround');
  await line.waitFor();
  const { ticket } = await send(w);
  assert.equal(ticket.first_response.due, production.deadline);
  assert.deepEqual(errors, []);
});
