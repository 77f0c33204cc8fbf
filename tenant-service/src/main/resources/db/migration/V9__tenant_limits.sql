-- Issue 8: each tenant's plan and limit overrides (ADR 014). A tenant without a row is on the default plan with no
-- overrides. The effective limits (plan, then overrides) are written to the compacted tenant-limits topic that the
-- gateways and the pipeline follow; published_version = version once Kafka acknowledged the current state.
create table tenant_limits (
    tenant_id         varchar(40)   primary key references tenants (id) on delete cascade,
    plan              varchar(32)   not null,
    overrides         varchar(4000) not null,
    version           bigint        not null,
    updated_at        timestamptz   not null,
    updated_by        varchar(254),
    published_version bigint
);
