package chat.parley.users;

import chat.parley.common.Tx;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time links mailed to users ({@code reset} a password, {@code verify} an address), stored as
 * {@code base64(sha256(token))} only; and the two account changes they make.
 */
public interface AccountLinkStore {
  /** A stored link; {@code expiresAt} null never expires. */
  record Link(String hashedToken, String userId, String kind, String email, Instant createdAt,
      Instant expiresAt) {}

  void insert(Tx tx, Link link);

  Optional<Link> find(Tx tx, String hashedToken);

  /** Removes one link; true when it was there (so a link works once). */
  boolean delete(Tx tx, String hashedToken);

  /** Removes every link of one kind a user has. */
  void deleteOf(Tx tx, String userId, String kind);

  /** Removes links past their expiry; returns how many. */
  int deleteExpired(Tx tx, Instant now);

  /** New password hash; the address the link went to is then verified (Meteor does so too). */
  void setPassword(Tx tx, String userId, String passwordBcrypt, Instant at);

  void markEmailVerified(Tx tx, String userId, Instant at);
}
