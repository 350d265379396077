// Injected into every bench page before its own scripts (Playwright init script). It times things inside
// the page, on the page's own clock (performance.now()), so no browser round-trip is in any figure:
// - every shadow root is recorded (attachShadow is wrapped) so the widgets' DOM can be observed and searched;
// - `when(check)` resolves with the first time `check()` is true, tested on every DOM mutation (document and
//   shadow roots) and on every animation frame (styles arriving change visibility without a mutation), and
//   the time of the next frame after that;
// - the timestamps of the last trusted click and input events (capture listeners, shadow roots included).
(() => {
  if (window !== window.top) return;
  const roots = [];
  const subscribers = new Set();
  const notify = () => subscribers.forEach((f) => f());
  const observer = new MutationObserver(notify);
  const observe = (root) => observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  const events = { click: null, input: null };
  const listen = (target) => {
    for (const type of ['click', 'input']) {
      target.addEventListener(type, (e) => {
        if (e.isTrusted && (events[type] === null || e.timeStamp > events[type])) events[type] = e.timeStamp;
      }, true);
    }
  };
  listen(window);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    roots.push(root);
    observe(root);
    listen(root);
    return root;
  };
  observe(document);

  /// Every element matching `selector` in the document and in every shadow root (closed ones too).
  const all = (selector) => [document, ...roots].flatMap((r) => [...r.querySelectorAll(selector)]);

  /// Walks up through shadow hosts.
  const ancestors = function* (el) {
    for (let n = el; n; n = n.parentElement ?? n.getRootNode()?.host ?? null) yield n;
  };

  const visible = (el) => {
    if (!el?.isConnected) return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    const s = getComputedStyle(el);
    return s.visibility === 'visible' && s.display !== 'none';
  };

  /// The button exists, is laid out and visible, enabled, and a click at its centre lands on it.
  const clickable = (el) => {
    if (!visible(el) || el.disabled) return false;
    const r = el.getBoundingClientRect();
    const hit = el.getRootNode().elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  };

  /// Focus can move to it: laid out, visible, enabled, not inert (nor inside something inert).
  const focusable = (el) => {
    if (!visible(el) || el.disabled) return false;
    for (const n of ancestors(el)) if (n.inert || n.hasAttribute?.('inert')) return false;
    return true;
  };

  /// What the page shows, for an error message.
  const shown = () =>
    all('button, dialog, [role=status], .st-notice')
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${e.className}` : ''}${e.open ? '[open]' : ''}: ${e.textContent.trim().slice(0, 60)}`)
      .join(' | ');

  /// Rejects after `timeout` ms, saying what the page shows, so a bench run never hangs.
  function when(check, timeout = 30_000) {
    return new Promise((resolveWhen, reject) => {
      setTimeout(() => {
        if (!subscribers.has(test)) return;
        subscribers.delete(test);
        reject(new Error(`not within ${timeout / 1000} s: ${String(check).slice(0, 200)}; the page shows: ${shown()}`));
      }, timeout);
      const test = () => {
        let ok = false;
        try {
          ok = !!check();
        } catch {
          ok = false;
        }
        if (!ok) return false;
        const t = performance.now();
        subscribers.delete(test);
        requestAnimationFrame(() => resolveWhen({ t, frame: performance.now() }));
        return true;
      };
      if (test()) return;
      subscribers.add(test);
      const tick = () => subscribers.has(test) && (test() || requestAnimationFrame(tick));
      requestAnimationFrame(tick);
    });
  }

  const kind = location.pathname.match(/\/bench\/(\w+)\.html$/)?.[1];
  const byName = (re) => (el) => re.test((el.getAttribute('aria-label') || el.textContent || '').trim());
  /// Per widget: its launcher, and the first question (the first thing a person answers) once open.
  const widgets = {
    triage: {
      // The loader draws its own button at once; the wasm's takes its place later (hidden under it while a
      // click waits): the visible one counts.
      launcher: () => {
        const buttons = all('button').filter(byName(/^Get help$/));
        return buttons.find(visible) ?? buttons[0];
      },
      first: () => all('dialog[open] input').find(focusable),
    },
    sentry: {
      launcher: () => all('button.widget__actor').find(byName(/^Report a Bug$/)),
      first: () => all('dialog[open] input:not([type=hidden]), dialog[open] textarea').find(focusable),
    },
    plain: {
      launcher: () => all('#help').find(byName(/^Get help$/)),
      first: () => all('dialog[open] textarea').find(focusable),
    },
  };
  const w = widgets[kind];

  window.__bench = {
    kind,
    all,
    when,
    events,
    visible,
    focusable,
    /// (a) navigation start to the launcher being clickable, watched from the very start.
    launcher: w ? when(() => clickable(w.launcher())) : null,
    launcherElement: () => w.launcher(),
    /// (b) resolves once the first question can take focus.
    firstQuestion: () => when(() => w.first()),
    /// (c) our widget: the suggestion's heading and its response-time line, as text.
    suggestion: () => {
      const heading = all('.st-level')[0];
      const response = all('.st-response')[0];
      return { heading: heading?.textContent.trim() ?? null, response: response?.textContent.trim() ?? null };
    },
    /// Waits until both differ from `before`.
    suggestionChanged: (before) =>
      when(() => {
        const now = window.__bench.suggestion();
        return now.heading && now.response && now.heading !== before.heading && now.response !== before.response;
      }),
    /// The page's offset to the bench server's clock: the sample with the shortest round trip of `n`.
    clockOffset: async (n = 7) => {
      let best = null;
      for (let i = 0; i < n; i++) {
        const t0 = performance.timeOrigin + performance.now();
        const res = await fetch('/bench/clock', { cache: 'no-store' });
        const t1 = performance.timeOrigin + performance.now();
        const { t } = await res.json();
        if (!best || t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: t - (t0 + t1) / 2 };
      }
      return best;
    },
  };
})();
