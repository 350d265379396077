// severity-triage loader: the one file a host page includes.
//   <script type="module" src="https://widget.example/severity-triage.js"></script>
//   <severity-triage policy="/policies/acme.json" mode="launcher" plan="premium"></severity-triage>
// Defines the <severity-triage> element (and window.severityTriage). Every asset URL is resolved
// against this file, not the page, so the widget can be served from another origin. Each element
// renders in its own shadow root; the wasm is instantiated once, on the first element that needs it
// (mode="iframe" never does). Errors (a failed load, a trap in the wasm) become a `triage-error` event
// and a console message; they never propagate into the host page's own scripts.

const asset = (name) => new URL(name, import.meta.url).href;
const CSS = asset('widget.css');
const FRAME = asset('frame.html');
const EVENTS = ['triage-open', 'triage-step', 'triage-submitted', 'triage-error'];

let wasm = null;
function loadWasm() {
  wasm ??= import(asset('severity-triage-app.js')).then(async (m) => {
    await m.default({ module_or_path: asset('severity-triage-app_bg.wasm') });
    return m;
  });
  return wasm;
}

/// A failure outside the widget's own rendering (the wasm did not load or start, or it trapped): the same
/// honest notice the widget shows for a missing policy, the precise error in the console, an event.
function report(el, message, error, kind = 'load') {
  console.error(`severity-triage: ${message}`, error ?? '');
  const root = el.shadowRoot?.querySelector('.st-root');
  if (root) {
    const p = document.createElement('p');
    p.className = 'st-notice';
    p.setAttribute('role', 'status');
    p.textContent = `The support form cannot be shown right now. ${el.getAttribute('fallback') ?? ''}`.trim();
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

/// The nonce for the stylesheet link: the element's own `nonce`, else this script's.
function nonceFor(el) {
  return el.nonce || el.getAttribute('nonce') || document.querySelector('script[nonce][src$="severity-triage.js"]')?.nonce || '';
}

class SeverityTriage extends HTMLElement {
  #handle = null;
  #frame = null;
  #queued = [];
  #generation = 0;

  connectedCallback() {
    const generation = ++this.#generation;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = CSS;
    const nonce = nonceFor(this);
    if (nonce) link.nonce = nonce;
    shadow.append(link);
    if (this.getAttribute('mode') === 'iframe') {
      this.#mountFrame(shadow);
      return;
    }
    const root = document.createElement('div');
    root.className = 'st-root';
    shadow.append(root);
    const inline = this.querySelector('script[type="application/json"]')?.textContent ?? null;
    loadWasm().then(
      (m) => {
        if (generation !== this.#generation || !this.isConnected) return;
        try {
          this.#handle = m.mountWidget(this, root, inline, (name, detail) => dispatch(this, name, detail));
        } catch (e) {
          report(this, 'could not start the widget', e);
          return;
        }
        for (const [method, arg] of this.#queued.splice(0)) this[method](arg);
      },
      (e) => report(this, `could not load ${asset('severity-triage-app_bg.wasm')}`, e),
    );
  }

  disconnectedCallback() {
    this.#generation++;
    try {
      this.#handle?.free();
    } catch (e) {
      console.error('severity-triage: unmounting', e);
    }
    this.#handle = null;
    this.#frame?.dispose();
    this.#frame = null;
  }

  /// Opens the widget: `{ context, prefill, level }`, all optional. Calls before it is ready are queued.
  open(options = {}) {
    if (this.#frame) return this.#frame.post({ type: 'open', options });
    if (!this.#handle) return void this.#queued.push(['open', options]);
    this.#handle.open(options);
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
