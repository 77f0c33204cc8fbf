// Public sign-up, step 1: the organisation and the owner's address. The answer is the same whether or not the address
// has an account (the mail tells its owner which); the mailed link leads to verify.html, which finishes the sign-up.
const form = document.getElementById('signup-form');
const error = document.getElementById('signup-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const body = Object.fromEntries(new FormData(form).entries());
  if (!body.tenant) delete body.tenant;
  const response = await fetch('/api/signup', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = `${answer.detail ?? answer.title ?? 'Sign-up failed'} (${answer.id ?? response.status})`;
    return;
  }
  document.getElementById('sent-message').textContent = `${answer.message} (${body.email})`;
  document.getElementById('signup-panel').classList.add('hidden');
  document.getElementById('sent-panel').classList.remove('hidden');
});
