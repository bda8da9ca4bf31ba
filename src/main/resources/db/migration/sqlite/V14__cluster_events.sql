-- Issue #5's cluster bus runs on PostgreSQL only (LISTEN/NOTIFY); a SQLite Parley is one node.
-- This version exists so both dialects keep the same migration numbers.
SELECT 1;
