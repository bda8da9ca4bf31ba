-- Issue #4: reported messages for the moderation console, and users a member ignores in a room.
CREATE TABLE message_reports (
  id               TEXT PRIMARY KEY,
  message_id       TEXT NOT NULL,
  room_id          TEXT NOT NULL,
  reported_user_id TEXT NOT NULL,
  message          TEXT NOT NULL,
  description      TEXT NOT NULL,
  reporter_id      TEXT NOT NULL,
  reporter_name    TEXT NOT NULL,
  ts               BIGINT NOT NULL,
  dismissed_at     BIGINT,
  dismissed_by     TEXT,
  dismiss_reason   TEXT
);
CREATE INDEX message_reports_by_user ON message_reports(reported_user_id, ts);
CREATE INDEX message_reports_by_message ON message_reports(message_id);

ALTER TABLE subscriptions ADD COLUMN ignored TEXT;
