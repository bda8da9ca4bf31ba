-- Issue #6: one-time links mailed to users (password reset, email verification), kept only as
-- base64(sha256(token)) like login tokens; and the statistics snapshots statistics.list pages.
CREATE TABLE account_links (
  hashed_token TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  email        TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT
);
CREATE INDEX account_links_by_user ON account_links(user_id, kind);

CREATE TABLE statistics (
  id         TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  body       TEXT NOT NULL
);
CREATE INDEX statistics_by_time ON statistics(created_at);
