-- Issue #6: two-factor authentication by TOTP, as Rocket.Chat keeps it in services.totp:
-- the active secret, a pending one between 2fa:enable and 2fa:validateTempToken, and the
-- SHA-256 hex digests of the unused backup codes (space-separated).
CREATE TABLE user_totp (
  user_id       TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret        TEXT,
  temp_secret   TEXT,
  enabled       BOOLEAN NOT NULL DEFAULT FALSE,
  hashed_backup TEXT NOT NULL DEFAULT '',
  updated_at    BIGINT NOT NULL
);
-- Rocket.Chat's twoFactorAuthorizedUntil/Hash on a login token: after a good code, the same
-- token from the same client is not asked again for Accounts_TwoFactorAuthentication_RememberFor.
ALTER TABLE login_tokens ADD COLUMN two_factor_until BIGINT;
ALTER TABLE login_tokens ADD COLUMN two_factor_hash TEXT;
