// severity-triage loader: the one file a host page includes.
//   <script type="module" src="https://widget.example/severity-triage.js"></script>
//   <severity-triage policy="/policies/acme.compiled.json" mode="launcher" plan="premium"></severity-triage>
// Defines the <severity-triage> element (and window.severityTriage). It is the only thing a page pays for
// up front: in launcher mode it draws the "Get help" button at once, with its own few lines of CSS (a
// constructable stylesheet, which a strict CSP allows), and fetches the wasm, its JS glue and widget.css
// only when the browser is idle or the person reaches for the button (the `load` attribute). The wasm's
// launcher then takes the button's place, pixel for pixel. Every asset URL is resolved against this file,
// not the page, so the widget can be served from another origin. Each element renders in its own shadow
// root; the wasm is instantiated once, on the first element that needs it (mode="iframe" never does).
// Errors (a failed load, a trap in the wasm) become a `triage-error` event and a console message; they
// never propagate into the host page's own scripts. dist/ ships this file minified (scripts/minify-js.mjs).

const asset = (name) => new URL(name, import.meta.url).href;
const CSS = asset('widget.css');
const FRAME = asset('frame.html');
const EVENTS = ['triage-open', 'triage-step', 'triage-submitted', 'triage-error'];

// The launcher exactly as widget.css draws it (same rules and values: the e2e suite compares screenshots
// before and after the wasm takes over), a spinner for a click that has to wait, a live region, and the
// rule that keeps the wasm's launcher out of sight while the loader's waits for the dialog to open.
const LAUNCHER_CSS = `:host{display:block;--st-accent:light-dark(#1f5fbf,#4493f8);--st-accent-text:light-dark(#fff,#0d1117);
--st-font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;--st-focus:light-dark(#b35900,#f0b72f)}
.st-root{all:initial;display:block;color-scheme:light dark}
:host([theme=light]) .st-root{color-scheme:light}:host([theme=dark]) .st-root{color-scheme:dark}
.st-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;box-sizing:border-box;font:600 15px/1 var(--st-font);
padding:12.8px 18.4px;border-radius:999px;border:0;background:var(--st-accent);color:var(--st-accent-text);cursor:pointer;
box-shadow:0 4px 14px rgb(0 0 0/.22)}
.st-launcher:hover{filter:brightness(1.07)}
.st-launcher:focus-visible{outline:3px solid var(--st-focus);outline-offset:2px}
.st-launcher[aria-busy=true]::before{content:"";display:inline-block;box-sizing:border-box;width:12px;height:12px;
margin-right:8px;vertical-align:-1px;border:2px solid;border-right-color:transparent;border-radius:50%;animation:st-spin .8s linear infinite}
@keyframes st-spin{to{transform:rotate(1turn)}}
@media(prefers-reduced-motion:reduce){.st-launcher[aria-busy=true]::before{animation-duration:3s}}
@media(max-width:480px){.st-launcher{right:12px;bottom:12px}}
.st-hold .st-launcher{visibility:hidden}
.st-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;
let sheet = null;
function launcherSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(LAUNCHER_CSS);
  }
  return sheet;
}

/// Runs `f` once the page has loaded and the browser has nothing better to do: the widget never competes
/// with the host page's own loading.
function idle(f) {
  const later = () => (window.requestIdleCallback ? requestIdleCallback(f, { timeout: 3000 }) : setTimeout(f, 300));
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

/// The policy's text, fetched as the widget would (a plain GET); a failure rejects with the widget's words
/// for it (`HTTP 404`, `TypeError: Failed to fetch`). Handled, so an unused fetch is never reported.
function fetchPolicy(url) {
  const failed = (e) => Promise.reject(String(e));
  const text = fetch(url).then((r) => (r.ok ? r.text().catch(failed) : Promise.reject(`HTTP ${r.status}`)), failed);
  text.catch(() => {});
  return text;
}

let wasm = null;
function loadWasm() {
  wasm ??= import(asset('severity-triage-app.js')).then(async (m) => {
    await m.default({ module_or_path: asset('severity-triage-app_bg.wasm') });
    return m;
  });
  return wasm;
}

/// A failure outside the widget's own rendering (the wasm did not load or start, or it trapped): the same
/// honest notice the widget shows for a missing policy (in place of the launcher), the precise error in the
/// console, an event.
function report(el, message, error, kind = 'load') {
  console.error(`severity-triage: ${message}`, error ?? '');
  el.shadowRoot?.querySelector('.st-pre')?.remove();
  const root = el.shadowRoot?.querySelector('.st-root');
  if (root) {
    const p = document.createElement('p');
    p.className = 'st-notice';
    p.setAttribute('role', 'status');
    p.textContent = `The support form cannot be shown right now. ${el.getAttribute('fallback') ?? ''}`.trim();
    root.classList.remove('st-hold');
    root.replaceChildren(p);
  }
  dispatch(el, 'triage-error', { kind, message: `${message}${error ? `: ${error}` : ''}` });
}

// With panic = "abort", a panic in the wasm is a trap: a WebAssembly.RuntimeError thrown out of whatever
// event handler ran it. The host page's own scripts are unaffected, but the module's state may be
// inconsistent afterwards, so every widget is replaced by the notice instead of misbehaving.
window.addEventListener('error', (ev) => {
  if (!(ev.error instanceof WebAssembly.RuntimeError) || !wasm) return;
  for (const el of document.querySelectorAll('severity-triage:not([mode="iframe"])')) {
    report(el, 'the widget stopped after an internal error', ev.error, 'crash');
  }
});

function dispatch(el, name, detail) {
  try {
    el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  } catch (e) {
    console.error('severity-triage: dispatching', name, e);
  }
}

/// The stylesheet link for widget.css, with the element's own `nonce`, else this script's.
function styles(el) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = CSS;
  const nonce = el.nonce || el.getAttribute('nonce') || document.querySelector('script[nonce][src$="severity-triage.js"]')?.nonce;
  if (nonce) link.nonce = nonce;
  return link;
}

class SeverityTriage extends HTMLElement {
  #handle = null;
  #frame = null;
  #queued = [];
  #generation = 0;
  /// The node the wasm mounts into.
  #root = null;
  /// The loader's own launcher, until the wasm's takes its place: { box, button, live, timer }.
  #pre = null;
  #loading = false;
  /// widget.css has loaded.
  #styled = false;

  connectedCallback() {
    const generation = ++this.#generation;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    this.#loading = this.#styled = false;
    if (this.getAttribute('mode') === 'iframe') {
      shadow.append(styles(this));
      this.#mountFrame(shadow);
      return;
    }
    this.#root = document.createElement('div');
    this.#root.className = 'st-root';
    shadow.append(this.#root);
    // The same reading of the mode as the widget's (the demo page's `?mode=inline` included).
    const query = this.hasAttribute('query-config') ? new URLSearchParams(location.search).get('mode') : null;
    const inline = (query ?? this.getAttribute('mode') ?? this.getAttribute('data-mode')) === 'inline';
    if (!inline) this.#drawLauncher(shadow);
    const when = this.getAttribute('load');
    if (inline || when === 'eager' || this.#queued.length) this.#load();
    else if (when !== 'interaction') idle(() => generation === this.#generation && this.#load());
  }

  disconnectedCallback() {
    this.#generation++;
    try {
      this.#handle?.free();
    } catch (e) {
      console.error('severity-triage: unmounting', e);
    }
    this.#handle = null;
    clearTimeout(this.#pre?.timer);
    this.#pre = null;
    this.#frame?.dispose();
    this.#frame = null;
  }

  /// Opens the widget: `{ context, prefill, level }`, all optional. Calls before it is ready are queued
  /// (and start loading it).
  open(options = {}) {
    if (this.#frame) return this.#frame.post({ type: 'open', options });
    if (this.#handle) return void this.#handle.open(options);
    this.#queued.push(['open', options]);
    this.#load();
    // A wait the person would notice gets a spinner and a polite word; the button's name stays the same.
    const pre = this.#pre;
    if (pre && !pre.timer) {
      pre.timer = setTimeout(() => {
        pre.button.setAttribute('aria-busy', 'true');
        pre.live.textContent = 'Loading the support form…';
      }, 100);
    }
  }

  close() {
    if (this.#frame) return this.#frame.post({ type: 'close' });
    if (!this.#handle) return void this.#queued.push(['close']);
    try {
      this.#handle.close();
    } catch (e) {
      report(this, 'close() failed', e);
    }
  }

  /// The launcher button, drawn at once with the loader's own CSS; hovering, focusing or clicking it
  /// starts loading the widget, and a click opens the dialog as soon as it can.
  #drawLauncher(shadow) {
    if ('adoptedStyleSheets' in shadow) shadow.adoptedStyleSheets = [launcherSheet()];
    const box = document.createElement('div');
    box.className = 'st-root st-pre';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'st-launcher';
    button.textContent = 'Get help';
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    const live = document.createElement('span');
    live.className = 'st-sr';
    live.setAttribute('role', 'status');
    box.append(button, live);
    shadow.append(box);
    const start = () => this.#load();
    button.addEventListener('pointerenter', start, { once: true });
    button.addEventListener('focus', start, { once: true });
    button.addEventListener('click', () => this.#queued.some(([m]) => m === 'open') || this.open());
    this.#pre = { box, button, live, timer: 0 };
  }

  /// Fetches widget.css, the JS glue and the wasm (once per page), and the policy, all at once; mounts when
  /// the wasm and the CSS are in (the widget takes the policy's fetch over).
  #load() {
    if (this.#loading || !this.isConnected || this.#frame) return;
    this.#loading = true;
    const generation = this.#generation;
    const url = this.querySelector('script[type="application/json"]') ? null : this.#policyUrl();
    const policy = url && [url, fetchPolicy(url)];
    const link = styles(this);
    this.shadowRoot.prepend(link);
    // A stylesheet that fails to load does not stop the widget (the loader's sheet keeps the launcher styled).
    const styled = new Promise((resolve) => {
      link.onload = () => resolve((this.#styled = true));
      link.onerror = () => resolve(console.error(`severity-triage: could not load ${CSS}`));
    });
    const current = () => generation === this.#generation && this.isConnected;
    Promise.all([loadWasm(), styled]).then(
      ([m]) => current() && this.#mount(m, policy),
      (e) => current() && report(this, `could not load ${asset('severity-triage-app_bg.wasm')}`, e),
    );
  }

  /// The policy URL as the widget reads it (`Config::from_element`): `?policy=` with `query-config`, or the
  /// `policy` attribute; none without either (the widget then says so, and never loads another policy).
  /// Should the two readings ever differ, the widget fetches its own.
  #policyUrl() {
    const attr = (name) => {
      const v = this.getAttribute(name) ?? this.getAttribute(`data-${name}`);
      return v?.trim() ? v : null;
    };
    const query =
      this.hasAttribute('query-config') || this.hasAttribute('data-query-config')
        ? new URLSearchParams(location.search).get('policy')
        : null;
    return query || attr('policy');
  }

  #mount(m, policy) {
    const inline = this.querySelector('script[type="application/json"]')?.textContent ?? null;
    try {
      this.#handle = m.mountWidget(this, this.#root, inline, policy?.[0], policy?.[1], (name, detail) => {
        if (name === 'triage-open' || name === 'triage-error') this.#handoff();
        dispatch(this, name, detail);
      });
    } catch (e) {
      report(this, 'could not start the widget', e);
      return;
    }
    // The person is waiting for the dialog: the loader's (busy) button stays until it opens, the wasm's
    // launcher hidden under it; otherwise the wasm's launcher takes over now.
    const last = this.#queued.at(-1)?.[0];
    if (last === 'open' && this.#pre) this.#root.classList.add('st-hold');
    else this.#handoff();
    for (const [method, arg] of this.#queued.splice(0)) {
      try {
        this[method](arg);
      } catch (e) {
        console.error(`severity-triage: ${method}()`, e);
        this.#handoff();
      }
    }
  }

  /// The wasm's launcher replaces the loader's, in the same frame; focus follows. From here on widget.css
  /// alone styles the widget, when it loaded (so the e2e screenshots compare the loader's CSS with it).
  #handoff() {
    const pre = this.#pre;
    if (!pre) return;
    this.#pre = null;
    clearTimeout(pre.timer);
    const focused = this.shadowRoot.activeElement === pre.button;
    pre.box.remove();
    this.#root.classList.remove('st-hold');
    if (this.#styled) this.shadowRoot.adoptedStyleSheets = [];
    if (focused) this.#root.querySelector('.st-launcher')?.focus();
  }
  /// mode="iframe": the widget runs in a page from the widget's own origin (no wasm in the host page);
  /// messages are accepted only from that frame and that origin, and sent only to it.
  #mountFrame(shadow) {
    const iframe = document.createElement('iframe');
    const url = new URL(FRAME);
    const origin = url.origin;
    for (const name of ['policy', 'endpoint']) {
      const v = this.getAttribute(name);
      if (v) url.searchParams.set(name, new URL(v, document.baseURI).href);
    }
    for (const a of this.getAttributeNames()) {
      if (['plan', 'fallback', 'prefill', 'context', 'theme'].includes(a) || a.startsWith('context-')) {
        url.searchParams.set(a, this.getAttribute(a));
      }
    }
    url.searchParams.set('host', location.origin);
    iframe.src = url.href;
    iframe.title = this.getAttribute('frame-title') || 'Support';
    iframe.className = 'st-frame';
    shadow.append(iframe);
    const onMessage = (ev) => {
      if (ev.source !== iframe.contentWindow || ev.origin !== origin) return;
      const m = ev.data;
      if (m?.type === 'size' && Number.isFinite(m.height)) iframe.style.setProperty('height', `${Math.ceil(m.height)}px`);
      else if (m?.type === 'event' && EVENTS.includes(m.name)) dispatch(this, m.name, m.detail);
    };
    window.addEventListener('message', onMessage);
    this.#frame = {
      post: (msg) => iframe.contentWindow?.postMessage(msg, origin),
      dispose: () => window.removeEventListener('message', onMessage),
    };
  }
}

if (!customElements.get('severity-triage')) {
  customElements.define('severity-triage', SeverityTriage);
  // For pages with their own help button: opens the first widget (or the one `selector` names).
  window.severityTriage = {
    open(options = {}, selector = 'severity-triage') {
      const el = document.querySelector(selector);
      if (!el) throw new Error(`severity-triage: no element matches ${selector}`);
      el.open(options);
      return el;
    },
    close(selector = 'severity-triage') {
      document.querySelector(selector)?.close();
    },
  };
}
