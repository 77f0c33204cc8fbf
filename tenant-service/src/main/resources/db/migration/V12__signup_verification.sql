-- Issue 8: public sign-up verifies the e-mail address before anything is created, so its answer is the same whether or
-- not the address (or the tenant id) is known. A request is stored only as the SHA-256 of the token mailed to the
-- address; single use (completed_at under a row lock), valid until expires_at. Requests are not a tenant's data: they
-- reference no tenant and are removed a day after they expire.
create table signup_requests (
    id             uuid         primary key,
    token_hash     varchar(64)  not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    email          varchar(254) not null,
    organization   varchar(100) not null,
    tenant_id      varchar(40)  not null,
    first_name     varchar(100) not null,
    last_name      varchar(100) not null,
    source_address varchar(64),
    created_at     timestamptz  not null,
    expires_at     timestamptz  not null,
    completed_at   timestamptz
);
create index signup_requests_by_email on signup_requests (email, created_at);
