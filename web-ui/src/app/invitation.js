import { api, chooseOrganization, describe } from '/lib/api.js';
import { pageHeader } from '/lib/header.js';
import { INVITATION_KEY, joinedText } from '/lib/organizations.js';

// Accepts the invitation the public invite page left in sessionStorage, once the user has logged in. The header comes
// after the acceptance: someone who belongs to no organisation yet is refused /api/me (err-pb-no-organization) until
// then.
const $ = (id) => document.getElementById(id);

function session(action) {
  try {
    return action(window.sessionStorage);
  } catch {
    return null;
  }
}

async function accept(token) {
  try {
    // No organisation header: the invitation says which organisation, and the user may belong to none yet.
    const joined = await api('/api/invitations/accept', { method: 'POST', body: { token }, organization: null });
    chooseOrganization(joined.tenant);
    session((s) => s.removeItem(INVITATION_KEY));
    $('invitation-status').classList.add('hidden');
    $('invitation-result').textContent = joinedText(joined);
    $('invitation-done').classList.remove('hidden');
  } catch (e) {
    // Unknown, revoked, expired or used: the token is of no more use. Another e-mail: keep it for the right login.
    if (e.status === 404 || e.status === 410) session((s) => s.removeItem(INVITATION_KEY));
    $('invitation-status').textContent =
      e.id === 'err-pb-invitation-email-mismatch'
        ? 'Log out and log in with the e-mail address the invitation was sent to, then open this page again.'
        : 'The invitation could not be accepted.';
    $('invitation-error').textContent = describe(e);
  }
}

async function start() {
  const token = session((s) => s.getItem(INVITATION_KEY));
  if (token) await accept(token);
  else
    $('invitation-status').textContent = 'There is no pending invitation in this browser. Open the link you were sent.';
  // A user of no organisation (no invitation, or a refused one) has no /api/me: the header keeps its links only.
  await pageHeader().catch(() => {
    const whoami = document.getElementById('whoami');
    if (whoami) whoami.textContent = '';
  });
}

start();
