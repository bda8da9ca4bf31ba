package chat.parley.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 30-second steps, 6 digits,
 * base32 secrets, as Rocket.Chat's {@code speakeasy} makes them; and Rocket.Chat's 12 one-time
 * backup codes of 8 characters, kept as SHA-256 hex digests.
 */
public final class Totp {
  public static final int STEP_SECONDS = 30;
  public static final int DIGITS = 6;
  /** Rocket.Chat's {@code TOTP.generateCodes}: 12 codes. */
  public static final int BACKUP_CODES = 12;
  /** Meteor's {@code Random.id} alphabet, from which backup codes are drawn. */
  private static final String UNMISTAKABLE = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Totp() {}

  /** A fresh secret of 32 random bytes, base32 (52 characters, as long as Rocket.Chat's). */
  public static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return base32(key);
  }

  /** The {@code otpauth://} URL authenticator apps scan, labelled {@code issuer:username}. */
  public static String otpauthUrl(String base32Secret, String issuer, String username) {
    String label = URLEncoder.encode(issuer + ":" + username, StandardCharsets.UTF_8).replace("+", "%20");
    return "otpauth://totp/" + label + "?secret=" + base32Secret;
  }

  /** The code for {@code counter} (RFC 4226 HOTP with the given key, {@code digits} long). */
  public static String hotp(byte[] key, long counter, int digits, String hmacAlgorithm) {
    try {
      Mac mac = Mac.getInstance(hmacAlgorithm);
      mac.init(new SecretKeySpec(key, "RAW"));
      byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(counter).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
          | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
      int modulo = 1;
      for (int i = 0; i < digits; i++) {
        modulo *= 10;
      }
      String code = Integer.toString(binary % modulo);
      return "0".repeat(digits - code.length()) + code;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(hmacAlgorithm + " unavailable", e);
    }
  }

  /** The 6-digit code of a base32 secret at {@code epochSeconds}. */
  public static String codeAt(String base32Secret, long epochSeconds) {
    return hotp(unbase32(base32Secret), Math.floorDiv(epochSeconds, STEP_SECONDS), DIGITS, "HmacSHA1");
  }

  /**
   * Whether {@code code} is the secret's code at {@code epochSeconds}, or within {@code maxDelta}
   * steps before or after it (speakeasy's {@code verifyDelta} window; 0 means this step only).
   */
  public static boolean verify(String base32Secret, String code, long epochSeconds, int maxDelta) {
    if (base32Secret == null || code == null || !code.matches("\\d{" + DIGITS + "}")) {
      return false;
    }
    byte[] key = unbase32(base32Secret);
    long counter = Math.floorDiv(epochSeconds, STEP_SECONDS);
    int window = Math.max(0, maxDelta);
    boolean match = false;
    for (long c = counter - window; c <= counter + window; c++) {
      // No early exit: every candidate costs the same.
      match |= MessageDigest.isEqual(hotp(key, c, DIGITS, "HmacSHA1").getBytes(StandardCharsets.US_ASCII),
          code.getBytes(StandardCharsets.US_ASCII));
    }
    return match;
  }

  /** New backup codes, shown once; store {@link #hashBackupCode} of each. */
  public static List<String> newBackupCodes() {
    List<String> codes = new ArrayList<>(BACKUP_CODES);
    for (int i = 0; i < BACKUP_CODES; i++) {
      StringBuilder code = new StringBuilder(8);
      for (int j = 0; j < 8; j++) {
        code.append(UNMISTAKABLE.charAt(RANDOM.nextInt(UNMISTAKABLE.length())));
      }
      codes.add(code.toString());
    }
    return codes;
  }

  /** Rocket.Chat's {@code SHA256(code)}: the lower-case hex digest. */
  public static String hashBackupCode(String code) {
    return PasswordHasher.sha256Hex(code);
  }

  static String base32(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  static byte[] unbase32(String text) {
    String s = text.replace("=", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    byte[] out = new byte[s.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = BASE32.indexOf(s.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }
}
