-- Most messages are not thread replies, yet every insert paid for an index entry keyed by a NULL
-- tmid. Lookups are always "tmid = ?", which implies "tmid IS NOT NULL", so a partial index serves
-- them and a plain message now updates one B-tree less (bench/README.md).
DROP INDEX messages_by_thread;
CREATE INDEX messages_by_thread ON messages(tmid, ts) WHERE tmid IS NOT NULL;
