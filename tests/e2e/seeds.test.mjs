// Every level of every seed policy, walked through the real widget in Chromium: the level, a reason in
// the policy's words, the target and the deadline on the person's clock must match `triage explain` for
// the same answers; then the ticket is sent and read back from the receiver's SQLite. axe-core runs on
// every step, light and dark; screenshots of every step at 1280 and 360 px go to tests/e2e/artifacts.
// At 360 px the dialog scrolls; the screenshots show its top.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser } from './harness.mjs';
import { policyJson, rowPerLevel, explain, openWidget, answerRow, next, axeBoth, shoot, shootBoth, completeDetails } from './flow-lib.mjs';

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
      const query = `policy=policies/${name}.compiled.json&plan=${row.plan}`;
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
        await axeBoth(page, `${name} details step`);
        await shoot(page, `${name}-3-details-1280`);
      }
      await summary.fill(`${name} ${want.level}: e2e`);
      let secrets = null;
      if (first) {
        secrets = await logsAndFile(page, dialog, policy);
        await axeBoth(page, `${name} details step with files and notes`);
        await shootBoth(page, `${name}-3-details-files-1280`);
      }
      await completeDetails(dialog, page, first ? `${name}-3-details-errors-1280` : null);
      if (first) {
        await reviewFindings(dialog);
        await axeBoth(page, `${name} review step`);
        await dialog.locator('.st-review-part').first().scrollIntoViewIfNeeded();
        await shootBoth(page, `${name}-4-review-1280`);
        // The review is longer than the dialog: the findings and the context list, scrolled into view.
        await dialog.locator('.st-findings').scrollIntoViewIfNeeded();
        await shootBoth(page, `${name}-4-review-findings-1280`);
        await dialog.locator('.st-context').scrollIntoViewIfNeeded();
        await shootBoth(page, `${name}-4-review-context-1280`);
      }
      await dialog.getByRole('button', { name: 'Send ticket' }).click();
      const done = dialog.getByText(/^Ticket filed: ST-\d{6}/);
      await done.waitFor();
      const reference = (await done.textContent()).match(/ST-\d{6}/)[0];
      if (first) {
        await axeBoth(page, `${name} confirmation`);
        await shootBoth(page, `${name}-5-done-1280`);
        // A heading only over something: Wati has no tips and no escalation path.
        const tips = await dialog.getByRole('heading', { name: 'Meanwhile' }).count();
        assert.equal(tips, policy.tips?.length ? 1 : 0, 'the tips heading shows only over tips');
        if (!policy.escalation?.length) {
          assert.equal(await dialog.getByRole('heading', { name: 'If it gets worse' }).count(), 0, 'no empty escalation heading');
        }
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
      assert.equal(t.schema, 'severity-triage/ticket@1');
      assert.match(t.policy_version, /^fnv1a64:[0-9a-f]{16}$/);
      assert.deepEqual(t.answers.map((a) => [a.question, a.option]), row.answers);
      assert.equal(t.first_response?.due ?? null, fr.kind === 'deadline' ? fr.deadline : null);
      assert.ok(t.details.contact_email, 'the required contact is sent');
      if (secrets) {
        const body = JSON.stringify(t);
        for (const s of secrets.hidden) assert.ok(!body.includes(s), `${s} must not leave the browser`);
        assert.ok(body.includes(secrets.kept), 'the undone finding is sent');
        assert.equal(t.redactions['aws-access-key'], 1);
        assert.equal(t.redactions.jwt, 1);
        assert.equal(t.redactions['url-password'], 1);
        assert.equal(t.redactions['bearer-token'], undefined);
        const log = policy.fields.find((f) => f.kind === 'log');
        assert.match(t.details[log.id], /^ERROR auth failed key=\[REDACTED:aws-access-key\]\n/, 'the pasted log is sent, masked');
        assert.ok(t.details[log.id].includes('[REDACTED:jwt]'));
        assert.equal(t.summary, `${name} ${want.level}: e2e`);
        assert.equal(t.context.browser, undefined, 'the removed context item is not sent');
        assert.ok(t.context.os, 'the other context items are sent');
        const vp = page.viewportSize();
        assert.equal(t.context.viewport, `${vp.width}×${vp.height}`, 'the viewport in whole CSS pixels');
        assert.ok(t.context.page_url && !t.context.page_url.includes('?'), 'page URL without query');
        assert.equal(t.attachments.length, 1);
        assert.equal(t.attachments[0].trimmed, true);
        assert.equal(t.attachments[0].name, 'huge.log');
      }
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

const AWS = 'AKIAIOSFODNN7EXAMPLE';
const BEARER = 'abcdef0123456789abcdef0123';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const URL_PASSWORD = 'hunter2secret';

/// Pastes a log with four secrets, attaches a text file over the budget and a binary one.
async function logsAndFile(page, dialog, policy) {
  const log = policy.fields.find((f) => f.kind === 'log');
  await dialog.getByRole('textbox', { name: log.label }).fill(
    `ERROR auth failed key=${AWS}\nAuthorization: Bearer ${BEARER}\ntoken ${JWT}\nGET https://bob:${URL_PASSWORD}@db.example.com/x\n`,
  );
  const big = Array.from({ length: 4000 }, (_, i) => `2026-11-27 17:00:${String(i % 60).padStart(2, '0')} line ${i}`).join('\n');
  const picker = dialog.getByLabel('Attach text files');
  await picker.setInputFiles([{ name: 'huge.log', mimeType: 'text/plain', buffer: Buffer.from(big) }]);
  await dialog.getByText(/^huge\.log: the first \d+ characters were left out/).waitFor();
  await dialog.getByText(/^huge\.log \(\d+ KB\)$/).waitFor();
  await picker.setInputFiles([{ name: 'core.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0x7f, 0x45, 0, 0, 1]) }]);
  await dialog.getByText('core.bin is not a text file and was not attached.').waitFor();
  return { hidden: [AWS, JWT, URL_PASSWORD], kept: BEARER };
}

/// In review: all four findings shown masked, the bearer token undone, the browser item removed.
async function reviewFindings(dialog) {
  const list = dialog.locator('.st-findings');
  for (const kind of ['AWS access key ID', 'Bearer token', 'JSON Web Token', 'Password in a URL']) {
    await list.getByText(new RegExp(`^${kind} in `)).first().waitFor();
  }
  const text = await dialog.textContent();
  for (const s of [AWS, BEARER, JWT, URL_PASSWORD]) assert.ok(!text.includes(s), `${s} shown masked`);
  await dialog.getByRole('button', { name: 'Send this Bearer token as it is' }).click();
  await dialog.getByRole('button', { name: 'Hide this Bearer token again' }).waitFor();
  await dialog.getByRole('button', { name: 'Remove Browser' }).click();
  await dialog.getByRole('button', { name: 'Add Browser back' }).waitFor();
}
