-- A tenant's saved Grafana dashboards (/api/dashboards). The uid is Grafana's: chosen by whoever made the dashboard, so
-- unique only within a tenant, and two tenants may each keep one with the same uid. model is the dashboard JSON as the
-- tenant-service stored it (compact; its "uid" and "version" always equal the columns, Grafana's numeric "id" removed);
-- title repeats the model's so that the list sorts in SQL (it reads only the model's "tags" out of the JSON). version
-- starts at 1 and grows by one on every change; a change that names an older version is refused (optimistic
-- concurrency, as in Grafana). A tenant's dashboards go with its row.
create table dashboards (
    tenant_id  varchar(40)  not null references tenants (id) on delete cascade,
    uid        varchar(40)  not null check (uid ~ '^[A-Za-z0-9_-]{1,40}$'),
    title      varchar(200) not null,
    version    int          not null check (version >= 1),
    model      text         not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null,
    primary key (tenant_id, uid)
);
