-- The search index is now filled once per group commit, not by a per-row trigger: FTS5 flushes
-- its pending data whenever a savepoint opens, and the writer opens one per job, so the trigger
-- cost ~105 µs of writer CPU per message (bench/README.md). The writer indexes every message
-- with seq > last_seq just before it commits (SearchIndexer), in the same transaction.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;

CREATE TABLE search_index_progress (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL
);
-- Every row so far was indexed by the old trigger. seq is AUTOINCREMENT, so never reused.
INSERT INTO search_index_progress (id, last_seq)
  VALUES (1, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0));

-- Edits and deletions keep the index exact, but only for rows already in it: an external-content
-- FTS5 'delete' of a row that was never indexed would corrupt the index. Rows not yet indexed are
-- picked up, with their current text, by the next batch.
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
  WHEN old.seq <= (SELECT last_seq FROM search_index_progress)
BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, msg) VALUES ('delete', old.seq, old.msg);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF msg ON messages
  WHEN old.seq <= (SELECT last_seq FROM search_index_progress)
BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, msg) VALUES ('delete', old.seq, old.msg);
  INSERT INTO messages_fts(rowid, msg) VALUES (new.seq, new.msg);
END;
