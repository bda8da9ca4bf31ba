-- Issue #5. The cluster bus runs on PostgreSQL only (LISTEN/NOTIFY): a SQLite Parley is one
-- node, so there is no cluster_events table here; presence uses the same tables as PostgreSQL.

-- Presence across nodes: every live DDP connection, on which node, in which status; a node
-- stamps presence_nodes while alive, and the connections of a node that stopped are dropped.
CREATE TABLE presence_connections (
  connection_id TEXT PRIMARY KEY,
  node_id       TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  status        TEXT NOT NULL
);
CREATE INDEX presence_connections_user ON presence_connections (user_id);
CREATE INDEX presence_connections_node ON presence_connections (node_id);
CREATE TABLE presence_nodes (
  node_id TEXT PRIMARY KEY,
  seen_at BIGINT NOT NULL
);
