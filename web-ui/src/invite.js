import { chooseOrganization, describe, publicApi } from './lib/api.js';
import { INVITATION_KEY, invitationSummary, invitationToken } from './lib/organizations.js';

// The public page an invitation link opens (/invite.html#<token>): who invites whom as what, then either log in and
// accept (/app/invitation.html) or create the account and join in one step. The token leaves the address bar at
// once (history, screenshots, referrers) and waits in sessionStorage for /app/invitation.html after the login.
const $ = (id) => document.getElementById(id);

function session(action) {
  try {
    return action(window.sessionStorage);
  } catch {
    return null;
  }
}

function takeToken() {
  const fromLink = invitationToken(window.location.hash);
  if (fromLink) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    session((s) => s.setItem(INVITATION_KEY, fromLink));
    return fromLink;
  }
  // The page loaded again (reload, back) after the fragment was removed.
  return session((s) => s.getItem(INVITATION_KEY)) ?? '';
}

const FIELDS = { firstName: 'first-name', lastName: 'last-name', password: 'password' };

async function register(event, token) {
  event.preventDefault();
  $('invite-error').textContent = '';
  $('register-submit').disabled = true;
  try {
    const joined = await publicApi('/api/invitations/register', {
      method: 'POST',
      body: {
        token,
        firstName: $('first-name').value,
        lastName: $('last-name').value,
        password: $('password').value,
      },
    });
    session((s) => s.removeItem(INVITATION_KEY));
    chooseOrganization(joined.tenant);
    $('register-result').textContent =
      `Your account is ready: you joined ${joined.organization ?? joined.tenant} as ${joined.role}. ` +
      `Log in with ${$('register-email').textContent} and the password you just chose.`;
    $('choices-panel').classList.add('hidden');
    $('registered-panel').classList.remove('hidden');
  } catch (e) {
    $('invite-error').textContent =
      e.id === 'err-pb-user-exists' ? `${describe(e)} — use “I have an account” to log in and accept.` : describe(e);
    if (e.field && FIELDS[e.field]) $(FIELDS[e.field]).focus();
  } finally {
    $('register-submit').disabled = false;
  }
}

async function start() {
  const token = takeToken();
  if (!token) {
    $('invitation-summary').textContent = 'This link holds no invitation. Ask for a new link.';
    return;
  }
  try {
    const invitation = await publicApi('/api/invitations/lookup', { method: 'POST', body: { token } });
    $('invitation-summary').textContent = invitationSummary(invitation);
    $('invitation-summary').classList.remove('muted');
    if (invitation.expiresAt) {
      $('invitation-expires').textContent =
        `The invitation expires ${new Date(invitation.expiresAt).toLocaleString()}.`;
      $('invitation-expires').classList.remove('hidden');
    }
    $('register-email').textContent = invitation.email;
    $('register').addEventListener('submit', (event) => register(event, token));
    $('choices-panel').classList.remove('hidden');
  } catch (e) {
    if (e.status === 404 || e.status === 410) session((s) => s.removeItem(INVITATION_KEY));
    $('invitation-summary').textContent = 'This invitation cannot be used. Ask for a new link.';
    $('invite-error').textContent = describe(e);
  }
}

// Another invitation link opened in this tab changes only the fragment: read it as a new page.
window.addEventListener('hashchange', () => {
  if (invitationToken(window.location.hash)) window.location.reload();
});
start();
