// The page inside mode="iframe": one inline widget configured from the query string, and the host API
// over postMessage. Messages are taken only from the parent window at the `host` origin the embedding
// element named, and sent only to that origin; the frame's height follows its content.
const params = new URLSearchParams(location.search);
const hostOrigin = params.get('host');
const el = document.createElement('severity-triage');
el.setAttribute('mode', 'inline');
for (const [k, v] of params) if (k !== 'host' && k !== 'mode') el.setAttribute(k, v);

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
