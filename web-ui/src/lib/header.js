import { api } from './api.js';
import { el } from './dom.js';

// The header of every logged-in page: the product, who is logged in for which organisation, the other pages, log out.
const PAGES = [
  ['/app/dashboards.html', 'Dashboards'],
  ['/app/', 'Explore'],
  ['/app/keys.html', 'Keys'],
  ['/app/webhooks.html', 'Webhooks'],
];

/** Fills the page's empty `<header>` and then the user's line from /api/me, which it returns. */
export async function pageHeader() {
  const whoami = el('span', { class: 'muted', id: 'whoami' }, '…');
  document
    .querySelector('header')
    .replaceChildren(
      el('h1', {}, 'Pulseboard'),
      whoami,
      el('span', { class: 'spacer' }),
      ...PAGES.filter(([href]) => href !== location.pathname).map(([href, text]) =>
        el('a', { class: 'button secondary', href }, text),
      ),
      el('a', { class: 'button secondary', href: '/api/logout' }, 'Log out'),
    );
  const me = await api('/api/me');
  whoami.textContent = `${me.organization ?? me.tenant} · ${me.email ?? ''}`;
  return me;
}
