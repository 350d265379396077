// The product page's own code: its button opens the widget with a prefill; it lists the widget's events.
const log = document.getElementById('events');
for (const name of ['triage-open', 'triage-step', 'triage-submitted', 'triage-error']) {
  document.addEventListener(name, (ev) => {
    const li = document.createElement('li');
    li.textContent = `${name} ${JSON.stringify(ev.detail)}`;
    log.append(li);
  });
}
document.getElementById('report').addEventListener('click', () => {
  window.severityTriage.open({
    prefill: { summary: 'Checkout fails for every customer' },
    context: { product_version: '4.2.1' },
  });
});
