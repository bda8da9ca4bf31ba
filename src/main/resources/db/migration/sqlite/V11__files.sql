-- Issue #9: uploaded files (Rocket.Chat's IUpload) and avatars. The bytes live in the blob store
-- (files under the data directory) at store_key, never under the user's file name.
CREATE TABLE uploads (
  id               TEXT PRIMARY KEY,
  room_id          TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  name             TEXT NOT NULL,
  type             TEXT NOT NULL,
  size             INTEGER NOT NULL,
  store_key        TEXT NOT NULL,
  description      TEXT,
  type_group       TEXT,
  extension        TEXT,
  width            INTEGER,
  height           INTEGER,
  complete         INTEGER NOT NULL DEFAULT 0,
  message_id       TEXT,
  original_file_id TEXT,
  uploaded_at      INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  expires_at       INTEGER
);
CREATE INDEX uploads_by_room ON uploads(room_id, uploaded_at);
CREATE INDEX uploads_by_message ON uploads(message_id);
CREATE INDEX uploads_by_original ON uploads(original_file_id);
CREATE INDEX uploads_pending ON uploads(expires_at) WHERE expires_at IS NOT NULL;

-- One row per user or room with an uploaded avatar; no row means the generated initials.
CREATE TABLE avatars (
  subject     TEXT PRIMARY KEY,
  store_key   TEXT NOT NULL,
  type        TEXT NOT NULL,
  etag        TEXT NOT NULL,
  origin      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- Custom emoji (Rocket.Chat's IEmojiCustom). aliases is ",a,b," so one LIKE finds an alias.
CREATE TABLE custom_emoji (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  aliases     TEXT NOT NULL DEFAULT ',',
  extension   TEXT NOT NULL,
  store_key   TEXT NOT NULL,
  type        TEXT NOT NULL,
  etag        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
-- Deleted emoji, for emoji-custom.list?updatedSince (its "remove" list).
CREATE TABLE custom_emoji_removed (
  id          TEXT PRIMARY KEY,
  removed_at  INTEGER NOT NULL
);
CREATE INDEX custom_emoji_removed_at ON custom_emoji_removed(removed_at);

-- Custom sounds (Rocket.Chat's ICustomSound); store_key is null until the file is uploaded.
CREATE TABLE custom_sounds (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  extension   TEXT NOT NULL,
  store_key   TEXT,
  type        TEXT,
  updated_at  INTEGER NOT NULL
);
