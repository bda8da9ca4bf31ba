package chat.parley.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Meteor's password scheme: bcrypt over the lowercase SHA-256 hex digest of the password, so a
 * client may log in with the plain password or with {@code {digest, algorithm:"sha-256"}}, and
 * hashes imported from Rocket.Chat verify unchanged.
 */
public final class PasswordHasher {
  private final int cost;

  public PasswordHasher(int cost) {
    this.cost = cost;
  }

  public String hashPlain(String password) {
    return hashDigest(sha256Hex(password));
  }

  public String hashDigest(String sha256Hex) {
    return BCrypt.withDefaults().hashToString(cost, sha256Hex.toLowerCase().toCharArray());
  }

  public boolean matchesDigest(String sha256Hex, String bcryptHash) {
    if (bcryptHash == null || sha256Hex == null) {
      return false;
    }
    return BCrypt.verifyer()
        .verify(sha256Hex.toLowerCase().getBytes(StandardCharsets.US_ASCII),
            bcryptHash.getBytes(StandardCharsets.US_ASCII))
        .verified;
  }

  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code base64(sha256(token))}: how Meteor (and Parley) store login tokens. */
  public static String hashToken(String token) {
    return java.util.Base64.getEncoder().encodeToString(sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Never updated, only cloned: every authenticated request hashes its token, and looking the
   * algorithm up ({@code getInstance}) cost four times the hashing itself.
   */
  private static final MessageDigest SHA_256 = newSha256();

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      digest = newSha256();
    }
    return digest.digest(bytes);
  }
}
