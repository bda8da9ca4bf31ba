-- Issue #6: two-factor authentication by e-mailed code, as Rocket.Chat keeps it in
-- services.email2fa (on or off) and services.emailCode (one pending code: its bcrypt hash,
-- when it expires, and how many wrong codes were given against it).
CREATE TABLE user_email2fa (
  user_id       TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  enabled       INTEGER NOT NULL DEFAULT 0,
  changed_at    INTEGER NOT NULL,
  code_hash     TEXT,
  code_expires  INTEGER,
  code_attempts INTEGER NOT NULL DEFAULT 0
);
