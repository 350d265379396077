// The demo page used as a person would: by roles and labels, against the real receiver.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser } from './harness.mjs';

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

test('choosing a severity updates the widget and shows the response time', async () => {
  const { page, errors } = browser;
  await page.goto(`${server.base}/`);
  const launcher = page.getByRole('button', { name: 'Get help' });
  await launcher.click();
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  await page.getByRole('heading', { name: 'Get help from Wati' }).waitFor();
  await page.getByRole('radio', { name: /Urgent \(P1\)/ }).check();
  await page.getByText('Filing as Urgent (P1)').waitFor();
  await page.getByText(/First response within 45 minutes, 24\/7 — by .* your time/).waitFor();
  await page.getByRole('radio', { name: /Low \(P4\)/ }).check();
  await page.getByText(/First response within 8 hours, 24\/7/).waitFor();
  assert.deepEqual(errors, []);
});

test('a filed ticket reaches SQLite through triage serve', async () => {
  const { page, errors } = browser;
  await page.goto(`${server.base}/`);
  await page.getByRole('button', { name: 'Get help' }).click();
  await page.getByRole('radio', { name: /High \(P2\)/ }).check();
  await page.getByRole('textbox', { name: 'What went wrong?' }).fill('Broadcasts are stuck in "sending"');
  await page.getByRole('button', { name: 'Send ticket' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Ticket filed' });
  await status.waitFor();
  const reference = (await status.textContent()).match(/ST-\d{6}/)?.[0];
  assert.ok(reference, 'the status names the reference');

  const rows = server.tickets();
  const row = rows.find((r) => r.reference === reference);
  assert.ok(row, `row ${reference} in SQLite`);
  assert.equal(row.ticket.policy, 'wati');
  assert.equal(row.ticket.level.id, 'p2');
  assert.equal(row.ticket.level.name, 'High (P2)');
  assert.equal(row.ticket.summary, 'Broadcasts are stuck in "sending"');
  // Acknowledged tickets leave the browser's outbox.
  assert.equal(await page.evaluate(() => localStorage.getItem('severity-triage:outbox:wati')), null);
  assert.deepEqual(errors, []);
});
