package chat.parley.auth;

import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Login tokens, kept only as {@code base64(sha256(token))} like Rocket.Chat's {@code
 * services.resume.loginTokens.hashedToken}: a copied database still authenticates, a leaked one
 * gives no usable token.
 */
public interface TokenStore {
  /** {@code expiresAt} null means the token never expires (personal access tokens). */
  void insert(Tx tx, String hashedToken, String userId, String kind, Instant createdAt, Instant expiresAt);

  /** The owner of a token that belongs to {@code userId} and has not expired at {@code now}. */
  Optional<String> findOwner(Tx tx, String hashedToken, String userId, Instant now);

  /** The owner of an unexpired token, whoever it is (for {@code {resume: token}} logins). */
  Optional<String> findOwnerOf(Tx tx, String hashedToken, Instant now);

  /** When a token expires; empty when it does not exist or never expires. */
  Optional<Instant> expiresAt(Tx tx, String hashedToken);

  /** A personal access token as listed to its owner (never the token itself). */
  record PersonalToken(String name, Instant createdAt, String lastTokenPart, boolean bypassTwoFactor) {}

  void insertPersonal(Tx tx, String hashedToken, String userId, String name, String lastTokenPart,
      boolean bypassTwoFactor, Instant createdAt);

  List<PersonalToken> personalTokens(Tx tx, String userId);

  boolean deletePersonal(Tx tx, String userId, String name);

  /** Hashes of a user's login tokens (not personal access tokens). */
  List<String> loginTokensOf(Tx tx, String userId);

  /** Removes every token of a user, personal ones included. */
  void deleteAllOf(Tx tx, String userId);

  /** Removes one token; true when it existed. */
  boolean delete(Tx tx, String hashedToken);

  /** Keeps only the newest {@code keep} login tokens of a user (Rocket.Chat's limit is 50). */
  void trimLoginTokens(Tx tx, String userId, int keep);

  /** Removes expired tokens; returns how many. */
  int deleteExpired(Tx tx, Instant now);
}
