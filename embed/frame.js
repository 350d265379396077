// The page inside mode="iframe": one inline widget configured from the query string, and the host API
// over postMessage. Messages are taken only from the parent window at the `host` origin the embedding
// element named, and sent only to that origin; the frame's height follows its content.
//
// Anyone can link to this page with any query string, so the query crosses a trust boundary: only the
// attributes the loader itself passes (`#mountFrame` in severity-triage.js) are copied, each checked for
// its kind of value, and everything else is refused with a console note (SECURITY.md). Never copy a
// parameter name onto the element unchecked: `onfocus=…` would be script on this origin.
const params = new URLSearchParams(location.search);
const hostOrigin = params.get('host');

/// A URL the widget may fetch or post to: http(s) only (no `javascript:`, `data:` or `blob:`).
const httpUrl = (v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v, location.href).protocol);
  } catch {
    return false;
  }
};
const anyText = () => true;
/// Attribute name → check of its value. `context-<item>` attributes are plain text (the widget reads the
/// ids it knows and ignores the rest).
const ALLOWED = { policy: httpUrl, endpoint: httpUrl, plan: anyText, fallback: anyText, prefill: anyText, context: anyText, theme: (v) => v === 'light' || v === 'dark' };
const allowed = (name) => ALLOWED[name] ?? (/^context-[a-z]+(-[a-z]+)*$/.test(name) ? anyText : null);

const el = document.createElement('severity-triage');
el.setAttribute('mode', 'inline');
for (const [name, value] of params) {
  if (name === 'host') continue;
  const check = allowed(name);
  if (check && check(value)) el.setAttribute(name, value);
  else console.error(`severity-triage frame: ignored the query parameter ${JSON.stringify(name)}: ${check ? 'its value is not allowed' : 'not an attribute the frame takes'}`);
}

const toHost = (msg) => {
  if (hostOrigin && window.parent !== window) window.parent.postMessage(msg, hostOrigin);
};
for (const name of ['triage-open', 'triage-step', 'triage-submitted', 'triage-error']) {
  el.addEventListener(name, (ev) => toHost({ type: 'event', name, detail: ev.detail }));
}
window.addEventListener('message', (ev) => {
  if (ev.source !== window.parent || ev.origin !== hostOrigin) return;
  if (ev.data?.type === 'open') el.open(ev.data.options ?? {});
  else if (ev.data?.type === 'close') el.close();
});
new ResizeObserver(() => toHost({ type: 'size', height: document.documentElement.scrollHeight })).observe(document.body);
document.body.append(el);
