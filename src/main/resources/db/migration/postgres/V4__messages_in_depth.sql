-- Issue #4: threads, edits, pins, mentions, stars, followers, deletions and full-text search.
ALTER TABLE messages ADD COLUMN tcount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN tlm BIGINT;
ALTER TABLE messages ADD COLUMN tshow BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN edited_by_id TEXT;
ALTER TABLE messages ADD COLUMN edited_by_username TEXT;
ALTER TABLE messages ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX messages_by_thread ON messages(tmid, ts);
CREATE INDEX messages_threads_by_room ON messages(room_id, tlm) WHERE tcount > 0;
CREATE INDEX messages_pinned_by_room ON messages(room_id, ts) WHERE pinned;

CREATE TABLE message_mentions (
  message_id TEXT NOT NULL,
  room_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  ts         BIGINT NOT NULL,
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_mentions_by_user ON message_mentions(user_id, room_id, ts);

CREATE TABLE message_stars (
  message_id TEXT NOT NULL,
  room_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  ts         BIGINT NOT NULL,
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_stars_by_user ON message_stars(user_id, room_id, ts);

CREATE TABLE thread_followers (
  thread_id TEXT NOT NULL,
  room_id   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX thread_followers_by_user ON thread_followers(user_id, room_id);

CREATE TABLE message_deletions (
  message_id TEXT PRIMARY KEY,
  room_id    TEXT NOT NULL,
  tmid       TEXT,
  deleted_at BIGINT NOT NULL
);
CREATE INDEX message_deletions_by_room ON message_deletions(room_id, deleted_at);

-- Full-text search: trigram matching finds Japanese as well as English text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX messages_msg_trgm ON messages USING gin (msg gin_trgm_ops);
