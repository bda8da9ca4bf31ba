-- Parley's first schema (PostgreSQL). Same tables as the SQLite one; times are epoch ms.
CREATE TABLE users (
  id                      TEXT PRIMARY KEY,
  username                TEXT NOT NULL,
  username_lower          TEXT NOT NULL UNIQUE,
  name                    TEXT,
  email                   TEXT,
  email_lower             TEXT UNIQUE,
  email_verified          BOOLEAN NOT NULL DEFAULT FALSE,
  password_bcrypt         TEXT,
  roles                   TEXT NOT NULL DEFAULT 'user',
  type                    TEXT NOT NULL DEFAULT 'user',
  active                  BOOLEAN NOT NULL DEFAULT TRUE,
  status                  TEXT NOT NULL DEFAULT 'offline',
  require_password_change BOOLEAN NOT NULL DEFAULT FALSE,
  created_at              BIGINT NOT NULL,
  updated_at              BIGINT NOT NULL,
  last_login              BIGINT
);

CREATE TABLE login_tokens (
  hashed_token TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL DEFAULT 'login',
  name         TEXT,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT
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
  is_default      BOOLEAN NOT NULL DEFAULT FALSE,
  read_only       BOOLEAN NOT NULL DEFAULT FALSE,
  archived        BOOLEAN NOT NULL DEFAULT FALSE,
  msgs            BIGINT NOT NULL DEFAULT 0,
  users_count     INTEGER NOT NULL DEFAULT 0,
  last_message_at BIGINT,
  usernames       TEXT,
  uids            TEXT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
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
  open           BOOLEAN NOT NULL DEFAULT TRUE,
  alert          BOOLEAN NOT NULL DEFAULT FALSE,
  unread         INTEGER NOT NULL DEFAULT 0,
  user_mentions  INTEGER NOT NULL DEFAULT 0,
  group_mentions INTEGER NOT NULL DEFAULT 0,
  favorite       BOOLEAN NOT NULL DEFAULT FALSE,
  roles          TEXT,
  last_seen      BIGINT,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  UNIQUE (room_id, user_id)
);
CREATE INDEX subscriptions_by_user ON subscriptions(user_id, updated_at);

-- seq orders messages that share a millisecond; id is Rocket.Chat's _id.
CREATE TABLE messages (
  seq        BIGSERIAL PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  room_id    TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  ts         BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
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
  updated_at BIGINT NOT NULL
);
