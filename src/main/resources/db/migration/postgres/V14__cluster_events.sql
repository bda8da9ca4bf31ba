-- The cluster bus (issue #5): events too big for a NOTIFY payload (8000 bytes) wait here for the
-- other nodes to read them by id; rows older than a few minutes are deleted by the sender.
CREATE TABLE cluster_events (
  id         BIGSERIAL PRIMARY KEY,
  payload    TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX cluster_events_created_at ON cluster_events (created_at);
