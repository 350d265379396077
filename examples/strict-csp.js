// Counts Content-Security-Policy violations on this page, so a person can see there are none.
let count = 0;
const out = document.getElementById('violations');
document.addEventListener('securitypolicyviolation', (ev) => {
  count += 1;
  out.textContent = `CSP violations on this page: ${count} (last: ${ev.violatedDirective} ${ev.blockedURI})`;
});
