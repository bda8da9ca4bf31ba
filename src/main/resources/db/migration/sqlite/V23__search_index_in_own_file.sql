-- The message search index moves to its own file (search.db, see SearchIndex.java), filled by
-- its own thread: the single writer no longer spends a third of its CPU on it. It is rebuilt
-- there from the messages on the first start after this migration.
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
DROP TABLE messages_fts;
DROP TABLE search_index_progress;

-- Edits and deletions, for the indexer to apply. AUTOINCREMENT: ids are never reused, so "up to
-- id N" stays meaningful after the writer prunes what the indexer has applied.
CREATE TABLE search_changes (
  id  INTEGER PRIMARY KEY AUTOINCREMENT,
  seq INTEGER NOT NULL
);
CREATE TRIGGER messages_search_update AFTER UPDATE OF msg ON messages
  WHEN old.msg IS NOT new.msg
BEGIN
  INSERT INTO search_changes (seq) VALUES (old.seq);
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
  INSERT INTO search_changes (seq) VALUES (old.seq);
END;

-- How far search_changes was pruned: an index file that has not applied that much (an old copy)
-- is rebuilt rather than trusted.
CREATE TABLE search_state (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  changes_pruned_upto INTEGER NOT NULL
);
INSERT INTO search_state (id, changes_pruned_upto) VALUES (1, 0);
