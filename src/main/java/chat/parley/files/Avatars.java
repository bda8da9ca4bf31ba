package chat.parley.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The generated avatar: initials on a colour picked from the name, as an SVG like Rocket.Chat's
 * {@code renderSVGLetters}. Same name, same colour, same bytes, same ETag.
 */
public final class Avatars {
  /** Rocket.Chat's avatar palette. */
  private static final String[] COLORS = {"#F44336", "#E91E63", "#9C27B0", "#673AB7", "#3F51B5",
      "#2196F3", "#03A9F4", "#00BCD4", "#009688", "#4CAF50", "#8BC34A", "#CDDC39", "#FFC107",
      "#FF9800", "#FF5722", "#795548", "#9E9E9E", "#607D8B"};

  private Avatars() {}

  /** One or two letters: the first letters of the first two words, else of the name. */
  public static String initials(String name) {
    if (name == null) {
      return "?";
    }
    String[] words = name.strip().split("[\\s._-]+");
    StringBuilder out = new StringBuilder();
    for (String w : words) {
      String letters = w.replaceAll("[^\\p{L}\\p{N}]", "");
      if (!letters.isEmpty()) {
        out.appendCodePoint(letters.codePointAt(0));
      }
      if (out.codePointCount(0, out.length()) == 2) {
        break;
      }
    }
    return out.isEmpty() ? "?" : out.toString().toUpperCase(Locale.ROOT);
  }

  /** A palette colour from a hash of the seed (a username or room id): stable across restarts. */
  public static String color(String seed) {
    int h = 0x811c9dc5;
    for (byte b : seed.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    return COLORS[Math.floorMod(h, COLORS.length)];
  }

  /** The SVG; {@code viewSize} is its coordinate box (the browser scales it). */
  public static String svg(String text, String seed, int viewSize) {
    String initials = escape(initials(text));
    int fontSize = (int) (viewSize / (initials.codePointCount(0, initials.length()) > 1 ? 2.2 : 1.6));
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + viewSize + " " + viewSize
        + "\">\n<rect width=\"100%\" height=\"100%\" fill=\"" + color(seed) + "\"/>\n"
        + "<text x=\"50%\" y=\"50%\" dy=\"0.36em\" text-anchor=\"middle\" pointer-events=\"none\""
        + " fill=\"#ffffff\" font-family=\"'Helvetica', 'Arial', 'Lucida Grande', 'sans-serif'\""
        + " style=\"font-size: " + fontSize + "px\">\n" + initials + "\n</text>\n</svg>";
  }

  /** A strong ETag for some bytes. */
  public static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
