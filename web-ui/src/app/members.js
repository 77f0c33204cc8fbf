import { api, chooseOrganization, describe } from '/lib/api.js';
import { el } from '/lib/dom.js';
import { pageHeader } from '/lib/header.js';
import { assignableRoles, memberControls, memberPageSections } from '/lib/organizations.js';

// The organisation's members (roles changed and members removed by admins and owners, everyone can leave), its
// invitation links and pending invitations, and its audit log.
const $ = (id) => document.getElementById(id);

const cell = (...children) => el('td', {}, ...children);
const time = (iso) => (iso ? new Date(iso).toLocaleString() : '');

/** GET /api/me of the logged-in user, set by start(). */
let me;

function button(text, className, onClick) {
  const b = el('button', { type: 'button', class: `secondary small ${className}` }, text);
  b.addEventListener('click', onClick);
  return b;
}

function fullName(member) {
  return [member.firstName, member.lastName].filter(Boolean).join(' ');
}

function roleSelect(member, roles, self) {
  const select = el(
    'select',
    { class: 'member-role', 'aria-label': `Role of ${member.email}` },
    ...roles.map((role) => {
      const option = el('option', { value: role }, role);
      option.selected = role === member.role;
      return option;
    }),
  );
  select.addEventListener('change', async () => {
    $('members-error').textContent = '';
    const role = select.value;
    if (self && !window.confirm(`Change your own role to ${role}? You may not be able to change it back.`)) {
      select.value = member.role;
      return;
    }
    try {
      await api(`/api/members/${encodeURIComponent(member.id)}`, { method: 'PUT', body: { role } });
      if (self) window.location.reload();
      else await Promise.all([loadMembers(), refreshAudit()]);
    } catch (e) {
      select.value = member.role;
      $('members-error').textContent = describe(e);
    }
  });
  return select;
}

async function loadMembers() {
  const members = await api('/api/members');
  $('members').tBodies[0].replaceChildren(
    ...members.map((member) => {
      const controls = memberControls(me, member);
      const tr = el('tr');
      tr.dataset.memberId = member.id;
      if (controls.self) tr.dataset.self = 'true';
      const actions = [];
      if (controls.removable) {
        actions.push(
          button('Remove', 'member-remove', async () => {
            if (!window.confirm(`Remove ${member.email} from the organisation?`)) return;
            $('members-error').textContent = '';
            try {
              await api(`/api/members/${encodeURIComponent(member.id)}`, { method: 'DELETE' });
              await Promise.all([loadMembers(), refreshAudit()]);
            } catch (e) {
              $('members-error').textContent = describe(e);
            }
          }),
        );
      }
      tr.append(
        cell(member.email, ...(controls.self ? [' ', el('span', { class: 'muted' }, '(you)')] : [])),
        cell(fullName(member)),
        cell(controls.roles.length > 0 ? roleSelect(member, controls.roles, controls.self) : member.role),
        cell(...actions),
      );
      return tr;
    }),
  );
}

async function leave() {
  $('members-error').textContent = '';
  const organization = me.organization ?? me.tenant;
  if (!window.confirm(`Leave ${organization}? You lose access to its dashboards until someone invites you again.`)) {
    return;
  }
  try {
    await api(`/api/members/${encodeURIComponent(me.userId)}`, { method: 'DELETE' });
    chooseOrganization(null);
    window.location.reload();
  } catch (e) {
    $('members-error').textContent = describe(e);
  }
}

async function invite(event) {
  event.preventDefault();
  $('invite-error').textContent = '';
  try {
    const invitation = await api('/api/invitations', {
      method: 'POST',
      body: { email: $('invite-email').value.trim(), role: $('invite-role').value },
    });
    $('invited-email').textContent = invitation.email;
    $('invite-link').textContent = invitation.link;
    $('invite-copy').onclick = () => navigator.clipboard?.writeText(invitation.link);
    $('invited').classList.remove('hidden');
    $('invite-email').value = '';
    await Promise.all([loadInvitations(), refreshAudit()]);
  } catch (e) {
    $('invite-error').textContent = describe(e);
  }
}

async function loadInvitations() {
  const invitations = await api('/api/invitations');
  $('invitations').tBodies[0].replaceChildren(
    ...invitations.map((invitation) => {
      const tr = el('tr');
      tr.dataset.invitationId = invitation.id;
      tr.append(
        cell(invitation.email),
        cell(invitation.role),
        cell(invitation.createdBy ?? ''),
        cell(time(invitation.expiresAt)),
        cell(
          button('Revoke', 'invitation-revoke', async () => {
            if (!window.confirm(`Revoke the invitation of ${invitation.email}? Its link stops working.`)) return;
            $('invitations-error').textContent = '';
            try {
              await api(`/api/invitations/${encodeURIComponent(invitation.id)}`, { method: 'DELETE' });
              await Promise.all([loadInvitations(), refreshAudit()]);
            } catch (e) {
              $('invitations-error').textContent = describe(e);
            }
          }),
        ),
      );
      return tr;
    }),
  );
  $('no-invitations').classList.toggle('hidden', invitations.length > 0);
}

/** Where the next page of the audit log starts (the answer's `next`), null when there is no more. */
let auditNext = null;

async function loadAudit(before = null) {
  const params = new URLSearchParams({ limit: '50' });
  if (before !== null) params.set('before', before);
  const page = await api(`/api/audit?${params}`);
  const rows = page.events.map((event) => {
    const tr = el('tr');
    tr.dataset.eventId = event.id;
    const action = cell(event.action);
    if (event.detail !== undefined && event.detail !== null) {
      action.title = typeof event.detail === 'string' ? event.detail : JSON.stringify(event.detail);
    }
    tr.append(
      cell(time(event.at)),
      cell(event.actorEmail ?? event.actorId ?? ''),
      action,
      cell(event.target ?? ''),
      cell(event.sourceIp ?? ''),
    );
    return tr;
  });
  const body = $('audit').tBodies[0];
  if (before === null) body.replaceChildren(...rows);
  else body.append(...rows);
  auditNext = page.next ?? null;
  $('audit-more').classList.toggle('hidden', auditNext === null);
  $('no-audit').classList.toggle('hidden', body.rows.length > 0);
}

async function deleteOrganization(event) {
  event.preventDefault();
  $('delete-error').textContent = '';
  const confirmed = $('delete-confirm').value.trim();
  try {
    const deleting = await api(`/api/organization?confirm=${encodeURIComponent(confirmed)}`, { method: 'DELETE' });
    chooseOrganization(null);
    $('delete-form').classList.add('hidden');
    $('deleted').textContent =
      `${deleting.tenant} is being deleted: nobody can use it any more; its data is deleted after ` +
      `${new Date(deleting.dataDeletedAfter).toLocaleString()}.`;
    $('deleted').classList.remove('hidden');
  } catch (e) {
    $('delete-error').textContent = describe(e);
  }
}

/** After a change made on this page, the audit log (when shown) lists it at once. */
function refreshAudit() {
  return $('audit-panel').classList.contains('hidden') ? Promise.resolve() : shown('audit-error', loadAudit());
}

// Each part of the page shows its own failure and the others still load.
function shown(errorId, promise) {
  return promise.catch((e) => {
    $(errorId).textContent = describe(e);
  });
}

async function start() {
  me = await pageHeader();
  const sections = memberPageSections(me.role);
  $('invite-panel').classList.toggle('hidden', !sections.invite);
  $('invitations-panel').classList.toggle('hidden', !sections.invitations);
  $('audit-panel').classList.toggle('hidden', !sections.audit);
  $('delete-panel').classList.toggle('hidden', !sections.deletion);
  $('delete-form').addEventListener('submit', deleteOrganization);
  $('leave').addEventListener('click', leave);
  const loads = [shown('members-error', loadMembers())];
  if (sections.invite) {
    $('invite-role').replaceChildren(
      ...assignableRoles(me.role).map((role) => {
        const option = el('option', { value: role }, role);
        option.selected = role === 'viewer';
        return option;
      }),
    );
    $('invite').addEventListener('submit', invite);
  }
  if (sections.invitations) loads.push(shown('invitations-error', loadInvitations()));
  if (sections.audit) {
    $('audit-more').addEventListener('click', async () => {
      $('audit-error').textContent = '';
      if (auditNext === null) return;
      $('audit-more').disabled = true;
      await shown('audit-error', loadAudit(auditNext));
      $('audit-more').disabled = false;
    });
    loads.push(shown('audit-error', loadAudit()));
  }
  await Promise.all(loads);
}

start().catch((e) => {
  $('members-error').textContent = describe(e);
});
