-- Issue #4: threads, edits, pins, mentions, stars, followers, deletions and full-text search.
ALTER TABLE messages ADD COLUMN tcount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN tlm INTEGER;
ALTER TABLE messages ADD COLUMN tshow INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN edited_by_id TEXT;
ALTER TABLE messages ADD COLUMN edited_by_username TEXT;
ALTER TABLE messages ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_by_thread ON messages(tmid, ts);
CREATE INDEX messages_threads_by_room ON messages(room_id, tlm) WHERE tcount > 0;
CREATE INDEX messages_pinned_by_room ON messages(room_id, ts) WHERE pinned = 1;

-- Who a message mentions (users; @all/@here are flags on the message document).
CREATE TABLE message_mentions (
  message_id TEXT NOT NULL,
  room_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  ts         INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_mentions_by_user ON message_mentions(user_id, room_id, ts);

CREATE TABLE message_stars (
  message_id TEXT NOT NULL,
  room_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  ts         INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_stars_by_user ON message_stars(user_id, room_id, ts);

-- Followers of a thread (Rocket.Chat's "replies"): repliers, the parent's author, followers.
CREATE TABLE thread_followers (
  thread_id TEXT NOT NULL,
  room_id   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX thread_followers_by_user ON thread_followers(user_id, room_id);

-- Tombstones for chat.syncMessages / chat.getDeletedMessages.
CREATE TABLE message_deletions (
  message_id TEXT PRIMARY KEY,
  room_id    TEXT NOT NULL,
  tmid       TEXT,
  deleted_at INTEGER NOT NULL
);
CREATE INDEX message_deletions_by_room ON message_deletions(room_id, deleted_at);

-- Full-text search: trigrams find Japanese as well as English text.
CREATE VIRTUAL TABLE messages_fts USING fts5(msg, content='messages', content_rowid='seq', tokenize='trigram');
INSERT INTO messages_fts(rowid, msg) SELECT seq, msg FROM messages;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, msg) VALUES (new.seq, new.msg);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, msg) VALUES ('delete', old.seq, old.msg);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF msg ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, msg) VALUES ('delete', old.seq, old.msg);
  INSERT INTO messages_fts(rowid, msg) VALUES (new.seq, new.msg);
END;
