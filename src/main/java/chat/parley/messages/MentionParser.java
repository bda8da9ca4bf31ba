package chat.parley.messages;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code @username}, {@code @all}, {@code @here} and {@code #channel} in a message, where
 * Rocket.Chat's mention parser finds them: at the start, or after white space or markdown
 * punctuation, never inside an e-mail address or a word.
 */
public final class MentionParser {
  private static final Pattern USER = Pattern.compile("(?:^|[\\s>*_~(\\[])@([0-9a-zA-Z\\-_.]+)");
  private static final Pattern CHANNEL = Pattern.compile("(?:^|[\\s>*_~(\\[])#([0-9a-zA-Z\\-_.]+)");

  private MentionParser() {}

  /** Usernames mentioned, in order of appearance, trailing dots dropped ("see @bob."). */
  public static Set<String> usernames(String text) {
    return find(USER, '@', text);
  }

  public static Set<String> channels(String text) {
    return find(CHANNEL, '#', text);
  }

  private static Set<String> find(Pattern pattern, char marker, String text) {
    Set<String> out = new LinkedHashSet<>();
    // Most messages mention nobody; this runs on the single writer thread for each of them.
    if (text == null || text.indexOf(marker) < 0) {
      return out;
    }
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      String name = m.group(1).replaceAll("\\.+$", "");
      if (!name.isEmpty()) {
        out.add(name);
      }
    }
    return out;
  }
}
