-- Issue 8: deleting an organisation. DELETING: everything is taken away at once (members, keys, webhook rules,
-- limits, Grafana and Thanos entries); after pulseboard.tenant.deletion.grace its data is deleted from the store and
-- the row goes, with everything that references it (on delete cascade).
alter table tenants drop constraint tenants_status_check;
alter table tenants add constraint tenants_status_check check (status in ('PROVISIONING', 'ACTIVE', 'DELETING'));
alter table tenants add column deleting_since timestamptz;
-- While DELETING the tenant's tenant-limits record says deleted: the pipeline forgets its series (ADR 014).
alter table tenant_limits add column tenant_deleted boolean not null default false;
