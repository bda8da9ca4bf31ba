-- Issue #5. The cluster bus runs on PostgreSQL only (LISTEN/NOTIFY): a SQLite Parley is one
-- node, so there is no cluster_events table here; presence uses the same tables as PostgreSQL.

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
