package chat.parley.testing;

import java.nio.ByteBuffer;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tests' own RFC 6238 (TOTP) code maker, written apart from Parley's so a test computes the
 * code an authenticator app would show rather than asking the server under test.
 */
public final class OneTimeCodes {
  private OneTimeCodes() {}

  /** The {@code digits}-long code of {@code key} for time step {@code step} (RFC 4226 section 5.3). */
  public static String code(byte[] key, long step, int digits, String algorithm) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int o = h[h.length - 1] & 0xf;
      long truncated = ByteBuffer.wrap(h, o, 4).getInt() & 0x7fffffffL;
      long code = truncated % (long) Math.pow(10, digits);
      return String.format(Locale.ROOT, "%0" + digits + "d", code);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What an authenticator app shows for a base32 secret at {@code epochSeconds}. */
  public static String totp(String base32Secret, long epochSeconds) {
    return code(base32Decode(base32Secret), epochSeconds / 30, 6, "HmacSHA1");
  }

  /** The code now. */
  public static String now(String base32Secret) {
    return totp(base32Secret, System.currentTimeMillis() / 1000);
  }

  /** RFC 4648 base32, padding and case ignored. */
  public static byte[] base32Decode(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    String s = text.toUpperCase(Locale.ROOT).replace("=", "");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    long bits = 0;
    int count = 0;
    for (char c : s.toCharArray()) {
      int v = alphabet.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not base32: " + c);
      }
      bits = (bits << 5) | v;
      count += 5;
      if (count >= 8) {
        out.write((int) ((bits >> (count - 8)) & 0xff));
        count -= 8;
      }
    }
    return out.toByteArray();
  }
}
