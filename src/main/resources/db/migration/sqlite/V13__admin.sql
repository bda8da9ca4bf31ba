-- Issue #6 (second part): roles, edited permissions, custom user statuses, user preferences.
ALTER TABLE users ADD COLUMN preferences TEXT;
ALTER TABLE users ADD COLUMN nickname TEXT;
ALTER TABLE users ADD COLUMN bio TEXT;
CREATE INDEX messages_by_user ON messages(user_id);

-- Rocket.Chat's roles collection: the protected defaults are written on start, custom ones here.
CREATE TABLE roles (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  description  TEXT NOT NULL DEFAULT '',
  scope        TEXT NOT NULL DEFAULT 'Users',
  protected    INTEGER NOT NULL DEFAULT 0,
  mandatory2fa INTEGER NOT NULL DEFAULT 0,
  updated_at   INTEGER NOT NULL
);
-- Deleted roles, for roles.sync's "remove" list.
CREATE TABLE roles_removed (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  scope      TEXT NOT NULL,
  removed_at INTEGER NOT NULL
);

-- Only permissions an admin changed are stored; the rest keep Rocket.Chat's defaults.
CREATE TABLE permission_roles (
  id         TEXT PRIMARY KEY,
  roles      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE custom_user_statuses (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  status_type TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
