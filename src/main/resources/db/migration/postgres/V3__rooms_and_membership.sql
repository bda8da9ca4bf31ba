-- Issue #3: room settings, room-scoped state on subscriptions, and removal records for sync.
ALTER TABLE rooms ADD COLUMN join_code TEXT;
ALTER TABLE rooms ADD COLUMN custom_fields TEXT;
ALTER TABLE rooms ADD COLUMN prid TEXT;
ALTER TABLE rooms ADD COLUMN featured BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE rooms ADD COLUMN react_when_read_only BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE rooms ADD COLUMN discussion_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX rooms_by_type_name ON rooms(t, name);
CREATE INDEX rooms_by_parent ON rooms(prid);

ALTER TABLE subscriptions ADD COLUMN last_read BIGINT;
ALTER TABLE subscriptions ADD COLUMN archived BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE subscriptions ADD COLUMN prid TEXT;
CREATE INDEX subscriptions_by_room ON subscriptions(room_id, user_id);

-- What rooms.get / subscriptions.get report under "remove": a room the user left or that was
-- deleted, per user, with when it happened.
CREATE TABLE removals (
  kind       TEXT NOT NULL,
  object_id  TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  room_id    TEXT NOT NULL,
  removed_at BIGINT NOT NULL
);
CREATE INDEX removals_by_user ON removals(user_id, kind, removed_at);

CREATE TABLE invites (
  id         TEXT PRIMARY KEY,
  room_id    TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL,
  days       INTEGER NOT NULL,
  max_uses   INTEGER NOT NULL,
  uses       INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX invites_by_room ON invites(room_id);
