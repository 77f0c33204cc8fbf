// The decisions behind organisations, roles and invitations, kept free of the DOM and of fetch so that node's test
// runner checks them: which organisation requests are for, what a role may see and change, what the pages say.

/** The roles of a member of an organisation, strongest first. */
export const ROLES = ['owner', 'admin', 'editor', 'viewer'];

/** sessionStorage key of an invitation token between the public invite page and /app/invitation.html. */
export const INVITATION_KEY = 'pulseboard.invitation';

/** True when `role` is `minimum` or stronger; unknown roles (and null) are weaker than any. */
export function roleAtLeast(role, minimum) {
  const rank = ROLES.indexOf(role);
  return rank >= 0 && rank <= ROLES.indexOf(minimum);
}

/** Admins and owners manage members, invitations, keys and webhooks and read the audit log. */
export function isAdmin(role) {
  return roleAtLeast(role, 'admin');
}

/** The roles someone with `role` may give (to a member or an invitation): owner only by an owner, none below admin. */
export function assignableRoles(role) {
  if (role === 'owner') return [...ROLES];
  if (role === 'admin') return ROLES.filter((r) => r !== 'owner');
  return [];
}

/**
 * What the members page offers for `member` to the user `me` (GET /api/me): `roles` for the role select (empty: no
 * select), `removable` for the Remove button, `self` for the user's own row (who leaves instead of being removed).
 * Only an owner changes or removes an owner (the server refuses the rest with err-pb-role-required).
 */
export function memberControls(me, member) {
  const self = member.id === me.userId;
  const roles = member.role === 'owner' && me.role !== 'owner' ? [] : assignableRoles(me.role);
  return { self, roles, removable: roles.length > 0 && !self };
}

/** Which parts of the members page `role` sees: everyone the members, admins and owners the rest. */
export function memberPageSections(role) {
  const admin = isAdmin(role);
  return { members: true, invite: admin, invitations: admin, audit: admin, deletion: role === 'owner' };
}

/** The header's line about the user: "organization · role · email". */
export function whoamiText(me) {
  return [me.organization ?? me.tenant ?? 'no organisation chosen', me.role, me.email].filter(Boolean).join(' · ');
}

/** An organisation as the header's switch lists it: "Org name (role)". */
export function organizationLabel(organization) {
  return `${organization.organization ?? organization.tenant} (${organization.role})`;
}

/**
 * Which organisation to remember after GET /api/me answered `me` while `stored` was the remembered one.
 * `reloadedFor` is the tenant the page was already reloaded for (so that it reloads once, never in a loop).
 * Returns `{ store, reload }`: `store` the tenant id to remember (null: leave the choice as it is), `reload` whether
 * the page must load again to act on it.
 * - The server acted on an organisation of the user (the stored one, or the only one when none was sent): remember
 *   it; the page already shows it, so no reload.
 * - No organisation was chosen (several and none stored, or a stored one the user is not in): the first one, and a
 *   reload, since /api/me answered without a role and the page's requests would be refused.
 */
export function organizationChoice(me, stored, reloadedFor = null) {
  const organizations = me?.organizations ?? [];
  if (organizations.length === 0) return { store: null, reload: false };
  if (me.tenant && organizations.some((o) => o.tenant === me.tenant)) {
    return { store: me.tenant === stored ? null : me.tenant, reload: false };
  }
  const first = organizations[0].tenant;
  if (reloadedFor === first) return { store: null, reload: false };
  return { store: first === stored ? null : first, reload: true };
}

/** The invitation token of an invite link's fragment ("#<token>"), or '' when there is none. */
export function invitationToken(hash) {
  return (hash ?? '').replace(/^#/, '').trim();
}

/** The invite page's summary of POST /api/invitations/lookup. */
export function invitationSummary(invitation) {
  return `You are invited to ${invitation.organization ?? invitation.tenant} as ${invitation.role} (${invitation.email})`;
}

/** The invitation page's line after POST /api/invitations/accept. */
export function joinedText(accepted) {
  return `You joined ${accepted.organization ?? accepted.tenant} as ${accepted.role}`;
}
