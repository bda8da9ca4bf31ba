package chat.parley.common;

import java.security.SecureRandom;

/** Rocket.Chat-style identifiers, made the way Meteor's {@code Random} makes them. */
public final class Ids {
  private static final String ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String SECRET_ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A 17-character id, like {@code Random.id()}. */
  public static String newId() {
    return random(ID_ALPHABET, 17);
  }

  /** A 43-character secret, like {@code Random.secret()}: login tokens are made of these. */
  public static String newSecret() {
    return random(SECRET_ALPHABET, 43);
  }

  private static String random(String alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
    }
    return new String(out);
  }
}
