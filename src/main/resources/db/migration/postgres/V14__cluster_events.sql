-- The cluster bus (issue #5): events too big for a NOTIFY payload (8000 bytes) wait here for the
-- other nodes to read them by id; rows older than a few minutes are deleted by the sender.
CREATE TABLE cluster_events (
  id         BIGSERIAL PRIMARY KEY,
  payload    TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX cluster_events_created_at ON cluster_events (created_at);

-- Presence across nodes: for each node and user with realtime connections there, the node's
-- view (online if any of its connections is, else away); a node stamps presence_nodes while
-- alive, and the rows of a node that stopped are dropped.
CREATE TABLE presence_connections (
  node_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status  TEXT NOT NULL,
  PRIMARY KEY (node_id, user_id)
);
CREATE INDEX presence_connections_user ON presence_connections (user_id);
CREATE TABLE presence_nodes (
  node_id TEXT PRIMARY KEY,
  seen_at BIGINT NOT NULL
);
