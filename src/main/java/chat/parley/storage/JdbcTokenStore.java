package chat.parley.storage;

import chat.parley.auth.TokenStore;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class JdbcTokenStore implements TokenStore {
  @Override
  public void insert(Tx tx, String hashedToken, String userId, String kind, Instant createdAt,
      Instant expiresAt) {
    Sql.update(tx,
        "INSERT INTO login_tokens (hashed_token, user_id, kind, created_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        hashedToken, userId, kind, createdAt, expiresAt);
  }

  @Override
  public Optional<String> findOwner(Tx tx, String hashedToken, String userId, Instant now) {
    return Sql.one(tx,
        "SELECT user_id FROM login_tokens WHERE hashed_token = ? AND user_id = ?"
            + " AND (expires_at IS NULL OR expires_at > ?)",
        rs -> rs.getString(1), hashedToken, userId, now);
  }

  @Override
  public Optional<String> findOwnerOf(Tx tx, String hashedToken, Instant now) {
    return Sql.one(tx,
        "SELECT user_id FROM login_tokens WHERE hashed_token = ?"
            + " AND (expires_at IS NULL OR expires_at > ?)",
        rs -> rs.getString(1), hashedToken, now);
  }

  @Override
  public Optional<Instant> expiresAt(Tx tx, String hashedToken) {
    return Sql.one(tx, "SELECT expires_at FROM login_tokens WHERE hashed_token = ?",
        rs -> Sql.instant(rs, "expires_at"), hashedToken);
  }

  @Override
  public void insertPersonal(Tx tx, String hashedToken, String userId, String name,
      String lastTokenPart, boolean bypassTwoFactor, Instant createdAt) {
    Sql.update(tx, "INSERT INTO login_tokens (hashed_token, user_id, kind, name, created_at,"
            + " expires_at, last_token_part, bypass_two_factor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        hashedToken, userId, "personalAccessToken", name, createdAt, null, lastTokenPart, bypassTwoFactor);
  }

  @Override
  public java.util.List<PersonalToken> personalTokens(Tx tx, String userId) {
    return Sql.list(tx, "SELECT name, created_at, last_token_part, bypass_two_factor FROM login_tokens"
            + " WHERE user_id = ? AND kind = 'personalAccessToken' ORDER BY created_at",
        rs -> new PersonalToken(rs.getString(1), Sql.instant(rs, "created_at"), rs.getString(3),
            rs.getBoolean(4)), userId);
  }

  @Override
  public boolean deletePersonal(Tx tx, String userId, String name) {
    return Sql.update(tx, "DELETE FROM login_tokens WHERE user_id = ? AND kind = 'personalAccessToken'"
        + " AND name = ?", userId, name) > 0;
  }

  @Override
  public boolean delete(Tx tx, String hashedToken) {
    return Sql.update(tx, "DELETE FROM login_tokens WHERE hashed_token = ?", hashedToken) > 0;
  }

  @Override
  public void trimLoginTokens(Tx tx, String userId, int keep) {
    Sql.update(tx,
        "DELETE FROM login_tokens WHERE user_id = ? AND kind = 'login' AND hashed_token NOT IN"
            + " (SELECT hashed_token FROM login_tokens WHERE user_id = ? AND kind = 'login'"
            + " ORDER BY created_at DESC LIMIT ?)",
        userId, userId, keep);
  }

  @Override
  public int deleteExpired(Tx tx, Instant now) {
    return Sql.update(tx,
        "DELETE FROM login_tokens WHERE expires_at IS NOT NULL AND expires_at <= ?", now);
  }

  @Override
  public void deleteAllOf(Tx tx, String userId) {
    Sql.update(tx, "DELETE FROM login_tokens WHERE user_id = ?", userId);
  }

  @Override
  public List<String> loginTokensOf(Tx tx, String userId) {
    return Sql.list(tx, "SELECT hashed_token FROM login_tokens WHERE user_id = ? AND kind = 'login'",
        rs -> rs.getString(1), userId);
  }
}
