-- Issue #6: personal access tokens live with login tokens (kind 'personalAccessToken', no expiry);
-- only the last characters of the token are kept in clear, to tell tokens apart.
ALTER TABLE login_tokens ADD COLUMN last_token_part TEXT;
ALTER TABLE login_tokens ADD COLUMN bypass_two_factor BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX login_tokens_pat_name ON login_tokens(user_id, name) WHERE kind = 'personalAccessToken';
