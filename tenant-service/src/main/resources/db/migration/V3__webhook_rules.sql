-- A tenant's webhook rules (docs/ingest.md, "Webhooks"). Gateways learn them from the compacted webhook-rules topic:
-- a rule is written, and acknowledged, before its row commits; a deletion (a tombstone) after its row commits.
-- published_at is when the row's current state was acknowledged; a deleted rule with published_at null is written
-- again by the outbox until Kafka acknowledges it. The secret is kept as given: the gateways need it to compute the
-- provider's HMAC.
create table webhook_rules (
    id           varchar(40)  primary key,
    tenant_id    varchar(40)  not null,
    name         varchar(100) not null,
    scheme       varchar(32)  not null,
    secret       varchar(200) not null,
    mapping      text         not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    deleted_at   timestamptz,
    published_at timestamptz
);
create index webhook_rules_tenant on webhook_rules (tenant_id);
