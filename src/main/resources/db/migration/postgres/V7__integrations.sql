-- Issue #7: integrations (incoming webhooks first). The token is stored as given: Rocket.Chat
-- shows it in the hook URL, so it must be recoverable; it is compared in constant time.
CREATE TABLE integrations (
  id                     TEXT PRIMARY KEY,
  type                   TEXT NOT NULL,
  name                   TEXT NOT NULL,
  enabled                BOOLEAN NOT NULL,
  user_id                TEXT NOT NULL,
  username               TEXT NOT NULL,
  channels               TEXT NOT NULL,
  token                  TEXT NOT NULL,
  alias                  TEXT,
  avatar                 TEXT,
  emoji                  TEXT,
  override_destination   BOOLEAN NOT NULL,
  created_by_id          TEXT NOT NULL,
  created_by_username    TEXT NOT NULL,
  created_at             BIGINT NOT NULL,
  updated_at             BIGINT NOT NULL
);
