package chat.parley.messages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code chat.search} text with Rocket.Chat's filters taken out: {@code from:@user} (or {@code
 * from:me}), {@code is:pinned}, {@code has:star}, {@code before:}/{@code after:}/{@code on:}
 * {@code YYYY-MM-DD}. Any part may be absent (null or false).
 */
public record SearchQuery(String text, String fromUsername, boolean pinnedOnly,
    String starredByUserId, Instant before, Instant after) {

  public static SearchQuery parse(String raw, String callerId, String callerUsername) {
    List<String> words = new ArrayList<>();
    String from = null;
    boolean pinned = false;
    String starredBy = null;
    Instant before = null;
    Instant after = null;
    for (String token : raw.trim().split("\\s+")) {
      String lower = token.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("from:") && token.length() > 5) {
        String who = token.substring(5).replaceFirst("^@", "");
        from = who.equalsIgnoreCase("me") ? callerUsername : who;
      } else if (lower.equals("is:pinned")) {
        pinned = true;
      } else if (lower.equals("has:star")) {
        starredBy = callerId;
      } else if (lower.startsWith("before:") && date(token.substring(7)) != null) {
        before = date(token.substring(7));
      } else if (lower.startsWith("after:") && date(token.substring(6)) != null) {
        after = date(token.substring(6)).plusSeconds(86_400);
      } else if (lower.startsWith("on:") && date(token.substring(3)) != null) {
        after = date(token.substring(3));
        before = after.plusSeconds(86_400);
      } else if (!token.isEmpty()) {
        words.add(token);
      }
    }
    return new SearchQuery(String.join(" ", words), from, pinned, starredBy, before, after);
  }

  private static Instant date(String text) {
    try {
      return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public boolean isEmpty() {
    return text.isBlank() && fromUsername == null && !pinnedOnly && starredByUserId == null
        && before == null && after == null;
  }
}
