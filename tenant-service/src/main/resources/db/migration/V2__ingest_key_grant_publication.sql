-- Gateways learn keys from the compacted ingest-keys topic (ADR 008). These columns record what the topic was told:
-- a key's grant is written before its row commits; a revocation after its row commits. A revoked key whose
-- revocation_published_at is null is written again by KeyGrantOutbox until Kafka acknowledges it.
alter table ingest_keys add column grant_published_at      timestamptz;
alter table ingest_keys add column revocation_published_at timestamptz;
