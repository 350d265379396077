// Every level of every seed policy, walked through the real widget in Chromium: the level, a reason in
// the policy's words, the target and the deadline on the person's clock must match `triage explain` for
// the same answers; then the ticket is sent and read back from the receiver's SQLite. axe-core runs on
// every step, light and dark; screenshots of every step at 1280 and 360 px go to tests/e2e/artifacts.
// At 360 px the dialog scrolls; the screenshots show its top.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser } from './harness.mjs';
import { policyJson, rowPerLevel, explain, openWidget, answerRow, next, axeBoth, shoot } from './flow-lib.mjs';

const SEEDS = ['wati', 'weka', 'severalnines', 'stakater', 'atlan'];
// A Friday, 17:00 UTC = 17:00 in London (the browser's zone here).
const NOW = '2026-11-27T17:00:00Z';
const hhmm = (iso) =>
  new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(iso));

const londonDay = (iso) => new Date(iso).toLocaleDateString('en-GB', { timeZone: 'Europe/London' });

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  await browser.page.clock.setFixedTime(new Date(NOW));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function fresh(page, query) {
  await page.goto(`${server.base}/?${query}`);
  await page.evaluate(() => localStorage.clear());
  return openWidget(page, server.base, query);
}

for (const name of SEEDS) {
  test(`${name}: each level's path shows the level, reasons, target and deadline, and files the ticket`, async () => {
    const { page, errors } = browser;
    const policy = policyJson(name);
    const rows = rowPerLevel(name);
    assert.ok(rows.length >= 2, `${name} has at least two reachable levels`);
    for (const [i, row] of rows.entries()) {
      const query = `policy=policies/${name}.json&plan=${row.plan}`;
      const dialog = await fresh(page, query);
      const first = i === 0;
      if (first && policy.request_types?.length) {
        await axeBoth(page, `${name} type step`);
        await shoot(page, `${name}-1-type-1280`);
      }
      await answerRow(dialog, policy, row);
      const want = explain(name, row, NOW);
      const live = dialog.getByRole('status').filter({ hasText: 'Suggested:' });
      await live.getByText(`Suggested: ${want.level_name}`, { exact: true }).waitFor();
      await dialog.getByText(want.reasons[0], { exact: true }).first().waitFor();
      const fr = want.first_response;
      if (fr.kind === 'deadline') {
        const line = live.getByText(`First response within ${fr.target}, ${fr.coverage} — by`);
        await line.waitFor();
        assert.equal(await line.getAttribute('data-due'), fr.deadline, `${name} ${want.level}`);
        const day = londonDay(fr.deadline) === londonDay(NOW) ? 'today' : 'tomorrow';
        assert.match(await line.textContent(), new RegExp(`by ${hhmm(fr.deadline)} ${day}, your time`));
      } else {
        assert.equal(fr.kind, 'stated_elsewhere');
        const line = live.getByText(`First response: ${fr.target}`, { exact: true });
        await line.waitFor();
        assert.doesNotMatch(await live.textContent(), / by \d/, 'no invented time');
      }
      await seedFacts(name, want.level, dialog);
      if (first) {
        await axeBoth(page, `${name} severity step`);
        await page.emulateMedia({ colorScheme: 'dark' });
        await shoot(page, `${name}-2-severity-1280-dark`);
        await page.emulateMedia({ colorScheme: 'light' });
        await shoot(page, `${name}-2-severity-1280`);
      }
      await next(dialog);
      const summary = dialog.getByRole('textbox', { name: 'Summary' });
      await summary.waitFor();
      if (first) {
        await axeBoth(page, `${name} send step`);
        await shoot(page, `${name}-3-send-1280`);
      }
      await summary.fill(`${name} ${want.level}: e2e`);
      await dialog.getByRole('button', { name: 'Send ticket' }).click();
      const done = dialog.getByText(/^Ticket filed: ST-\d{6}/);
      await done.waitFor();
      const reference = (await done.textContent()).match(/ST-\d{6}/)[0];
      if (first) {
        await axeBoth(page, `${name} confirmation`);
        await shoot(page, `${name}-4-done-1280`);
      }
      const stored = server.tickets().find((r) => r.reference === reference);
      assert.ok(stored, `${reference} stored`);
      const t = stored.ticket;
      assert.equal(t.policy, name);
      assert.equal(t.level.id, want.level);
      assert.equal(t.level.suggested, want.level);
      assert.deepEqual(t.level.reasons, want.reasons);
      assert.equal(t.plan, row.plan);
      assert.equal(t.request_type ?? null, row.type);
      assert.deepEqual(t.answers, Object.fromEntries(row.answers));
      assert.equal(t.first_response_due ?? null, fr.kind === 'deadline' ? fr.deadline : null);
      assert.match(t.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'crypto.randomUUID');
    }
    assert.deepEqual(errors, []);
  });
}

/// What each vendor's page says about channels, on the level where it says it.
async function seedFacts(name, level, dialog) {
  if (name === 'weka' && level === 'critical') {
    const phone = dialog.getByRole('link', { name: '+1 (844) 392-0665' });
    assert.equal(await phone.getAttribute('href'), 'tel:+18443920665');
    await dialog.getByText('Problem notifications sent via email are not considered critical.').waitFor();
    await dialog.getByText(/^Email: not accepted at this level\./).waitFor();
  }
  if (name === 'atlan') {
    await dialog.getByText(/^First response: Per your support contract/).waitFor();
  }
  if (name === 'severalnines') {
    const required = dialog.getByRole('region', { name: 'Also contact support directly' });
    await required.getByRole('link', { name: 'https://support.severalnines.com/hc/en-us' }).waitFor();
    assert.equal(await required.getByRole('listitem').count(), 1, 'the ticket system is the only channel');
    await dialog.getByText(/^Phone support: not accepted at this level\./).waitFor();
    await dialog.getByText(/^Slack\/Teams\/Zoom support: not accepted at this level\./).waitFor();
  }
}
