// The host pages and recorders the two-stage loading suites share (loading.test.mjs, the happy paths
// and timing; loading-failures.test.mjs, what a page sees when part of the widget cannot be fetched).
import { startServer, startBrowser } from './harness.mjs';

export const POLICY = '/policies/wati.compiled.json';
export const WASM = /severity-triage-app_bg\.wasm$/;
/// What only the second stage fetches: the wasm, its glue, the widget's stylesheet, the policy.
const SECOND_STAGE = /(\.wasm|severity-triage-app\.js|widget\.css|\.json)$/;

/// A receiver and a browser whose pages record `triage-error` details in `window.__events`.
export async function startLoading() {
  const server = await startServer();
  const browser = await startBrowser();
  await browser.page.route(`${server.base}/t/blank.html`, (r) => r.fulfill({ body: '<!DOCTYPE html><title>blank</title>', contentType: 'text/html' }));
  await browser.context.addInitScript(() => {
    window.__events = [];
    document.addEventListener('triage-error', (e) => window.__events.push(e.detail));
  });
  return { server, browser };
}

/// A host page on the receiver's origin with one widget; `attrs` are added to the element.
export async function hostPage(server, page, path, attrs = '', body = '') {
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>loading</title>
    <link rel="icon" href="data:,"><style>body { margin: 0; font: 16px/1.5 serif }</style>
    <script type="module" src="/severity-triage.js"></script></head><body>${body}<p>Host text</p>
    <severity-triage id="w" policy="${POLICY}" endpoint="/api/tickets" fallback="Email help@host.example." ${attrs}></severity-triage>
    </body></html>`;
  await page.route(`${server.base}${path}`, (r) => r.fulfill({ body: html, contentType: 'text/html' }));
}

/// Starts from an empty page on the same origin with no saved draft, then opens `path`.
export async function fresh(server, page, path, rec) {
  await page.goto(`${server.base}/t/blank.html`);
  await page.evaluate(() => localStorage.clear());
  rec?.start();
  await page.goto(`${server.base}${path}`);
}

/// Every request the page makes once started (paths), and the uncaught errors.
export function record(page) {
  const requests = [];
  const uncaught = [];
  const onRequest = (r) => requests.push(new URL(r.url()).pathname);
  const onError = (e) => uncaught.push(String(e));
  return {
    requests,
    uncaught,
    start: () => {
      page.on('request', onRequest);
      page.on('pageerror', onError);
    },
    second: () => requests.filter((p) => SECOND_STAGE.test(p)),
    stop: () => {
      page.off('request', onRequest);
      page.off('pageerror', onError);
    },
  };
}

/// Holds the wasm back by `ms` (a slow network), until the returned function is called.
export async function slowWasm(page, ms) {
  const handler = async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue().catch(() => {});
  };
  await page.route(WASM, handler);
  return () => page.unroute(WASM, handler);
}

export const launcher = (page) => page.getByRole('button', { name: 'Get help', exact: true });
/// The wasm's launcher (it controls the dialog; the loader's has nothing to control yet).
export const wasmLauncher = (page) => launcher(page).and(page.locator('[aria-controls]'));
export const focusInDialog = (page) => page.evaluate(() => !!window.deepActive()?.closest('dialog[open]'));
