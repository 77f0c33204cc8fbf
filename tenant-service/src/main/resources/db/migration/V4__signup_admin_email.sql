-- The e-mail of the admin user a sign-up creates, so that a sign-up that died half-way (a PROVISIONING row left
-- behind) can be cleaned up completely: AbandonedSignups removes the row, the Keycloak organization and that user.
alter table tenants add column admin_email varchar(254);
