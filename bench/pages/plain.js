// The floor: a hand-written help form. A button opens a native <dialog> with a textarea, a select and a
// submit button that posts JSON with fetch. No framework, no build step.
const css = document.createElement('style');
css.textContent = `#help{position:fixed;right:16px;bottom:16px;padding:8px 14px;border-radius:8px}
#help-dialog{max-width:420px}#help-dialog label{display:block;margin:8px 0}#help-dialog textarea{width:100%}`;
const button = Object.assign(document.createElement('button'), { id: 'help', type: 'button', textContent: 'Get help' });
const dialog = Object.assign(document.createElement('dialog'), { id: 'help-dialog' });
dialog.setAttribute('aria-labelledby', 'help-title');
dialog.innerHTML = `<form>
<h2 id="help-title">Get help</h2>
<label>What is happening? <textarea name="message" rows="4" required></textarea></label>
<label>How bad is it? <select name="severity" required>
<option value="low">Low: a question or a small bug</option><option value="medium" selected>Medium: part of it does not work</option>
<option value="high">High: major features are unavailable</option><option value="urgent">Urgent: it is down</option></select></label>
<button type="submit">Send</button> <button type="button" value="cancel">Cancel</button>
<p role="status"></p></form>`;
const form = dialog.querySelector('form');
button.addEventListener('click', () => dialog.showModal());
dialog.querySelector('[value=cancel]').addEventListener('click', () => dialog.close());
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const status = form.querySelector('[role=status]');
  try {
    const res = await fetch('/api/plain', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(new FormData(form))),
    });
    const { reference } = await res.json();
    status.textContent = `Sent: ${reference}`;
  } catch (e) {
    status.textContent = `Not sent: ${e.message}`;
  }
});
document.head.append(css);
document.body.append(button, dialog);
