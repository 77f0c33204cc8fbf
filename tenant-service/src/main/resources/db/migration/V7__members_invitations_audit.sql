-- Issue 8: invitations by link, the audit log, and key names. Roles themselves live in Keycloak (ADR 012).

-- An invitation is stored only as the SHA-256 of its token (the link is shown once, like a key). Single use:
-- accepted_at is set under a row lock; revoked_at hides it (404); expires_at bounds it (410).
create table invitations (
    id          uuid         primary key,
    tenant_id   varchar(40)  not null references tenants (id) on delete cascade,
    email       varchar(254) not null,
    role        varchar(16)  not null check (role in ('owner', 'admin', 'editor', 'viewer')),
    token_hash  varchar(64)  not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    created_by  varchar(254),
    created_at  timestamptz  not null,
    expires_at  timestamptz  not null,
    accepted_at timestamptz,
    accepted_by varchar(64),
    revoked_at  timestamptz
);
create index invitations_by_tenant on invitations (tenant_id, created_at);

-- Administrative actions of a tenant: who (Keycloak user id and e-mail), what, when, from where. Deleted with the
-- tenant (issue 8: deleting an organisation leaves nothing of it).
create table audit_events (
    id          bigserial     primary key,
    tenant_id   varchar(40)   not null references tenants (id) on delete cascade,
    at          timestamptz   not null,
    actor_id    varchar(64),
    actor_email varchar(254),
    action      varchar(40)   not null,
    target      varchar(200),
    source_ip   varchar(64),
    detail      varchar(1000)
);
create index audit_events_by_tenant on audit_events (tenant_id, id desc);

alter table ingest_keys add column name varchar(60) not null default '';
alter table ingest_keys add column created_by varchar(254);
