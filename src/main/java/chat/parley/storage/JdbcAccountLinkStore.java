package chat.parley.storage;

import chat.parley.common.Tx;
import chat.parley.users.AccountLinkStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

public final class JdbcAccountLinkStore implements AccountLinkStore {
  private static final String COLUMNS = "hashed_token, user_id, kind, email, created_at, expires_at";

  @Override
  public void insert(Tx tx, Link l) {
    Sql.update(tx, "INSERT INTO account_links (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
        l.hashedToken(), l.userId(), l.kind(), l.email(), l.createdAt(), l.expiresAt());
  }

  @Override
  public Optional<Link> find(Tx tx, String hashedToken) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM account_links WHERE hashed_token = ?",
        JdbcAccountLinkStore::map, hashedToken);
  }

  @Override
  public boolean delete(Tx tx, String hashedToken) {
    return Sql.update(tx, "DELETE FROM account_links WHERE hashed_token = ?", hashedToken) > 0;
  }

  @Override
  public void deleteOf(Tx tx, String userId, String kind) {
    Sql.update(tx, "DELETE FROM account_links WHERE user_id = ? AND kind = ?", userId, kind);
  }

  @Override
  public int deleteExpired(Tx tx, Instant now) {
    return Sql.update(tx, "DELETE FROM account_links WHERE expires_at IS NOT NULL AND expires_at < ?", now);
  }

  @Override
  public void setPassword(Tx tx, String userId, String passwordBcrypt, Instant at) {
    Sql.update(tx, "UPDATE users SET password_bcrypt = ?, email_verified = ?, updated_at = ? WHERE id = ?",
        passwordBcrypt, true, at, userId);
  }

  @Override
  public void markEmailVerified(Tx tx, String userId, Instant at) {
    Sql.update(tx, "UPDATE users SET email_verified = ?, updated_at = ? WHERE id = ?", true, at, userId);
  }

  private static Link map(ResultSet rs) throws SQLException {
    return new Link(rs.getString("hashed_token"), rs.getString("user_id"), rs.getString("kind"),
        rs.getString("email"), Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"));
  }
}
