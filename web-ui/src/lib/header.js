import { api, chooseOrganization, chosenOrganization } from './api.js';
import { el } from './dom.js';
import { organizationChoice, organizationLabel, whoamiText } from './organizations.js';

// The header of every logged-in page: the product, who is logged in for which organisation (and a switch when the
// user is in several), the other pages, log out.
const PAGES = [
  ['/app/dashboards.html', 'Dashboards'],
  ['/app/', 'Explore'],
  ['/app/keys.html', 'Keys'],
  ['/app/webhooks.html', 'Webhooks'],
  ['/app/members.html', 'Members'],
  ['/app/usage.html', 'Usage'],
];

// sessionStorage: the tenant the page was reloaded for after choosing it, so that a choice the server does not take
// reloads once and not forever.
const RELOADED_KEY = 'pulseboard.organization-reloaded';

function session(action) {
  try {
    return action(globalThis.sessionStorage);
  } catch {
    return null;
  }
}

// GET /api/me; a remembered organisation the user is no longer in (err-pb-organization-not-found) is forgotten and
// /api/me asked again without it.
async function loadMe() {
  try {
    return await api('/api/me');
  } catch (e) {
    if (e.id !== 'err-pb-organization-not-found' || !chosenOrganization()) throw e;
    chooseOrganization(null);
    return api('/api/me');
  }
}

function organizationSwitch(me) {
  const select = el(
    'select',
    { id: 'organization-switch', 'aria-label': 'Organisation' },
    ...me.organizations.map((o) => {
      const option = el('option', { value: o.tenant }, organizationLabel(o));
      option.selected = o.tenant === me.tenant;
      return option;
    }),
  );
  select.addEventListener('change', () => {
    chooseOrganization(select.value);
    session((s) => s.removeItem(RELOADED_KEY));
    window.location.reload();
  });
  return select;
}

/**
 * Fills the page's empty `<header>` and then the user's line from /api/me, which it returns. When no organisation
 * is chosen yet (or the chosen one is not the user's), it chooses the first one and reloads the page (then the
 * returned promise never settles).
 */
export async function pageHeader() {
  const whoami = el('span', { class: 'muted', id: 'whoami' }, '…');
  const switchSlot = el('span', { id: 'organization-slot' });
  document
    .querySelector('header')
    .replaceChildren(
      el('h1', {}, 'Pulseboard'),
      whoami,
      switchSlot,
      el('span', { class: 'spacer' }),
      ...PAGES.filter(([href]) => href !== location.pathname).map(([href, text]) =>
        el('a', { class: 'button secondary', href }, text),
      ),
      el('a', { class: 'button secondary', href: '/api/logout' }, 'Log out'),
    );
  const me = await loadMe();
  const decision = organizationChoice(
    me,
    chosenOrganization(),
    session((s) => s.getItem(RELOADED_KEY)),
  );
  if (decision.store) chooseOrganization(decision.store);
  if (decision.reload && chosenOrganization() === decision.store) {
    session((s) => s.setItem(RELOADED_KEY, decision.store));
    window.location.reload();
    return new Promise(() => {});
  }
  if (me.tenant) session((s) => s.removeItem(RELOADED_KEY));
  whoami.textContent = whoamiText(me);
  if ((me.organizations ?? []).length > 1) switchSlot.replaceChildren(organizationSwitch(me));
  return me;
}
