package chat.parley.messages;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** The standard emoji shortnames ({@code :thumbsup:}) a reaction may use. */
public final class Emoji {
  private static final Set<String> SHORTNAMES = load();

  private Emoji() {}

  public static boolean isKnown(String shortname) {
    return SHORTNAMES.contains(shortname);
  }

  /** {@code thumbsup} and {@code :thumbsup:} both become {@code :thumbsup:}. */
  public static String normalize(String emoji) {
    String trimmed = emoji.trim();
    return trimmed.startsWith(":") && trimmed.endsWith(":") && trimmed.length() > 1
        ? trimmed : ":" + trimmed + ":";
  }

  private static Set<String> load() {
    Set<String> names = new HashSet<>();
    try (InputStream in = Emoji.class.getResourceAsStream("/emoji/shortnames.txt")) {
      if (in == null) {
        throw new IllegalStateException("emoji/shortnames.txt is missing from the jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(names);
  }
}
