-- Issue 8, provisioning (ADR 013): what the reconciler did per tenant and target (grafana, thanos). A row exists from a
-- tenant's first run in a target until the target holds nothing of it any more. No foreign key to tenants, on purpose:
-- when a tenant's row is deleted, this row is how the reconciler still knows what to remove (Grafana organisation,
-- Thanos entries, read key).
-- state: READY (provisioned), FAILED (the last run failed; attempts counts failed runs in a row), PENDING (a row made
-- for read_key_id before its first outcome). detail is shown to the tenant (GET /api/provisioning). updated_at moves
-- only when state or detail change; checked_at on every run. read_key_id (grafana only): the read key the reconciler
-- last pushed into the tenant's Grafana datasource, the only key it will ever revoke.
create table provisioning_status (
    tenant_id   varchar(40)  not null check (tenant_id ~ '^[a-z][a-z0-9-]{1,38}[a-z0-9]$'),
    target      varchar(16)  not null check (target in ('grafana', 'thanos')),
    state       varchar(16)  not null check (state in ('PENDING', 'READY', 'FAILED')),
    detail      varchar(500) not null,
    attempts    int          not null check (attempts >= 0),
    read_key_id uuid,
    updated_at  timestamptz  not null,
    checked_at  timestamptz  not null,
    primary key (tenant_id, target)
);
create index provisioning_status_by_target on provisioning_status (target);
