-- Issue #4: reports about users (not a message), for moderation.userReports.
CREATE TABLE user_reports (
  id               TEXT PRIMARY KEY,
  reported_user_id TEXT NOT NULL,
  description      TEXT NOT NULL,
  reporter_id      TEXT NOT NULL,
  reporter_name    TEXT NOT NULL,
  ts               INTEGER NOT NULL,
  dismissed_at     INTEGER
);
CREATE INDEX user_reports_by_user ON user_reports(reported_user_id, ts);
