-- Tenants: one row per Keycloak organization (alias = id). A row is PROVISIONING while sign-up creates the
-- Keycloak objects and ACTIVE once everything exists (see SignupService for the compensation contract).
create table tenants (
    id           varchar(40)  primary key check (id ~ '^[a-z][a-z0-9-]{1,38}[a-z0-9]$'),
    display_name varchar(100) not null,
    created_at   timestamptz  not null,
    status       varchar(16)  not null check (status in ('PROVISIONING', 'ACTIVE'))
);

-- Ingest keys are stored only as the lowercase hex SHA-256 of the raw key (IngestKeys.hash); the raw key is shown once.
create table ingest_keys (
    id         uuid         primary key,
    tenant_id  varchar(40)  not null references tenants (id) on delete cascade,
    key_hash   varchar(64)  not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
    prefix     varchar(12)  not null,
    created_at timestamptz  not null,
    revoked_at timestamptz
);

create index ingest_keys_by_tenant on ingest_keys (tenant_id, created_at);
