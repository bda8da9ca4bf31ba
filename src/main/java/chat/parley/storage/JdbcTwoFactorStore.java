package chat.parley.storage;

import chat.parley.auth.TwoFactorStore;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

public final class JdbcTwoFactorStore implements TwoFactorStore {
  @Override
  public Optional<TotpState> totp(Tx tx, String userId) {
    return Sql.one(tx, "SELECT secret, temp_secret, enabled, hashed_backup FROM user_totp WHERE user_id = ?",
        rs -> new TotpState(rs.getString(1), rs.getString(2), rs.getBoolean(3), split(rs.getString(4))),
        userId);
  }

  @Override
  public void disableAndSetTempSecret(Tx tx, String userId, String tempSecret, Instant now) {
    if (Sql.update(tx, "UPDATE user_totp SET secret = NULL, temp_secret = ?, enabled = ?, hashed_backup = '',"
        + " updated_at = ? WHERE user_id = ?", tempSecret, false, now, userId) == 0) {
      Sql.update(tx, "INSERT INTO user_totp (user_id, secret, temp_secret, enabled, hashed_backup, updated_at)"
          + " VALUES (?, NULL, ?, ?, '', ?)", userId, tempSecret, false, now);
    }
  }

  @Override
  public void enable(Tx tx, String userId, String secret, List<String> hashedBackup, Instant now) {
    Sql.update(tx, "UPDATE user_totp SET secret = ?, temp_secret = NULL, enabled = ?, hashed_backup = ?,"
        + " updated_at = ? WHERE user_id = ?", secret, true, String.join(" ", hashedBackup), now, userId);
  }

  @Override
  public boolean disable(Tx tx, String userId, Instant now) {
    return Sql.update(tx, "UPDATE user_totp SET secret = NULL, temp_secret = NULL, enabled = ?,"
        + " hashed_backup = '', updated_at = ? WHERE user_id = ? AND enabled = ?", false, now, userId, true) > 0;
  }

  @Override
  public boolean replaceBackupCodes(Tx tx, String userId, List<String> expected, List<String> hashedBackup,
      Instant now) {
    return Sql.update(tx, "UPDATE user_totp SET hashed_backup = ?, updated_at = ? WHERE user_id = ?"
            + " AND enabled = ? AND hashed_backup = ?", String.join(" ", hashedBackup), now, userId, true,
        String.join(" ", expected)) > 0;
  }

  @Override
  public Optional<TokenFacts> token(Tx tx, String hashedToken) {
    return Sql.one(tx, "SELECT user_id, kind, bypass_two_factor, two_factor_until, two_factor_hash"
            + " FROM login_tokens WHERE hashed_token = ?",
        rs -> new TokenFacts(rs.getString(1), "personalAccessToken".equals(rs.getString(2)),
            rs.getBoolean(3), Sql.instant(rs, "two_factor_until"), rs.getString(5)), hashedToken);
  }

  @Override
  public void rememberOnToken(Tx tx, String hashedToken, Instant until, String fingerprint) {
    Sql.update(tx, "UPDATE login_tokens SET two_factor_until = ?, two_factor_hash = ? WHERE hashed_token = ?",
        until, fingerprint, hashedToken);
  }

  @Override
  public boolean reset(Tx tx, String userId) {
    return Sql.update(tx, "DELETE FROM user_totp WHERE user_id = ?", userId) > 0;
  }

  @Override
  public void removeAllTokens(Tx tx, String userId) {
    Sql.update(tx, "DELETE FROM login_tokens WHERE user_id = ?", userId);
  }

  @Override
  public List<String> removeOtherLoginTokens(Tx tx, String userId, String keepHashedToken) {
    List<String> others = Sql.list(tx, "SELECT hashed_token FROM login_tokens WHERE user_id = ?"
        + " AND kind = 'login' AND hashed_token <> ?", rs -> rs.getString(1), userId, keepHashedToken);
    if (!others.isEmpty()) {
      Sql.update(tx, "DELETE FROM login_tokens WHERE user_id = ? AND kind = 'login' AND hashed_token <> ?",
          userId, keepHashedToken);
    }
    return others;
  }

  @Override
  public Optional<EmailState> email(Tx tx, String userId) {
    return Sql.one(tx, "SELECT enabled, code_hash, code_expires, code_attempts FROM user_email2fa"
            + " WHERE user_id = ?",
        rs -> new EmailState(rs.getBoolean(1), rs.getString(2), Sql.instant(rs, "code_expires"),
            rs.getInt(4)), userId);
  }

  @Override
  public void setEmailEnabled(Tx tx, String userId, boolean enabled, Instant now) {
    if (Sql.update(tx, "UPDATE user_email2fa SET enabled = ?, changed_at = ? WHERE user_id = ?",
        enabled, now, userId) == 0) {
      Sql.update(tx, "INSERT INTO user_email2fa (user_id, enabled, changed_at, code_attempts)"
          + " VALUES (?, ?, ?, 0)", userId, enabled, now);
    }
  }

  @Override
  public void saveEmailCode(Tx tx, String userId, String codeHash, Instant expires, Instant now) {
    if (Sql.update(tx, "UPDATE user_email2fa SET code_hash = ?, code_expires = ?, code_attempts = 0"
        + " WHERE user_id = ?", codeHash, expires, userId) == 0) {
      Sql.update(tx, "INSERT INTO user_email2fa (user_id, enabled, changed_at, code_hash, code_expires,"
          + " code_attempts) VALUES (?, ?, ?, ?, ?, 0)", userId, false, now, codeHash, expires);
    }
  }

  @Override
  public boolean spendEmailCode(Tx tx, String userId, String codeHash) {
    return Sql.update(tx, "UPDATE user_email2fa SET code_hash = NULL, code_expires = NULL,"
        + " code_attempts = 0 WHERE user_id = ? AND code_hash = ?", userId, codeHash) > 0;
  }

  @Override
  public void countInvalidEmailCode(Tx tx, String userId) {
    Sql.update(tx, "UPDATE user_email2fa SET code_attempts = code_attempts + 1"
        + " WHERE user_id = ? AND code_hash IS NOT NULL", userId);
  }

  private static List<String> split(String codes) {
    return codes == null || codes.isBlank() ? List.of() : Arrays.asList(codes.trim().split(" "));
  }
}
