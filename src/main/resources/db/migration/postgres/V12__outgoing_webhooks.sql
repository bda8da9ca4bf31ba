-- Issue #7: outgoing webhooks. Their settings (event, urls, trigger words, retries...) are one
-- JSON document per integration; incoming webhooks leave it null.
ALTER TABLE integrations ADD COLUMN outgoing TEXT;

-- One row per delivery attempt of an outgoing webhook (Rocket.Chat's IIntegrationHistory),
-- newest first per integration; the service keeps a bounded number per integration.
CREATE TABLE integration_history (
  id              TEXT PRIMARY KEY,
  integration_id  TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  doc             TEXT NOT NULL
);
CREATE INDEX integration_history_by_integration ON integration_history (integration_id, updated_at);
