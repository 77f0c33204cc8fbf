-- What a key may do (KeyScope): comma-separated ids, 'ingest' and/or 'read'. Keys made before scopes existed could
-- both write and read, and keep doing so; new keys get what they were created with.
alter table ingest_keys add column scopes varchar(32) not null default 'ingest,read';
alter table ingest_keys alter column scopes drop default;
