// The organisation, role and invitation decisions of the header, the members page and the invitation pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignableRoles,
  invitationSummary,
  invitationToken,
  isAdmin,
  joinedText,
  memberControls,
  memberPageSections,
  organizationChoice,
  organizationLabel,
  roleAtLeast,
  whoamiText,
} from '../src/lib/organizations.js';

const ACME = { tenant: 'acme', organization: 'Acme Inc', role: 'owner' };
const BETA = { tenant: 'beta', organization: 'Beta Ltd', role: 'viewer' };
const me = (tenant, organizations) => {
  const chosen = organizations.find((o) => o.tenant === tenant);
  return {
    tenant: chosen?.tenant ?? null,
    organization: chosen?.organization ?? null,
    role: chosen?.role ?? null,
    email: 'ann@example.com',
    userId: 'u-ann',
    organizations,
  };
};

test('roles are ordered owner > admin > editor > viewer', () => {
  assert.ok(roleAtLeast('owner', 'admin'));
  assert.ok(roleAtLeast('admin', 'admin'));
  assert.ok(!roleAtLeast('editor', 'admin'));
  assert.ok(roleAtLeast('viewer', 'viewer'));
  assert.ok(!roleAtLeast(null, 'viewer'));
  assert.ok(!roleAtLeast('superuser', 'viewer'));
  assert.deepEqual(['owner', 'admin', 'editor', 'viewer', null].map(isAdmin), [true, true, false, false, false]);
});

test('only an owner gives the owner role; editors and viewers give none', () => {
  assert.deepEqual(assignableRoles('owner'), ['owner', 'admin', 'editor', 'viewer']);
  assert.deepEqual(assignableRoles('admin'), ['admin', 'editor', 'viewer']);
  assert.deepEqual(assignableRoles('editor'), []);
  assert.deepEqual(assignableRoles('viewer'), []);
  assert.deepEqual(assignableRoles(null), []);
});

test('member controls: admins change and remove non-owners, owners everyone, nobody removes themself', () => {
  const admin = { role: 'admin', userId: 'u-admin' };
  const owner = { role: 'owner', userId: 'u-owner' };
  const editor = { role: 'editor', userId: 'u-editor' };
  const anOwner = { id: 'u-other-owner', role: 'owner' };
  const aViewer = { id: 'u-viewer', role: 'viewer' };

  assert.deepEqual(memberControls(admin, aViewer), {
    self: false,
    roles: ['admin', 'editor', 'viewer'],
    removable: true,
  });
  assert.deepEqual(memberControls(admin, anOwner), { self: false, roles: [], removable: false });
  assert.deepEqual(memberControls(owner, anOwner), {
    self: false,
    roles: ['owner', 'admin', 'editor', 'viewer'],
    removable: true,
  });
  assert.deepEqual(memberControls(owner, { id: 'u-owner', role: 'owner' }), {
    self: true,
    roles: ['owner', 'admin', 'editor', 'viewer'],
    removable: false,
  });
  assert.deepEqual(memberControls(editor, aViewer), { self: false, roles: [], removable: false });
  assert.deepEqual(memberControls(editor, { id: 'u-editor', role: 'editor' }), {
    self: true,
    roles: [],
    removable: false,
  });
});

test('viewers and editors see the members only; admins also invitations and the audit log; owners also deletion', () => {
  const hidden = { members: true, invite: false, invitations: false, audit: false, deletion: false };
  const admin = { members: true, invite: true, invitations: true, audit: true, deletion: false };
  assert.deepEqual(memberPageSections('viewer'), hidden);
  assert.deepEqual(memberPageSections('editor'), hidden);
  assert.deepEqual(memberPageSections('admin'), admin);
  assert.deepEqual(memberPageSections('owner'), { ...admin, deletion: true });
  assert.deepEqual(memberPageSections(null), hidden);
});

test('the header says organisation · role · e-mail, and lists organisations as "name (role)"', () => {
  assert.equal(whoamiText(me('acme', [ACME, BETA])), 'Acme Inc · owner · ann@example.com');
  assert.equal(whoamiText({ ...me('acme', [ACME]), organization: null }), 'acme · owner · ann@example.com');
  assert.equal(whoamiText(me(null, [ACME, BETA])), 'no organisation chosen · ann@example.com');
  assert.equal(organizationLabel(BETA), 'Beta Ltd (viewer)');
});

test('the organisation the server acted on is remembered without a reload', () => {
  assert.deepEqual(organizationChoice(me('acme', [ACME, BETA]), 'acme'), { store: null, reload: false });
  assert.deepEqual(organizationChoice(me('beta', [ACME, BETA]), 'beta'), { store: null, reload: false });
  // one organisation and nothing remembered: the server took the only one
  assert.deepEqual(organizationChoice(me('acme', [ACME]), null), { store: 'acme', reload: false });
  // a remembered organisation the server ignored for the only one
  assert.deepEqual(organizationChoice(me('acme', [ACME]), 'gone'), { store: 'acme', reload: false });
});

test('with several organisations and none chosen, the first one is chosen and the page reloads once', () => {
  assert.deepEqual(organizationChoice(me(null, [ACME, BETA]), null), { store: 'acme', reload: true });
  assert.deepEqual(organizationChoice(me(null, [ACME, BETA]), 'gone'), { store: 'acme', reload: true });
  // remembered already, but the server did not take it: one reload...
  assert.deepEqual(organizationChoice(me(null, [ACME, BETA]), 'acme'), { store: null, reload: true });
  // ...and not a second one
  assert.deepEqual(organizationChoice(me(null, [ACME, BETA]), 'acme', 'acme'), { store: null, reload: false });
  // an answer whose tenant is not among the organisations counts as none chosen
  assert.deepEqual(organizationChoice({ ...me(null, [BETA]), tenant: 'acme' }, 'acme'), {
    store: 'beta',
    reload: true,
  });
});

test('a user of no organisation keeps whatever is remembered', () => {
  assert.deepEqual(organizationChoice(me(null, []), 'acme'), { store: null, reload: false });
  assert.deepEqual(organizationChoice({ tenant: null, email: 'x' }, null), { store: null, reload: false });
});

test('the invitation token is the link fragment without "#"', () => {
  assert.equal(invitationToken('#abc-DEF_123'), 'abc-DEF_123');
  assert.equal(invitationToken('abc'), 'abc');
  assert.equal(invitationToken('#'), '');
  assert.equal(invitationToken(''), '');
  assert.equal(invitationToken(undefined), '');
});

test('the invitation pages say who joins what as what', () => {
  const lookup = { tenant: 'acme', organization: 'Acme Inc', role: 'editor', email: 'bob@example.com' };
  assert.equal(invitationSummary(lookup), 'You are invited to Acme Inc as editor (bob@example.com)');
  assert.equal(
    joinedText({ tenant: 'acme', organization: 'Acme Inc', role: 'editor' }),
    'You joined Acme Inc as editor',
  );
});
