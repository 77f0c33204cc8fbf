-- Issue 8: when a key was last presented to a gateway or the query frontend, to the minute, as they report it on the
-- key-usage topic. Null: not used since it was issued (or since reports began).
alter table ingest_keys add column last_used_at timestamptz;
