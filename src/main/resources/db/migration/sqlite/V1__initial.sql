-- Parley's first schema (SQLite). Times are epoch milliseconds; JSON parts are TEXT.
CREATE TABLE users (
  id                      TEXT PRIMARY KEY,
  username                TEXT NOT NULL,
  username_lower          TEXT NOT NULL UNIQUE,
  name                    TEXT,
  email                   TEXT,
  email_lower             TEXT UNIQUE,
  email_verified          INTEGER NOT NULL DEFAULT 0,
  password_bcrypt         TEXT,
  roles                   TEXT NOT NULL DEFAULT 'user',
  type                    TEXT NOT NULL DEFAULT 'user',
  active                  INTEGER NOT NULL DEFAULT 1,
  status                  TEXT NOT NULL DEFAULT 'offline',
  require_password_change INTEGER NOT NULL DEFAULT 0,
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL,
  last_login              INTEGER
);

CREATE TABLE login_tokens (
  hashed_token TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL DEFAULT 'login',
  name         TEXT,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER
);
CREATE INDEX login_tokens_by_user ON login_tokens(user_id, created_at);

CREATE TABLE rooms (
  id              TEXT PRIMARY KEY,
  t               TEXT NOT NULL,
  name            TEXT,
  fname           TEXT,
  creator_id      TEXT,
  creator_name    TEXT,
  topic           TEXT,
  description     TEXT,
  announcement    TEXT,
  is_default      INTEGER NOT NULL DEFAULT 0,
  read_only       INTEGER NOT NULL DEFAULT 0,
  archived        INTEGER NOT NULL DEFAULT 0,
  msgs            INTEGER NOT NULL DEFAULT 0,
  users_count     INTEGER NOT NULL DEFAULT 0,
  last_message_at INTEGER,
  usernames       TEXT,
  uids            TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX rooms_by_name ON rooms(name) WHERE t IN ('c', 'p');
CREATE INDEX rooms_by_updated ON rooms(updated_at);

CREATE TABLE subscriptions (
  id             TEXT PRIMARY KEY,
  room_id        TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  username       TEXT NOT NULL,
  user_name      TEXT,
  t              TEXT NOT NULL,
  name           TEXT NOT NULL,
  fname          TEXT,
  open           INTEGER NOT NULL DEFAULT 1,
  alert          INTEGER NOT NULL DEFAULT 0,
  unread         INTEGER NOT NULL DEFAULT 0,
  user_mentions  INTEGER NOT NULL DEFAULT 0,
  group_mentions INTEGER NOT NULL DEFAULT 0,
  favorite       INTEGER NOT NULL DEFAULT 0,
  roles          TEXT,
  last_seen      INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  UNIQUE (room_id, user_id)
);
CREATE INDEX subscriptions_by_user ON subscriptions(user_id, updated_at);

-- seq orders messages that share a millisecond; id is Rocket.Chat's _id.
CREATE TABLE messages (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  room_id    TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  ts         INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  user_id    TEXT NOT NULL,
  username   TEXT NOT NULL,
  user_name  TEXT,
  msg        TEXT NOT NULL,
  t          TEXT,
  tmid       TEXT,
  extra      TEXT
);
CREATE INDEX messages_by_room_ts ON messages(room_id, ts, seq);
CREATE INDEX messages_by_room_updated ON messages(room_id, updated_at);

CREATE TABLE settings (
  id         TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
