-- Issue #5: the status a user chose (online, away, busy, offline = invisible) and its text.
ALTER TABLE users ADD COLUMN status_default TEXT NOT NULL DEFAULT 'online';
ALTER TABLE users ADD COLUMN status_text TEXT;
