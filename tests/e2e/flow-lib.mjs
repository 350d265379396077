// Shared steps for the flow tests: the expected outcomes come from the `triage` CLI (table and explain
// on the same policy files), the actions go through the page by roles and labels, as a person would.
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const BIN = process.env.TRIAGE_BIN ?? 'target/debug/triage';
const require = createRequire(import.meta.url);
export const AXE = require.resolve('axe-core/axe.min.js');
export const ARTIFACTS = 'tests/e2e/artifacts';
mkdirSync(join(ARTIFACTS, 'screenshots'), { recursive: true });

export const policyFile = (name) => `public/policies/${name}.json`;
export const policyJson = (name) => JSON.parse(readFileSync(policyFile(name), 'utf8'));
/// The compiled form of a policy source file, as `triage compile` prints it: all the widget reads.
export const compiled = (path) => execFileSync(BIN, ['compile', path], { encoding: 'utf8' });

/// Rows of `triage table`: { type, plan, answers: [[q, o]], level }.
export function tableRows(name) {
  const out = execFileSync(BIN, ['table', policyFile(name)], { encoding: 'utf8' });
  const rows = [];
  let type = null;
  let plan = null;
  for (const line of out.split('\n')) {
    const head = line.match(/^# (?:request type "([^"]+)"|\(no request type\)), plan "([^"]+)"/);
    if (head) {
      [type, plan] = [head[1] ?? null, head[2]];
      continue;
    }
    const row = line.match(/^(.*)\t-> (\S+) \(/);
    if (!row) continue;
    const answers = row[1] === '(no questions)' ? [] : row[1].split(' ').map((a) => a.split('='));
    rows.push({ type, plan, answers, level: row[2] });
  }
  return rows;
}

/// One row per level (the first that yields it), as the e2e walks.
export function rowPerLevel(name) {
  const seen = new Map();
  for (const r of tableRows(name)) if (!seen.has(r.level)) seen.set(r.level, r);
  return [...seen.values()];
}

export function explain(name, row, at) {
  const args = ['explain', policyFile(name), '--plan', row.plan, '--at', at, '--json'];
  if (row.type) args.push('--type', row.type);
  for (const [q, o] of row.answers) args.push('--answer', `${q}=${o}`);
  return JSON.parse(execFileSync(BIN, args, { encoding: 'utf8' }));
}

export async function openWidget(page, base, query) {
  await page.goto(`${base}/?${query}`);
  const launcher = page.getByRole('button', { name: 'Get help' });
  await launcher.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

export const next = (scope) => scope.getByRole('button', { name: 'Next' }).click();

/// Walks the type and impact questions of `row` in the open widget.
export async function answerRow(scope, policy, row) {
  if (policy.request_types?.length) {
    const t = policy.request_types.find((x) => x.id === row.type);
    await scope.getByRole('group', { name: 'What is happening?' }).getByRole('radio', { name: t.name }).check();
    await next(scope);
  }
  for (const [qid, oid] of row.answers) {
    const q = policy.questions.find((x) => x.id === qid);
    const o = q.options.find((x) => x.id === oid);
    await scope.getByRole('group', { name: q.text, exact: true }).getByRole('radio', { name: o.label, exact: true }).check();
  }
}

/// Runs axe-core on the page in light and in dark colour schemes and fails on any violation.
export async function axeBoth(page, what) {
  await axe(page, `${what} (light)`);
  await page.emulateMedia({ colorScheme: 'dark' });
  try {
    await axe(page, `${what} (dark)`);
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
}

/// Runs axe-core on the whole page and fails on any violation.
export async function axe(page, what) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE });
  }
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(result, [], `axe violations on ${what}`);
}

/// Screenshots at 1280 px and at 360 px wide (the narrow one named `<name>-360`).
export async function shoot(page, name) {
  const size = page.viewportSize();
  await page.screenshot({ path: join(ARTIFACTS, 'screenshots', `${name}.png`) });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(ARTIFACTS, 'screenshots', `${name}-360.png`) });
  await page.setViewportSize(size);
}

/// `shoot` in the light and in the dark colour scheme (the dark ones named `<name>-dark`, `<name>-dark-360`).
export async function shootBoth(page, name) {
  await shoot(page, name);
  await page.emulateMedia({ colorScheme: 'dark' });
  try {
    await shoot(page, `${name}-dark`);
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
}

/// On the details step: Next with required fields empty must show their messages and move focus to the
/// first (screenshots named `shot`, if given); then every invalid input is filled (an address for email inputs) and Next goes to review.
export async function completeDetails(scope, page, shot = null) {
  await next(scope);
  const invalid = scope.locator('[aria-invalid="true"]');
  await invalid.first().waitFor();
  const n = await invalid.count();
  assert.ok(n >= 1, 'at least one required field');
  // The widget moves focus on the next animation frame: wait for it (bounded), then name what has it.
  const firstId = await invalid.first().getAttribute('id');
  await page.waitForFunction((id) => deepActive()?.id === id, firstId, { timeout: 3000 }).catch(() => {});
  const focusedId = await page.evaluate(() => deepActive()?.id);
  assert.equal(focusedId, firstId, 'focus moves to the first invalid input');
  for (let i = 0; i < n; i++) {
    const el = invalid.nth(i);
    const describedBy = await el.getAttribute('aria-describedby');
    const errorId = describedBy?.split(' ').find((id) => id.endsWith('-error'));
    assert.ok(errorId, 'the message is tied to its input');
    const message = scope.locator(`[id="${errorId}"]`);
    assert.ok(await message.isVisible(), `the message ${errorId} shows`);
    assert.ok((await message.textContent()).trim().length > 0, `the message ${errorId} says something`);
  }
  if (shot) await shootBoth(page, shot);
  // By id: each input leaves the invalid set as soon as it is filled, so positions in it shift.
  const ids = await invalid.evaluateAll((els) => els.map((e) => e.id));
  for (const id of ids) {
    const el = scope.locator(`[id="${id}"]`);
    const type = await el.getAttribute('type');
    await el.fill(type === 'email' ? 'ops@example.com' : 'e2e detail');
  }
  await next(scope);
  await scope.getByRole('button', { name: 'Send ticket' }).waitFor();
}
