package chat.parley.users;

import chat.parley.settings.Settings;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rocket.Chat's {@code UTF8_User_Names_Validation}: a username must match {@code ^<setting>$};
 * a setting that is not a valid pattern falls back to the default, as Rocket.Chat's does.
 */
final class UsernameRule {
  static final String DEFAULT = "[0-9a-zA-Z-_.]+";
  private static final Pattern DEFAULT_PATTERN = Pattern.compile("^" + DEFAULT + "$");
  /** The last setting value and its compiled pattern: settings change rarely. */
  private static volatile Compiled last = new Compiled(DEFAULT, DEFAULT_PATTERN);

  private record Compiled(String source, Pattern pattern) {}

  private UsernameRule() {}

  /** Refuses a username the setting does not allow, with Rocket.Chat's error. */
  static void require(Settings settings, String username) {
    if (!valid(settings, username)) {
      throw new chat.parley.common.ParleyException.Invalid("error-input-is-not-a-valid-field",
          username + " is not a valid username [error-input-is-not-a-valid-field]");
    }
  }

  static boolean valid(Settings settings, String username) {
    String source = settings.string("UTF8_User_Names_Validation");
    Compiled c = last;
    if (!c.source().equals(source)) {
      Pattern p;
      try {
        p = source == null || source.isBlank() ? DEFAULT_PATTERN : Pattern.compile("^(?:" + source + ")$");
      } catch (PatternSyntaxException e) {
        p = DEFAULT_PATTERN;
      }
      c = new Compiled(source, p);
      last = c;
    }
    return username != null && c.pattern().matcher(username).matches();
  }
}
