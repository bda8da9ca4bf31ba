-- Issue #7: /mute and /unmute. A muted member may read but not post.
CREATE TABLE room_mutes (
  room_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (room_id, user_id)
);
